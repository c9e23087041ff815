/// The role a cell plays. Screens pick roles; a `Theme` decides what they look like, so a
/// monochrome terminal and `NO_COLOR` still show every distinction.
public enum Style: UInt8, CaseIterable, Hashable, Sendable {
    case normal = 0
    case title
    case selected
    case muted
    case warning
    case error
    case banner
    /// A key name in the key bar ("F1").
    case key

    /// One character per role for snapshot masks: `.` normal, `T` title, `S` selected,
    /// `m` muted, `W` warning, `E` error, `B` banner, `K` key.
    public var maskCharacter: Character {
        switch self {
        case .normal: return "."
        case .title: return "T"
        case .selected: return "S"
        case .muted: return "m"
        case .warning: return "W"
        case .error: return "E"
        case .banner: return "B"
        case .key: return "K"
        }
    }
}

/// The eight basic terminal colours (every colour terminal has them).
public enum TerminalColor: Int, Hashable, Sendable {
    case black = 0, red, green, yellow, blue, magenta, cyan, white
}

/// How a role is drawn: optional colours plus attributes that read without colour.
public struct StyleAttributes: Hashable, Sendable {
    public var foreground: TerminalColor?
    public var background: TerminalColor?
    public var bold = false
    public var underline = false
    public var reverse = false
    public var dim = false

    public init(foreground: TerminalColor? = nil, background: TerminalColor? = nil,
                bold: Bool = false, underline: Bool = false, reverse: Bool = false, dim: Bool = false) {
        self.foreground = foreground
        self.background = background
        self.bold = bold
        self.underline = underline
        self.reverse = reverse
        self.dim = dim
    }

    public var hasColor: Bool { foreground != nil || background != nil }
}

/// Maps every `Style` to attributes.
public struct Theme: Hashable, Sendable {
    public var attributes: [Style: StyleAttributes]
    /// Whether the theme uses colour at all.
    public var usesColor: Bool

    public init(attributes: [Style: StyleAttributes], usesColor: Bool) {
        self.attributes = attributes
        self.usesColor = usesColor
    }

    public subscript(style: Style) -> StyleAttributes { attributes[style] ?? StyleAttributes() }

    /// Attributes only: reverse for bars and selection, bold and underline for warnings,
    /// dim for muted text. Every role stays distinguishable in black and white.
    public static let monochrome = Theme(attributes: [
        .normal: StyleAttributes(),
        .title: StyleAttributes(bold: true, reverse: true),
        .selected: StyleAttributes(reverse: true),
        .muted: StyleAttributes(dim: true),
        .warning: StyleAttributes(bold: true, underline: true),
        .error: StyleAttributes(bold: true, underline: true, reverse: true),
        .banner: StyleAttributes(bold: true, reverse: true),
        .key: StyleAttributes(bold: true, reverse: true),
    ], usesColor: false)

    /// Colours on top of the monochrome attributes (which stay, so the meaning survives a
    /// colour-blind reader or a bad palette).
    public static let color = Theme(attributes: [
        .normal: StyleAttributes(),
        .title: StyleAttributes(foreground: .white, background: .blue, bold: true),
        .selected: StyleAttributes(foreground: .black, background: .cyan, reverse: false),
        .muted: StyleAttributes(dim: true),
        .warning: StyleAttributes(foreground: .black, background: .yellow, bold: true, underline: true),
        .error: StyleAttributes(foreground: .white, background: .red, bold: true, underline: true),
        .banner: StyleAttributes(foreground: .black, background: .yellow, bold: true),
        .key: StyleAttributes(foreground: .white, background: .blue, bold: true),
    ], usesColor: true)

    /// The theme for this environment: monochrome when `NO_COLOR` is set to anything
    /// non-empty (https://no-color.org) or the terminal has no colours.
    public static func forEnvironment(_ environment: [String: String], terminalHasColors: Bool) -> Theme {
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return .monochrome }
        return terminalHasColors ? .color : .monochrome
    }
}
