import TerminalKit

/// 管理者メニュー: the bottom of the 管理者モード stack. A number key opens an entry; so do
/// ↑↓ and Enter.
public struct SupervisorMenuScreen: CounterScreen {
    /// One entry: its label, what it is for, and the screen it opens with its first effect.
    struct Entry: Sendable {
        var label: String
        var summary: String
        var open: [ScreenCommand]
    }

    static let entries: [Entry] = [
        Entry(label: "本日の状況", summary: "端末ごとの最終記録・件数・検証・締め",
              open: [.push(AnyScreen(TerminalStatusScreen())), .run(.supervisor(.status))]),
        Entry(label: "日計", summary: "日計表の表示・印刷、日計締め、精算ファイルとの突合",
              open: [.push(AnyScreen(DailyReportScreen())), .run(.supervisor(.dailyReport(nil)))]),
        Entry(label: "点検", summary: "アクセス記録の点検（今日の分から）・処置と署名・点検記録の印刷",
              open: [.push(AnyScreen(ReviewScreen(running: true))), .run(.review(.run(from: nil, to: nil)))]),
        Entry(label: "アクセス履歴", summary: "一人の住民の記録を誰がいつ見たか（本人開示）・印刷",
              open: [.push(AnyScreen(AccessHistoryScreen()))]),
        Entry(label: "担当者", summary: "ロックの解除・無効化",
              open: [.push(AnyScreen(ClerkListScreen())), .run(.supervisor(.clerks))]),
        Entry(label: "業務量", summary: "手続・担当者・時台ごとの件数と処理時間、CSV出力",
              open: [.push(AnyScreen(WorkloadScreen())), .run(.supervisor(.workload(from: nil, to: nil)))]),
    ]

    var list = ListView(count: SupervisorMenuScreen.entries.count, pageSize: SupervisorMenuScreen.entries.count)

    public init() {}

    public var title: String { "管理者メニュー" }

    public var keyMap: KeyMap<Action> {
        KeyMap([
            KeyBinding(.enter, "開く", help: "選んだ項目を開きます（番号キーでも開けます）", action: .supervisor(.open)),
            KeyBinding(.function(10), "サインアウト", help: "サインアウトします（交代するとき）", action: .supervisor(.signOut)),
        ]).merging(KeyMaps.common)
    }

    public mutating func perform(_ action: Action) -> [ScreenCommand] {
        switch action {
        case .supervisor(.open): return Self.entries[list.selection].open
        case .supervisor(.signOut): return [.session(.signOut)]
        default: return []
        }
    }

    public mutating func handle(_ key: Key) -> [ScreenCommand]? {
        switch key {
        case .up, .down, .home, .end:
            _ = list.update(key)
            return []
        case .character(let c):
            guard let n = c.wholeNumberValue, Self.entries.indices.contains(n - 1) else { return nil }
            list.select(n - 1)
            return Self.entries[n - 1].open
        default:
            return nil
        }
    }

    public func render(into grid: inout CellGrid, area: Rect) {
        let body = area.inset(dx: 2, dy: 1)
        grid.put("番号キー、または上下キーで選んで Enter で開きます。", at: body.origin, maxWidth: body.width, style: .muted)
        for (i, entry) in Self.entries.enumerated() {
            let y = body.y + 2 + i * 2
            guard y < body.maxY else { break }
            let selected = i == list.selection
            let label = " \(i + 1)  " + ClerkText.cell(entry.label, 14)
            let used = grid.put(label, at: Point(x: body.x, y: y), maxWidth: body.width, style: selected ? .selected : .normal)
            grid.put(entry.summary, at: Point(x: body.x + used + 1, y: y), maxWidth: max(0, body.width - used - 1), style: .muted)
        }
    }
}
