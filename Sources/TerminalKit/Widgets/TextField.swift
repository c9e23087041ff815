import JapaneseKit

/// A one-line text field for Japanese input.
///
/// The cursor moves by Character (a grapheme: ﾀﾞ and が are one step), its column is the
/// display width of the text before it, and the view scrolls horizontally so the cursor
/// always shows. Pasted or IME-committed text arrives as many characters at once and is
/// inserted up to `maxLength` characters; control characters in it are dropped.
public struct TextField: Hashable, Sendable {
    /// The characters typed so far.
    public private(set) var characters: [Character]
    /// The cursor, as an index into `characters` (0 … count).
    public private(set) var cursor: Int
    /// The first visible character.
    public private(set) var scrollOffset = 0
    /// Columns the field has on screen.
    public var visibleWidth: Int { didSet { scrollToCursor() } }
    /// The most characters the field accepts, if limited.
    public var maxLength: Int?

    /// What a key did to the field.
    public enum Outcome: Equatable, Sendable {
        /// Not a key for a text field: the screen should handle it.
        case ignored
        /// The cursor moved, the text did not change.
        case moved
        /// The text changed.
        case changed
    }

    public init(_ text: String = "", visibleWidth: Int = 20, maxLength: Int? = nil) {
        var chars = Array(text)
        if let maxLength { chars = Array(chars.prefix(maxLength)) }
        characters = chars
        cursor = chars.count
        self.visibleWidth = max(1, visibleWidth)
        self.maxLength = maxLength
        scrollToCursor()
    }

    public var text: String { String(characters) }

    /// The display width of the text before the cursor.
    public var cursorColumn: Int { DisplayWidth.of(String(characters[..<cursor])) }

    /// The cursor's column inside the visible part of the field.
    public var visibleCursorColumn: Int { DisplayWidth.of(String(characters[scrollOffset..<cursor])) }

    /// The part of the text that shows, never splitting a wide character.
    public var visibleText: String {
        String(DisplayWidth.prefix(String(characters[scrollOffset...]), fitting: visibleWidth).text)
    }

    /// Replaces the text and puts the cursor at its end.
    public mutating func setText(_ text: String) {
        characters = Array(text)
        if let maxLength { characters = Array(characters.prefix(maxLength)) }
        cursor = characters.count
        scrollOffset = 0
        scrollToCursor()
    }

    /// Applies `key`; true when the text changed.
    @discardableResult
    public mutating func update(_ key: Key) -> Bool { handle(key) == .changed }

    /// Applies `key` and says what it did.
    public mutating func handle(_ key: Key) -> Outcome {
        let outcome: Outcome
        switch key {
        case .character(let c): outcome = insert(String(c))
        case .text(let s): outcome = insert(s)
        case .left:
            guard cursor > 0 else { return .moved }
            cursor -= 1
            outcome = .moved
        case .right:
            guard cursor < characters.count else { return .moved }
            cursor += 1
            outcome = .moved
        case .home, .control("a"):
            cursor = 0
            outcome = .moved
        case .end, .control("e"):
            cursor = characters.count
            outcome = .moved
        case .backspace:
            guard cursor > 0 else { return .moved }
            characters.remove(at: cursor - 1)
            cursor -= 1
            outcome = .changed
        case .delete, .control("d"):
            guard cursor < characters.count else { return .moved }
            characters.remove(at: cursor)
            outcome = .changed
        case .control("u"):
            guard cursor > 0 else { return .moved }
            characters.removeSubrange(0..<cursor)
            cursor = 0
            outcome = .changed
        case .control("k"):
            guard cursor < characters.count else { return .moved }
            characters.removeSubrange(cursor...)
            outcome = .changed
        default:
            return .ignored
        }
        scrollToCursor()
        return outcome
    }

    private mutating func insert(_ text: String) -> Outcome {
        // Controls (a pasted newline or tab) would corrupt a one-line field: drop them.
        var incoming = text.filter { c in !c.unicodeScalars.contains(where: DisplaySanitizer.isForbidden) }
        if let maxLength { incoming = String(incoming.prefix(max(0, maxLength - characters.count))) }
        guard !incoming.isEmpty else { return .ignored }
        characters.insert(contentsOf: incoming, at: cursor)
        cursor += incoming.count
        return .changed
    }

    /// Keeps the cursor visible, with one column for the cursor itself at the end.
    private mutating func scrollToCursor() {
        if cursor < scrollOffset { scrollOffset = cursor }
        while scrollOffset < cursor,
              DisplayWidth.of(String(characters[scrollOffset..<cursor])) + 1 > visibleWidth {
            scrollOffset += 1
        }
    }

    /// Draws the visible text in `area`'s first row, padded; with `focused`, puts the
    /// grid's cursor where typing goes.
    public func render(into grid: inout CellGrid, area: Rect, style: Style = .selected, focused: Bool = true) {
        guard !area.isEmpty else { return }
        grid.put(visibleText, at: area.origin, maxWidth: min(area.width, visibleWidth), style: style, pad: true)
        if focused { grid.cursor = area.origin.right(min(visibleCursorColumn, area.width - 1)) }
    }
}
