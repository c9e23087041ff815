import Foundation
import CounterCore
import JapaneseKit

/// Work the 点検 and アクセス履歴 screens ask of the Runtime, grouped under `Effect.review`. The
/// Runtime runs each as the signed-in clerk; the application layer refuses anyone who is not
/// an active supervisor.
public enum ReviewEffect: Equatable, Sendable {
    /// Review `from`…`to` (nil: today by the Runtime's clock) over every journal source.
    case run(from: CivilDate?, to: CivilDate?)
    /// The stored line of a record behind a finding.
    case storedLine(ReviewEvidence)
    /// The resident a finding names (journaled as a view naming the finding before anything is returned).
    case openResident(ReviewFinding)
    /// Sign `review` with the dispositions (a `review` record), then print its 点検記録.
    case sign(review: Review, entries: [ReviewSignOff.Entry])
    /// Every access to `resident` in `from`…`to` (nil `to`: today; nil `from`: a year before
    /// `to`), journaled as a `history` lookup before it is shown.
    case accessHistory(resident: String, from: CivilDate?, to: CivilDate?)
    /// Print an アクセス履歴 already looked up.
    case printAccessHistory(history: AccessHistory)
}

/// Results of `ReviewEffect`s, grouped under `Msg.review`.
public enum ReviewMsg: Equatable, Sendable {
    case reviewed(Review)
    case storedLine(ReviewEvidence, line: String)
    case residentOpened(Resident)
    case signed(ReviewSigned)
    case history(AccessHistory)
    /// An アクセス履歴 was printed: where.
    case printed(destination: String)
    /// An effect was refused or failed; Japanese saying what to do.
    case failed(String)
}

/// A signed review: its `review` record and where its 点検記録 went.
public struct ReviewSigned: Equatable, Sendable {
    public var seq: Int
    public var hash: String
    /// `spool/<file>.pdf` or `プリンタ <name>`.
    public var destination: String

    public init(seq: Int, hash: String, destination: String) {
        self.seq = seq
        self.hash = hash
        self.destination = destination
    }
}

/// The keys of the 点検 and アクセス履歴 screens, grouped under `Action.review`.
public enum ReviewAction: Hashable, Sendable {
    /// Run the review (or the lookup) with the dates typed.
    case run
    /// Enter: run from a field, open the selected row from a list, save a comment.
    case submit
    /// Move between the fields and the list.
    case nextField
    /// Mark the selected finding.
    case mark(ReviewDisposition)
    /// Type a comment for the selected finding.
    case comment
    /// Open the sign-off summary (点検記録), or sign it there.
    case sign
    /// Open the resident a finding names.
    case resident
    /// Print (アクセス履歴).
    case print
}
