import CNCurses
import TerminalKit

/// Turns what `wget_wch` returns into `Key`s.
///
/// A pure table, so it is tested without a terminal: Enter arrives as 10 (or 13), Backspace
/// as KEY_BACKSPACE, 127 or 8, ^C as 3 (a key, since the terminal is in raw mode).
public enum KeyDecoder {
    /// The key for a character `wget_wch` returned with `OK`, or nil for one that means
    /// nothing (NUL, ^\ … ^_).
    public static func character(_ value: UInt32) -> Key? {
        switch value {
        case 9: return .tab
        case 10, 13: return .enter
        case 8, 127: return .backspace
        case 27: return .escape
        case 1...26: return .control(Character(Unicode.Scalar(UInt8(value - 1) + UInt8(ascii: "a"))))
        case 0, 28...31, 0x80...0x9F: return nil
        default:
            guard let scalar = Unicode.Scalar(value) else { return nil }
            return .character(Character(scalar))
        }
    }

    /// The key for a key code `wget_wch` returned with `KEY_CODE_YES`, or nil for one the
    /// application does not use. `KEY_RESIZE` is not a key: the terminal handles it. Codes
    /// from `KeySequences.firstCode` on are the sequences the terminal added with `define_key`.
    public static func keyCode(_ code: Int32) -> Key? {
        if let entry = KeySequences.entry(forCode: code) { return entry.key }
        if code >= mado_KEY_F(1) && code <= mado_KEY_F(12) { return .function(Int(code - mado_KEY_F(0))) }
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_HOME, KEY_A1: return .home
        case KEY_END, KEY_C1: return .end
        case KEY_PPAGE, KEY_A3: return .pageUp
        case KEY_NPAGE, KEY_C3: return .pageDown
        case KEY_IC: return .insert
        case KEY_DC: return .delete
        case KEY_BACKSPACE: return .backspace
        case KEY_ENTER: return .enter
        case KEY_BTAB: return .backTab
        default: return nil
        }
    }

    /// Whether `value` is an ordinary printable character (one that can join a paste).
    static func isPrintable(_ value: UInt32) -> Bool {
        value >= 0x20 && value != 0x7F && !(0x80...0x9F).contains(value)
    }
}
