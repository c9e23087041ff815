import CounterCore
import JapaneseKit
import TerminalKit

/// 業務量: cases per procedure, clerk and hour over a range of days (today unless other dates
/// are typed), with their handling times; F5 writes the table as CSV into the spool folder.
public struct WorkloadScreen: CounterScreen, SupervisorNotices {
    public enum Field: Sendable { case from, to }

    var from = TextField("", visibleWidth: 12, maxLength: 20)
    var to = TextField("", visibleWidth: 12, maxLength: 20)
    var focus = Field.from
    public private(set) var workload: Workload?
    var scroll = 0
    var working: String? = "業務量を集計しています"
    var message: Notice?

    public init() {}

    public var title: String { "業務量" }

    public var keyMap: KeyMap<Action> {
        KeyMap([
            KeyBinding(.enter, "集計", help: "入力した期間で集計します（R8.12.2、2026-12-02 など。空欄は今日）", action: .supervisor(.open)),
            KeyBinding(.tab, "次の欄", help: "期間の始めと終わりの欄を切り替えます", action: .supervisor(.nextField)),
            KeyBinding(.function(5), "CSV出力", help: "表示している集計を CSV にして spool フォルダに書き出します", action: .supervisor(.writeCSV)),
        ]).merging(KeyMaps.common)
    }

    public mutating func perform(_ action: Action) -> [ScreenCommand] {
        guard working == nil else { return [] }
        switch action {
        case .supervisor(.nextField):
            focus = focus == .from ? .to : .from
        case .supervisor(.open):
            var days: [CivilDate?] = []
            for (field, name) in [(\Self.from, "期間の始め"), (\Self.to, "期間の終わり")] {
                switch SupervisorText.date(self[keyPath: field].text, field: name) {
                case .failure(let refusal):
                    self[keyPath: field].setText("")
                    focus = field == \Self.from ? .from : .to
                    message = Notice(refusal.message, .error)
                    return []
                case .success(let day): days.append(day)
                }
            }
            working = "業務量を集計しています"
            message = nil
            return [.run(.supervisor(.workload(from: days[0], to: days[1] ?? days[0])))]
        case .supervisor(.writeCSV):
            guard let workload else { return [] }
            working = "CSV を書き出しています"
            return [.run(.supervisor(.writeWorkload(from: workload.from, to: workload.to)))]
        default:
            break
        }
        return []
    }

    public mutating func handle(_ key: Key) -> [ScreenCommand]? {
        if let first = SupervisorText.scrolled(scroll, by: key, count: workload?.rows.count ?? 0) {
            scroll = first
            return []
        }
        let handled = focus == .from ? from.handle(key) : to.handle(key)
        guard handled != .ignored else { return nil }
        message = nil
        return []
    }

    public mutating func receive(_ msg: Msg) -> [ScreenCommand] {
        guard case .supervisor(let answer) = msg, !note(answer) else { return [] }
        switch answer {
        case .workload(let workload):
            self.workload = workload
            working = nil
            scroll = 0
            from.setText(workload.from.iso)
            to.setText(workload.to.iso)
        case .workloadWritten(let path):
            working = nil
            message = Notice("CSV を書き出しました: \(path)", .normal)
        default:
            return []
        }
        return []
    }

    static let columns: [(String, Int)] = [("手続", 20), ("担当者", 12), ("時台", 4), ("件数", 5), ("完了", 5), ("中央値", 8), ("90%", 8),
                                           ("合計", 9)]

    public func render(into grid: inout CellGrid, area: Rect) {
        let body = area.inset(dx: 1, dy: 0)
        grid.put("期間", at: body.origin, style: .normal)
        from.render(into: &grid, area: Rect(x: body.x + 6, y: body.y, width: 12, height: 1), style: focus == .from ? .selected : .muted,
                    focused: focus == .from)
        grid.put("〜", at: Point(x: body.x + 19, y: body.y), style: .normal)
        to.render(into: &grid, area: Rect(x: body.x + 22, y: body.y, width: 12, height: 1), style: focus == .to ? .selected : .muted,
                  focused: focus == .to)
        grid.put("Tab で欄を移り Enter で集計（空欄は今日）", at: Point(x: body.x + 36, y: body.y), maxWidth: max(0, body.width - 36),
                 style: .muted)
        let status = working.map { Notice($0, .muted) } ?? message ?? Notice("", .normal)
        grid.put(status.text, at: body.origin.down(1), maxWidth: body.width, style: status.style)
        guard let workload else { return }
        let header = Self.columns.map { ClerkText.cell($0.0, $0.1) }.joined(separator: " ")
        grid.put(header, at: body.origin.down(3), maxWidth: body.width, style: .title)
        let table = Rect(x: body.x, y: body.y + 4, width: body.width, height: max(0, body.height - 6))
        if workload.rows.isEmpty {
            grid.put("この期間の受付はありません。", at: table.origin, maxWidth: table.width, style: .normal)
        }
        for (row, r) in workload.rows.dropFirst(scroll).prefix(table.height).enumerated() {
            let cells = [r.procedure, r.clerk, "\(r.hour)時", "\(r.cases)", "\(r.closed)", DailyReportRenderer.duration(r.medianSeconds),
                         DailyReportRenderer.duration(r.p90Seconds), DailyReportRenderer.duration(r.totalSeconds)]
            let line = zip(cells, Self.columns).map { ClerkText.cell($0, $1.1) }.joined(separator: " ")
            grid.put(line, at: table.origin.down(row), maxWidth: table.width, style: .normal)
        }
        let cases = workload.rows.reduce(0) { $0 + $1.cases }
        grid.put("\(workload.rows.count) 行　受付 \(cases) 件（上下キー PgUp PgDn）", at: Point(x: body.x, y: body.maxY - 1), maxWidth: body.width,
                 style: .muted)
    }
}
