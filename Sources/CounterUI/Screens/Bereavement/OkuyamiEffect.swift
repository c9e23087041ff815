import CounterCore
import JapaneseKit

/// Work the おくやみ screens ask of the Runtime, grouped under `Effect.okuyami`. Each one is
/// run against the same engine functions `madoguchi okuyami` calls.
public enum OkuyamiEffect: Equatable, Sendable {
    /// Search the registry (access logged) for the deceased.
    case search(query: String)
    /// Load the deceased's record and household (access logged), and the cases already open for them.
    case loadDeceased(id: String)
    /// Load a case by its number (resume another day).
    case loadCase(number: String)
    /// Evaluate the rules for this death and store a new case (journaled).
    case openCase(OkuyamiCaseRequest)
    /// Record the family's answers for an open case (journaled); its items follow them.
    case answer(number: String, answers: [String: String])
    /// Set one item's status (case store update + journal record); `seen` is the status the
    /// screen showed, so a change made meanwhile at another window is not overwritten.
    case setStatus(number: String, item: String, status: CaseItemStatus, seen: CaseItemStatus? = nil)
    /// Write the handout PDF into the spool folder, or send it to the configured printer.
    case printHandout(number: String)
    /// Pre-fill the form `item` links, for the case's deceased with the case's applicant
    /// (`BereavementForms`, as `madoguchi okuyami --forms-pdf` does).
    case fillForm(number: String, item: String)
}

/// What the dates screen hands the engine to open a case.
public struct OkuyamiCaseRequest: Hashable, Sendable {
    public var deceasedID: String
    public var dateOfDeath: CivilDate
    public var funeralDate: CivilDate?
    public var knownDate: CivilDate?
    /// 宛名番号 of the person at the counter, when registered.
    public var applicantID: String?
    /// The family's answers to the rules' questions (key → answer); unanswered ones are left out.
    public var answers: [String: String]

    public init(deceasedID: String, dateOfDeath: CivilDate, funeralDate: CivilDate?, knownDate: CivilDate?, applicantID: String?,
                answers: [String: String] = [:]) {
        self.answers = answers
        self.deceasedID = deceasedID
        self.dateOfDeath = dateOfDeath
        self.funeralDate = funeralDate
        self.knownDate = knownDate
        self.applicantID = applicantID
    }
}
