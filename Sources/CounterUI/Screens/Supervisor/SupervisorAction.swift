/// Actions of the 管理者モード screens, bound in their key maps.
public enum SupervisorAction: Hashable, Sendable {
    /// 職員/管理: switch between the 職員モード and 管理者モード stacks (F11).
    case switchMode
    /// Open the entry under the cursor, or read what the fields name.
    case open
    /// Read the figures again.
    case refresh
    case nextField
    case print
    case closeDay
    case reconcile
    case unlock
    case disable
    case writeCSV
    case signOut
    /// Answer the confirmation on screen: Enter chooses the focused button.
    case confirm
    /// Close the confirmation without doing anything (Esc).
    case cancel
}
