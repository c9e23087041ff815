import CounterCore
import Foundation

/// Work the clerk screens ask of the Runtime: sign-in, the registry, forms, payments.
/// The Runtime runs each against CounterCore (as the signed-in clerk) and answers with a
/// `ClerkResult` message.
public enum ClerkEffect: Equatable, Sendable {
    /// Check `pin` for clerk `id`; a journal `login` record on success.
    case signIn(id: String, pin: String)
    /// Check `pin` for the clerk whose screen is locked.
    case unlock(pin: String)
    /// A journal `logout` record for `clerk` (named here: the session has already forgotten them).
    case signOut(clerk: String)
    /// A journal `lock` record (the screen was locked for `reason`).
    case locked(reason: String)
    /// Registry search (journaled as access).
    case search(String)
    /// A record and its household (journaled as access before anything is returned).
    case openResident(id: String)
    /// The household of a search result (journaled as access).
    case household(id: String)
    /// A `case_opened` record (naming the resident the case is for, when there is one).
    case openCase(procedure: String, subject: String? = nil)
    /// `form_printed` records, then PDFs to the spool folder or `lp`.
    case printForms([FilledForm])
    /// A payment checked and recorded by the payment engine.
    case recordPayment(PaymentRequest)
    /// A `case_closed` record.
    case closeCase(String)
}

/// What the Runtime answers to a `ClerkEffect`.
public enum ClerkResult: Equatable, Sendable {
    case signedIn(id: String, name: String, supervisor: Bool)
    /// Sign-in or unlock refused; the message says what to do.
    case signInRefused(String)
    case searchResults(query: String, [ResidentSummary])
    case residentOpened(Resident, household: [Resident])
    case householdShown(of: String, [ResidentSummary])
    case caseOpened(VisitSetup)
    /// Forms printed: how many, and where (spool folder or printer).
    case printed(count: Int, destination: String)
    /// The payment was recorded: its receipt number (領収番号) and amount.
    case paid(receipt: String, amount: Int)
    case caseClosed(caseID: String, at: Date)
    /// A record was written; nothing to show.
    case recorded
    /// An engine refused or failed; a Japanese message that says what to do.
    case failed(String)
}

/// What a screen can ask of the session (sign-in state) held by `AppModel`.
public enum SessionCommand: Equatable, Sendable {
    /// The clerk signed in, or unlocked their own locked screen: the title bar names them and
    /// keeps their role; a new sign-in starts afresh, an unlock resumes where the lock fell.
    case signedIn(id: String, name: String, supervisor: Bool)
    /// Sign out: back to the sign-in screen.
    case signOut
    /// Draw ambiguous characters (① ※ ○) two columns wide if they were drawn one, or one if two.
    case switchAmbiguousWidth
}
