import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Yams

/// `<data-dir>/config.yaml`: what differs between counters and cities.
///
/// Every key is optional; a missing file means all defaults.
public struct AppConfig: Codable, Equatable, Sendable {
    /// This counter's terminal id, used in journal file names. Default: the host name.
    public var terminalID: String
    /// The city's name on screens and printed forms.
    public var cityName: String
    /// Minutes of inactivity before the screen locks.
    public var idleLockMinutes: Double
    /// A printer name for `lp`; nil spools PDFs into `<data-dir>/spool`.
    public var printer: String?
    /// The payment terminal's 端末番号, recorded with each cashless payment.
    public var paymentTerminal: String?
    /// Clerks who may sign in (PINs as salted hashes only).
    public var clerks: [ClerkAccount]

    public static let defaultCityName = "いわき市"

    public init(terminalID: String = AppConfig.defaultTerminalID(), cityName: String = AppConfig.defaultCityName,
                idleLockMinutes: Double = 10, printer: String? = nil, paymentTerminal: String? = nil,
                clerks: [ClerkAccount] = []) {
        self.terminalID = terminalID
        self.cityName = cityName
        self.idleLockMinutes = idleLockMinutes
        self.printer = printer
        self.paymentTerminal = paymentTerminal
        self.clerks = clerks
    }

    enum CodingKeys: String, CodingKey {
        case terminalID = "terminal_id"
        case cityName = "city_name"
        case idleLockMinutes = "idle_lock_minutes"
        case printer
        case paymentTerminal = "payment_terminal"
        case clerks
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        terminalID = try c.decodeIfPresent(String.self, forKey: .terminalID) ?? AppConfig.defaultTerminalID()
        cityName = try c.decodeIfPresent(String.self, forKey: .cityName) ?? AppConfig.defaultCityName
        idleLockMinutes = try c.decodeIfPresent(Double.self, forKey: .idleLockMinutes) ?? 10
        printer = try c.decodeIfPresent(String.self, forKey: .printer)
        paymentTerminal = try c.decodeIfPresent(String.self, forKey: .paymentTerminal)
        clerks = try c.decodeIfPresent([ClerkAccount].self, forKey: .clerks) ?? []
    }

    /// The clerk with `id`, if configured.
    public func clerk(id: String) -> ClerkAccount? { clerks.first { $0.id == id } }

    /// Writes `config.yaml` into `dataDirectory` atomically and 0600 (`PrivateFile`), so a crash
    /// leaves either the old or the new file.
    public func save(dataDirectory: URL) throws {
        try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
        let text = "# madoguchi counter settings. PINs are stored only as salted hashes (madoguchi clerk add).\n"
            + (try YAMLEncoder().encode(self))
        let url = dataDirectory.appendingPathComponent("config.yaml")
        do { try PrivateFile.write(Array(text.utf8), to: url) } catch {
            throw ConfigError.unwritable(path: error.path, reason: error.reason)
        }
    }

    /// The host name, reduced to characters that are safe in a file name.
    public static func defaultTerminalID() -> String {
        let host = ProcessInfo.processInfo.hostName
        let safe = host.unicodeScalars.map { scalar -> Character in
            let c = Character(scalar)
            return (c.isASCII && (c.isLetter || c.isNumber || c == "-" || c == "_")) ? c : "-"
        }
        let id = String(safe).split(separator: ".").first.map(String.init) ?? ""
        return id.isEmpty ? "terminal" : id
    }

    /// Reads `config.yaml` in `dataDirectory`; defaults when it does not exist.
    public static func load(dataDirectory: URL) throws -> AppConfig {
        let url = dataDirectory.appendingPathComponent("config.yaml")
        guard FileManager.default.fileExists(atPath: url.path) else { return AppConfig() }
        let text = try String(contentsOf: url, encoding: .utf8)
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return AppConfig() }
        do {
            return try YAMLDecoder().decode(AppConfig.self, from: text)
        } catch {
            throw ConfigError.unreadable(path: url.path, reason: String(describing: error))
        }
    }
}

/// A configuration file that cannot be used.
public enum ConfigError: Error, Equatable {
    case unreadable(path: String, reason: String)
    case unwritable(path: String, reason: String)
}
