import CounterCore
import TerminalKit

/// 採点結果: one attempt's marking, made from its journal records — each expected point ✓/✗
/// with the rule or law behind it, the critical fails, time, keys and screens. F5 prints the
/// 研修記録; F6 replays the scenario's model answer on this terminal.
public struct TrainingResultScreen: CounterScreen, TrainingOwnScreen, SupervisorNotices {
    public let result: TrainingResult
    var scroll = 0
    var working: String?
    var message: Notice?

    public init(result: TrainingResult) { self.result = result }

    public var title: String { "採点結果" }

    public var keyMap: KeyMap<Action> {
        KeyMap([
            KeyBinding(.function(5), "研修記録", help: "この採点を研修記録（PDF）に印刷します", action: .training(.print)),
            KeyBinding(.function(6), "模範解答", help: "模範解答を窓口の画面で再生します（Space 一時停止・q 中止）",
                       action: .training(.replay)),
        ]).merging(KeyMaps.common)
    }

    public mutating func perform(_ action: Action) -> [ScreenCommand] {
        guard working == nil else { return [] }
        switch action {
        case .training(.print):
            working = "研修記録を印刷しています"
            message = nil
            return [.run(.training(.printRecord(attempt: result.attempt)))]
        case .training(.replay):
            message = Notice("模範解答の再生から戻りました。", .muted)
            return [.run(.play(scenario: result.scenario))]
        default:
            return []
        }
    }

    public mutating func handle(_ key: Key) -> [ScreenCommand]? {
        guard let first = SupervisorText.scrolled(scroll, by: key, count: Self.rows(result, width: 78).count) else { return nil }
        scroll = first
        return []
    }

    public mutating func receive(_ msg: Msg) -> [ScreenCommand] {
        if case .training(let answer) = msg { _ = note(answer) }
        return []
    }

    /// The marking as rows of at most `width` columns, each with its style: wrapped lines keep
    /// their indentation, so every explanation stays under its point.
    static func rows(_ result: TrainingResult, width: Int) -> [(String, Style)] {
        result.lines.flatMap { line -> [(String, Style)] in
            let indent = String(line.prefix { $0 == " " })
            let text = String(line.dropFirst(indent.count))
            let style: Style = text.hasPrefix("✗") ? .warning : (indent.isEmpty && ["採点", "重大な誤り", "質問したこと"].contains(text) ? .title
                : (indent.count > 2 ? .muted : .normal))
            let wrapped = AppModel.wrap(text, width: max(1, width - indent.count))
            return (wrapped.isEmpty ? [""] : wrapped).map { (indent + $0, style) }
        }
    }

    public func render(into grid: inout CellGrid, area: Rect) {
        let body = area.inset(dx: 1, dy: 0)
        let verdict = result.failed.isEmpty ? (result.passed ? "合格" : "不合格") : "不合格（重大な誤り \(result.failed.count) 件）"
        grid.put("\(result.score)点　\(verdict)", at: body.origin, maxWidth: body.width, style: result.passed ? .title : .warning)
        let status = working.map { Notice($0, .muted) } ?? message ?? Notice("上下キーで送ります。F5 研修記録の印刷、F6 模範解答の再生。", .muted)
        status.render(into: &grid, at: body.origin.down(1), width: body.width, lines: 2)
        let rows = Self.rows(result, width: body.width)
        let table = Rect(x: body.x, y: body.y + 3, width: body.width, height: max(0, body.height - 3))
        for (row, line) in rows.dropFirst(scroll).prefix(table.height).enumerated() {
            grid.put(line.0, at: table.origin.down(row), maxWidth: table.width, style: line.1)
        }
    }
}
