import CounterCore
import JapaneseKit
import TerminalKit

/// 日計: the daily report of one day over every journal directory (today unless another date
/// is typed), scrollable; F5 prints the 日計表, F6 closes the day after a confirmation (the
/// seal, then the 日計表 printed), F7 matches the day against a settlement file.
public struct DailyReportScreen: CounterScreen, SupervisorNotices {
    var date = TextField("", visibleWidth: 14, maxLength: 20)
    public private(set) var report: DailyReport?
    /// The 日計表 as text, one row per line.
    public private(set) var lines: [String] = []
    var scroll = 0
    /// What is under way (…しています), nil when idle.
    var working: String? = "日計を読み込んでいます"
    var message: Notice?
    var pending: PendingConfirm?

    public init() {}

    public var title: String { "日計" }

    public var keyMap: KeyMap<Action> {
        if pending != nil { return PendingConfirm.keyMap }
        return KeyMap([
            KeyBinding(.enter, "表示", help: "入力した日付の日計を表示します（R8.12.2、2026-12-02 など。空欄は今日）",
                       action: .supervisor(.open)),
            KeyBinding(.function(5), "印刷", help: "表示している日の日計表を印刷します", action: .supervisor(.print)),
            KeyBinding(.function(6), "締め", help: "表示している日を締めます（確認のあと封印を記録し、日計表を印刷します）",
                       action: .supervisor(.closeDay)),
            KeyBinding(.function(7), "突合", help: "精算ファイル（settlement_dir）を選んで、この日のキャッシュレス決済と照合します",
                       action: .supervisor(.reconcile)),
        ]).merging(KeyMaps.common)
    }

    /// The day of the report shown.
    var day: CivilDate? { report.flatMap { CivilDate(iso: $0.date) } }

    public mutating func perform(_ action: Action) -> [ScreenCommand] {
        if pending != nil { return answer(action == .supervisor(.confirm) ? .enter : .escape) }
        guard working == nil else { return [] }
        switch action {
        case .supervisor(.open):
            switch SupervisorText.date(date.text, field: "日付") {
            case .failure(let refusal):
                date.setText("")
                message = Notice(refusal.message, .error)
            case .success(let day):
                working = "日計を読み込んでいます"
                message = nil
                return [.run(.supervisor(.dailyReport(day)))]
            }
        case .supervisor(.print):
            guard let day else { break }
            working = "日計表を印刷しています"
            return [.run(.supervisor(.printDailyReport(day)))]
        case .supervisor(.closeDay):
            guard let day, let report else { break }
            if report.seal != nil {
                message = Notice("\(day.iso) はもう締めてあります。日計表は F5 で印刷できます。", .warning)
                break
            }
            pending = PendingConfirm(
                dialog: .confirm("日計締め", message: ["\(day.warekiLong)（\(day.iso)）の日計を締めます。",
                                                       "締めた後、この端末ではこの日の支払を受け付けません。",
                                                       "封印を記録して日計表を印刷します。よろしいですか。"],
                                 confirm: "締める", cancel: "やめる", style: .warning),
                effect: .closeDay(day), working: "日計を締めています…")
        case .supervisor(.reconcile):
            guard let day else { break }
            return [.push(AnyScreen(ReconcileScreen(day: day))), .run(.supervisor(.settlementFiles))]
        default:
            break
        }
        return []
    }

    private mutating func answer(_ key: Key) -> [ScreenCommand] {
        PendingConfirm.answer(&pending, key, working: &working, message: &message, cancelled: "締めませんでした。")
    }

    public mutating func handle(_ key: Key) -> [ScreenCommand]? {
        if pending != nil { return answer(key) }
        if let first = SupervisorText.scrolled(scroll, by: key, count: lines.count) {
            scroll = first
            return []
        }
        guard date.handle(key) != .ignored else { return nil }
        message = nil
        return []
    }

    public mutating func receive(_ msg: Msg) -> [ScreenCommand] {
        guard case .supervisor(let result) = msg, !note(result) else { return [] }
        switch result {
        case .dailyReport(let report):
            show(report)
            message = nil
        case let .dayClosed(report, printed):
            show(report, note: "  日計表: \(printed)")
            // The seal's section in view; the whole hash fits the line above the report.
            scroll = max(0, (lines.firstIndex { $0.hasPrefix("【日計締め") } ?? 1) - 1)
            message = Notice("締め済　封印 \(report.seal?.hash ?? "")", .title)
        default:
            return []
        }
        return []
    }

    private mutating func show(_ report: DailyReport, note: String? = nil) {
        self.report = report
        working = nil
        lines = DailyReportRenderer.text(report, sealNote: note, unclosedNote: "（この日はまだ締めていません: F6 で締めます）")
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        scroll = 0
        if let day = CivilDate(iso: report.date) { date.setText(day.iso) }
    }

    public func render(into grid: inout CellGrid, area: Rect) {
        let body = area.inset(dx: 1, dy: 0)
        grid.put("日付", at: body.origin, style: .normal)
        date.render(into: &grid, area: Rect(x: body.x + 6, y: body.y, width: 14, height: 1), style: .selected, focused: pending == nil)
        grid.put("Enter で表示（空欄は今日）", at: Point(x: body.x + 22, y: body.y), maxWidth: max(0, body.width - 22), style: .muted)
        let status = working.map { Notice($0, .muted) } ?? message ?? Notice("", .normal)
        grid.put(status.text, at: body.origin.down(1), maxWidth: body.width, style: status.style)
        let text = Rect(x: body.x, y: body.y + 2, width: body.width, height: max(0, body.height - 3))
        for (row, line) in lines.dropFirst(scroll).prefix(text.height).enumerated() {
            grid.put(line, at: text.origin.down(row), maxWidth: text.width, style: line.hasPrefix("＊") ? .warning : .normal)
        }
        if !lines.isEmpty {
            let last = min(lines.count, scroll + text.height)
            grid.put("\(scroll + 1)〜\(last) / \(lines.count) 行（上下キー PgUp PgDn）", at: Point(x: body.x, y: body.maxY - 1),
                     maxWidth: body.width, style: .muted)
        }
        if let pending { pending.dialog.render(into: &grid, area: area) }
    }
}
