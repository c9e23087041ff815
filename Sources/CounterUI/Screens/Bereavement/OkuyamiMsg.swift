import CounterCore
import JapaneseKit

/// Results of `OkuyamiEffect`s, grouped under `Msg.okuyami`.
public enum OkuyamiMsg: Equatable, Sendable {
    /// The registry's answer to `query`.
    case searchResults(query: String, results: [ResidentSummary])
    /// The deceased's record and household, the cases already opened for them, and today's date.
    case deceasedLoaded(OkuyamiDeceased)
    /// A case, newly opened or loaded by number, with today's date from the Runtime's clock.
    case caseLoaded(BereavementCase, walkingOrder: WalkingOrder, today: CivilDate)
    /// An item's status was stored; the case as it now stands.
    case caseUpdated(BereavementCase)
    /// A PDF was written (or sent to the printer): what and where.
    case printed(OkuyamiPrintout)
    /// A linked form, pre-filled.
    case formFilled(FilledForm)
    /// An effect failed; one line of Japanese saying what to do.
    case failed(String)
}

/// The deceased as the dates screen needs them.
public struct OkuyamiDeceased: Hashable, Sendable {
    public var resident: Resident
    public var household: [Resident]
    /// Case numbers already opened for this deceased, oldest first.
    public var existingCases: [String]
    /// Today, from the Runtime's clock (dates after it are refused).
    public var today: CivilDate
    /// The questions of the rules that could change this death's checklist, asked on the dates screen.
    public var questions: [RuleQuestion]

    public init(resident: Resident, household: [Resident], existingCases: [String], today: CivilDate, questions: [RuleQuestion] = []) {
        self.questions = questions
        self.resident = resident
        self.household = household
        self.existingCases = existingCases
        self.today = today
    }
}

/// Where a printout went.
public struct OkuyamiPrintout: Hashable, Sendable {
    /// お手続き一覧, or the form's title.
    public var title: String
    /// The PDF in the spool folder.
    public var path: String
    /// The PDF's file name, as the screens show it.
    public var fileName: String { path.split(separator: "/").last.map(String.init) ?? path }
    /// The printer it was sent to, when one is configured.
    public var printer: String?

    public init(title: String, path: String, printer: String?) {
        self.title = title
        self.path = path
        self.printer = printer
    }
}
