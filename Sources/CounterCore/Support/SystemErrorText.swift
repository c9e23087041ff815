import Foundation

/// A system call's errno in a few Japanese words, for every message that names a failed file
/// operation (journal, config, spool, reject file). The common causes a clerk can act on are
/// worded; any other shows its number, never the C library's English text.
public enum SystemErrorText {
    public static func reason(_ code: Int32) -> String {
        switch code {
        case EACCES, EPERM: "権限がありません"
        case ENOSPC, EDQUOT: "ディスクの空きがありません"
        case EROFS: "読み取り専用です"
        case ENOENT: "見つかりません"
        case EISDIR: "フォルダです"
        case ENOTDIR: "途中がフォルダではありません"
        case ELOOP: "シンボリックリンクは使えません"
        case EIO: "ディスクの入出力エラー"
        default: "エラー番号 \(code)"
        }
    }
}
