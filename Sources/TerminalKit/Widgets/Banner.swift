import JapaneseKit

/// A full-width row that must not be missed, such as 研修モード: text centred in `.banner`.
public struct Banner: Hashable, Sendable {
    public var text: String
    public var style: Style

    public init(_ text: String, style: Style = .banner) {
        self.text = text
        self.style = style
    }

    public func render(into grid: inout CellGrid, area: Rect) {
        guard !area.isEmpty else { return }
        grid.fill(area.row(0), style: style)
        let width = min(DisplayWidth.of(DisplaySanitizer.sanitize(text)), area.width)
        grid.put(text, at: area.origin.right((area.width - width) / 2), maxWidth: area.width, style: style)
    }
}
