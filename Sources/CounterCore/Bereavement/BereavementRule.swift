import JapaneseKit

/// One bereavement procedure, read from `Forms/bereavement/<id>.yaml`.
public struct BereavementRule: Hashable, Sendable {
    /// Half-width id, also the checklist item id and the key of a case's item status.
    public var id: String
    public var title: String
    /// The department that handles it; must be one of the walking order's departments.
    public var department: String
    /// Where to go, when it differs from the department's usual counter.
    public var counter: String?
    public var condition: RuleCondition
    /// The deadline; nil for 速やかに / no deadline (then `deadlineText` says so).
    public var deadline: RuleDeadline?
    /// What the handout prints as the deadline when no date can be given (速やかに).
    public var deadlineText: String?
    /// Who may apply (届出人).
    public var applicants: [String]
    /// What to bring.
    public var documents: [String]
    /// The id of a `Forms/procedures` form to pre-fill, if any.
    public var form: String?
    /// Whose form it is: the deceased's (資格喪失届) or the applicant's (児童手当 認定請求).
    public var formSubject: FormSubject = .deceased
    /// Values entered on the form for every case (`loss_reason: 死亡`); `=date_of_death` and
    /// `=funeral_date` stand for the case's dates.
    public var formValues: [String: String] = [:]
    /// The law or page the rule follows.
    public var source: String
    /// When the rule was last checked against its source.
    public var checked: CivilDate
    public var note: String?
    /// The questions this rule asks the family (`ask:`); its `answer:` conditions read them.
    public var questions: [RuleQuestion] = []
    /// A benefit amount kept in `Forms/amounts.yaml` (`amount: kouki_sousaihi`), printed only when verified.
    public var amount: String?
    /// What the checklist says about that amount (「支給額: 50,000円」, or that the counter confirms it).
    public var amountStatement: String?
    /// What could not be confirmed against the source (kept in the file, never printed).
    public var unconfirmed: String?
    /// A procedure outside the city's counters (準確定申告, 相続放棄) listed for context only.
    public var context = false
    /// The file, relative to the forms directory (`bereavement/setainushi_henko.yaml`).
    public var sourceFile: String
    /// Lines of `department:` and `form:`, for problems found when the whole folder is checked.
    var departmentLine = 0
    var formLine = 0
    var formValueLines: [String: Int] = [:]
    var amountLine = 0
    var questionLines: [String: Int] = [:]

    public init(id: String, title: String, department: String, counter: String? = nil, condition: RuleCondition,
                deadline: RuleDeadline?, deadlineText: String? = nil, applicants: [String] = [], documents: [String] = [],
                form: String? = nil, source: String, checked: CivilDate, note: String? = nil, sourceFile: String = "") {
        self.id = id
        self.title = title
        self.department = department
        self.counter = counter
        self.condition = condition
        self.deadline = deadline
        self.deadlineText = deadlineText
        self.applicants = applicants
        self.documents = documents
        self.form = form
        self.source = source
        self.checked = checked
        self.note = note
        self.sourceFile = sourceFile
    }
}

/// Whose form a rule's linked form is.
public enum FormSubject: String, Codable, Hashable, Sendable, CaseIterable {
    /// The deceased is the form's subject (資格喪失届, 葬祭費).
    case deceased
    /// The person at the counter is (児童手当 認定請求 by the new guardian).
    case applicant
}

/// A deadline counted from an event of the death, through JapaneseKit's `DeadlineRule`.
public struct RuleDeadline: Hashable, Sendable {
    /// The event the period counts from.
    public enum Event: String, Hashable, Sendable, CaseIterable {
        /// The day of death.
        case death
        /// The day the death became known to the person filing (default: the day of death).
        case known
        /// The day of the funeral (葬祭費).
        case funeral

        /// The event in Japanese: 死亡日, 死亡を知った日, 葬儀の日.
        public var japaneseName: String {
            switch self {
            case .death: "死亡日"
            case .known: "死亡を知った日"
            case .funeral: "葬儀の日"
            }
        }
    }

    public var from: Event
    public var rule: DeadlineRule

    public init(from: Event, rule: DeadlineRule) {
        self.from = from
        self.rule = rule
    }

    /// The due date, or nil when the event's day is not known yet (a funeral not yet held).
    public func due(_ facts: DeathFacts) -> CivilDate? {
        switch from {
        case .death: rule.due(from: facts.dateOfDeath)
        case .known: rule.due(from: facts.knownDate)
        case .funeral: facts.funeralDate.map { rule.due(from: $0) }
        }
    }

    /// The period in words: 「死亡日の翌日から14日以内」「葬儀の日の翌日から2年以内」.
    public var text: String {
        let unit = switch rule.unit {
        case .days: "日"
        case .months: "か月"
        case .years: "年"
        }
        let start = rule.firstDayIncluded ? from.japaneseName + "から" : from.japaneseName + "の翌日から"
        return start + "\(rule.length)\(unit)以内"
    }
}
