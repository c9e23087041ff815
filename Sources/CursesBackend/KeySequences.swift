import TerminalKit

/// What the terminal programs counters use send for their keys, whatever `TERM` says.
///
/// ncurses knows only the sequences of the one terminfo entry `TERM` names; a clerk on PuTTY
/// with `TERM=xterm` sends `ESC [ 1 1 ~` for F1, which that entry does not have. Every
/// sequence here is added to the terminal's own with `define_key`, so each arrives as its key.
/// Shift, Ctrl and Alt with a function key count as the key itself: the counter gives them no
/// meaning of their own, and a clerk who holds Shift (or whose laptop adds it) still gets F5.
public enum KeySequences {
    public struct Entry: Hashable, Sendable {
        /// The bytes, ESC written as `\u{1B}`.
        public let bytes: String
        public let key: Key
        /// Who sends it (for the table's readers and the tests' messages).
        public let source: String
    }

    /// Every sequence, each once.
    public static let all: [Entry] = {
        var entries: [Entry] = []
        func add(_ bytes: String, _ key: Key, _ source: String) {
            let sequence = "\u{1B}" + bytes
            guard !entries.contains(where: { $0.bytes == sequence }) else { return }  // the first reading wins
            entries.append(Entry(bytes: sequence, key: key, source: source))
        }
        let f = Key.function
        // xterm, VTE (GNOME Terminal), Windows Terminal, macOS Terminal, tmux/screen: F1–F4 as
        // SS3 P–S, F5–F12 as CSI n ~ (the VT220 numbers, with their gaps at 16 and 22).
        let vtNumbers = [5: 15, 6: 17, 7: 18, 8: 19, 9: 20, 10: 21, 11: 23, 12: 24]
        for (n, letter) in zip(1...4, ["P", "Q", "R", "S"]) { add("O" + letter, f(n), "xterm") }
        for n in 5...12 { add("[\(vtNumbers[n]!)~", f(n), "xterm") }
        // PuTTY (ESC [n~ and Xterm R6 modes), rxvt, Tera Term: F1–F4 as CSI 11~–14~.
        for n in 1...4 { add("[\(10 + n)~", f(n), "PuTTY, rxvt, Tera Term") }
        // Linux console (and PuTTY's Linux mode): F1–F5 as CSI [ A–E.
        for (n, letter) in zip(1...5, ["A", "B", "C", "D", "E"]) { add("[[" + letter, f(n), "Linux console") }
        // PuTTY VT100+ mode: SS3 P … SS3 [ for F1–F12.
        for (n, letter) in zip(1...12, ["P", "Q", "R", "S", "T", "U", "V", "W", "X", "Y", "Z", "["]) {
            add("O" + letter, f(n), "PuTTY VT100+")
        }
        // PuTTY SCO mode: CSI M … CSI X for F1–F12.
        for (n, letter) in zip(1...12, ["M", "N", "O", "P", "Q", "R", "S", "T", "U", "V", "W", "X"]) {
            add("[" + letter, f(n), "PuTTY SCO")
        }
        // Modifiers, xterm style (Shift 2, Alt 3, Ctrl 5 … up to 8): CSI 1;m P–S, CSI n;m ~, and
        // the older SS3 m P–S.
        for m in 2...8 {
            for (n, letter) in zip(1...4, ["P", "Q", "R", "S"]) {
                add("[1;\(m)" + letter, f(n), "xterm with Shift/Ctrl/Alt")
                add("O\(m)" + letter, f(n), "older xterm, VTE with Shift/Ctrl/Alt")
            }
            for n in 5...12 { add("[\(vtNumbers[n]!);\(m)~", f(n), "xterm with Shift/Ctrl/Alt") }
        }
        // Shift+F3 … Shift+F10 on the Linux console, rxvt and Tera Term: the VT220's F13–F20.
        // (Their Shift+F1 and Shift+F2 send F11 and F12, which stay F11 and F12.)
        for (n, code) in zip(3...10, [25, 26, 28, 29, 31, 32, 33, 34]) { add("[\(code)~", f(n), "Shift on Linux console, rxvt, Tera Term") }
        // rxvt: Ctrl as `^`, Shift+Ctrl+F3… as `^` on the shifted numbers, Shift+F11/F12 as `$`, Ctrl+Shift+F11/F12 as `@`.
        for n in 1...4 { add("[\(10 + n)^", f(n), "rxvt with Ctrl") }
        for n in 5...12 { add("[\(vtNumbers[n]!)^", f(n), "rxvt with Ctrl") }
        for (n, code) in zip(3...10, [25, 26, 28, 29, 31, 32, 33, 34]) { add("[\(code)^", f(n), "rxvt with Shift+Ctrl") }
        add("[23$", f(11), "rxvt with Shift")
        add("[24$", f(12), "rxvt with Shift")
        add("[23@", f(11), "rxvt with Shift+Ctrl")
        add("[24@", f(12), "rxvt with Shift+Ctrl")
        // Esc and a digit sent together (Alt+digit on most terminals, or typed fast): the
        // second way to an F-key; Esc and a digit typed one after the other are joined by
        // the terminal's read.
        for (i, c) in EscapeDigits.characters.enumerated() { add(String(c), f(i + 1), "Esc and a digit") }
        // Cursor and editing keys in each of their forms (application and normal cursor
        // mode, VT220, rxvt, the Linux console), so a TERM that does not match still moves.
        for (letter, key) in [("A", Key.up), ("B", .down), ("C", .right), ("D", .left), ("H", .home), ("F", .end)] {
            add("[" + letter, key, "ANSI cursor keys")
            add("O" + letter, key, "application cursor keys")
        }
        for (code, key) in [(1, Key.home), (2, .insert), (3, .delete), (4, .end), (5, .pageUp), (6, .pageDown), (7, .home), (8, .end)] {
            add("[\(code)~", key, "VT220, rxvt, Linux console")
        }
        add("[Z", .backTab, "Shift+Tab")
        // The numeric keypad in application mode (PuTTY and Tera Term put it there when
        // ncurses turns the keypad on): digits, operators and Enter, so a PIN typed there works.
        for (letter, c) in zip(["p", "q", "r", "s", "t", "u", "v", "w", "x", "y"], "0123456789") {
            add("O" + letter, .character(c), "keypad in application mode")
        }
        for (letter, c) in [("n", Character(".")), ("k", "+"), ("m", "-"), ("j", "*"), ("o", "/"), ("l", ",")] {
            add("O" + letter, .character(c), "keypad in application mode")
        }
        add("OM", .enter, "keypad in application mode")
        return entries
    }()

    /// The key code `define_key` gives the entry at `index` (above every code ncurses uses
    /// for itself or for terminfo's extended keys).
    static let firstCode: Int32 = 0x4000

    /// The entry a key code of `firstCode + index` stands for.
    static func entry(forCode code: Int32) -> Entry? {
        let index = Int(code - firstCode)
        return all.indices.contains(index) ? all[index] : nil
    }
}
