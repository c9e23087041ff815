import Foundation
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

    public static let defaultCityName = "いわき市"

    public init(terminalID: String = AppConfig.defaultTerminalID(), cityName: String = AppConfig.defaultCityName,
                idleLockMinutes: Double = 10, printer: String? = nil) {
        self.terminalID = terminalID
        self.cityName = cityName
        self.idleLockMinutes = idleLockMinutes
        self.printer = printer
    }

    enum CodingKeys: String, CodingKey {
        case terminalID = "terminal_id"
        case cityName = "city_name"
        case idleLockMinutes = "idle_lock_minutes"
        case printer
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        terminalID = try c.decodeIfPresent(String.self, forKey: .terminalID) ?? AppConfig.defaultTerminalID()
        cityName = try c.decodeIfPresent(String.self, forKey: .cityName) ?? AppConfig.defaultCityName
        idleLockMinutes = try c.decodeIfPresent(Double.self, forKey: .idleLockMinutes) ?? 10
        printer = try c.decodeIfPresent(String.self, forKey: .printer)
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
}
