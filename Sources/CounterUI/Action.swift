/// What a key means on a screen, named so a `KeyMap` can bind it and the help can list it.
///
/// Global actions (help, quit, back) are handled by `AppModel`; the rest go to the screen on
/// top through `CounterScreen.perform(_:)`. Screens add their own cases here.
public enum Action: Hashable, Sendable {
    /// Show the help generated from the top screen's key map.
    case help
    /// End madoguchi.
    case quit
    /// Leave the top screen (Esc); on the bottom screen a second Esc in a row quits.
    case back
    /// An action of the clerk screens.
    case clerk(ClerkAction)
    /// The おくやみ screens' keys.
    case okuyami(OkuyamiAction)
    /// The 点検 and アクセス履歴 screens' keys.
    case review(ReviewAction)
    /// The 管理者モード screens' keys, and the 職員/管理 switch.
    case supervisor(SupervisorAction)
    /// The 研修モード screens' keys, and 質問する over the counter screens.
    case training(TrainingAction)
}
