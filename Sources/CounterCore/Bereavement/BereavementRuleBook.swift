import Foundation

/// Every bereavement rule and the walking order in a forms directory
/// (`<forms>/bereavement/*.yaml`; `_departments.yaml` is the walking order, not a rule).
public struct BereavementRuleBook: Sendable {
    /// The rules that loaded without a problem, sorted by file name.
    public var rules: [BereavementRule]
    public var walkingOrder: WalkingOrder
    /// Every problem found, in file and line order. Empty when the folder is sound.
    public var problems: [FormProblem]
    /// Every question the rules ask, each key once, in rule order.
    public var questions: [RuleQuestion] {
        var seen = Set<String>()
        return rules.flatMap(\.questions).filter { seen.insert($0.key).inserted }
    }

    public init(rules: [BereavementRule], walkingOrder: WalkingOrder, problems: [FormProblem] = []) {
        self.rules = rules
        self.walkingOrder = walkingOrder
        self.problems = problems
    }

    /// The folder inside the forms directory.
    public static let folder = "bereavement"
    /// The walking-order file; files whose name starts with `_` are configuration, not rules.
    public static let walkingOrderFile = "_departments.yaml"

    /// Loads `<directory>/bereavement/`. When `forms` is given, each rule's `form:` must name
    /// one of its forms. A missing folder or file is a problem, not an error.
    public static func load(directory: URL, forms: FormLibrary? = nil) -> BereavementRuleBook {
        let folderURL = directory.appendingPathComponent(folder)
        var problems: [FormProblem] = []
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folderURL.path)
                .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
        } catch {
            return BereavementRuleBook(rules: [], walkingOrder: WalkingOrder(contact: "", departments: []), problems: [
                FormProblem(file: folder, line: 0, kind: .unreadable(reason: "フォルダがありません: \(folderURL.path)")),
            ])
        }
        var order = WalkingOrder(contact: "", departments: [])
        let orderPath = folder + "/" + walkingOrderFile
        switch FormProblem.readText(folderURL.appendingPathComponent(walkingOrderFile), relative: orderPath) {
        case let .text(text):
            let (parsed, found) = BereavementRuleLoader.parseWalkingOrder(text, file: orderPath)
            problems += found
            if let parsed { order = parsed }
        case let .problem(problem):
            problems.append(problem)
        }

        var rules: [BereavementRule] = []
        var seen: [String: String] = [:]
        var asked: [String: (RuleQuestion, String)] = [:]
        for name in names where !name.hasPrefix("_") {
            let relative = folder + "/" + name
            let text: String
            switch FormProblem.readText(folderURL.appendingPathComponent(name), relative: relative) {
            case let .text(t): text = t
            case let .problem(problem): problems.append(problem); continue
            }
            let (parsed, found) = BereavementRuleLoader.parseRule(text, file: relative)
            problems += found
            guard var rule = parsed else { continue }
            var sound = true
            if let other = seen[rule.id] {
                problems.append(FormProblem(file: relative, line: 1, kind: .duplicateFormID(id: rule.id, otherFile: other)))
                sound = false
            }
            if !order.departments.isEmpty, order.department(named: rule.department) == nil {
                problems.append(FormProblem(file: relative, line: rule.departmentLine, kind: .badValue(
                    key: "department", value: rule.department,
                    expected: "\(walkingOrderFile) の departments にある課名にするか、その課を順路に加えてください。")))
                sound = false
            }
            if let forms, let form = rule.form {
                if let definition = forms.form(id: form) {
                    for key in rule.formValues.keys.sorted() where definition.field(key) == nil {
                        problems.append(FormProblem(file: relative, line: rule.formValueLines[key] ?? rule.formLine,
                                                    kind: .unknownFieldReference(key: key)))
                        sound = false
                    }
                } else {
                    problems.append(FormProblem(file: relative, line: rule.formLine, kind: .badValue(
                        key: "form", value: form, expected: "procedures/ にある帳票の id を書くか、form の行を消してください。")))
                    sound = false
                }
            }
            if let amountID = rule.amount {
                if let amount = forms?.amounts[amountID] {
                    rule.amountStatement = amount.statement
                } else if forms != nil {
                    problems.append(FormProblem(file: relative, line: rule.amountLine, kind: .badValue(
                        key: "amount", value: amountID, expected: "amounts.yaml にある id を書くか、amount の行を消してください。")))
                    sound = false
                }
            }
            // One question, one wording: a family answers it once for every rule that asks it.
            for question in rule.questions {
                if let (first, file) = asked[question.key], first != question {
                    problems.append(FormProblem(file: relative, line: rule.questionLines[question.key] ?? 0, kind: .badValue(
                        key: "ask", value: question.key,
                        expected: "同じ質問が \(file) にもあります。label・text・answers を同じにしてください。")))
                    sound = false
                }
            }
            guard sound else { continue }
            for question in rule.questions where asked[question.key] == nil { asked[question.key] = (question, relative) }
            seen[rule.id] = relative
            rules.append(rule)
        }
        return BereavementRuleBook(rules: rules, walkingOrder: order, problems: problems)
    }

    /// Checks `answers` against the questions; the answers keyed by question, or why not.
    public func validate(answers: [String: String]) throws(RuleAnswerError) -> [String: String] {
        let all = questions
        for (key, value) in answers.sorted(by: { $0.key < $1.key }) {
            guard let question = all.first(where: { $0.key == key }) else {
                throw .unknownQuestion(key: key, known: all.map(\.key))
            }
            guard question.answers.contains(value) else { throw .notAnAnswer(key: key, value: value, answers: question.answers) }
        }
        return answers
    }

    /// The questions whose answers could still change this death's checklist: those the
    /// undecided rules wait on.
    /// Asked in walking order, so the questions follow the family's way through the counters.
    public func openQuestions(_ facts: DeathFacts) -> [RuleQuestion] {
        var keys: [String] = []
        let walk = rules.enumerated().sorted {
            (walkingOrder.position(of: $0.element.department), $0.offset) < (walkingOrder.position(of: $1.element.department), $1.offset)
        }.map(\.element)
        for rule in walk {
            let result = rule.condition.evaluate(facts)
            if result.outcome == nil { keys += result.waitingOn.filter { !keys.contains($0) } }
        }
        let all = questions
        return keys.compactMap { key in all.first { $0.key == key } }
    }

    /// The rule with `id`, if loaded.
    public func rule(id: String) -> BereavementRule? { rules.first { $0.id == id } }
}
