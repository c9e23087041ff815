import CounterCore
import TerminalKit

/// 質問する: opened with F11 over the counter screens during a 研修 attempt. Who came and what
/// they said; the questions the trainee may ask (a number key or Enter asks, and the answer is
/// journaled and shown); F10 ends the attempt and marks it. F11 or Esc goes back to the
/// counter screen, which is as it was.
public struct TrainingVisitorScreen: CounterScreen, TrainingOwnScreen, SupervisorNotices {
    public private(set) var attempt: TrainingAttempt
    var list: ListView
    var working: String?
    var message: Notice?
    var confirming: Dialog?

    public init(attempt: TrainingAttempt) {
        self.attempt = attempt
        list = ListView(count: attempt.scenario.questions.count, pageSize: max(1, attempt.scenario.questions.count))
    }

    public var title: String { "質問する" }

    public var keyMap: KeyMap<Action> {
        if confirming != nil {
            return KeyMap([
                KeyBinding(.enter, "決定", help: "選んでいるボタンで答えます（y ではい、n でいいえ）",
                           action: .training(.confirm)),
                KeyBinding(.escape, "取消", help: "研修を続けます", action: .training(.cancel)),
            ]).merging(KeyMaps.common)
        }
        return KeyMap([
            KeyBinding(.enter, "質問する", help: "選んだ質問をします（番号キーでも。答えは記録されます）",
                       action: .training(.open)),
            KeyBinding(.function(10), "研修を終える", help: "研修を終えて採点します（案件を閉じると自動で終わります）", action: .training(.end)),
            KeyBinding(KeyMaps.trainingVisitorKey, "閉じる", help: "窓口の画面に戻ります", action: .back),
        ]).merging(KeyMaps.common)
    }

    public mutating func perform(_ action: Action) -> [ScreenCommand] {
        if confirming != nil { return answer(action == .training(.confirm) ? .enter : .escape) }
        guard working == nil else { return [] }
        switch action {
        case .training(.open):
            return ask(list.selection)
        case .training(.end):
            confirming = .confirm("研修を終える", message: ["研修を終えて採点します。", "このあとは、この研修の操作はできません。", "よろしいですか。"],
                                  confirm: "終えて採点する", cancel: "続ける")
        default:
            break
        }
        return []
    }

    private mutating func answer(_ key: Key) -> [ScreenCommand] {
        guard var dialog = confirming else { return [] }
        let outcome = dialog.update(key)
        confirming = outcome == nil ? dialog : nil
        guard outcome == .confirmed else { return [] }
        working = "採点しています"
        return [.endTraining]
    }

    private mutating func ask(_ index: Int) -> [ScreenCommand] {
        let questions = attempt.scenario.questions
        guard questions.indices.contains(index) else { return [] }
        list.select(index)
        working = "質問しています"
        message = nil
        return [.run(.training(.ask(attempt: attempt.id, scenario: attempt.scenario.id, question: questions[index].id)))]
    }

    public mutating func handle(_ key: Key) -> [ScreenCommand]? {
        if confirming != nil { return answer(key) }
        switch key {
        case .up, .down, .home, .end:
            _ = list.update(key)
            return []
        case .character(let c):
            guard working == nil, let n = c.wholeNumberValue, attempt.scenario.questions.indices.contains(n - 1) else { return nil }
            return ask(n - 1)
        default:
            return nil
        }
    }

    public mutating func receive(_ msg: Msg) -> [ScreenCommand] {
        guard case .training(let result) = msg, !note(result), case let .answered(question, text) = result else { return [] }
        attempt.hear(question, answer: text)
        working = nil
        return []
    }

    public func render(into grid: inout CellGrid, area: Rect) {
        let body = area.inset(dx: 1, dy: 0)
        var y = body.y
        func line(_ text: String, _ style: Style, indent: Int = 0) {
            for part in AppModel.wrap(text, width: body.width - indent) where y < body.maxY {
                grid.put(part, at: Point(x: body.x + indent, y: y), maxWidth: body.width - indent, style: style)
                y += 1
            }
        }
        line("研修「\(attempt.scenario.title)」　研修者 \(attempt.trainee)", .title)
        line("来庁者　\(attempt.scenario.visitor)", .normal)
        line("最初のことば　\(attempt.scenario.opening)", .normal)
        let status = working.map { Notice($0, .muted) } ?? message ?? Notice("番号キーで質問します。答えは下に出ます。", .muted)
        line(status.text, status.style)
        y += 1
        for (i, question) in attempt.scenario.questions.enumerated() where y < body.maxY {
            let selected = i == list.selection && confirming == nil
            grid.put(" \(i + 1)  \(question.ask)", at: Point(x: body.x, y: y), maxWidth: body.width, style: selected ? .selected : .normal,
                     pad: selected)
            y += 1
            if let heard = attempt.answer(to: question.id) { line("「\(heard)」", .muted, indent: 5) }
        }
        if let confirming { confirming.render(into: &grid, area: area) }
    }
}
