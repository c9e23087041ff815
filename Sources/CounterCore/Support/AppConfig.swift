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
    /// A second place for the journal's witness, besides `<data-dir>/state/witness`: best a
    /// disk or share that whoever can change the data directory cannot (README: what the
    /// journal can prove). Relative paths are from the data directory.
    public var witnessDir: String?
    /// Further journal directories the supervisor's review reads besides this counter's own
    /// (a shared folder each terminal copies its journal into). Relative paths are from the
    /// data directory.
    public var journalDirs: [String]
    /// Where the acquirer's settlement files are put for reconciliation (日計 on the screen).
    public var settlementDir: String?
    /// The counter's opening hours, `HH:MM-HH:MM` in Japan time; activity outside them (or on
    /// a closed day) is a review finding.
    public var openingHours: OpeningHours
    /// 宛名番号 whose every access the review lists (a city's watch list); optional.
    public var watchList: [String]
    /// The counter's hub (PostgreSQL): journal shipping, the supervisor's view of every
    /// terminal, shared bereavement cases. Nil: this terminal works alone (SQLite, local files).
    public var hub: HubSettings?
    /// How the clerk's terminal draws East Asian Ambiguous characters (① ※ ○): 1 or 2
    /// columns. Nil is 1, the default; the sign-in screen shows a check the clerk can answer.
    public var ambiguousWidth: Int?
    /// The terminal program the clerks use (`gnome-terminal`, `windows-terminal`, …): the key
    /// bar and help then show the Esc form of the keys it keeps for itself. Nil: not said.
    public var terminalProgram: String?
    /// Keys moved to other keys, as written (`F10: Ctrl+O`); the screens check the names.
    public var keys: [String: String]?

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
        journalDirs = []
        openingHours = .standard
        watchList = []
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case terminalID = "terminal_id"
        case cityName = "city_name"
        case idleLockMinutes = "idle_lock_minutes"
        case printer
        case paymentTerminal = "payment_terminal"
        case clerks
        case witnessDir = "witness_dir"
        case journalDirs = "journal_dirs"
        case settlementDir = "settlement_dir"
        case openingHours = "opening_hours"
        case watchList = "watch_list"
        case hub
        case ambiguousWidth = "ambiguous_width"
        case terminalProgram = "terminal_program"
        case keys
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        terminalID = try c.decodeIfPresent(String.self, forKey: .terminalID) ?? AppConfig.defaultTerminalID()
        cityName = try c.decodeIfPresent(String.self, forKey: .cityName) ?? AppConfig.defaultCityName
        idleLockMinutes = try c.decodeIfPresent(Double.self, forKey: .idleLockMinutes) ?? 10
        printer = try c.decodeIfPresent(String.self, forKey: .printer)
        paymentTerminal = try c.decodeIfPresent(String.self, forKey: .paymentTerminal)
        clerks = try c.decodeIfPresent([ClerkAccount].self, forKey: .clerks) ?? []
        witnessDir = try c.decodeIfPresent(String.self, forKey: .witnessDir)
        journalDirs = try c.decodeIfPresent([String].self, forKey: .journalDirs) ?? []
        settlementDir = try c.decodeIfPresent(String.self, forKey: .settlementDir)
        openingHours = try c.decodeIfPresent(OpeningHours.self, forKey: .openingHours) ?? .standard
        watchList = try c.decodeIfPresent([String].self, forKey: .watchList) ?? []
        hub = try c.decodeIfPresent(HubSettings.self, forKey: .hub)
        ambiguousWidth = try c.decodeIfPresent(Int.self, forKey: .ambiguousWidth)
        terminalProgram = try c.decodeIfPresent(String.self, forKey: .terminalProgram)
        keys = try c.decodeIfPresent([String: String].self, forKey: .keys)
    }

    /// `path` from config.yaml as a URL: absolute as written, else from the data directory.
    public static func resolve(_ path: String, dataDirectory: URL) -> URL {
        path.hasPrefix("/") ? URL(fileURLWithPath: path) : dataDirectory.appendingPathComponent(path)
    }

    /// The journal directories of `journal_dirs`, resolved.
    public func journalDirectories(dataDirectory: URL) -> [URL] {
        journalDirs.filter { !$0.isEmpty }.map { Self.resolve($0, dataDirectory: dataDirectory) }
    }

    /// The folder of `settlement_dir`, resolved; nil when not configured.
    public func settlementDirectory(dataDirectory: URL) -> URL? {
        settlementDir.flatMap { $0.isEmpty ? nil : Self.resolve($0, dataDirectory: dataDirectory) }
    }

    /// Where the journal `<data-dir>/journal` keeps its witness: `<data-dir>/state/witness`,
    /// then `witness_dir` when configured.
    public func witnessDirectories(dataDirectory: URL) -> [URL] {
        let journal = dataDirectory.appendingPathComponent("journal")
        guard let dir = witnessDir, !dir.isEmpty else { return JournalWitness.directories(journal: journal) }
        return JournalWitness.directories(journal: journal, extra: [Self.resolve(dir, dataDirectory: dataDirectory)])
    }

    /// The clerk with `id`, if configured.
    public func clerk(id: String) -> ClerkAccount? { clerks.first { $0.id == id } }

    /// Writes `config.yaml` into `dataDirectory` atomically and 0600 (`PrivateFile`), so a crash
    /// leaves either the old or the new file.
    public func save(dataDirectory: URL) throws {
        try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
        let url = dataDirectory.appendingPathComponent("config.yaml")
        let existing = try? String(contentsOf: url, encoding: .utf8)
        let text = "# madoguchi counter settings. PINs are stored only as salted hashes (madoguchi clerk add).\n"
            + (try Self.yaml(self, keepingOtherKeysOf: existing))
        do { try PrivateFile.write(Array(text.utf8), to: url) } catch {
            throw ConfigError.unwritable(path: error.path, reason: error.reason)
        }
    }

    /// The YAML text of `config`: Japanese written as is (not `\\u` escapes), whole numbers as
    /// integers (`10`, not `1e+1`), and every key of `existing` that this version does not know
    /// kept in its place, so saving never drops a city's own settings. A known key that is now
    /// empty (a printer removed) is dropped.
    static func yaml(_ config: AppConfig, keepingOtherKeysOf existing: String?) throws -> String {
        guard case let .mapping(fresh)? = try Yams.compose(yaml: try YAMLEncoder().encode(config)) else {
            throw ConfigError.unwritable(path: "config.yaml", reason: "設定を YAML にできません")
        }
        var pending: [(String, Node)] = fresh.map { ($0.key.string ?? "", wholeNumbers($0.value)) }
        var pairs: [(Node, Node)] = []
        if let existing, case let .mapping(old)? = try? Yams.compose(yaml: existing) {
            let known = Set(CodingKeys.allCases.map(\.rawValue))
            for (key, value) in old {
                let name = key.string ?? ""
                if let i = pending.firstIndex(where: { $0.0 == name }) {
                    pairs.append((key, pending.remove(at: i).1))
                } else if !known.contains(name) {
                    pairs.append((key, value))
                }
            }
        }
        pairs += pending.map { (Node($0.0), $0.1) }
        return try Yams.serialize(node: .mapping(Node.Mapping(pairs)), allowUnicode: true)
    }

    /// `node` as the encoder wrote it, made readable: every whole float (`1e+1`) an integer,
    /// every quoted string (quoted only to escape Japanese) left to the emitter to quote when
    /// it must (`"0242"` stays quoted, `会津若松市` is written plain).
    private static func wholeNumbers(_ node: Node) -> Node {
        switch node {
        case let .scalar(scalar):
            if scalar.style == .doubleQuoted || scalar.style == .singleQuoted {
                return .scalar(Node.Scalar(scalar.string, Tag(.str), .any))
            }
            guard scalar.style == .plain, Int(scalar.string) == nil, let value = node.float,
                  value == value.rounded(), abs(value) < 1e15 else { return node }
            return Node(String(Int(value)), Tag(.int))
        case let .mapping(mapping):
            return .mapping(Node.Mapping(mapping.map { ($0.key, wholeNumbers($0.value)) }, mapping.tag, mapping.style))
        case let .sequence(sequence):
            return .sequence(Node.Sequence(sequence.map(wholeNumbers), sequence.tag, sequence.style))
        default:
            return node
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
        let config: AppConfig
        do {
            config = try YAMLDecoder().decode(AppConfig.self, from: text)
        } catch {
            throw ConfigError.unreadable(path: url.path, reason: CounterMessage.reason(for: error))
        }
        if let width = config.ambiguousWidth, width != 1, width != 2 {
            throw ConfigError.unreadable(path: url.path, reason: "ambiguous_width は 1 か 2 にしてください（\(width) とあります）")
        }
        // These values go into file names, records, screens and printouts: never a card number or 個人番号.
        let named: [(String, String?)] = [("terminal_id", config.terminalID), ("city_name", config.cityName), ("printer", config.printer),
                                          ("payment_terminal", config.paymentTerminal), ("witness_dir", config.witnessDir),
                                          ("settlement_dir", config.settlementDir)]
            + config.journalDirs.map { ("journal_dirs", $0) }
            + [("hub.url", config.hub?.url), ("hub.password_file", config.hub?.passwordFile)]
            + config.clerks.flatMap { [("clerks.id", $0.id), ("clerks.name", $0.name)] }
        for (key, value) in named {
            if let value, let kind = SensitiveNumbers.firstKind(in: value) {
                throw ConfigError.unreadable(path: url.path, reason: "\(key) に\(kind.label)のような数字があります。書き直してください")
            }
        }
        return config
    }
}

/// A configuration file that cannot be used.
public enum ConfigError: Error, Equatable {
    case unreadable(path: String, reason: String)
    case unwritable(path: String, reason: String)
}
