import JapaneseKit

/// A screen's worth of cells that views draw into and the backend puts on the terminal.
///
/// All text goes through `put`, which sanitizes it (`DisplaySanitizer`), so data-derived
/// text can never move the cursor or change the terminal's state, and never splits a wide
/// character: one that would straddle the right edge is left out and its column padded.
public struct CellGrid: Hashable, Sendable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]
    /// Where the terminal cursor should be shown (a focused text field), or nil to hide it.
    public var cursor: Point?

    public init(width: Int, height: Int, style: Style = .normal) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank(style), count: self.width * self.height)
    }

    /// The whole grid as a rectangle.
    public var area: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    public subscript(x: Int, y: Int) -> Cell {
        cells[y * width + x]
    }

    // MARK: - Writing

    /// Writes `text` from `point` in `style`, at most `maxWidth` columns and never past the
    /// right edge; returns the columns written.
    ///
    /// The text is sanitized first. A character that does not fit entirely is dropped and
    /// the column(s) left over are padded with blanks in `style`, so no half of a wide
    /// character is ever drawn. With `pad`, the whole `maxWidth` is filled with blanks after
    /// the text.
    @discardableResult
    public mutating func put(_ text: String, at point: Point, maxWidth: Int? = nil, style: Style = .normal,
                             pad: Bool = false) -> Int {
        guard point.y >= 0, point.y < height, point.x < width else { return 0 }
        let limit = min(maxWidth ?? Int.max, width - max(point.x, 0)) - max(0, -point.x)
        guard limit > 0 else { return 0 }
        var x = max(point.x, 0)
        let end = x + limit
        var clipped = false
        for character in DisplaySanitizer.sanitize(text) {
            let w = DisplayWidth.of(character)
            if w == 0 { continue }  // a lone zero-width character has no cell of its own
            if x + w > end {
                clipped = true
                break
            }
            set(character, width: w, x: x, y: point.y, style: style)
            x += w
        }
        let written = x - max(point.x, 0)
        if clipped || pad {
            while x < end {
                set(" ", width: 1, x: x, y: point.y, style: style)
                x += 1
            }
        }
        return pad ? limit : written
    }

    /// Fills `rect` (clipped to the grid) with blanks in `style`.
    public mutating func fill(_ rect: Rect, style: Style = .normal) {
        let x0 = max(rect.x, 0), x1 = min(rect.maxX, width)
        let y0 = max(rect.y, 0), y1 = min(rect.maxY, height)
        guard x0 < x1, y0 < y1 else { return }
        for y in y0..<y1 {
            for x in x0..<x1 { set(" ", width: 1, x: x, y: y, style: style) }
        }
    }

    /// Changes the style of the cells in `rect` without changing their text.
    public mutating func restyle(_ rect: Rect, style: Style) {
        let x0 = max(rect.x, 0), x1 = min(rect.maxX, width)
        let y0 = max(rect.y, 0), y1 = min(rect.maxY, height)
        guard x0 < x1, y0 < y1 else { return }
        for y in y0..<y1 {
            for x in x0..<x1 { cells[y * width + x].style = style }
        }
    }

    /// Puts one grapheme at (x, y), keeping wide characters whole: whatever wide character
    /// this overwrites part of is blanked entirely.
    private mutating func set(_ character: Character, width w: Int, x: Int, y: Int, style: Style) {
        let row = y * width
        for column in x..<(x + w) { clearWide(at: column, row: row) }
        cells[row + x] = Cell(character, width: w, style: style)
        for column in (x + 1)..<(x + w) { cells[row + column] = .continuation(style) }
    }

    /// If the cell at `column` belongs to a wide character, blanks all of that character.
    private mutating func clearWide(at column: Int, row: Int) {
        let cell = cells[row + column]
        if cell.isContinuation {
            var lead = column
            while lead > 0, cells[row + lead].isContinuation { lead -= 1 }
            blankCharacter(at: lead, row: row)
        } else if cell.width > 1 {
            blankCharacter(at: column, row: row)
        }
    }

    private mutating func blankCharacter(at lead: Int, row: Int) {
        let cell = cells[row + lead]
        let span = max(1, cell.width)
        for column in lead..<min(lead + span, width) { cells[row + column] = .blank(cell.style) }
    }

    // MARK: - Reading (tests, snapshots)

    /// Each row as text, continuation cells left out: a wide character reads as itself.
    public var rows: [String] {
        (0..<height).map { y in
            var line = ""
            for x in 0..<width {
                if let c = self[x, y].character { line.append(c) }
            }
            return line
        }
    }

    /// Each row as one `Style.maskCharacter` per column (continuation cells included), so a
    /// snapshot records exactly which columns carry which role.
    public var styleMask: [String] {
        (0..<height).map { y in String((0..<width).map { self[$0, y].style.maskCharacter }) }
    }

    /// The text of the cells in `rect`, row by row, continuation cells left out.
    public func text(in rect: Rect) -> [String] {
        let x0 = max(rect.x, 0), x1 = min(rect.maxX, width)
        let y0 = max(rect.y, 0), y1 = min(rect.maxY, height)
        guard x0 < x1, y0 < y1 else { return [] }
        return (y0..<y1).map { y in
            var line = ""
            for x in x0..<x1 { if let c = self[x, y].character { line.append(c) } }
            return line
        }
    }
}
