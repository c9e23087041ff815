/// Work for the Runtime, as data: `update` never touches files, the journal or the terminal.
/// The Runtime runs each effect and feeds its result back as a `Msg`.
public enum Effect: Equatable, Sendable {
    /// End the program, restoring the terminal.
    case quit
    /// Sign-in, registry, forms and payment work of the clerk screens.
    case clerk(ClerkEffect)
    /// Bereavement (おくやみ) work: registry, case store, printing.
    case okuyami(OkuyamiEffect)
    /// The supervisor's 点検 and アクセス履歴: journals, sign-off, printing.
    case review(ReviewEffect)
    /// 管理者モード work: status, 日計 and its seal, clerks, 業務量 (as the signed-in supervisor).
    case supervisor(SupervisorEffect)
    /// 研修モード work: scenarios, attempts, their marking and the kept results.
    case training(TrainingEffect)
    /// Replay a 研修 scenario's model answer on this terminal (for the trainer), then come back
    /// to the screen that asked.
    case play(scenario: String)
}
