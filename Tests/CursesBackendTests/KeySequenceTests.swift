import Foundation
import Testing
import TerminalKit
@testable import CursesBackend

/// What each terminal program sends, written out here from its documentation and `infocmp`
/// rather than taken from `KeySequences`, so the table is checked against the programs.
enum TerminalPrograms {
    static let esc = "\u{1B}"
    static func f(_ n: Int) -> Key { .function(n) }

    static let xtermF = ["OP", "OQ", "OR", "OS", "[15~", "[17~", "[18~", "[19~", "[20~", "[21~", "[23~", "[24~"]
    static let puttyF = ["[11~", "[12~", "[13~", "[14~", "[15~", "[17~", "[18~", "[19~", "[20~", "[21~", "[23~", "[24~"]
    static let linuxF = ["[[A", "[[B", "[[C", "[[D", "[[E", "[17~", "[18~", "[19~", "[20~", "[21~", "[23~", "[24~"]
    static let vt100PlusF = ["OP", "OQ", "OR", "OS", "OT", "OU", "OV", "OW", "OX", "OY", "OZ", "O["]
    static let scoF = ["[M", "[N", "[O", "[P", "[Q", "[R", "[S", "[T", "[U", "[V", "[W", "[X"]
    static let rxvtCtrlF = ["[11^", "[12^", "[13^", "[14^", "[15^", "[17^", "[18^", "[19^", "[20^", "[21^", "[23^", "[24^"]
    /// Shift+F3 … Shift+F10 on the Linux console, rxvt and Tera Term.
    static let vt220ShiftF = [3: "[25~", 4: "[26~", 5: "[28~", 6: "[29~", 7: "[31~", 8: "[32~", 9: "[33~", 10: "[34~"]

    /// (program, bytes, key) for every case.
    static var cases: [(String, String, Key)] {
        var all: [(String, String, Key)] = []
        for (name, keys) in [("xterm", xtermF), ("PuTTY", puttyF), ("Linux console", linuxF), ("PuTTY VT100+", vt100PlusF),
                             ("PuTTY SCO", scoF), ("rxvt Ctrl", rxvtCtrlF)] {
            for (i, bytes) in keys.enumerated() { all.append((name, esc + bytes, f(i + 1))) }
        }
        for (n, bytes) in vt220ShiftF { all.append(("Shift (VT220 F13-F20)", esc + bytes, f(n))) }
        // xterm modifiers: Shift+F1, Ctrl+F1, Alt+F4, Shift+F5, Ctrl+F10, Ctrl+Alt+F12; VTE's older form.
        all += [("xterm Shift", esc + "[1;2P", f(1)), ("xterm Ctrl", esc + "[1;5P", f(1)), ("xterm Alt", esc + "[1;3S", f(4)),
                ("xterm Shift", esc + "[15;2~", f(5)), ("xterm Ctrl", esc + "[21;5~", f(10)), ("xterm Ctrl+Alt", esc + "[24;7~", f(12)),
                ("older VTE Shift", esc + "O2P", f(1)), ("rxvt Shift", esc + "[23$", f(11)), ("rxvt Shift", esc + "[24$", f(12))]
        // Esc and a digit together (Alt+digit).
        for (i, c) in ["1", "2", "3", "4", "5", "6", "7", "8", "9", "0", "-", "="].enumerated() {
            all.append(("Esc digit", esc + c, f(i + 1)))
        }
        // Cursor and editing keys in their other forms; the keypad in application mode.
        all += [("ANSI", esc + "[A", .up), ("application", esc + "OB", .down), ("VT220", esc + "[1~", .home),
                ("VT220", esc + "[4~", .end), ("rxvt", esc + "[7~", .home), ("rxvt", esc + "[8~", .end),
                ("xterm", esc + "[H", .home), ("xterm", esc + "OF", .end), ("VT220", esc + "[3~", .delete),
                ("VT220", esc + "[5~", .pageUp), ("VT220", esc + "[6~", .pageDown), ("Shift+Tab", esc + "[Z", .backTab),
                ("keypad", esc + "Op", .character("0")), ("keypad", esc + "Oy", .character("9")),
                ("keypad", esc + "Ot", .character("4")), ("keypad", esc + "OM", .enter), ("keypad", esc + "Om", .character("-"))]
        return all
    }
}

extension TerminalTests {
    /// The terminfo entries the counter is run with; each reads every program's keys.
    static let terms = ["xterm", "xterm-256color", "screen", "tmux", "linux", "vt220", "rxvt", "putty"]

    @Test func everyTerminalProgramsSequenceIsInTheTable() {
        for (program, bytes, key) in TerminalPrograms.cases {
            let entry = KeySequences.all.first { $0.bytes == bytes }
            #expect(entry?.key == key, "\(program) \(bytes.debugDescription)")
        }
        #expect(Set(KeySequences.all.map(\.bytes)).count == KeySequences.all.count)
    }

    @Test(arguments: TerminalTests.terms)
    func everySequenceOfTheTableArrivesAsItsKey(term: String) throws {
        let feed = try KeyFeed(term: term)
        defer { feed.close() }
        for entry in KeySequences.all {
            feed.send(entry.bytes)
            #expect(feed.terminal.nextEvent(timeoutMilliseconds: 2000) == .key(entry.key),
                    "TERM=\(term): \(entry.source) \(entry.bytes.debugDescription)")
        }
        for (program, bytes, key) in TerminalPrograms.cases {
            feed.send(bytes)
            #expect(feed.terminal.nextEvent(timeoutMilliseconds: 2000) == .key(key), "TERM=\(term): \(program) \(bytes.debugDescription)")
        }
    }

    @Test func escapeThenADigitTypedAfterAPauseIsTheFunctionKey() throws {
        let feed = try KeyFeed(term: "xterm")
        defer { feed.close() }
        feed.send("\u{1B}")
        feed.send("0", after: 0.2)
        #expect(feed.terminal.nextEvent(timeoutMilliseconds: 3000) == .key(.function(10)))
        // A full-width digit (the input method left on) counts the same.
        feed.send("\u{1B}")
        feed.send("５", after: 0.2)
        #expect(feed.terminal.nextEvent(timeoutMilliseconds: 3000) == .key(.function(5)))
    }

    @Test func aLoneEscapeIsEscapeAfterTheWaitAndAnyOtherKeyFollowsIt() throws {
        let feed = try KeyFeed(term: "xterm")
        defer { feed.close() }
        feed.send("\u{1B}")
        let started = Date()
        #expect(feed.terminal.nextEvent(timeoutMilliseconds: 3000) == .key(.escape))
        #expect(Date().timeIntervalSince(started) >= Double(EscapeDigits.waitMilliseconds) / 1000 * 0.9)
        feed.send("\u{1B}")
        feed.send("x", after: 0.2)
        #expect(feed.terminal.nextEvent(timeoutMilliseconds: 3000) == .key(.escape))
        #expect(feed.terminal.nextEvent(timeoutMilliseconds: 3000) == .key(.character("x")))
        // Esc Esc 1: back, then F1 (the second Esc waits for its own digit).
        feed.send("\u{1B}")
        feed.send("\u{1B}", after: 0.2)
        feed.send("1", after: 0.4)
        #expect(feed.terminal.nextEvent(timeoutMilliseconds: 3000) == .key(.escape))
        #expect(feed.terminal.nextEvent(timeoutMilliseconds: 3000) == .key(.function(1)))
    }

    @Test func escapeDigitsMapAsTheHelpSays() {
        #expect(EscapeDigits.keys(afterEscape: .character("1")) == [.function(1)])
        #expect(EscapeDigits.keys(afterEscape: .character("0")) == [.function(10)])
        #expect(EscapeDigits.keys(afterEscape: .character("-")) == [.function(11)])
        #expect(EscapeDigits.keys(afterEscape: .character("=")) == [.function(12)])
        #expect(EscapeDigits.keys(afterEscape: .character("＝")) == [.function(12)])
        #expect(EscapeDigits.keys(afterEscape: .character("a")) == [.escape, .character("a")])
        #expect(EscapeDigits.keys(afterEscape: .enter) == [.escape, .enter])
        #expect(EscapeDigits.keys(afterEscape: nil) == [.escape])
        #expect(EscapeDigits.name(of: .function(10)) == "Esc 0")
        #expect(EscapeDigits.name(of: .enter) == nil)
    }
}

/// A headless curses terminal whose keyboard is a pipe the test writes to.
final class KeyFeed {
    let terminal: CursesTerminal
    private let writeEnd: Int32

    init(term: String) throws {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0, let input = fdopen(fds[0], "r") else { throw TerminalOpenError.notATerminal }
        writeEnd = fds[1]
        terminal = try CursesTerminal.openHeadless(width: 80, height: 24, term: term, input: input)
        // Setting the headless size is a resize; take it (and anything else pending) first.
        while terminal.nextEvent(timeoutMilliseconds: 0) != .tick {}
    }

    /// Writes `text`'s bytes now, or `delay` seconds from now (a clerk's pause between keys).
    func send(_ text: String, after delay: TimeInterval = 0) {
        let bytes = Array(text.utf8)
        let fd = writeEnd
        if delay == 0 {
            _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        } else {
            Thread.detachNewThread {
                Thread.sleep(forTimeInterval: delay)
                _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            }
        }
    }

    func close() {
        terminal.close()
        Foundation.close(writeEnd)
    }
}

extension TerminalTests {
    /// With `ambiguous_width: 2`, ncurses measures ① as the grid does (two columns), so the
    /// character after it sits where the grid has it; with 1, ncurses measures as the C library.
    @Test func ncursesMeasuresAmbiguousCharactersAsTheGridDoes() throws {
        let terminal = try CursesTerminal.openHeadless(width: 12, height: 2)
        defer {
            terminal.close()
            AmbiguousWidth.wide = false
        }
        var wide = CellGrid(width: 12, height: 2, ambiguousWide: true)
        wide.put("①b※c", at: Point(x: 0, y: 0))
        terminal.draw(wide)
        #expect(AmbiguousWidth.wide)
        #expect(terminal.character(row: 0, column: 0) == "①")
        #expect(terminal.character(row: 0, column: 2) == "b")
        #expect(terminal.character(row: 0, column: 3) == "※")
        #expect(terminal.character(row: 0, column: 5) == "c")
        var narrow = CellGrid(width: 12, height: 2)
        narrow.put("①b※c", at: Point(x: 0, y: 0))
        terminal.draw(narrow)
        #expect(!AmbiguousWidth.wide)
        #expect(terminal.character(row: 0, column: 1) == "b")
        #expect(terminal.character(row: 0, column: 3) == "c")
        #expect(AmbiguousWidth.width(0x2460) == 1 && AmbiguousWidth.width(0x3042) == 2 && AmbiguousWidth.width(0x41) == 1)
    }
}
