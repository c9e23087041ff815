import Testing
@testable import TerminalKit

@Suite struct CellGridTests {
    @Test func japaneseAtAnOddWidthIsClippedBeforeTheWideCharacterAndPadded() {
        var grid = CellGrid(width: 7, height: 1)
        grid.fill(grid.area, style: .muted)
        let written = grid.put("山本花子", at: Point(x: 0, y: 0), style: .title)
        #expect(written == 6)
        #expect(grid.rows == ["山本花 "])
        // The padded seventh column carries the text's style, not the old one.
        #expect(grid.styleMask == ["TTTTTTT"])
        #expect(grid[1, 0].isContinuation)
        #expect(grid[6, 0].character == " ")
    }

    @Test func maxWidthClipsInsideTheRow() {
        var grid = CellGrid(width: 10, height: 1)
        grid.put("ﾀﾞｲｽｹ山田", at: Point(x: 1, y: 0), maxWidth: 6)
        // ﾀﾞ is one Character of two columns; ｲｽｹ three; 山 would end past column 7,
        // so column 6 is padded.
        #expect(grid.rows == [" ﾀﾞｲｽｹ    "])
        #expect(grid[1, 0].character == "ﾀﾞ")
        #expect(grid[1, 0].width == 2)
        #expect(grid[2, 0].isContinuation)
    }

    @Test func paddingFillsTheWholeWidth() {
        var grid = CellGrid(width: 8, height: 1)
        grid.put("xxxxxxxx", at: Point(x: 0, y: 0))
        grid.put("あ", at: Point(x: 1, y: 0), maxWidth: 5, style: .selected, pad: true)
        #expect(grid.rows == ["xあ   xx"])
        #expect(grid.styleMask == [".SSSSS.."])
    }

    @Test func overwritingHalfOfAWideCharacterBlanksTheOtherHalf() {
        var grid = CellGrid(width: 6, height: 1)
        grid.put("あいう", at: Point(x: 0, y: 0))
        grid.put("x", at: Point(x: 1, y: 0))  // right half of あ
        #expect(grid.rows == [" xいう"])
        grid.put("y", at: Point(x: 2, y: 0))  // left half of い
        #expect(grid.rows == [" xy う"])
        #expect(grid.cells.filter(\.isContinuation).count == 1)
    }

    @Test func dataTextIsSanitizedOnTheWayIn() {
        var grid = CellGrid(width: 12, height: 1)
        grid.put("山田\u{1B}[2J\u{202E}", at: Point(x: 0, y: 0))
        #expect(grid.rows == ["山田␛[2J<U+2"])
        #expect(!grid.cells.contains { $0.character?.unicodeScalars.contains(where: DisplaySanitizerProbe.forbidden) ?? false })
    }

    @Test func writesOutsideTheGridAreIgnored() {
        var grid = CellGrid(width: 4, height: 2)
        let below = grid.put("abc", at: Point(x: 0, y: 2))
        let beyond = grid.put("abc", at: Point(x: 4, y: 0))
        let tooWide = grid.put("あいう", at: Point(x: 3, y: 1))
        #expect([below, beyond, tooWide] == [0, 0, 0])
        #expect(grid.rows == ["    ", "    "])
    }

    @Test func layoutSplitsAndCentres() {
        let area = Rect(x: 0, y: 0, width: 80, height: 24)
        let (title, rest) = area.splitTop(1)
        let (bar, main) = rest.splitBottom(1)
        #expect(title == Rect(x: 0, y: 0, width: 80, height: 1))
        #expect(bar == Rect(x: 0, y: 23, width: 80, height: 1))
        #expect(main == Rect(x: 0, y: 1, width: 80, height: 22))
        let (left, right) = main.splitLeft(30)
        #expect(left.width == 30 && right.x == 30 && right.width == 50)
        #expect(main.splitRight(20).right == Rect(x: 60, y: 1, width: 20, height: 22))
        #expect(main.inset(dx: 2, dy: 1) == Rect(x: 2, y: 2, width: 76, height: 20))
        #expect(area.centered(width: 40, height: 10) == Rect(x: 20, y: 7, width: 40, height: 10))
        #expect(area.centered(width: 100, height: 30) == area)
        #expect(area.splitTop(30).rest.isEmpty)
    }
}

import JapaneseKit
enum DisplaySanitizerProbe {
    static func forbidden(_ s: Unicode.Scalar) -> Bool { DisplaySanitizer.isForbidden(s) }
}
