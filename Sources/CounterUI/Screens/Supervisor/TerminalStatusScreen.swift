import CounterCore
import Foundation
import TerminalKit

/// 本日の状況: each terminal's day so far over every journal source (last record, records,
/// open cases, payments and voids, journal verification, whether the day is closed).
/// Read again every `refreshSeconds` on the clock's tick, and on F5.
public struct TerminalStatusScreen: CounterScreen {
    /// Seconds between automatic refreshes.
    static let refreshSeconds: TimeInterval = 10

    public private(set) var terminals: [TerminalStatus] = []
    /// When the figures shown were read; nil before the first answer.
    public private(set) var readAt: Date?
    /// A read is under way.
    public private(set) var reading = true
    /// When the next automatic read is due (set by the first tick).
    var due: Date?
    var message: String?

    public init() {}

    public var title: String { "本日の状況" }

    public var keyMap: KeyMap<Action> {
        KeyMap([
            KeyBinding(.function(5), "更新", help: "いまの状況を読み直します（10秒ごとにも読み直します）", action: .supervisor(.refresh)),
        ]).merging(KeyMaps.common)
    }

    public mutating func perform(_ action: Action) -> [ScreenCommand] {
        guard action == .supervisor(.refresh) else { return [] }
        return refresh()
    }

    private mutating func refresh() -> [ScreenCommand] {
        guard !reading else { return [] }
        reading = true
        return [.run(.supervisor(.status))]
    }

    public mutating func receive(_ msg: Msg) -> [ScreenCommand] {
        switch msg {
        case .tick(let now):
            guard let due, now >= due else {
                if self.due == nil { self.due = now.addingTimeInterval(Self.refreshSeconds) }
                return []
            }
            self.due = now.addingTimeInterval(Self.refreshSeconds)
            return refresh()
        case .supervisor(.status(let terminals, let at)):
            self.terminals = terminals
            readAt = at
            reading = false
            message = nil
            return []
        case .supervisor(.failed(let text)):
            reading = false
            message = text
            return []
        default:
            return []
        }
    }

    static let columns: [(String, Int)] = [("端末", 18), ("最終記録", 9), ("記録数", 7), ("未完了", 7), ("支払", 6), ("取消", 6),
                                           ("検証", 6), ("締め", 8)]

    public func render(into grid: inout CellGrid, area: Rect) {
        let body = area.inset(dx: 1, dy: 0)
        let state = reading ? "状況を読み込んでいます" : readAt.map { "\(SupervisorText.clock($0)) 現在（10秒ごとに更新、F5 で今すぐ）" } ?? ""
        grid.put(state, at: body.origin, maxWidth: body.width, style: .muted)
        let header = Self.columns.map { ClerkText.cell($0.0, $0.1) }.joined(separator: " ")
        grid.put(header, at: body.origin.down(2), maxWidth: body.width, style: .title)
        var y = body.y + 3
        if terminals.isEmpty, !reading, message == nil {
            grid.put("今日の記録はまだありません。", at: Point(x: body.x, y: y), maxWidth: body.width, style: .normal)
        }
        for t in terminals where y < body.maxY - 2 {
            let cells = [t.terminal, t.lastRecord.map(SupervisorText.time(ofStamp:)) ?? "-", "\(t.records)", "\(t.openCases)",
                         "\(t.payments)", "\(t.voids)", t.verify, t.dayClosed ? "締め済" : "未"]
            let line = zip(cells, Self.columns).map { ClerkText.cell($0, $1.1) }.joined(separator: " ")
            let style: Style = t.verify == "FAIL" ? .error : (t.verify == "WARN" ? .warning : .normal)
            grid.put(line, at: Point(x: body.x, y: y), maxWidth: body.width, style: style)
            y += 1
        }
        if let message {
            grid.put(message, at: Point(x: body.x, y: body.maxY - 1), maxWidth: body.width, style: .warning)
        } else if terminals.contains(where: { $0.verify != "PASS" }) {
            grid.put("検証 WARN・FAIL の端末は madoguchi journal verify で詳しく確かめてください。", at: Point(x: body.x, y: body.maxY - 1),
                     maxWidth: body.width, style: .warning)
        }
    }
}
