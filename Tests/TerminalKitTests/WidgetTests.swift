import Testing
@testable import TerminalKit

@Suite struct WidgetTests {
    @Test func listViewPagesAndScrolls() {
        var list = ListView(count: 25, pageSize: 10)
        list.update(.pageDown)
        #expect(list.selection == 10)
        #expect(list.visibleRange == 1..<11)
        list.update(.pageDown)
        list.update(.pageDown)
        #expect(list.selection == 24)
        #expect(list.visibleRange == 15..<25)
        list.update(.pageUp)
        #expect(list.selection == 14)
        #expect(list.visibleRange == 14..<24)
        list.update(.home)
        #expect(list.selection == 0 && list.offset == 0)
        list.update(.up)
        #expect(list.selection == 0)
        list.update(.end)
        #expect(list.selection == 24)
        let consumed = list.update(.enter)
        #expect(!consumed)
        list.count = 3
        #expect(list.selection == 2 && list.offset == 0)

        var grid = CellGrid(width: 6, height: 3)
        list.render(into: &grid, area: grid.area) { ["佐藤", "高橋一郎", "ｲﾄｳ"][$0] }
        #expect(grid.rows == ["佐藤  ", "高橋一", "ｲﾄｳ   "])
        #expect(grid.styleMask[2] == "SSSSSS")
    }

    @Test func tableClipsCellsToColumnWidths() {
        let table = Table(columns: [
            Table.Column("氏名", width: .fixed(7)),
            Table.Column("住所", width: .flexible(min: 4)),
            Table.Column("年齢", width: .fixed(4), alignment: .trailing),
        ], rows: [["山本花子太", "いわき市平字田町", "45"], ["ﾀﾞｲｽｹ", "平", "7"]])
        #expect(table.columnWidths(totalWidth: 20) == [7, 7, 4])
        var grid = CellGrid(width: 20, height: 3)
        table.render(into: &grid, area: grid.area, selected: 1)
        #expect(grid.rows == [
            "氏名    住所    年齢",
            "山本花  いわき    45",  // 市 would straddle the column edge
            "ﾀﾞｲｽｹ   平         7",
        ])
        #expect(grid.styleMask[0] == String(repeating: "T", count: 20))
        #expect(grid.styleMask[2] == String(repeating: "S", count: 20))
    }

    @Test func confirmDialogStartsOnCancelAndChooses() {
        var dialog = Dialog.confirm("確認", message: ["終了しますか"])
        do { let o = dialog.update(.enter); #expect(o == .cancelled) }
        do { let o = dialog.update(.tab); #expect(o == nil) }
        do { let o = dialog.update(.enter); #expect(o == .confirmed) }
        do { let o = dialog.update(.escape); #expect(o == .cancelled) }
        var alert = Dialog.alert("注意", message: ["印刷できません"])
        do { let o = alert.update(.escape); #expect(o == .confirmed) }

        var grid = CellGrid(width: 24, height: 7)
        dialog.render(into: &grid, area: grid.area)
        #expect(grid.rows.contains { $0.contains("終了しますか") })
        #expect(grid.rows.contains { $0.contains("[ はい ]  [ いいえ ]") })
        #expect(grid.rows.first { $0.contains("確認") }?.contains("+") == true)
    }

    enum Act: Hashable, Sendable { case help, search, quit, back }

    @Test func keyBarAndHelpComeFromOneKeyMap() {
        let map = KeyMap<Act>([
            KeyBinding(.function(12), "終了", help: "窓口を終了します", action: .quit),
            KeyBinding(.function(1), "ヘルプ", help: "キーの一覧", action: .help),
            KeyBinding(.escape, "戻る", help: "前の画面に戻ります", action: .back, inBar: false),
            KeyBinding(.function(2), "検索", action: .search),
        ])
        #expect(map.action(for: .function(2)) == .search)
        #expect(map.action(for: .function(3)) == nil)
        #expect(map.barItems.map(\.key) == [.function(1), .function(2), .function(12)])
        #expect(map.helpLines == ["F12  窓口を終了します", "F1   キーの一覧", "Esc  前の画面に戻ります", "F2   検索"])

        var grid = CellGrid(width: 30, height: 1)
        KeyBar.render(map, into: &grid, area: grid.area)
        #expect(grid.rows == ["F1ヘルプ F2検索 F12終了       "])
        #expect(grid.styleMask == ["KK.......KK.....KKK..........."])

        // Items that do not fit are left out whole.
        var narrow = CellGrid(width: 15, height: 1)
        KeyBar.render(map, into: &narrow, area: narrow.area)
        #expect(narrow.rows == ["F1ヘルプ F2検索"])

        let merged = KeyMap<Act>([KeyBinding(.function(1), "説明", action: .help)]).merging(map)
        #expect(merged.bindings.count == 4)
        #expect(merged.bindings.first?.label == "説明")
    }

    @Test func bannerCentresItsText() {
        var grid = CellGrid(width: 12, height: 1)
        Banner("研修モード").render(into: &grid, area: grid.area)
        #expect(grid.rows == [" 研修モード "])
        #expect(grid.styleMask == ["BBBBBBBBBBBB"])
    }

    @Test func noColorGivesTheMonochromeTheme() {
        #expect(Theme.forEnvironment(["NO_COLOR": "1"], terminalHasColors: true) == .monochrome)
        #expect(Theme.forEnvironment(["NO_COLOR": ""], terminalHasColors: true) == .color)
        #expect(Theme.forEnvironment([:], terminalHasColors: false) == .monochrome)
        // Every role but normal stays distinguishable without colour.
        let mono = Theme.monochrome
        let looks = Style.allCases.map { mono[$0] }
        #expect(Set(looks.dropFirst()).allSatisfy { $0 != mono[.normal] })
    }
}
