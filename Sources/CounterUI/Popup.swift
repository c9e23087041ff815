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
    public static func help(for map: KeyMap<Action>, screenTitle: String, notes: [String] = KeyLayout().helpNotes) -> Popup {
        .help(.alert("ヘルプ: \(screenTitle)", message: map.helpLines + [""] + notes + ["Enter または Esc で閉じます。"],
                     button: "閉じる"))
    }
}
