/// A position on the screen: `x` is the column, `y` the row, both from 0 at the top left.
public struct Point: Hashable, Sendable, CustomStringConvertible {
    public var x: Int
    public var y: Int

    public init(x: Int, y: Int) {
        self.x = x
        self.y = y
    }

    /// The point `rows` rows further down.
    public func down(_ rows: Int = 1) -> Point { Point(x: x, y: y + rows) }
    /// The point `columns` columns further right.
    public func right(_ columns: Int = 1) -> Point { Point(x: x + columns, y: y) }

    public var description: String { "(\(x),\(y))" }
}

/// A rectangle of cells. Layout helpers split it the way screens are laid out: title bar on
/// top, key bar at the bottom, the main area in between.
///
/// Sizes never go negative: splitting more than there is leaves an empty part.
public struct Rect: Hashable, Sendable, CustomStringConvertible {
    public var origin: Point
    public var width: Int
    public var height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        origin = Point(x: x, y: y)
        self.width = max(0, width)
        self.height = max(0, height)
    }

    public var x: Int { origin.x }
    public var y: Int { origin.y }
    /// One past the last column.
    public var maxX: Int { origin.x + width }
    /// One past the last row.
    public var maxY: Int { origin.y + height }
    public var isEmpty: Bool { width == 0 || height == 0 }

    public func contains(_ p: Point) -> Bool { p.x >= x && p.x < maxX && p.y >= y && p.y < maxY }

    /// The row `index` of this rectangle as a one-row rectangle.
    public func row(_ index: Int) -> Rect { Rect(x: x, y: y + index, width: width, height: index < height ? 1 : 0) }

    /// The top `rows` rows, and the rest.
    public func splitTop(_ rows: Int) -> (top: Rect, rest: Rect) {
        let n = min(max(0, rows), height)
        return (Rect(x: x, y: y, width: width, height: n), Rect(x: x, y: y + n, width: width, height: height - n))
    }

    /// The bottom `rows` rows, and the rest above them.
    public func splitBottom(_ rows: Int) -> (bottom: Rect, rest: Rect) {
        let n = min(max(0, rows), height)
        return (Rect(x: x, y: maxY - n, width: width, height: n), Rect(x: x, y: y, width: width, height: height - n))
    }

    /// The left `columns` columns, and the rest.
    public func splitLeft(_ columns: Int) -> (left: Rect, rest: Rect) {
        let n = min(max(0, columns), width)
        return (Rect(x: x, y: y, width: n, height: height), Rect(x: x + n, y: y, width: width - n, height: height))
    }

    /// The right `columns` columns, and the rest to their left.
    public func splitRight(_ columns: Int) -> (right: Rect, rest: Rect) {
        let n = min(max(0, columns), width)
        return (Rect(x: maxX - n, y: y, width: n, height: height), Rect(x: x, y: y, width: width - n, height: height))
    }

    /// This rectangle shrunk by `dx` columns on each side and `dy` rows at top and bottom.
    public func inset(dx: Int, dy: Int) -> Rect {
        Rect(x: x + dx, y: y + dy, width: width - 2 * dx, height: height - 2 * dy)
    }

    /// This rectangle shrunk by `n` on every side.
    public func inset(_ n: Int) -> Rect { inset(dx: n, dy: n) }

    /// A box of at most `width`×`height` centred in this rectangle (clamped to fit).
    public func centered(width w: Int, height h: Int) -> Rect {
        let cw = min(max(0, w), width), ch = min(max(0, h), height)
        return Rect(x: x + (width - cw) / 2, y: y + (height - ch) / 2, width: cw, height: ch)
    }

    public var description: String { "Rect(x: \(x), y: \(y), \(width)×\(height))" }
}
