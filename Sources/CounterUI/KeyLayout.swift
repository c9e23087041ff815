import TerminalKit

/// The terminal programs counters are reached through, and the function keys each keeps for
/// itself (so they never reach the counter unless the program is set up otherwise).
public enum TerminalProgram: String, CaseIterable, Equatable, Sendable {
    case teraTerm = "tera-term"
    case putty
    case windowsTerminal = "windows-terminal"
    case gnomeTerminal = "gnome-terminal"
    case macosTerminal = "macos-terminal"
    case linuxConsole = "linux-console"

    /// The name clerks know it by.
    public var title: String {
        switch self {
        case .teraTerm: return "Tera Term"
        case .putty: return "PuTTY"
        case .windowsTerminal: return "Windows Terminal"
        case .gnomeTerminal: return "GNOME 端末"
        case .macosTerminal: return "macOS のターミナル"
        case .linuxConsole: return "Linux のコンソール"
        }
    }

    /// The function keys it keeps: GNOME Terminal F1 (its help), F10 (its menu) and F11 (full
    /// screen); Windows Terminal F11 (full screen); macOS F11 (show the desktop).
    public var keptKeys: [Key] {
        switch self {
        case .gnomeTerminal: return [.function(1), .function(10), .function(11)]
        case .windowsTerminal, .macosTerminal: return [.function(11)]
        case .teraTerm, .putty, .linuxConsole: return []
        }
    }

    /// The program this process runs in, when its environment says (a local window; over
    /// SSH these variables do not arrive, and `terminal_program` says it instead).
    public static func detect(environment: [String: String]) -> TerminalProgram? {
        if environment["WT_SESSION"] != nil { return .windowsTerminal }
        if environment["VTE_VERSION"] != nil { return .gnomeTerminal }
        if environment["TERM_PROGRAM"] == "Apple_Terminal" { return .macosTerminal }
        if environment["TERM"] == "linux" { return .linuxConsole }
        return nil
    }
}

/// How this counter's keys are laid out: the keys `config.yaml: keys:` moves to other keys,
/// and the keys the terminal program keeps (shown as their Esc form, Esc 0 for F10). Applied
/// to every screen's key map, so the bar, the help and what a key does stay one table.
public struct KeyLayout: Equatable, Sendable {
    /// Each moved key and the key that does its actions now.
    public private(set) var moves: [Key: Key] = [:]
    public private(set) var program: TerminalProgram?

    /// Keys nothing moves, no program named.
    public init() {}

    /// The Ctrl keys a move may use: not those the text fields edit with (A, D, E, K, U), not
    /// those that are Tab, Enter or Backspace to a terminal (I, J, M, H), and not ^C, ^S, ^Q, ^Z,
    /// which people expect to stop, freeze or suspend.
    public static let freeControlLetters: [Character] = ["b", "f", "g", "l", "n", "o", "p", "r", "t", "v", "w", "x", "y"]

    /// The layout `config.yaml` gives: `keys:` (`F10: Ctrl+O`) and `terminal_program:`, else
    /// the program the environment shows.
    public init(keys: [String: String], program: String?, environment: [String: String] = [:]) throws(KeyLayoutError) {
        if let program, !program.isEmpty {
            guard let known = TerminalProgram(rawValue: program.lowercased()) else { throw .unknownProgram(program) }
            self.program = known
        } else {
            self.program = TerminalProgram.detect(environment: environment)
        }
        for (from, to) in keys.sorted(by: { $0.key < $1.key }) {
            guard let source = Key(name: from), case .function = source else { throw .notMovable(from) }
            guard let target = Key(name: to) else { throw .unknownKey(to) }
            if case .control(let c) = target, !Self.freeControlLetters.contains(c) { throw .reservedKey(to) }
            guard !moves.values.contains(target) else { throw .twice(to) }
            moves[source] = target
        }
        // A function key that receives a move must give its own actions away, or one key
        // would mean two things on a screen that uses both.
        for target in moves.values where moves[target] == nil {
            if case .function = target { throw .taken(target.displayName) }
        }
    }

    /// The key that does what `key` does by default.
    public func key(for key: Key) -> Key { moves[key] ?? key }

    /// `map` with its keys moved and the program's keys named by their Esc form.
    public func apply(_ map: KeyMap<Action>) -> KeyMap<Action> {
        guard !moves.isEmpty || !(program?.keptKeys.isEmpty ?? true) else { return map }
        let kept = program?.keptKeys ?? []
        return KeyMap(map.bindings.map { binding in
            var binding = binding
            binding.key = key(for: binding.key)
            if kept.contains(binding.key), let esc = EscapeDigits.name(of: binding.key) { binding.keyName = esc }
            return binding
        })
    }

    /// What the help adds: how to press an F-key without one, what the program keeps and
    /// which keys this counter moved.
    public var helpNotes: [String] {
        var notes = ["F キーの代わりに Esc と数字（1秒以内）: 1〜9＝F1〜F9、0＝F10、-＝F11、=＝F12"]
        if let program, !program.keptKeys.isEmpty {
            let keys = program.keptKeys
            notes.append("\(program.title)は \(keys.map(\.displayName).joined(separator: "・")) を自分で使うため、"
                         + "\(keys.compactMap(EscapeDigits.name(of:)).joined(separator: "・")) で押します。")
        }
        for (from, to) in moves.sorted(by: { $0.key.displayName < $1.key.displayName }) {
            notes.append("この窓口では \(from.displayName) のキーは \(to.displayName) です（config.yaml の keys:）。")
        }
        return notes
    }
}

/// A `keys:` or `terminal_program:` in config.yaml that cannot be used.
public enum KeyLayoutError: Error, Equatable {
    case unknownProgram(String)
    case notMovable(String)
    case unknownKey(String)
    case reservedKey(String)
    case twice(String)
    case taken(String)

    /// What is wrong and what to write instead.
    public var message: String {
        let keys = "F1〜F12 か Ctrl+英字（" + KeyLayout.freeControlLetters.map { "Ctrl+\($0.uppercased())" }.joined(separator: " ") + "）"
        switch self {
        case .unknownProgram(let name):
            return "config.yaml の terminal_program「\(name)」は知らない端末ソフトです。"
                + TerminalProgram.allCases.map(\.rawValue).joined(separator: "・") + " のどれかを書くか、行を消してください。"
        case .notMovable(let name):
            return "config.yaml の keys: で動かせるのは F1〜F12 です（「\(name)」とあります）。"
        case .unknownKey(let name):
            return "config.yaml の keys: の「\(name)」はキーの名前として読めません。\(keys)で書いてください。"
        case .reservedKey(let name):
            return "config.yaml の keys: の「\(name)」は入力や端末の操作に使うキーです。\(keys)のどれかにしてください。"
        case .twice(let name):
            return "config.yaml の keys: で「\(name)」に二つのキーを割り当てています。一つにしてください。"
        case .taken(let name):
            return "config.yaml の keys: の行き先 \(name) は画面で使っているキーです。\(name) 自身もほかのキーへ動かすか、Ctrl+英字にしてください。"
        }
    }
}
