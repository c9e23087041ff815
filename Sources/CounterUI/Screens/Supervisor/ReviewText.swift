import Foundation
import CounterCore
import JapaneseKit
import TerminalKit

/// Wording and small helpers shared by the 点検 and アクセス履歴 screens.
enum ReviewText {
    /// "12/02 10:42" of a journal stamp (`2026-12-02T10:42:00.123+09:00`); the text itself
    /// (sanitized by the grid) when it is not one.
    static func time(_ ts: String?) -> String {
        guard let ts else { return "" }
        let chars = Array(ts)
        guard chars.count >= 16, chars[4] == "-", chars[10] == "T" else { return ts }
        return String(chars[5...6]) + "/" + String(chars[8...9]) + " " + String(chars[11...15])
    }

    /// The same day a year earlier (2月29日 becomes 2月28日).
    static func yearBefore(_ day: CivilDate) -> CivilDate {
        CivilDate(year: day.year - 1, month: day.month, day: day.day) ?? CivilDate(year: day.year - 1, month: day.month, day: 28)!
    }

    /// "高 2・中 3・低 0".
    static func counts(_ findings: [ReviewFinding]) -> String {
        ReviewSeverity.allCases.map { sev in "\(sev.label) \(findings.filter { $0.severity == sev }.count)" }.joined(separator: "・")
    }

    /// What the verification status means, for the line at the top.
    static func status(_ status: String) -> (String, Style) {
        switch status {
        case "PASS": return ("検証 PASS", .normal)
        case "WARN": return ("検証 WARN（指摘を確かめてください）", .warning)
        default: return ("検証 \(status)（記録の改ざん・欠落の疑い：指摘を確かめてください）", .error)
        }
    }

    /// Draws a date field with its label at `point`; returns the column after it.
    @discardableResult
    static func field(_ label: String, _ field: TextField, placeholder: String, focused: Bool, at point: Point,
                      into grid: inout CellGrid) -> Int {
        let labelWidth = grid.put(label, at: point)
        var f = field
        f.visibleWidth = 12
        let area = Rect(x: point.x + labelWidth, y: point.y, width: 12, height: 1)
        f.render(into: &grid, area: area, style: focused ? .selected : .normal, focused: focused)
        if field.text.isEmpty, !focused { grid.put(placeholder, at: area.origin, maxWidth: 12, style: .muted) }
        return area.maxX
    }
}
