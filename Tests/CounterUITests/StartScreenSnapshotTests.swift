import Foundation
import Testing
import TerminalKit
@testable import CounterUI

@Suite struct StartScreenSnapshotTests {
    @Test func startScreenAt80x24() throws {
        var grid = render(startModel())
        Snapshot.mask(TitleBar.clockArea(in: grid.area.row(0)), in: &grid)
        try Snapshot.assertMatches(grid, named: "start-80x24")
    }

    @Test func helpAt80x24() throws {
        var model = startModel()
        _ = model.update(.key(.function(1)))
        var grid = render(model)
        Snapshot.mask(TitleBar.clockArea(in: grid.area.row(0)), in: &grid)
        try Snapshot.assertMatches(grid, named: "help-80x24")
    }

    @Test func aLongCityNameIsClippedWithoutSplittingACharacter() {
        let model = AppModel(context: CounterContext(cityName: "北海道札幌市中央区役所本庁舎窓口サービス課", terminalID: "mado-01",
                                                     clerk: "山田"), now: morning)
        let grid = render(model)
        let title = grid.rows[0]
        #expect(title.hasPrefix(" 北海道札幌市中央区役所本庁舎"))
        #expect(title.hasSuffix("端末 mado-01  担当 山田  11/25(水) 10:42 "))
        #expect(DisplayWidthProbe.width(title) == 80)
    }
}

import JapaneseKit
enum DisplayWidthProbe {
    static func width(_ s: String) -> Int { DisplayWidth.of(s) }
}
