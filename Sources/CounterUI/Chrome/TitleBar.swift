import Foundation
import JapaneseKit
import TerminalKit

/// The top row: city and mode on the left; terminal id, clerk and clock on the right. The
/// left part gives way (is clipped) first, so the clock and the clerk always show.
public enum TitleBar {
    /// Columns the clock takes ("11/25(水) 10:42").
    public static let clockWidth = 15

    /// Where the clock is drawn in a title bar `area` (snapshots mask it).
    public static func clockArea(in area: Rect) -> Rect {
        Rect(x: area.maxX - clockWidth - 1, y: area.y, width: clockWidth, height: 1)
    }

    /// "11/25(水) 10:42" in Japan time.
    public static func clockText(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Tokyo")!
        let c = calendar.dateComponents([.month, .day, .hour, .minute, .weekday], from: date)
        let weekday = ["日", "月", "火", "水", "木", "金", "土"][(c.weekday ?? 1) - 1]
        func two(_ n: Int?) -> String { n.map { $0 < 10 ? "0\($0)" : "\($0)" } ?? "--" }
        return "\(two(c.month))/\(two(c.day))(\(weekday)) \(two(c.hour)):\(two(c.minute))"
    }

    public static func render(into grid: inout CellGrid, area: Rect, context: CounterContext, mode: Mode,
                              now: Date) {
        guard !area.isEmpty else { return }
        grid.fill(area.row(0), style: .title)
        let clock = clockArea(in: area)
        grid.put(clockText(now), at: clock.origin, maxWidth: clock.width, style: .title)
        let terminal = String(DisplayWidth.prefix(context.terminalID, fitting: 12).text)
        let right = "端末 \(terminal)  担当 \(context.clerk ?? "未サインイン")  "
        let rightWidth = min(DisplayWidth.of(DisplaySanitizer.sanitize(right)), max(0, clock.x - area.x - 12))
        let rightStart = clock.x - rightWidth
        grid.put(right, at: Point(x: rightStart, y: area.y), maxWidth: rightWidth, style: .title)
        let left = " \(context.cityName) 総合窓口  \(mode.title)"
        grid.put(left, at: area.origin, maxWidth: max(0, rightStart - area.x - 1), style: .title)
    }
}
