import Foundation

/// `hub:` in config.yaml: where the counter's PostgreSQL hub is.
///
/// ```yaml
/// hub:
///   url: postgresql://madoguchi@10.0.0.5:5432/madoguchi?sslmode=require
///   password_file: hub.password      # 0600; never the password itself in config.yaml
/// ```
public struct HubSettings: Codable, Equatable, Sendable {
    /// `postgresql://USER@HOST:PORT/DATABASE` (`?sslmode=require|verify-full` for TLS,
    /// `?host=/run/postgresql` for a local socket). A password written into the URL is refused.
    public var url: String
    /// A file holding the password on its first line, readable by the counter's user only
    /// (0600). Relative paths are from the data directory. Nil: no password (socket trust).
    public var passwordFile: String?

    public init(url: String, passwordFile: String? = nil) {
        self.url = url
        self.passwordFile = passwordFile
    }

    enum CodingKeys: String, CodingKey {
        case url
        case passwordFile = "password_file"
    }
}
