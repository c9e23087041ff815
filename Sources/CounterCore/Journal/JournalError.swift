#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import JapaneseKit

/// Why the journal refused or failed. Values only: the application words them for clerks.
public enum JournalError: Error, Equatable, Sendable {
    /// The terminal id cannot be used in a file name (ASCII letters, digits, `-`, `_`; 1–64).
    case invalidTerminalID(String)
    /// The journal directory holds files of the other mode (LIVE vs TRAINING).
    case modeMismatch(expected: JournalMode, found: JournalMode, file: String)
    /// A string (in `field`, a path such as `items[2].note`, or `clerk`) holds a card number
    /// or a 個人番号. The digits are deliberately not carried.
    case sensitiveNumber(field: String, kind: SensitiveNumbers.Kind)
    /// A field name is one of the journal's own members (`seq`, `ts`, `type`, `clerk`, `prev`, `h`).
    case reservedField(String)
    /// A field name is not a lower-case identifier (`a-z`, `0-9`, `_`, starting with a letter, ≤ 64).
    case invalidFieldName(String)
    /// The clerk id is empty.
    case missingClerk
    /// A system call failed (`operation` on `path`, with errno `code`).
    case io(operation: String, path: String, code: Int32)
    /// A write or fsync failed earlier in this process; nothing more is appended until the
    /// application is restarted (and the journal reopened, which recovers the file).
    case unusableAfterFailure
    /// The journal was closed.
    case closed
}

extension JournalError {
    /// What is wrong, in Japanese and in the journal's words (never a field's digits). Each
    /// surface adds its own remedy.
    public var message: String {
        switch self {
        case .invalidTerminalID(let id):
            return "端末ID「\(DisplaySanitizer.sanitize(id))」はファイル名に使えません（英数字・-・_、64文字以内）。"
        case .modeMismatch(let expected, let found, let file):
            return "ジャーナルの置き場所に\(found.label)のファイル（\(DisplaySanitizer.sanitize(file))）があるため、\(expected.label)の記録は書けません。"
        case .sensitiveNumber(let field, let kind):
            let what = kind == .cardNumber ? "カード番号" : "個人番号"
            return "\(DisplaySanitizer.sanitize(field)) に\(what)と思われる数字があるため記録できません。"
        case .reservedField(let name), .invalidFieldName(let name):
            return "記録の項目名「\(DisplaySanitizer.sanitize(name))」は使えません（英小文字・数字・_）。"
        case .missingClerk:
            return "記録する職員IDがありません。"
        case .io(let operation, let path, let code):
            return "ジャーナルの\(JournalError.operationName(operation))に失敗しました（\(DisplaySanitizer.sanitize(path))：\(SystemErrorText.reason(code))）。"
        case .unusableAfterFailure:
            return "以前の書き込みに失敗したため、ジャーナルへの記録を止めています。"
        case .closed:
            return "ジャーナルは閉じられています。"
        }
    }

    static func operationName(_ operation: String) -> String {
        switch operation {
        case "open": return "ファイルを開く処理"
        case "write": return "書き込み"
        case "fsync": return "ディスクへの確定"
        case "flock": return "ロック"
        case "read": return "読み込み"
        case "mkdir": return "フォルダ作成"
        case "ftruncate": return "切り詰め"
        case "fstat": return "状態確認"
        default: return "処理"
        }
    }
}

extension JournalReadError {
    /// What is damaged, in Japanese.
    public var message: String {
        switch self {
        case .damaged(let file, let record, let offset, let code):
            return "ジャーナル \(DisplaySanitizer.sanitize(file)) の行\(record)（\(offset) バイト目）が損傷しています（\(code.title)）。"
        }
    }
}

extension JournalMode {
    /// 本番用 or 研修用.
    public var label: String { self == .live ? "本番用（LIVE）" : "研修用（TRAINING）" }
}
