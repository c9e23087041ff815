import Testing
@testable import TerminalKit

@Suite struct TextFieldTests {
    @Test func cursorMovesByCharacterAndItsColumnIsTheWidthBeforeIt() {
        var field = TextField("やまﾀﾞa", visibleWidth: 20)
        #expect(field.cursor == 4)
        #expect(field.cursorColumn == 7)  // や2 ま2 ﾀﾞ2 a1
        field.update(.left)
        #expect(field.cursorColumn == 6)
        field.update(.left)  // over ﾀﾞ as one step
        #expect(field.cursor == 2)
        #expect(field.cursorColumn == 4)
        field.update(.home)
        #expect(field.cursorColumn == 0)
        field.update(.right)
        #expect(field.cursorColumn == 2)
    }

    @Test func editingInTheMiddle() {
        var field = TextField("山田太郎")
        field.update(.left)
        field.update(.left)
        let changed567 = field.update(.character("　"))
        #expect(changed567)
        #expect(field.text == "山田　太郎")
        let changed495 = field.update(.backspace)
        #expect(changed495)
        let changed863 = field.update(.delete)
        #expect(changed863)
        #expect(field.text == "山田郎")
        do { let o = field.handle(.function(2)); #expect(o == .ignored) }
        do { let o = field.handle(.left); #expect(o == .moved) }
    }

    @Test func scrollsHorizontallyToKeepTheCursorVisible() {
        var field = TextField("", visibleWidth: 7)
        field.update(.text("あいうえお"))
        // 10 columns of text and one for the cursor do not fit in 7: the start scrolls away.
        #expect(field.visibleCursorColumn <= 6)
        #expect(field.visibleText == "うえお")
        #expect(field.scrollOffset == 2)
        field.update(.home)
        #expect(field.scrollOffset == 0)
        #expect(field.visibleText == "あいう")  // お would straddle the edge: left out

        var grid = CellGrid(width: 9, height: 1)
        field.render(into: &grid, area: Rect(x: 1, y: 0, width: 7, height: 1))
        #expect(grid.rows == [" あいう  "])
        #expect(grid.styleMask == [".SSSSSSS."])
        #expect(grid.cursor == Point(x: 1, y: 0))
    }

    @Test func pasteInsertsManyCharactersUpToMaxLength() {
        var field = TextField("", visibleWidth: 10, maxLength: 8)
        let pasted = String(repeating: "鈴木", count: 50) + "\n"
        let changed249 = field.update(.text(pasted))
        #expect(changed249)
        #expect(field.characters.count == 8)
        #expect(field.text == "鈴木鈴木鈴木鈴木")
        do { let o = field.handle(.character("x")); #expect(o == .ignored) }
        field.update(.home)
        field.update(.delete)
        let pastedWithControls = field.update(.text("a\tb\u{1B}c"))  // controls dropped, one slot left
        #expect(pastedWithControls)
        #expect(field.text == "a木鈴木鈴木鈴木")
    }
}
