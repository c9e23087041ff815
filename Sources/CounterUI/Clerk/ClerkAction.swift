/// Actions of the clerk screens (sign-in, 住民検索 … 完了), bound in their key maps.
public enum ClerkAction: Hashable, Sendable {
    case submit
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
