/// Who is using the counter. Each mode is a named stack of screens, so switching modes
/// keeps each stack where it was.
public enum Mode: String, CaseIterable, Hashable, Sendable {
    case clerk
    case supervisor
    case trainer

    /// The name in the title bar.
    public var title: String {
        switch self {
        case .clerk: return "職員モード"
        case .supervisor: return "管理者モード"
        case .trainer: return "研修モード"
        }
    }
}
