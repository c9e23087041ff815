import JapaneseKit

/// Columns of text with a header row; every cell clipped to its column without splitting
/// a wide character.
public struct Table: Hashable, Sendable {
    /// A column's title, width rule and alignment.
    public struct Column: Hashable, Sendable {
        public enum Width: Hashable, Sendable {
            /// Exactly this many columns.
            case fixed(Int)
            /// What is left after the fixed columns, shared between flexible ones, at least `min`.
            case flexible(min: Int)
        }

        public enum Alignment: Hashable, Sendable { case leading, trailing }

        public var title: String
        public var width: Width
        public var alignment: Alignment

        public init(_ title: String, width: Width, alignment: Alignment = .leading) {
            self.title = title
            self.width = width
            self.alignment = alignment
        }
    }

    public var columns: [Column]
    public var rows: [[String]]
    /// Columns between two table columns.
    public var spacing: Int

    public init(columns: [Column], rows: [[String]] = [], spacing: Int = 1) {
        self.columns = columns
        self.rows = rows
        self.spacing = spacing
    }

    /// The width each column gets in `totalWidth` columns.
    public func columnWidths(totalWidth: Int) -> [Int] {
        let gaps = spacing * max(0, columns.count - 1)
        let fixed = columns.reduce(0) { sum, c in if case .fixed(let n) = c.width { return sum + n } else { return sum } }
        let flexibleCount = columns.filter { if case .flexible = $0.width { return true } else { return false } }.count
        let remaining = max(0, totalWidth - gaps - fixed)
        var given = 0, seen = 0
        return columns.map { column in
            switch column.width {
            case .fixed(let n): return n
            case .flexible(let minimum):
                seen += 1
                // The last flexible column takes the rounding remainder.
                let share = seen == flexibleCount ? remaining - given : remaining / max(1, flexibleCount)
                given += share
                return max(minimum, share)
            }
        }
    }

    /// Draws the rows of `list`: its selection highlighted (with `highlight`) and kept on screen
    /// even when `area` holds fewer rows than the list's page (a banner took one).
    public func render(into grid: inout CellGrid, area: Rect, following list: ListView, highlight: Bool = true) {
        var first = list.visibleRange.lowerBound
        let shown = max(1, area.height - 1)
        if list.selection >= first + shown { first = list.selection - shown + 1 }
        render(into: &grid, area: area, selected: highlight ? list.selection : nil, firstRow: first)
    }

    /// Draws the header (`.title`) and as many rows as fit in `area`; `selected` highlights
    /// one data row; `firstRow` skips rows above it (for scrolling).
    public func render(into grid: inout CellGrid, area: Rect, selected: Int? = nil, firstRow: Int = 0) {
        guard !area.isEmpty else { return }
        let widths = columnWidths(totalWidth: area.width)
        drawRow(columns.map(\.title), widths: widths, into: &grid, at: area.origin, areaWidth: area.width, style: .title)
        for line in 0..<max(0, area.height - 1) {
            let index = firstRow + line
            guard index < rows.count else { break }
            drawRow(rows[index], widths: widths, into: &grid, at: area.origin.down(line + 1), areaWidth: area.width,
                    style: index == selected ? .selected : .normal)
        }
    }

    private func drawRow(_ values: [String], widths: [Int], into grid: inout CellGrid, at origin: Point,
                         areaWidth: Int, style: Style) {
        grid.put("", at: origin, maxWidth: areaWidth, style: style, pad: true)
        var x = 0
        for (i, column) in columns.enumerated() {
            let available = min(widths[i], areaWidth - x)
            guard available > 0 else { break }
            let value = i < values.count ? DisplaySanitizer.sanitize(values[i]) : ""
            var start = x
            if column.alignment == .trailing {
                start += max(0, available - DisplayWidth.of(value))
            }
            grid.put(value, at: origin.right(start), maxWidth: available - (start - x), style: style)
            x += widths[i] + spacing
        }
    }
}
