import Foundation
import GRDB
import JapaneseKit
import Yams

/// The one place that words an engine error for a person: Japanese, in the domain's words,
/// never a typed number and never a Swift description (`io(operation:…)`, `DecodingError…`).
public enum CounterMessage {
    /// What `error` means, for a clerk or supervisor.
    public static func text(for error: any Error) -> String {
        switch error {
        case let e as CounterAppError: return e.message
        case let e as DataDirectoryError: return e.message
        case let e as RegistryError: return e.message
        case let e as PaymentRefusal: return e.message
        case let e as FormIssuanceError: return e.message
        case let e as BereavementCaseError: return e.message
        case let e as PaymentCatalogError: return e.message
        case let e as SettlementFile.Failure: return e.message
        case let e as SignInRefusal: return e.message
        case let e as ImportError: return e.messages.joined(separator: "\n")
        case let e as CounterPrinter.Failure: return e.message
        case let e as ConfigError:
            switch e {
            case let .unreadable(path, reason):
                return "設定ファイルを読めません: \(DisplaySanitizer.sanitize(path))（\(reason)）。YAML の書式（キー: 値）を確かめてください。"
            case .unwritable(let path, let reason):
                return "設定ファイルを書けません: \(DisplaySanitizer.sanitize(path))（\(reason)）。フォルダの権限と空き容量を確かめてください。"
            }
        case let e as JournalError:
            switch e {
            case .invalidTerminalID: return e.message + "config.yaml の terminal_id を設定してください。"
            case .modeMismatch: return e.message + "研修用と本番用は別のデータディレクトリを使ってください。"
            case .sensitiveNumber: return e.message + "番号を消してから入力し直してください（カードは下4桁まで）。"
            case .reservedField, .invalidFieldName: return e.message + "開発担当に連絡してください。"
            case .missingClerk: return e.message
            case .io: return e.message + "ディスクの空きと権限を確認し、アプリを再起動してください。"
            case .unusableAfterFailure: return e.message + "アプリを再起動してください（起動時に修復します）。"
            case .closed: return e.message + "アプリを再起動してください。"
            }
        case let e as JournalReadError:
            return e.message + "madoguchi journal verify で確認してください。"
        case let e as CocoaError:
            return fileMessage(path: e.filePath ?? e.url?.path, underlying: posixCode(of: e))
        case let e as NSError where e.domain == NSPOSIXErrorDomain:
            return fileMessage(path: nil, underlying: e.code)
        default:
            // Never a Swift description: it can hold values a person must not see.
            return "処理を完了できませんでした。もう一度試し、続くときは管理者に連絡してください。"
        }
    }

    /// Why a library (SQLite, YAML, the file system) failed, in a few Japanese words: never its
    /// Swift description, which can quote the data it choked on.
    public static func reason(for error: any Error) -> String {
        switch error {
        case let e as DatabaseError:
            switch e.resultCode.primaryResultCode {
            case .SQLITE_BUSY, .SQLITE_LOCKED: return "ほかの処理が使用中です"
            case .SQLITE_CORRUPT, .SQLITE_NOTADB: return "ファイルが壊れています"
            case .SQLITE_READONLY, .SQLITE_PERM, .SQLITE_CANTOPEN, .SQLITE_AUTH: return "開けないか、書き込む権限がありません"
            case .SQLITE_FULL: return "空き容量がありません"
            case .SQLITE_IOERR: return "ディスクの読み書きに失敗しました"
            default: return "データベースの誤り（SQLite \(e.resultCode.primaryResultCode.rawValue)）"
            }
        case let e as YamlError:
            switch e {
            case let .scanner(_, _, mark, _), let .parser(_, _, mark, _), let .composer(_, _, mark, _):
                return "YAML の書式の誤り（\(mark.line) 行目 \(mark.column) 文字目）"
            default: return "YAML の書式の誤り"
            }
        case is DecodingError: return "項目の値の形が正しくありません"
        default:
            if let code = posixCode(of: error) { return SystemErrorText.reason(Int32(code)) }
            return "原因不明の誤り"
        }
    }

    /// The errno beneath a Foundation file error, when it carries one.
    public static func posixCode(of error: any Error) -> Int? {
        let ns = error as NSError
        if ns.domain == NSPOSIXErrorDomain { return ns.code }
        return (ns.userInfo[NSUnderlyingErrorKey] as? NSError).flatMap { $0.domain == NSPOSIXErrorDomain ? $0.code : nil }
    }

    /// A file that could not be read or written, with the system's reason in Japanese words.
    static func fileMessage(path: String?, underlying code: Int?) -> String {
        let place = path.map { "（\(DisplaySanitizer.sanitize($0))）" } ?? ""
        let reason = code.map { "：" + SystemErrorText.reason(Int32($0)) } ?? ""
        return "ファイルを読み書きできません\(place)\(reason)。保存先の権限と空き容量を確かめてください。"
    }
}
