/// Actions of the clerk screens (sign-in, 住民検索 … 完了), bound in their key maps.
public enum ClerkAction: Hashable, Sendable {
    case submit
    /// サインイン: the clerk's answer to the width check (ambiguous characters 1 ⇄ 2 columns).
    case switchAmbiguousWidth
    case nextField
    case signOut
    case household
    case reception
    case toggle
    case moreCopies
    case fewerCopies
    case proceed
    case nextForm
    case previousForm
    case requester
    case print
    case pay
    case edit
    case paymentTerminal
    case record
    case close
}
