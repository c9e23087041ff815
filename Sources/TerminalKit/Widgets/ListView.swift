/// A scrolling list with one selected row: Up/Down, PageUp/PageDown, Home/End.
public struct ListView: Hashable, Sendable {
    /// How many rows the list has.
    public var count: Int { didSet { clamp() } }
    /// The selected row (0 when the list is empty).
    public private(set) var selection = 0
    /// The first row on screen.
    public private(set) var offset = 0
    /// Rows visible at once.
    public var pageSize: Int { didSet { clamp() } }

    public init(count: Int = 0, pageSize: Int = 10) {
        self.count = max(0, count)
        self.pageSize = max(1, pageSize)
    }

    /// Selects row `index` (clamped) and scrolls it into view.
    public mutating func select(_ index: Int) {
        selection = index
        clamp()
    }

    /// Applies a navigation key; true when the key was one.
    @discardableResult
    public mutating func update(_ key: Key) -> Bool {
        switch key {
        case .up: select(selection - 1)
        case .down: select(selection + 1)
        case .pageUp: select(selection - pageSize)
        case .pageDown: select(selection + pageSize)
        case .home: select(0)
        case .end: select(count - 1)
        default: return false
        }
        return true
    }

    /// The rows on screen now.
    public var visibleRange: Range<Int> { offset..<min(count, offset + pageSize) }

    private mutating func clamp() {
        selection = count == 0 ? 0 : min(max(selection, 0), count - 1)
        if selection < offset { offset = selection }
        if selection >= offset + pageSize { offset = selection - pageSize + 1 }
        offset = max(0, min(offset, max(0, count - pageSize)))
    }

    /// Draws the visible rows into `area`, each clipped and padded to its width, the
    /// selected row in `.selected`. `row(i)` gives the text of row `i`.
    public func render(into grid: inout CellGrid, area: Rect, style: Style = .normal, row: (Int) -> String) {
        for (line, index) in visibleRange.enumerated() where line < area.height {
            grid.put(row(index), at: area.origin.down(line), maxWidth: area.width,
                     style: index == selection ? .selected : style, pad: true)
        }
    }
}
