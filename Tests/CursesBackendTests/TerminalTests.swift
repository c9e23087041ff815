import Foundation
import Testing
import TerminalKit
@testable import CursesBackend

@Suite(.serialized) struct TerminalTests {
    /// The fallback itself (LANG=C) is exercised in a separate process by the end-to-end
    /// tests: changing this process's locale would race other suites measuring widths.
    @Test func localeSetUpEndsInUTF8WithGlibcWidthsForJapanese() {
        let outcome = TerminalLocale.setUp()
        #expect(outcome != .unavailable)
        #expect(TerminalLocale.isUTF8())
        #expect(TerminalLocale.systemWidth("あ") == 2)
        #expect(TerminalLocale.systemWidth("ｱ") == 1)
        #expect(TerminalLocale.systemWidth("\u{3099}") == 0)
    }

    @Test func withoutTERMOpeningFailsWithAMessageInsteadOfExiting() {
        #expect(throws: TerminalOpenError.termUnset) { try CursesTerminal.open(environment: [:]) }
        #expect(TerminalOpenError.termUnset.message.contains("TERM"))
        #expect(TerminalOpenError.unknownTerminal("vt9999").message.contains("vt9999"))
    }

    @Test func rowsUnchangedSinceTheLastDrawStayAndChangedRowsAreDrawn() throws {
        let terminal = try CursesTerminal.openHeadless(width: 12, height: 3)
        defer { terminal.close() }
        var grid = CellGrid(width: 12, height: 3)
        grid.put("山田 太郎", at: Point(x: 0, y: 0))
        grid.put("ﾀﾞｲｽｹ", at: Point(x: 0, y: 1))
        grid.put("abc", at: Point(x: 0, y: 2))
        terminal.draw(grid)
        var next = grid
        next.put("鈴木", at: Point(x: 0, y: 1), pad: true)
        terminal.draw(next)
        #expect(terminal.text(row: 0) == "山田 太郎   ")
        #expect(terminal.text(row: 1) == "鈴木        ")
        #expect(terminal.text(row: 2) == "abc         ")
        // The same grid again, and after `invalidate`, draws the same screen.
        terminal.draw(next)
        terminal.invalidate()
        terminal.draw(grid)
        #expect(terminal.text(row: 1) == "ﾀﾞｲｽｹ       ")
        #expect(terminal.text(row: 0) == "山田 太郎   ")
    }

    @Test func drawPutsWideCharactersWhereTheGridHasThem() throws {
        let terminal = try CursesTerminal.openHeadless(width: 20, height: 3)
        defer { terminal.close() }
        #expect(terminal.size.width == 20 && terminal.size.height == 3)
        var grid = CellGrid(width: 20, height: 3)
        grid.put("山田 太郎", at: Point(x: 0, y: 0), style: .title)
        grid.put("ﾀﾞｲｽｹ 𠮷野", at: Point(x: 2, y: 1), style: .selected)
        grid.put("いわき市平字田町一丁目", at: Point(x: 0, y: 2), maxWidth: 19)  // clipped before 丁
        terminal.draw(grid)
        #expect(terminal.text(row: 0) == "山田 太郎" + String(repeating: " ", count: 11))
        #expect(terminal.text(row: 1) == "  ﾀﾞｲｽｹ 𠮷野" + String(repeating: " ", count: 8))
        #expect(terminal.text(row: 2) == "いわき市平字田町一  ")

        // Redrawing over a wide character leaves no half of it behind.
        var next = CellGrid(width: 20, height: 3)
        next.put("abc", at: Point(x: 0, y: 0))
        next.put("x", at: Point(x: 1, y: 2))
        terminal.draw(next)
        #expect(terminal.text(row: 0) == "abc" + String(repeating: " ", count: 17))
        #expect(terminal.text(row: 2) == " x" + String(repeating: " ", count: 18))
    }
}
