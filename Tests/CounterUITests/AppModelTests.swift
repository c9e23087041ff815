import Foundation
import Testing
import TerminalKit
@testable import CounterUI

/// 2026-11-25 10:42 in Japan.
let morning = Date(timeIntervalSince1970: 1_795_570_920)

func startModel(mode: Mode = .clerk) -> AppModel {
    AppModel(context: CounterContext(cityName: "いわき市", terminalID: "mado-01"), now: morning, mode: mode)
}

func render(_ model: AppModel, width: Int = 80, height: Int = 24) -> CellGrid {
    var grid = CellGrid(width: width, height: height, ambiguousWide: model.context.ambiguousWide)
    model.view(into: &grid)
    return grid
}

/// A screen defined only here, to show that screens plug in without touching AppModel.
struct ProbeScreen: CounterScreen {
    var typed = TextField("", visibleWidth: 10)
    var title: String { "検索" }
    var keyMap: KeyMap<Action> { KeyMaps.common }

    mutating func handle(_ key: Key) -> [ScreenCommand]? {
        typed.handle(key) == .ignored ? nil : []
    }

    func render(into grid: inout CellGrid, area: Rect) {
        typed.render(into: &grid, area: area.row(1))
    }
}

/// The start screen with one key that opens the probe.
struct LauncherScreen: CounterScreen {
    var title: String { "受付" }
    var keyMap: KeyMap<Action> { KeyMaps.common }
    mutating func handle(_ key: Key) -> [ScreenCommand]? {
        key == .function(2) ? [.push(AnyScreen(ProbeScreen()))] : nil
    }
    func render(into grid: inout CellGrid, area: Rect) {}
}

@Suite struct AppModelTests {
    @Test func updateIsPure() {
        let messages: [Msg] = [.key(.function(1)), .key(.escape), .key(.escape), .key(.function(12)),
                               .tick(morning + 60), .resize(width: 100, height: 30), .key(.character("あ")), .inputClosed]
        for msg in messages {
            var a = startModel(), b = startModel()
            let effectsA = a.update(msg)
            let effectsB = b.update(msg)
            #expect(a == b)
            #expect(effectsA == effectsB)
        }
        // And a model is a value: updating a copy leaves the original alone.
        let original = startModel()
        var copy = original
        _ = copy.update(.key(.function(1)))
        #expect(copy != original)
        #expect(original.popup == nil)
    }

    @Test func f1ShowsHelpGeneratedFromTheKeyMapAndClosesAgain() {
        var model = startModel()
        #expect(model.update(.key(.function(1))).isEmpty)
        let grid = render(model)
        for line in model.keyMap.helpLines {
            #expect(grid.rows.contains { $0.contains(line) }, "help line \(line)")
        }
        #expect(model.update(.key(.function(12))).isEmpty)  // the popup takes every key
        _ = model.update(.key(.escape))
        #expect(model.popup == nil)
        _ = model.update(.key(.function(1)))
        _ = model.update(.key(.function(1)))
        #expect(model.popup == nil)
    }

    @Test func f12OrEscapeTwiceQuits() {
        var model = startModel()
        #expect(model.update(.key(.function(12))) == [.quit])
        model = startModel()
        #expect(model.update(.key(.escape)).isEmpty)
        // The first Esc says what the second will do.
        #expect(render(model).rows[23].hasSuffix("もう一度 Esc を押すと終了します "))
        #expect(model.update(.key(.escape)) == [.quit])
        model = startModel()
        _ = model.update(.key(.escape))
        _ = model.update(.key(.character("x")))  // not in a row
        #expect(!render(model).rows[23].contains("もう一度"))
        #expect(model.update(.key(.escape)).isEmpty)
        #expect(model.update(.inputClosed) == [.quit])
    }

    @Test func tickMovesTheClockAndResizeTheLayout() {
        var model = startModel()
        _ = model.update(.tick(morning + 120))
        #expect(render(model).rows[0].contains("11/25(水) 10:44"))
        _ = model.update(.resize(width: 100, height: 30))
        let grid = render(model, width: model.width, height: model.height)
        #expect(grid.rows.count == 30)
        #expect(grid.rows[29].hasPrefix("F1ヘルプ F12終了"))
        #expect(grid.rows[0].hasSuffix("11/25(水) 10:44 "))
    }

    @Test func trainerModeShowsItsBanner() {
        let grid = render(startModel(mode: .trainer))
        #expect(grid.rows[1].contains("研修モード"))
        #expect(grid.styleMask[1].allSatisfy { $0 == "B" })
        #expect(grid.rows[0].contains("研修モード"))
    }

    @Test func tooSmallATerminalSaysSo() {
        let grid = render(startModel(), width: 30, height: 6)
        #expect(grid.rows[0].hasPrefix("画面が小さすぎます"))
    }

    @Test func screensPlugInAndEscapeClosesThem() {
        var model = AppModel(context: CounterContext(cityName: "いわき市", terminalID: "mado-01"), now: morning,
                             screens: [.clerk: [AnyScreen(LauncherScreen())]])
        _ = model.update(.key(.function(2)))
        #expect(model.screens.count == 2)
        #expect(model.top.title == "検索")
        _ = model.update(.key(.text("やまだ")))
        var grid = render(model)
        #expect(grid.rows[1].hasPrefix(" 【受付】 > 【検索】"))
        #expect(grid.rows[3].hasPrefix("やまだ"))
        #expect(grid.cursor == Point(x: 6, y: 3))
        // The top screen's help, and Esc goes back instead of arming quit.
        _ = model.update(.key(.escape))
        #expect(model.screens.count == 1)
        #expect(!model.escapePending)
        grid = render(model)
        #expect(grid.cursor == nil)
    }
}
