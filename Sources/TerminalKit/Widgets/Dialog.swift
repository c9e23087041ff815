import JapaneseKit

/// A modal box: an alert with one button, or a confirmation with two.
///
/// Left/Right/Tab move between buttons, Enter chooses, Esc cancels; on a confirmation,
/// y and n choose directly.
public struct Dialog: Hashable, Sendable {
    public enum Kind: Hashable, Sendable { case alert, confirm }

    /// How the dialog ended.
    public enum Outcome: Hashable, Sendable { case confirmed, cancelled }

    public var kind: Kind
    public var title: String
    public var message: [String]
    public var confirmLabel: String
    public var cancelLabel: String
    /// Which button has focus: true for the confirm button.
    public private(set) var confirmFocused: Bool
    /// A style for the body (`.warning` or `.error` for alerts that need attention).
    public var style: Style

    public static func alert(_ title: String, message: [String], button: String = "了解", style: Style = .normal) -> Dialog {
        Dialog(kind: .alert, title: title, message: message, confirmLabel: button, cancelLabel: "",
               confirmFocused: true, style: style)
    }

    /// A confirmation; the cancel button has focus first, so a stray Enter does no harm.
    public static func confirm(_ title: String, message: [String], confirm: String = "はい",
                               cancel: String = "いいえ", style: Style = .normal) -> Dialog {
        Dialog(kind: .confirm, title: title, message: message, confirmLabel: confirm, cancelLabel: cancel,
               confirmFocused: false, style: style)
    }

    /// Applies `key`; returns the outcome once the dialog is finished.
    public mutating func update(_ key: Key) -> Outcome? {
        switch key {
        case .enter:
            return kind == .alert || confirmFocused ? .confirmed : .cancelled
        case .escape:
            return kind == .alert ? .confirmed : .cancelled
        case .left, .right, .tab, .backTab:
            if kind == .confirm { confirmFocused.toggle() }
            return nil
        case .character("y"), .character("Y"):
            return kind == .confirm ? .confirmed : nil
        case .character("n"), .character("N"):
            return kind == .confirm ? .cancelled : nil
        default:
            return nil
        }
    }

    /// The rectangle the dialog takes in `area`.
    public func frame(in area: Rect) -> Rect {
        let buttons = DisplayWidth.of(buttonLine)
        let content = ([DisplayWidth.of(title) + 4, buttons] + message.map { DisplayWidth.of($0) }).max() ?? 0
        return area.centered(width: content + 4, height: message.count + 5)
    }

    private var buttonLine: String {
        kind == .alert ? "[ \(confirmLabel) ]" : "[ \(confirmLabel) ]  [ \(cancelLabel) ]"
    }

    /// Draws the dialog centred in `area`: an ASCII frame (box-drawing characters are
    /// ambiguous-width and double on many Japanese terminals), the title in the frame,
    /// the message, the buttons with the focused one in `.selected`.
    public func render(into grid: inout CellGrid, area: Rect) {
        let box = frame(in: area)
        guard box.width >= 4, box.height >= 3 else { return }
        grid.fill(box, style: style)
        let horizontal = "+" + String(repeating: "-", count: box.width - 2) + "+"
        grid.put(horizontal, at: box.origin, maxWidth: box.width, style: style)
        grid.put(horizontal, at: box.origin.down(box.height - 1), maxWidth: box.width, style: style)
        for line in 1..<(box.height - 1) {
            grid.put("|", at: box.origin.down(line), style: style)
            grid.put("|", at: box.origin.down(line).right(box.width - 1), style: style)
        }
        grid.put(" \(title) ", at: box.origin.right(2), maxWidth: box.width - 4, style: .title)
        let inner = box.inset(dx: 2, dy: 1)
        for (i, line) in message.enumerated() where i + 1 < inner.height {
            grid.put(line, at: inner.origin.down(i + 1), maxWidth: inner.width, style: style)
        }
        let buttonsRow = inner.origin.down(inner.height - 1)
        let confirmText = "[ \(confirmLabel) ]"
        let buttonsWidth = DisplayWidth.of(buttonLine)
        let start = buttonsRow.right(max(0, (inner.width - buttonsWidth) / 2))
        let used = grid.put(confirmText, at: start, maxWidth: inner.width, style: confirmFocused ? .selected : style)
        if kind == .confirm {
            grid.put("[ \(cancelLabel) ]", at: start.right(used + 2), maxWidth: max(0, inner.width - used - 2),
                     style: confirmFocused ? style : .selected)
        }
    }
}
