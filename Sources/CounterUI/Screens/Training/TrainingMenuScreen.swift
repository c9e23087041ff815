import CounterCore
import TerminalKit

/// 研修メニュー: the bottom of 研修モード. 自由練習 (the counter on practice data, unmarked),
/// シナリオ練習 (pick a scenario, play it, be marked) and 研修結果 (the trainer's list). The
/// trainee types their name once here (or the command line's `--trainee` gave it).
public struct TrainingMenuScreen: CounterScreen, TrainingOwnScreen {
    struct Entry: Sendable {
        var label: String
        var summary: String
    }

    static let entries = [
        Entry(label: "自由練習", summary: "練習用の住民で窓口を自由に操作します（採点なし）"),
        Entry(label: "シナリオ練習", summary: "来庁者の場面を選んで演じ、終わると採点します"),
        Entry(label: "研修結果", summary: "得点・重大な誤りの一覧、研修記録、CSV、模範解答"),
    ]
    static let scenarioEntry = 1

    public private(set) var trainee: TextField
    var editing = false
    /// The entry that waits for the name to be typed.
    var pending: Int?
    var list = ListView(count: TrainingMenuScreen.entries.count, pageSize: TrainingMenuScreen.entries.count)
    var message: Notice?

    public init(trainee: String = "") {
        self.trainee = TextField(trainee, visibleWidth: 24, maxLength: 40)
    }

    public var title: String { "研修メニュー" }

    public var keyMap: KeyMap<Action> {
        if editing {
            return KeyMap([
                KeyBinding(.enter, "決定", help: "入力した氏名で研修を受けます（採点の記録に残ります）", action: .training(.open)),
                KeyBinding(.escape, "やめる", help: "氏名の入力をやめます", action: .training(.cancel)),
            ]).merging(KeyMaps.common)
        }
        return KeyMap([
            KeyBinding(.enter, "開く", help: "選んだ項目を開きます（番号キーでも開けます）", action: .training(.open)),
            KeyBinding(.function(3), "研修者", help: "研修を受ける方の氏名を入力し直します（交代するとき）", action: .training(.changeTrainee)),
            KeyBinding(.function(10), "サインアウト", help: "サインアウトします", action: .training(.signOut)),
        ]).merging(KeyMaps.common)
    }

    var name: String { trainee.text.trimmingCharacters(in: .whitespaces) }

    public mutating func perform(_ action: Action) -> [ScreenCommand] {
        switch action {
        case .training(.open) where editing:
            return confirmName()
        case .training(.cancel):
            editing = false
            pending = nil
            message = nil
        case .training(.open):
            return open(list.selection)
        case .training(.changeTrainee):
            editing = true
            message = Notice("研修を受ける方の氏名を入力して Enter を押してください。", .normal)
        case .training(.signOut):
            return [.session(.signOut)]
        default:
            break
        }
        return []
    }

    private mutating func confirmName() -> [ScreenCommand] {
        if let problem = CounterApp.traineeNameProblem(name) {
            // A name holding a number is not kept on screen either.
            if SensitiveNumbers.firstKind(in: name) != nil { trainee.setText("") }
            message = Notice(problem, .error)
            return []
        }
        editing = false
        message = nil
        guard let waiting = pending else { return [] }
        pending = nil
        return open(waiting)
    }

    private mutating func open(_ index: Int) -> [ScreenCommand] {
        list.select(index)
        switch index {
        case 0:
            return [.push(AnyScreen(ResidentSearchScreen()))]
        case Self.scenarioEntry:
            guard !name.isEmpty else {
                editing = true
                pending = index
                message = Notice("はじめに研修を受ける方の氏名を入力して Enter を押してください。", .normal)
                return []
            }
            return [.push(AnyScreen(TrainingScenarioListScreen(trainee: name))), .run(.training(.scenarios))]
        default:
            return [.push(AnyScreen(TrainingResultsScreen())), .run(.training(.results))]
        }
    }

    public mutating func handle(_ key: Key) -> [ScreenCommand]? {
        if editing {
            guard trainee.handle(key) != .ignored else { return nil }
            message = nil
            return []
        }
        switch key {
        case .up, .down, .home, .end:
            _ = list.update(key)
            return []
        case .character(let c):
            guard let n = c.wholeNumberValue, Self.entries.indices.contains(n - 1) else { return nil }
            return open(n - 1)
        default:
            return nil
        }
    }

    public func render(into grid: inout CellGrid, area: Rect) {
        let body = area.inset(dx: 2, dy: 1)
        grid.put("研修者", at: body.origin, style: .normal)
        let field = Rect(x: body.x + 8, y: body.y, width: 26, height: 1)
        if editing {
            trainee.render(into: &grid, area: field, style: .selected, focused: true)
        } else {
            grid.put(name.isEmpty ? "（未入力：シナリオ練習の前に入力します）" : name, at: field.origin, maxWidth: body.width - 8,
                     style: name.isEmpty ? .muted : .normal)
            if !name.isEmpty {
                grid.put("F3 で変えます", at: Point(x: body.x + 36, y: body.y), maxWidth: max(0, body.width - 36), style: .muted)
            }
        }
        let status = message ?? Notice("番号キー、または上下キーで選んで Enter で開きます。", .muted)
        status.render(into: &grid, at: body.origin.down(1), width: body.width, lines: 2)
        for (i, entry) in Self.entries.enumerated() {
            let y = body.y + 3 + i * 2
            guard y < body.maxY else { break }
            let label = " \(i + 1)  " + ClerkText.cell(entry.label, 14)
            let used = grid.put(label, at: Point(x: body.x, y: y), maxWidth: body.width,
                                style: i == list.selection && !editing ? .selected : .normal)
            grid.put(entry.summary, at: Point(x: body.x + used + 1, y: y), maxWidth: max(0, body.width - used - 1), style: .muted)
        }
        let notes = [
            "研修モードのデータは練習用です。本番の住民・記録には触れません。",
            "トレーナーの方へ：模範解答は 研修結果 で結果を選び F6 で再生します",
            "（madoguchi demo --play シナリオ でも再生できます）。",
        ]
        for (row, note) in notes.enumerated() where body.y + 10 + row < body.maxY {
            grid.put(note, at: Point(x: body.x, y: body.y + 10 + row), maxWidth: body.width, style: .muted)
        }
    }
}
