import CounterCore
import TerminalKit

/// 研修結果: every kept attempt of this demo directory (trainee, scenario, score, critical
/// fails, time, date), newest first, narrowed as the trainer types into 日付・研修者・シナリオ;
/// Enter opens the chosen attempt's marking, F5 writes the listed attempts as CSV.
public struct TrainingResultsScreen: CounterScreen, TrainingOwnScreen, SupervisorNotices {
    public enum Field: Int, CaseIterable, Sendable { case date, trainee, scenario }

    public private(set) var results: [TrainingResult] = []
    var fields = [TextField("", visibleWidth: 10, maxLength: 10), TextField("", visibleWidth: 12, maxLength: 40),
                  TextField("", visibleWidth: 14, maxLength: 40)]
    var focus = Field.date
    var list = ListView(count: 0, pageSize: 12)
    var working: String? = "研修結果を読み込んでいます"
    var message: Notice?

    public init() {}

    public var title: String { "研修結果" }

    public var keyMap: KeyMap<Action> {
        KeyMap([
            KeyBinding(.enter, "開く", help: "選んだ研修の採点結果を開きます（印刷・再生はそこから）", action: .training(.open)),
            KeyBinding(.tab, "次の欄", help: "絞り込みの欄（日付・研修者・シナリオ）を移ります",
                       action: .training(.nextField)),
            KeyBinding(.function(5), "CSV出力", help: "表示している研修結果を CSV で spool に書き出します", action: .training(.export)),
        ]).merging(KeyMaps.common)
    }

    /// The filter as typed; a date is read as every date field reads it (R8.12.2, 2026/12/2 …).
    public var filter: TrainingResult.Filter {
        let day: String? = if case .success(let d?) = SupervisorText.date(fields[0].text, field: "日付") { d.iso } else { fields[0].text }
        return TrainingResult.Filter(date: day, trainee: fields[1].text, scenario: fields[2].text)
    }

    /// What is wrong with the date typed, while it does not read as a date.
    var dateProblem: String? {
        if case .failure(let refusal) = SupervisorText.date(fields[0].text, field: "日付") { return refusal.message }
        return nil
    }

    /// The attempts the filter admits, in order.
    public var listed: [TrainingResult] { results.filter(filter.admits) }

    public mutating func perform(_ action: Action) -> [ScreenCommand] {
        guard working == nil else { return [] }
        switch action {
        case .training(.nextField):
            focus = Field(rawValue: (focus.rawValue + 1) % Field.allCases.count) ?? .date
        case .training(.open):
            let shown = listed
            guard shown.indices.contains(list.selection) else {
                message = Notice("開く研修がありません。", .warning)
                return []
            }
            return [.push(AnyScreen(TrainingResultScreen(result: shown[list.selection])))]
        case .training(.export):
            working = "CSV を書き出しています"
            message = nil
            return [.run(.training(.exportResults(filter)))]
        default:
            break
        }
        return []
    }

    public mutating func handle(_ key: Key) -> [ScreenCommand]? {
        switch key {
        case .up, .down, .pageUp, .pageDown, .home, .end:
            _ = list.update(key)
            return []
        case .backTab:
            focus = Field(rawValue: (focus.rawValue + Field.allCases.count - 1) % Field.allCases.count) ?? .date
            return []
        default:
            guard fields[focus.rawValue].handle(key) != .ignored else { return nil }
            message = nil
            if let kind = SensitiveNumbers.firstKind(in: fields[focus.rawValue].text) {
                // Never kept on screen, never used to filter.
                fields[focus.rawValue].setText("")
                message = Notice(SensitiveNumbers.Refusal(field: "「絞り込み」", kind: kind).message, .error)
            }
            list.count = listed.count
            list.select(0)
            return []
        }
    }

    public mutating func receive(_ msg: Msg) -> [ScreenCommand] {
        guard case .training(let answer) = msg, !note(answer), case .results(let all) = answer else { return [] }
        results = all
        list.count = listed.count
        working = nil
        return []
    }

    static let columns: [(String, Int)] = [("日付", 10), ("時刻", 5), ("研修者", 12), ("シナリオ", 20), ("得点", 5), ("重大", 4), ("時間", 8)]

    public func render(into grid: inout CellGrid, area: Rect) {
        let body = area.inset(dx: 1, dy: 0)
        var x = body.x
        for (field, label, width) in [(Field.date, "日付", 10), (.trainee, "研修者", 12), (.scenario, "シナリオ", 14)] {
            let used = grid.put(label, at: Point(x: x, y: body.y), style: .normal)
            fields[field.rawValue].render(into: &grid, area: Rect(x: x + used + 1, y: body.y, width: width, height: 1),
                                          style: focus == field ? .selected : .muted, focused: focus == field)
            x += used + width + 3
        }
        let status = working.map { Notice($0, .muted) } ?? message ?? dateProblem.map { Notice($0, .warning) }
            ?? Notice("入力で絞り込みます（日付は R8.12.2 など）。Tab で欄を移り Enter で開きます。", .muted)
        status.render(into: &grid, at: body.origin.down(1), width: body.width, lines: 2)
        let header = Self.columns.map { ClerkText.cell($0.0, $0.1) }.joined(separator: " ")
        grid.put(header, at: body.origin.down(3), maxWidth: body.width, style: .title)
        let shown = listed
        let table = Rect(x: body.x, y: body.y + 4, width: body.width, height: max(0, body.height - 5))
        if shown.isEmpty, working == nil {
            grid.put(results.isEmpty ? "研修結果はまだありません。研修メニューの シナリオ練習 で研修を行うとここに並びます。" : "条件に合う研修結果はありません。",
                     at: table.origin, maxWidth: table.width, style: .normal)
        }
        var visible = list
        visible.pageSize = max(1, table.height)
        for (row, index) in visible.visibleRange.enumerated() where index < shown.count {
            let r = shown[index]
            let time = String(r.started.split(separator: "T").dropFirst().first?.prefix(5) ?? "")
            let cells = [r.date, time, r.trainee, r.scenarioTitle, "\(r.score)点", r.failed.isEmpty ? "-" : "\(r.failed.count)件", r.elapsedText]
            let line = zip(cells, Self.columns).map { ClerkText.cell($0, $1.1) }.joined(separator: " ")
            let style: Style = index == list.selection ? .selected : (r.failed.isEmpty ? .normal : .warning)
            grid.put(line, at: table.origin.down(row), maxWidth: table.width, style: style, pad: index == list.selection)
        }
        let passed = shown.filter(\.passed).count
        grid.put("\(shown.count) 件（合格 \(passed) 件）　上下キーで選びます", at: Point(x: body.x, y: body.maxY - 1), maxWidth: body.width,
                 style: .muted)
    }
}
