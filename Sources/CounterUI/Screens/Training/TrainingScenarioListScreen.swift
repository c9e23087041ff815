import CounterCore
import TerminalKit

/// シナリオ練習: the shipped scenarios; Enter begins an attempt at the chosen one, played on
/// the ordinary counter screens from 住民検索. The list shows who comes and what they say,
/// never the expected decision.
public struct TrainingScenarioListScreen: CounterScreen, TrainingOwnScreen, SupervisorNotices {
    public let trainee: String
    public private(set) var scenarios: [TrainingScenario] = []
    var list = ListView(count: 0, pageSize: 12)
    var working: String? = "シナリオを読み込んでいます"
    var message: Notice?

    public init(trainee: String) { self.trainee = trainee }

    public var title: String { "シナリオ練習" }

    public var keyMap: KeyMap<Action> {
        KeyMap([
            KeyBinding(.enter, "始める", help: "選んだシナリオで研修を始めます（住民検索から）",
                       action: .training(.open)),
        ]).merging(KeyMaps.common)
    }

    var selected: TrainingScenario? { scenarios.indices.contains(list.selection) ? scenarios[list.selection] : nil }

    public mutating func perform(_ action: Action) -> [ScreenCommand] {
        guard action == .training(.open), working == nil, let scenario = selected else { return [] }
        working = "研修を始めています"
        message = nil
        return [.run(.training(.start(scenario: scenario.id, trainee: trainee)))]
    }

    public mutating func handle(_ key: Key) -> [ScreenCommand]? {
        switch key {
        case .up, .down, .pageUp, .pageDown, .home, .end:
            _ = list.update(key)
            message = nil
            return []
        case .character(let c):
            // A number key chooses the scenario of that row (1–9); Enter begins it.
            guard let n = c.wholeNumberValue, scenarios.indices.contains(n - 1) else { return nil }
            list.select(n - 1)
            message = nil
            return []
        default:
            return nil
        }
    }

    public mutating func receive(_ msg: Msg) -> [ScreenCommand] {
        guard case .training(let answer) = msg, !note(answer), case .scenarios(let all) = answer else { return [] }
        scenarios = all
        list.count = all.count
        working = nil
        return []
    }

    public func render(into grid: inout CellGrid, area: Rect) {
        let body = area.inset(dx: 1, dy: 0)
        let status = working.map { Notice($0, .muted) } ?? message
            ?? Notice(scenarios.isEmpty ? "研修シナリオがありません。" : "研修者 \(trainee)　番号キーか上下キーで選び Enter で始めます。", .muted)
        status.render(into: &grid, at: body.origin, width: body.width, lines: 2)
        grid.put("   " + ClerkText.cell("シナリオ", 34) + " 来庁者", at: body.origin.down(2), maxWidth: body.width, style: .title)
        let detailRows = 4
        var visible = list
        visible.pageSize = max(1, body.height - 4 - detailRows)
        for (row, index) in visible.visibleRange.enumerated() {
            let s = scenarios[index]
            let line = ClerkText.cell(String(index + 1), 3) + ClerkText.cell(s.title, 34) + " " + s.visitor
            grid.put(line, at: body.origin.down(3 + row), maxWidth: body.width, style: index == list.selection ? .selected : .normal,
                     pad: index == list.selection)
        }
        guard let scenario = selected else { return }
        let top = body.maxY - detailRows
        grid.put("来庁者　" + scenario.visitor, at: Point(x: body.x, y: top), maxWidth: body.width, style: .normal)
        let opening = AppModel.wrap("最初のことば　" + scenario.opening, width: body.width)
        for (row, line) in opening.prefix(detailRows - 1).enumerated() {
            grid.put(line, at: Point(x: body.x, y: top + 1 + row), maxWidth: body.width, style: .normal)
        }
    }
}
