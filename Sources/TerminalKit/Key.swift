/// One key press, decoded from whatever the terminal sent.
public enum Key: Hashable, Sendable {
    /// A printable character (any Unicode, including one an IME committed).
    case character(Character)
    /// Several characters that arrived together: a paste, or a word an IME committed.
    case text(String)
    /// F1–F12.
    case function(Int)
    case up, down, left, right
    case home, end, pageUp, pageDown
    case insert, delete, backspace
    case tab, backTab, enter, escape
    /// Ctrl plus a letter, lower case: `.control("c")` is ^C (a key, never a signal).
    case control(Character)

    /// The name clerks see in the key bar and in help: "F1", "Esc", "Ctrl+L".
    public var displayName: String {
        switch self {
        case .character(" "): return "Space"
        case .character(let c): return String(c)
        case .text(let s): return s
        case .function(let n): return "F\(n)"
        case .up: return "Up"
        case .down: return "Down"
        case .left: return "Left"
        case .right: return "Right"
        case .home: return "Home"
        case .end: return "End"
        case .pageUp: return "PgUp"
        case .pageDown: return "PgDn"
        case .insert: return "Ins"
        case .delete: return "Del"
        case .backspace: return "BS"
        case .tab: return "Tab"
        case .backTab: return "Shift+Tab"
        case .enter: return "Enter"
        case .escape: return "Esc"
        case .control(let c): return "Ctrl+\(String(c).uppercased())"
        }
    }
}

extension Key {
    /// The key a name in `config.yaml` stands for: `F1` … `F12`, `Ctrl+O` (also `C-o`, `^O`).
    public init?(name: String) {
        let text = name.filter { $0 != " " }.uppercased()
        if text.hasPrefix("F"), let n = Int(text.dropFirst()), (1...12).contains(n) {
            self = .function(n)
            return
        }
        for prefix in ["CTRL+", "CTRL-", "C-", "^"] where text.hasPrefix(prefix) {
            let rest = text.dropFirst(prefix.count)
            guard rest.count == 1, let c = rest.first, c.isASCII, c.isLetter else { return nil }
            self = .control(Character(c.lowercased()))
            return
        }
        return nil
    }
}

/// What the terminal reports to the application.
public enum TerminalEvent: Hashable, Sendable {
    case key(Key)
    /// The terminal now has this many columns and rows.
    case resize(width: Int, height: Int)
    /// Nothing arrived within the read timeout: a chance to update the clock.
    case tick
    /// Input is gone (hang-up, closed terminal): the application must end.
    case inputClosed
}
