import CounterCore
import JapaneseKit
import TerminalKit

/// 突合: the CSV files of `settlement_dir`, newest first; Enter matches the day's cashless
/// records against the chosen one (一致・記録のみ・精算のみ・金額相違), F5 prints the result.
public struct ReconcileScreen: CounterScreen, SupervisorNotices {
    public let day: CivilDate
    public private(set) var files: [String] = []
    var list = ListView(count: 0, pageSize: 6)
    public private(set) var result: Reconciler.Result?
    /// The file `result` was matched against.
    public private(set) var resultFile: String?
    var lines: [String] = []
    var scroll = 0
    var working: String? = "精算ファイルを探しています"
    var message: Notice?

    public init(day: CivilDate) { self.day = day }

    public var title: String { "突合" }

    public var keyMap: KeyMap<Action> {
        KeyMap([
            KeyBinding(.enter, "照合", help: "選んだ精算ファイルとこの日の記録を照合します", action: .supervisor(.open)),
            KeyBinding(.function(5), "印刷", help: "照合の結果を印刷します", action: .supervisor(.print)),
        ]).merging(KeyMaps.common)
    }

    public mutating func perform(_ action: Action) -> [ScreenCommand] {
        guard working == nil else { return [] }
        switch action {
        case .supervisor(.open):
            guard files.indices.contains(list.selection) else { return [] }
            working = "照合しています"
            message = nil
            return [.run(.supervisor(.reconcile(day, file: files[list.selection])))]
        case .supervisor(.print):
            guard let resultFile else {
                message = Notice("先に精算ファイルを選んで Enter で照合してください。", .warning)
                return []
            }
            working = "照合の結果を印刷しています"
            return [.run(.supervisor(.printReconciliation(day, file: resultFile)))]
        default:
            return []
        }
    }

    public mutating func handle(_ key: Key) -> [ScreenCommand]? {
        switch key {
        case .up, .down, .home, .end:
            _ = list.update(key)
        case .pageUp, .pageDown: scroll = SupervisorText.scrolled(scroll, by: key, count: lines.count) ?? scroll
        default: return nil
        }
        return []
    }

    public mutating func receive(_ msg: Msg) -> [ScreenCommand] {
        guard case .supervisor(let answer) = msg, !note(answer) else { return [] }
        switch answer {
        case .settlementFiles(let names):
            working = nil
            files = names
            list.count = names.count
            if names.isEmpty { message = Notice("精算ファイル（.csv）がフォルダにありません。精算ファイルを置いてから開き直してください。", .warning) }
        case let .reconciled(file, result):
            working = nil
            self.result = result
            resultFile = file
            lines = Reconciler.text(result).split(separator: "\n").map(String.init)
            scroll = 0
            message = result.isClean ? Notice("すべて一致しました。", .normal) : Notice("一致しない決済があります。下の一覧を確かめてください。", .warning)
        default:
            return []
        }
        return []
    }

    public func render(into grid: inout CellGrid, area: Rect) {
        let body = area.inset(dx: 1, dy: 0)
        grid.put("\(day.warekiLong)（\(day.iso)）のキャッシュレス決済を精算ファイルと照合します。", at: body.origin, maxWidth: body.width,
                 style: .normal)
        let status = working.map { Notice($0, .muted) } ?? message ?? Notice("上下キーで精算ファイルを選び、Enter で照合します。", .muted)
        grid.put(status.text, at: body.origin.down(1), maxWidth: body.width, style: status.style)
        let listArea = Rect(x: body.x, y: body.y + 3, width: body.width, height: min(list.pageSize, max(0, body.height - 4)))
        for (row, index) in list.visibleRange.enumerated() where row < listArea.height {
            let selected = index == list.selection
            grid.put((index == resultFile.flatMap(files.firstIndex(of:)) ? "* " : "  ") + files[index], at: listArea.origin.down(row),
                     maxWidth: listArea.width, style: selected ? .selected : .normal, pad: selected)
        }
        guard let result else { return }
        let summary = "一致 \(result.matched.count)件　記録のみ \(result.onlyInJournal.count)件　精算のみ \(result.onlyInSettlement.count)件　"
            + "金額相違 \(result.amountDiffers.count)件"
        let top = listArea.maxY + 1
        grid.put(summary, at: Point(x: body.x, y: top), maxWidth: body.width, style: result.isClean ? .title : .warning)
        let text = Rect(x: body.x, y: top + 1, width: body.width, height: max(0, body.maxY - top - 1))
        // The first line of the text repeats the summary above.
        for (row, line) in lines.dropFirst(1 + scroll).prefix(text.height).enumerated() {
            grid.put(line, at: text.origin.down(row), maxWidth: text.width, style: .normal)
        }
    }
}
