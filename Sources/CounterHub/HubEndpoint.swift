import CounterCore
import Foundation
import PostgresNIO

/// Where the hub is and how to sign in to it, from `hub:` in config.yaml: the URL, the
/// password read from its 0600 file, TLS when the URL asks for it (`sslmode`).
public struct HubEndpoint: Sendable {
    public enum Address: Equatable, Sendable {
        case tcp(host: String, port: Int)
        /// A local server's socket file (`?host=/run/postgresql` names its folder).
        case socket(path: String)
    }

    /// What `sslmode` asks for.
    public enum TLSMode: String, Sendable {
        case disable, prefer, require
        case verifyCA = "verify-ca"
        case verifyFull = "verify-full"
    }

    public var address: Address
    public var user: String
    public var database: String
    public var tls: TLSMode
    /// `sslrootcert`: the CA that signed the server's certificate (verify-ca, verify-full).
    public var rootCertificate: String?
    var password: String?

    /// The endpoint of `settings`; relative paths are from `dataDirectory`.
    public init(settings: HubSettings, dataDirectory: URL) throws(HubError) {
        guard let parts = URLComponents(string: settings.url), let scheme = parts.scheme,
              scheme == "postgresql" || scheme == "postgres" else {
            throw .badURL("postgresql:// で始まっていません")
        }
        guard parts.password == nil else { throw .badURL("URL にパスワードが書かれています。password_file に移してください") }
        guard let user = parts.user, !user.isEmpty else { throw .badURL("ユーザー名がありません") }
        self.user = user
        var query: [String: String] = [:]
        for item in parts.queryItems ?? [] { query[item.name] = item.value ?? "" }
        let path = parts.path.hasPrefix("/") ? String(parts.path.dropFirst()) : parts.path
        database = path.isEmpty ? user : path
        let port = parts.port ?? query["port"].flatMap(Int.init) ?? 5432
        if let socketFolder = query["host"], socketFolder.hasPrefix("/") {
            address = .socket(path: "\(socketFolder)/.s.PGSQL.\(port)")
        } else if let host = parts.host, !host.isEmpty {
            address = .tcp(host: host, port: port)
        } else {
            throw .badURL("ホスト名がありません")
        }
        let mode = query["sslmode"] ?? "disable"
        guard let tls = TLSMode(rawValue: mode) else { throw .badURL("sslmode=\(mode) は使えません（disable, require, verify-ca, verify-full）") }
        if case .socket = address, tls != .disable, tls != .prefer { throw .badURL("ソケット接続では TLS を使えません") }
        self.tls = tls
        rootCertificate = query["sslrootcert"].map { AppConfig.resolve($0, dataDirectory: dataDirectory).path }
        if let file = settings.passwordFile, !file.isEmpty {
            password = try Self.readPassword(AppConfig.resolve(file, dataDirectory: dataDirectory))
        }
    }

    /// The first line of `url`, refused when the file may be read or written by anyone but its owner.
    static func readPassword(_ url: URL) throws(HubError) -> String {
        var info = stat()
        guard stat(url.path, &info) == 0 else {
            throw .passwordFile(path: url.path, reason: "ありません。作って chmod 600 にしてください")
        }
        guard info.st_mode & 0o077 == 0 else {
            throw .passwordFile(path: url.path, reason: "ほかの利用者にも読めます。chmod 600 にしてください")
        }
        guard info.st_uid == getuid() else {
            throw .passwordFile(path: url.path, reason: "この端末の利用者のファイルではありません")
        }
        guard let data = FileManager.default.contents(atPath: url.path), let text = String(data: data, encoding: .utf8) else {
            throw .passwordFile(path: url.path, reason: "読めません")
        }
        let first = text.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? ""
        let password = first.hasSuffix("\r") ? String(first.dropLast()) : first
        guard !password.isEmpty else { throw .passwordFile(path: url.path, reason: "1 行目が空です") }
        return password
    }

    /// Where the hub is, for messages (never the password).
    public var description: String {
        switch address {
        case .tcp(let host, let port): "\(user)@\(host):\(port)/\(database)\(tls == .disable ? "" : " (TLS \(tls.rawValue))")"
        case .socket(let path): "\(user)@\(path)/\(database)"
        }
    }

    func configuration() throws(HubError) -> PostgresConnection.Configuration {
        var configuration: PostgresConnection.Configuration
        switch address {
        case .socket(let path):
            configuration = .init(unixSocketPath: path, username: user, password: password, database: database)
        case .tcp(let host, let port):
            let tlsSetting: PostgresConnection.Configuration.TLS
            switch tls {
            case .disable:
                tlsSetting = .disable
            case .prefer, .require, .verifyCA, .verifyFull:
                var tlsConfiguration = TLSConfiguration.makeClientConfiguration()
                switch tls {
                case .prefer, .require: tlsConfiguration.certificateVerification = .none
                case .verifyCA: tlsConfiguration.certificateVerification = .noHostnameVerification
                default: tlsConfiguration.certificateVerification = .fullVerification
                }
                if let rootCertificate { tlsConfiguration.trustRoots = .file(rootCertificate) }
                let context: NIOSSLContext
                do { context = try NIOSSLContext(configuration: tlsConfiguration) } catch {
                    throw .badURL("TLS の設定を作れません（\(String(describing: error))）")
                }
                tlsSetting = tls == .prefer ? .prefer(context) : .require(context)
            }
            configuration = .init(host: host, port: port, username: user, password: password, database: database, tls: tlsSetting)
        }
        configuration.options.connectTimeout = .seconds(3)
        return configuration
    }
}
