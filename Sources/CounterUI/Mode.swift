import CounterCore

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

    /// The roles that may enter this mode: the one place that says who may open which.
    public var roles: Set<ClerkAccount.Role> {
        switch self {
        case .clerk, .trainer: return [.clerk, .supervisor]
        case .supervisor: return [.supervisor]
        }
    }

    /// Whether a signed-in `role` may enter this mode (nobody enters before signing in).
    public func admits(_ role: ClerkAccount.Role?) -> Bool { role.map(roles.contains) ?? false }

    /// The bottom screen of this mode's stack for a signed-in clerk: 住民検索, the 管理者メニュー,
    /// or the 研修メニュー (with the trainee's name when the command line gave it).
    func root(_ context: CounterContext) -> AnyScreen {
        switch self {
        case .clerk: return AnyScreen(ResidentSearchScreen())
        case .supervisor: return AnyScreen(SupervisorMenuScreen())
        case .trainer: return AnyScreen(TrainingMenuScreen(trainee: context.trainee ?? ""))
        }
    }

    /// The mode a signed-in `role` lands in after signing in at the counter (in `mode`): a
    /// supervisor's work starts at the 管理者メニュー; training stays training.
    static func landing(for role: ClerkAccount.Role, from mode: Mode) -> Mode {
        mode == .trainer ? .trainer : (Mode.supervisor.admits(role) ? .supervisor : .clerk)
    }

    /// The other mode of the 職員/管理 switch (F11); nil where there is none (training).
    var switched: Mode? {
        switch self {
        case .clerk: return .supervisor
        case .supervisor: return .clerk
        case .trainer: return nil
        }
    }
}
