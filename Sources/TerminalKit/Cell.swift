/// One terminal cell.
///
/// A character wider than one column occupies its own cell plus `width - 1` continuation
/// cells to its right; continuation cells draw nothing.
public struct Cell: Hashable, Sendable {
    /// The grapheme drawn here ("" in a continuation cell).
    public var character: Character?
    /// Columns the grapheme covers (1 or 2 for almost everything; 0 in a continuation cell).
    public var width: Int
    public var style: Style

    public init(_ character: Character, width: Int = 1, style: Style = .normal) {
        self.character = character
        self.width = width
        self.style = style
    }

    private init(continuationStyle style: Style) {
        character = nil
        width = 0
        self.style = style
    }

    /// A blank cell.
    public static func blank(_ style: Style = .normal) -> Cell { Cell(" ", width: 1, style: style) }

    /// The right-hand part of a wide character.
    public static func continuation(_ style: Style) -> Cell { Cell(continuationStyle: style) }

    public var isContinuation: Bool { character == nil }
}
