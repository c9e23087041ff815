import JapaneseKit

/// The procedures one death leaves to the family, grouped by department in walking order.
///
/// ```swift
/// let book = BereavementRuleBook.load(directory: formsURL, forms: library)
/// let facts = DeathFacts(deceased: resident, household: household, dateOfDeath: day)
/// let checklist = BereavementChecklist(facts: facts, book: book)
/// for group in checklist.groups { … }
/// ```
public struct BereavementChecklist: Sendable {
    public var facts: DeathFacts
    /// Every applicable item, in walking order (department order, then due date, then id).
    public var items: [ChecklistItem]
    /// The rules that did not apply, with why, in rule order.
    public var skipped: [SkippedRule]
    public var walkingOrder: WalkingOrder

    /// One department's stop on the walk.
    public struct Group: Sendable {
        /// The department, or a bare one made from the name when it is not in the walking order.
        public var department: BereavementDepartment
        public var items: [ChecklistItem]
    }

    /// Evaluates every rule of `book` against `facts`.
    public init(facts: DeathFacts, book: BereavementRuleBook) {
        self.init(facts: facts, rules: book.rules, walkingOrder: book.walkingOrder)
    }

    public init(facts: DeathFacts, rules: [BereavementRule], walkingOrder: WalkingOrder) {
        self.facts = facts
        self.walkingOrder = walkingOrder
        var items: [ChecklistItem] = []
        var skipped: [SkippedRule] = []
        for rule in rules {
            let result = rule.condition.evaluate(facts)
            guard result.outcome != false else {
                skipped.append(SkippedRule(id: rule.id, title: rule.title, department: rule.department,
                                           reason: ReasonPhrase.sentence(result.because, suffix: "対象外")))
                continue
            }
            let due = rule.deadline?.due(facts)
            let text: String
            if let given = rule.deadlineText {
                text = given
            } else if let deadline = rule.deadline {
                text = deadline.text
            } else {
                text = ""
            }
            let counter = rule.counter ?? walkingOrder.department(named: rule.department)?.counter ?? rule.department
            let pending = result.waitingOn.compactMap { key in rule.questions.first { $0.key == key } }
            let reason = pending.isEmpty ? ReasonPhrase.sentence(result.because)
                : "ご家族への確認（" + pending.map(\.label).joined(separator: "・") + "）で決まるため要確認"
            var item = ChecklistItem(id: rule.id, title: rule.title, department: rule.department, counter: counter, due: due,
                                     deadlineText: text, documents: rule.documents, form: rule.form,
                                     reason: reason, applicants: rule.applicants,
                                     note: rule.note, source: rule.source)
            item.questions = pending
            item.amount = rule.amountStatement
            item.context = rule.context
            item.formSubject = rule.formSubject
            item.formValues = rule.formValues
            items.append(item)
        }
        self.items = items.sorted { a, b in
            let pa = walkingOrder.position(of: a.department), pb = walkingOrder.position(of: b.department)
            if pa != pb { return pa < pb }
            if a.department != b.department { return a.department < b.department }
            switch (a.due, b.due) {
            case let (x?, y?) where x != y: return x < y
            case (.some, nil): return true
            case (nil, .some): return false
            default: return a.id < b.id
            }
        }
        self.skipped = skipped
    }

    /// Items grouped by department, in walking order.
    public var groups: [Group] {
        var out: [Group] = []
        for item in items {
            if let last = out.last, last.department.name == item.department {
                out[out.count - 1].items.append(item)
            } else {
                let department = walkingOrder.department(named: item.department)
                    ?? BereavementDepartment(name: item.department, counter: item.counter)
                out.append(Group(department: department, items: [item]))
            }
        }
        return out
    }
}
