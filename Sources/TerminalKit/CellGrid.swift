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
    /// Whether the terminal draws East Asian Ambiguous characters (① ※ ○) two columns wide
    /// (`ambiguous_width: 2`): `put` then measures and clips them as wide.
    public let ambiguousWide: Bool

    public init(width: Int, height: Int, style: Style = .normal, ambiguousWide: Bool = false) {
        self.width = max(0, width)
        self.height = max(0, height)
        self.ambiguousWide = ambiguousWide
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
        // Scalars of the simple set are characters of their own (unless an extending scalar
        // follows), need no sanitizing and have a known width: they skip grapheme breaking
        // and the Unicode property lookups. Anything else goes one character at a time
        // through the general path; text with a scalar the sanitizer replaces goes through
        // it from there on.
        var scalars = text.unicodeScalars.makeIterator()
        var current = scalars.next()
        var following = scalars.next()
        var offset = 0  // UTF-8 offset of `current` in `text`
        var general: Substring?
        while let scalar = current {
            let w = Self.simpleWidth(scalar.value)
            if w > 0, following.map({ Self.simpleWidth($0.value) > 0 }) ?? true {
                if x + w > end {
                    clipped = true
                    break
                }
                set(Character(scalar), width: w, x: x, y: point.y, style: style)
                x += w
                offset += UTF8.width(scalar)
                current = following
                following = scalars.next()
                continue
            }
            let rest = text[text.utf8.index(text.utf8.startIndex, offsetBy: offset)...]
            let character = rest.first!
            if character.unicodeScalars.contains(where: DisplaySanitizer.isForbidden) {
                general = rest
                break
            }
            offset += character.utf8.count
            for _ in character.unicodeScalars {
                current = following
                following = scalars.next()
            }
            let cw = DisplayWidth.of(character, ambiguousWide: ambiguousWide)
            if cw == 0 { continue }  // a lone zero-width character has no cell of its own
            if x + cw > end {
                clipped = true
                break
            }
            set(character, width: cw, x: x, y: point.y, style: style)
            x += cw
        }
        if let general {
            for character in DisplaySanitizer.sanitize(String(general)) {
                let w = DisplayWidth.of(character, ambiguousWide: ambiguousWide)
                if w == 0 { continue }  // a lone zero-width character has no cell of its own
                if x + w > end {
                    clipped = true
                    break
                }
                set(character, width: w, x: x, y: point.y, style: style)
                x += w
            }
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

    /// The display width of a scalar in the simple set, 0 for any other scalar: printable
    /// ASCII and the common Japanese blocks below. None of these is a control, a format or
    /// combining character, or joins the scalar after it into one grapheme, so next to another
    /// one of the set each is a `Character` of its own, and the sanitizer leaves it as it is.
    @inline(__always)
    static func simpleWidth(_ v: UInt32) -> Int {
        switch v {
        case 0x20...0x7E: return 1
        case 0x3000...0x3029,  // ideographic space and punctuation (0x302A… are combining marks)
             0x3041...0x3096,  // hiragana (the combining sound marks 0x3099/0x309A excluded)
             0x30A1...0x30FE,  // katakana, middle dot, prolonged sound mark, iteration marks
             0x3400...0x4DBF, 0x4E00...0x9FFF,  // CJK ideographs
             0xFF01...0xFF60,  // full-width ASCII forms
             0x20000...0x2FFFD:  // CJK ideographs beyond the BMP (𠮷)
            return 2
        case 0xFF61...0xFF9D: return 1  // half-width katakana (the sound marks 0xFF9E/0xFF9F join: excluded)
        default: return 0
        }
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
