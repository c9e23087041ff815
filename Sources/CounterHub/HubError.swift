import CounterCore
import JapaneseKit

/// Why the hub could not be used. Each message says, in the counter's words, what to do; a
/// server's own text is sanitized before it is shown.
public enum HubError: Error, Equatable, Sendable {
    /// `hub:` is not in config.yaml.
    case notConfigured
    /// `hub.url` cannot be used; the reason says which part.
    case badURL(String)
    /// The password file is missing, unreadable or readable by others.
    case passwordFile(path: String, reason: String)
    /// No connection (server down, network, refused credentials).
    case unreachable(String)
    /// The server refused a statement.
    case server(String)
    /// `madoguchi hub init` has not been run on this hub (or an older version of it).
    case notInitialized
    /// The hub's schema is newer than this version knows.
    case schemaTooNew(found: Int, known: Int)
    /// No case on the hub has this number.
    case noSuchCase(String)
    /// The terminal's journal refused a record written with a hub change (the change is rolled back).
    case journal(String)

    public var message: String {
        switch self {
        case .notConfigured:
            "ハブが設定されていません。config.yaml に hub: の url（と password_file）を書いてください。"
        case .badURL(let reason):
            "config.yaml の hub.url が使えません: \(DisplaySanitizer.sanitize(reason))。postgresql://ユーザー@ホスト:ポート/データベース の形で書いてください。"
        case .passwordFile(let path, let reason):
            "ハブのパスワードファイル \(DisplaySanitizer.sanitize(path)) を使えません: \(reason)。"
        case .unreachable(let reason):
            "ハブに接続できません（\(DisplaySanitizer.sanitize(reason))）。この端末はそのまま使えます。記録は接続が戻ったら送られます（madoguchi hub sync）。"
        case .server(let reason):
            "ハブが処理を断りました: \(DisplaySanitizer.sanitize(reason))。"
        case .notInitialized:
            "ハブの表がまだ作られていません。管理者が madoguchi hub init を実行してください。"
        case .noSuchCase(let number):
            BereavementCaseError.noSuchCase(number: number).message
        case .journal(let message):
            message
        case .schemaTooNew(let found, let known):
            "ハブの版（\(found)）がこの端末のプログラム（\(known)）より新しいです。端末のプログラムを更新してください。"
        }
    }
}
