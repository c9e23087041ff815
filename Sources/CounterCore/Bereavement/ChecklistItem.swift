import JapaneseKit

/// One procedure this family has to do, as the checklist, the case and the handout show it.
public struct ChecklistItem: Codable, Hashable, Sendable {
    /// The rule id (`setainushi_henko`).
    public var id: String
    public var title: String
    public var department: String
    /// Where to go (the rule's counter, else the department's).
    public var counter: String
    /// The last day, or nil (速やかに, no deadline, or a funeral date not yet known).
    public var due: CivilDate?
    /// The deadline in words: 「死亡日の翌日から14日以内」 or 「速やかに」.
    public var deadlineText: String
    public var documents: [String]
    /// The form to pre-fill, if any.
    public var form: String?
    /// Whose form it is (the deceased's or the applicant's).
    public var formSubject: FormSubject = .deceased
    /// Values the rule enters on the form (`loss_reason: 死亡`, `change_date: =date_of_death`).
    public var formValues: [String: String] = [:]
    /// Why it applies, in plain Japanese: 「世帯主で、世帯員が2人残るため」.
    public var reason: String
    public var applicants: [String]
    public var note: String?
    /// The rule's legal source.
    public var source: String
    /// Questions the family has not answered yet that decide whether it applies: while any
    /// remain, the item is 要確認 (neither applying nor not).
    public var questions: [RuleQuestion] = []
    /// What the handout says about the benefit's amount (only a verified amount is a figure).
    public var amount: String?

    /// A procedure outside the city's counters (準確定申告, 相続放棄), shown for context.
    public var context = false

    /// True while the family's answers are needed to know whether it applies.
    public var needsAnswers: Bool { !questions.isEmpty }

    public init(id: String, title: String, department: String, counter: String, due: CivilDate?, deadlineText: String,
                documents: [String], form: String?, reason: String, applicants: [String], note: String?, source: String) {
        self.id = id
        self.title = title
        self.department = department
        self.counter = counter
        self.due = due
        self.deadlineText = deadlineText
        self.documents = documents
        self.form = form
        self.reason = reason
        self.applicants = applicants
        self.note = note
        self.source = source
    }

    private enum CodingKeys: String, CodingKey {
        case id, title, department, counter, due, deadlineText, documents, form, formSubject, formValues, reason, applicants, note,
             source, questions, amount, context
    }

    /// Reads an item stored with a case; keys added after the case was opened take their
    /// defaults, so a family's old case still resumes.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        title = try c.decode(String.self, forKey: .title)
        department = try c.decode(String.self, forKey: .department)
        counter = try c.decodeIfPresent(String.self, forKey: .counter) ?? department
        due = try c.decodeIfPresent(CivilDate.self, forKey: .due)
        deadlineText = try c.decodeIfPresent(String.self, forKey: .deadlineText) ?? ""
        documents = try c.decodeIfPresent([String].self, forKey: .documents) ?? []
        form = try c.decodeIfPresent(String.self, forKey: .form)
        formSubject = try c.decodeIfPresent(FormSubject.self, forKey: .formSubject) ?? .deceased
        formValues = try c.decodeIfPresent([String: String].self, forKey: .formValues) ?? [:]
        reason = try c.decodeIfPresent(String.self, forKey: .reason) ?? ""
        applicants = try c.decodeIfPresent([String].self, forKey: .applicants) ?? []
        note = try c.decodeIfPresent(String.self, forKey: .note)
        source = try c.decodeIfPresent(String.self, forKey: .source) ?? ""
        questions = try c.decodeIfPresent([RuleQuestion].self, forKey: .questions) ?? []
        amount = try c.decodeIfPresent(String.self, forKey: .amount)
        context = try c.decodeIfPresent(Bool.self, forKey: .context) ?? false
    }
}

/// A rule that did not apply, and why (`--explain`).
public struct SkippedRule: Hashable, Sendable {
    public var id: String
    public var title: String
    public var department: String
    /// 「世帯員が1人残る（対象は2人以上）ため対象外」.
    public var reason: String
}
