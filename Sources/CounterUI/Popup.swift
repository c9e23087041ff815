import TerminalKit

/// A box over the current screen that takes all keys until it closes.
public enum Popup: Equatable, Sendable {
    /// Help for the screen underneath, generated from its key map.
    case help(Dialog)
    /// A message from a screen.
    case alert(Dialog)

    var dialog: Dialog {
        switch self {
        case .help(let d), .alert(let d): return d
        }
    }

    /// The help popup for `map` on the screen titled `screenTitle`.
    /// A blank line sets the notes apart while the box still fits the 20 rows under the
    /// banner of 研修モード at 80×24 (five go to its frame and button).
    public static func help(for map: KeyMap<Action>, screenTitle: String, notes: [String] = KeyLayout().helpNotes) -> Popup {
        let lines = map.helpLines + notes + ["Enter または Esc で閉じます。"]
        return .help(.alert("ヘルプ: \(screenTitle)", message: lines.count < 15 ? map.helpLines + [""] + notes + [lines.last!] : lines,
                            button: "閉じる"))
    }
}
