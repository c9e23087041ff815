import Foundation
import JapaneseKit
import Yams

/// Reads bereavement rule files and the walking order, reporting every problem as
/// `file:line: message` with the same problem type and node reader as the form loader.
public enum BereavementRuleLoader {
    static let topKeys = ["id", "title", "department", "counter", "when", "deadline", "applicants", "documents", "form",
                          "form_subject", "form_values", "source", "checked", "note", "ask", "amount", "unconfirmed", "context"]
    static let questionKeys = ["key", "label", "text", "answers"]
    /// Tokens a `form_values` entry may use for the case's dates.
    static let dateTokens = ["=date_of_death", "=funeral_date"]
    static let deadlineKeys = ["from", "length", "unit", "first_day", "extend_over_closed_days", "text"]
    static let conditionKeys = ["all", "any", "not", "member", "status", "head_of_household", "age_at_death",
                                "remaining_members", "remaining_under_age", "remaining_aged", "remaining_school_year", "answer", "field"]
    static let departmentKeys = ["name", "counter", "phone", "hours", "note"]

    /// Parses one rule; `file` names it in problems. The rule is returned only when there is no problem.
    public static func parseRule(_ text: String, file: String) -> (rule: BereavementRule?, problems: [FormProblem]) {
        var reader = Reader(file: file)
        guard let root = reader.compose(text, emptyMeansMissing: "id") else { return (nil, reader.problems) }
        let rule = reader.bereavementRule(root)
        return (reader.problems.isEmpty ? rule : nil, reader.problems)
    }

    /// Parses the walking order (`_departments.yaml`): a `departments:` list, in the order
    /// the family walks.
    public static func parseWalkingOrder(_ text: String, file: String) -> (order: WalkingOrder?, problems: [FormProblem]) {
        var reader = Reader(file: file)
        guard let root = reader.compose(text, emptyMeansMissing: "id") else { return (nil, reader.problems) }
        let order = reader.walkingOrder(root)
        return (reader.problems.isEmpty ? order : nil, reader.problems)
    }
}

// MARK: - Rules

extension Reader {
    mutating func bereavementRule(_ root: Node) -> BereavementRule? {
        guard let m = mapping(root, what: "おくやみ手続ルール") else { return nil }
        checkKeys(m, allowed: BereavementRuleLoader.topKeys)
        let id = string(m, "id", required: true, parent: root)
        if let id, let node = entry(m, "id")?.value {
            if !id.unicodeScalars.allSatisfy({ $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "_" || $0 == "-") }) {
                add(node, .badValue(key: "id", value: id, expected: "半角英数字と _ - だけで書いてください（例: setainushi_henko）。"))
            } else {
                let stem = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
                if stem != id {
                    add(node, .badValue(key: "id", value: id, expected: "ファイル名と同じ id にしてください（\(stem)）。"))
                }
            }
        }
        let title = string(m, "title", required: true, parent: root)
        let department = string(m, "department", required: true, parent: root)
        let counter = string(m, "counter", required: false, parent: root).flatMap { $0.isEmpty ? nil : $0 }
        let source = string(m, "source", required: true, parent: root)
        let form = string(m, "form", required: false, parent: root).flatMap { $0.isEmpty ? nil : $0 }
        let note = string(m, "note", required: false, parent: root).flatMap { $0.isEmpty ? nil : $0 }
        var checked: CivilDate?
        if let text = string(m, "checked", required: true, parent: root), let node = entry(m, "checked")?.value {
            do { checked = try JapaneseDate.parse(text) } catch {
                add(node, .badValue(key: "checked", value: text, expected: "確認した日を 2026-11-20 のように書いてください。"))
            }
        }
        let applicants = entry(m, "applicants").map { stringList($0.value, key: "applicants").map(\.0) } ?? []
        let documents = entry(m, "documents").map { stringList($0.value, key: "documents").map(\.0) } ?? []

        var questionLines: [String: Int] = [:]
        askedQuestions = []
        if let (_, v) = entry(m, "ask") { askedQuestions = questions(v, lines: &questionLines) }
        var condition = RuleCondition.always
        if let (_, v) = entry(m, "when") { condition = self.condition(v) ?? .always }
        for question in askedQuestions where !condition.questionKeys.contains(question.key) {
            add(line: questionLines[question.key] ?? 0, .badValue(key: "ask", value: question.key,
                expected: "when: の answer: で使うか、この質問を消してください。"))
        }

        var deadline: RuleDeadline?
        var deadlineText: String?
        if let (_, v) = entry(m, "deadline") {
            (deadline, deadlineText) = self.deadline(v)
        } else {
            add(root, .missing(key: "deadline"))
        }
        guard let id, let title, let department, let source, let checked else { return nil }
        var rule = BereavementRule(id: id, title: title, department: department, counter: counter, condition: condition,
                                   deadline: deadline, deadlineText: deadlineText, applicants: applicants, documents: documents,
                                   form: form, source: source, checked: checked, note: note, sourceFile: file)
        rule.context = bool(m, "context") ?? false
        rule.questions = askedQuestions
        rule.questionLines = questionLines
        rule.amount = string(m, "amount", required: false, parent: root).flatMap { $0.isEmpty ? nil : $0 }
        rule.amountLine = entry(m, "amount")?.value.mark?.line ?? 1
        rule.unconfirmed = string(m, "unconfirmed", required: false, parent: root).flatMap { $0.isEmpty ? nil : $0 }
        rule.departmentLine = entry(m, "department")?.value.mark?.line ?? 1
        rule.formLine = entry(m, "form")?.value.mark?.line ?? 1
        if let word = string(m, "form_subject", required: false, parent: root) {
            if let subject = FormSubject(rawValue: word) { rule.formSubject = subject } else {
                add(entry(m, "form_subject")?.value, .badValue(key: "form_subject", value: word,
                                                              expected: "deceased（亡くなった方）か applicant（届け出る方）にしてください。"))
            }
        }
        if let (_, v) = entry(m, "form_values") {
            if case let .mapping(values) = v {
                for (k, val) in values {
                    guard let key = k.string, case let .scalar(s) = val else {
                        add(val, .badValue(key: "form_values", value: "…", expected: "項目キー: 値 の形で書いてください。"))
                        continue
                    }
                    let text = s.string.trimmingCharacters(in: .whitespaces)
                    if text.hasPrefix("="), !BereavementRuleLoader.dateTokens.contains(text) {
                        add(val, .badValue(key: key, value: text, expected: "日付は =date_of_death か =funeral_date で書いてください。"))
                        continue
                    }
                    rule.formValues[key] = text
                    rule.formValueLines[key] = k.mark?.line ?? 0
                }
            } else {
                add(v, .notAMapping(what: "form_values"))
            }
            if rule.form == nil { add(v, .missing(key: "form")) }
        }
        return rule
    }

    // MARK: Questions

    /// `ask:` — a list of `{ key, label, text, answers }`.
    mutating func questions(_ node: Node, lines: inout [String: Int]) -> [RuleQuestion] {
        guard case let .sequence(seq) = node, !seq.isEmpty else {
            add(node, .badValue(key: "ask", value: "…", expected: "質問を「- key: …」で並べてください（key・label・text・answers）。"))
            return []
        }
        var out: [RuleQuestion] = []
        for item in seq {
            guard let qm = mapping(item, what: "ask の各質問") else { continue }
            checkKeys(qm, allowed: BereavementRuleLoader.questionKeys)
            let key = string(qm, "key", required: true, parent: item)
            let label = string(qm, "label", required: true, parent: item)
            let text = string(qm, "text", required: true, parent: item)
            let answers = entry(qm, "answers").map { stringList($0.value, key: "answers").map(\.0) } ?? []
            if entry(qm, "answers") == nil { add(item, .missing(key: "answers")) } else if answers.count < 2 {
                add(entry(qm, "answers")?.value, .badValue(key: "answers", value: answers.joined(separator: ","),
                                                          expected: "答えを2つ以上並べてください（例: [はい, いいえ]）。"))
            }
            guard let key, let label, let text, answers.count >= 2 else { continue }
            if !key.unicodeScalars.allSatisfy({ $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "_") }) {
                add(entry(qm, "key")?.value, .badValue(key: "key", value: key, expected: "半角英数字と _ だけで書いてください（例: seikei_doitsu）。"))
                continue
            }
            if let first = lines[key] {
                add(item, .duplicateKey(key: key, firstLine: first))
                continue
            }
            lines[key] = item.mark?.line ?? 0
            out.append(RuleQuestion(key: key, label: label, text: text, answers: answers))
        }
        return out
    }

    // MARK: Deadline

    mutating func deadline(_ node: Node) -> (RuleDeadline?, String?) {
        if case let .scalar(s) = node {
            let text = s.string.trimmingCharacters(in: .whitespaces)
            if text.isEmpty { add(node, .empty(key: "deadline")) }
            return (nil, text)
        }
        guard let m = mapping(node, what: "deadline") else { return (nil, nil) }
        checkKeys(m, allowed: BereavementRuleLoader.deadlineKeys)
        let text = string(m, "text", required: false, parent: node).flatMap { $0.isEmpty ? nil : $0 }
        guard entry(m, "length") != nil else {
            for key in ["from", "unit", "first_day", "extend_over_closed_days"] where entry(m, key) != nil {
                add(node, .missing(key: "length"))
                return (nil, text)
            }
            if text == nil { add(node, .missing(key: "text")) }
            return (nil, text)
        }
        let length = int(m, "length", expected: "1 以上の整数で書いてください（例: 14）。")
        if length == 0 { add(entry(m, "length")?.value, .badValue(key: "length", value: "0", expected: "1 以上の整数で書いてください（例: 14）。")) }
        var unit = DeadlineRule.Unit.days
        if let u = string(m, "unit", required: true, parent: node) {
            if let parsed = DeadlineRule.Unit(rawValue: u) { unit = parsed } else {
                add(entry(m, "unit")?.value, .badValue(key: "unit", value: u, expected: "days, months, years のどれかにしてください。"))
            }
        }
        var from = RuleDeadline.Event.death
        if let f = string(m, "from", required: false, parent: node) {
            if let parsed = RuleDeadline.Event(rawValue: f) { from = parsed } else {
                add(entry(m, "from")?.value, .badValue(key: "from", value: f, expected: "death（死亡日）, known（死亡を知った日）, funeral（葬儀の日）のどれかにしてください。"))
            }
        }
        var firstDayIncluded = false
        if let f = string(m, "first_day", required: false, parent: node) {
            switch f {
            case "included", "算入": firstDayIncluded = true
            case "excluded", "不算入": firstDayIncluded = false
            default: add(entry(m, "first_day")?.value, .badValue(key: "first_day", value: f, expected: "included（初日を数える）か excluded（翌日から数える）にしてください。"))
            }
        }
        let extend = bool(m, "extend_over_closed_days") ?? true
        guard let length, length > 0 else { return (nil, text) }
        let rule = DeadlineRule(length: length, unit: unit, firstDayIncluded: firstDayIncluded, extendOverClosedDays: extend)
        return (RuleDeadline(from: from, rule: rule), text)
    }

    // MARK: Conditions

    mutating func condition(_ node: Node) -> RuleCondition? {
        switch node {
        case let .scalar(s):
            if s.string.trimmingCharacters(in: .whitespaces) == "always" { return .always }
            add(node, .badValue(key: "when", value: s.string, expected: "always か、条件（member: kokuho など）を書いてください。"))
            return nil
        case let .sequence(seq):
            let items = seq.compactMap { condition($0) }
            return items.count == seq.count ? .all(items) : nil
        case let .mapping(m):
            var parts: [RuleCondition] = []
            var ok = true
            for (k, v) in m {
                guard let key = k.string, BereavementRuleLoader.conditionKeys.contains(key) else {
                    add(k, .unknownKey(key: k.string ?? "?", allowed: BereavementRuleLoader.conditionKeys))
                    ok = false
                    continue
                }
                if let c = leaf(key, v) { parts.append(c) } else { ok = false }
            }
            guard ok, !parts.isEmpty else {
                if m.count == 0 { add(node, .empty(key: "when")) }
                return nil
            }
            return parts.count == 1 ? parts[0] : .all(parts)
        default:
            add(node, .notAMapping(what: "when"))
            return nil
        }
    }

    private mutating func leaf(_ key: String, _ v: Node) -> RuleCondition? {
        switch key {
        case "all", "any":
            guard case let .sequence(seq) = v, !seq.isEmpty else {
                add(v, .badValue(key: key, value: "…", expected: "条件を「- 」で並べてください。"))
                return nil
            }
            let items = seq.compactMap { condition($0) }
            guard items.count == seq.count else { return nil }
            return key == "all" ? .all(items) : .any(items)
        case "not":
            return condition(v).map { .not($0) }
        case "member":
            guard let word = scalar(v, key: key) else { return nil }
            guard let membership = Membership(rawValue: word) else {
                add(v, .badValue(key: key, value: word, expected: "使えるのは " + Membership.allCases.map(\.rawValue).joined(separator: ", ") + " です。"))
                return nil
            }
            return .member(membership)
        case "status":
            guard let word = scalar(v, key: key) else { return nil }
            guard let status = ResidentStatus(word: word) else {
                add(v, .unknownStatus(word: word))
                return nil
            }
            return .status(status)
        case "head_of_household":
            guard let word = scalar(v, key: key) else { return nil }
            switch word.lowercased() {
            case "true", "yes": return .headOfHousehold(true)
            case "false", "no": return .headOfHousehold(false)
            default:
                add(v, .badValue(key: key, value: word, expected: "true か false を書いてください。"))
                return nil
            }
        case "age_at_death", "remaining_members":
            guard case let .mapping(m) = v else {
                add(v, .badValue(key: key, value: v.string ?? "…", expected: "{ min: 65 } や { min: 40, max: 64 } の形で書いてください。"))
                return nil
            }
            checkKeys(m, allowed: ["min", "max"])
            let expected = "0 以上の整数で書いてください。"
            let lo = int(m, "min", expected: expected)
            let hi = int(m, "max", expected: expected)
            if lo == nil && hi == nil {
                add(v, .missing(key: "min"))
                return nil
            }
            if let lo, let hi, lo > hi {
                add(v, .badValue(key: key, value: "min \(lo) > max \(hi)", expected: "min は max 以下にしてください。"))
                return nil
            }
            return key == "age_at_death" ? .ageAtDeath(min: lo, max: hi) : .remainingMembers(min: lo, max: hi)
        case "remaining_under_age":
            guard case let .mapping(m) = v else {
                add(v, .badValue(key: key, value: v.string ?? "…", expected: "{ age: 18, min: 1 } の形で書いてください。"))
                return nil
            }
            checkKeys(m, allowed: ["age", "min"])
            guard entry(m, "age") != nil else { add(v, .missing(key: "age")); return nil }
            guard let age = int(m, "age", expected: "年齢を整数で書いてください（例: 18）。") else { return nil }
            let min = entry(m, "min") == nil ? 1 : int(m, "min", expected: "人数を整数で書いてください（例: 1）。")
            guard let min else { return nil }
            return .remainingUnderAge(age: age, min: min)
        case "remaining_aged":
            guard case let .mapping(m) = v else {
                add(v, .badValue(key: key, value: v.string ?? "…", expected: "{ age: 15, min: 2 } の形で書いてください。"))
                return nil
            }
            checkKeys(m, allowed: ["age", "min"])
            guard entry(m, "age") != nil else { add(v, .missing(key: "age")); return nil }
            guard let age = int(m, "age", expected: "年齢を整数で書いてください（例: 15）。") else { return nil }
            let min = entry(m, "min") == nil ? 1 : int(m, "min", expected: "人数を整数で書いてください（例: 2）。")
            guard let min else { return nil }
            return .remainingAged(age: age, min: min)
        case "remaining_school_year":
            guard case let .mapping(m) = v else {
                add(v, .badValue(key: key, value: v.string ?? "…", expected: "{ age: 18, relationship: [子], min: 1 } の形で書いてください。"))
                return nil
            }
            checkKeys(m, allowed: ["age", "relationship", "min"])
            guard entry(m, "age") != nil else { add(v, .missing(key: "age")); return nil }
            guard let age = int(m, "age", expected: "年齢を整数で書いてください（例: 18）。") else { return nil }
            let min = entry(m, "min") == nil ? 1 : int(m, "min", expected: "人数を整数で書いてください（例: 1）。")
            guard let min else { return nil }
            let relationships = entry(m, "relationship").map { stringList($0.value, key: "relationship").map(\.0) } ?? []
            return .remainingSchoolYear(age: age, relationships: relationships, min: min)
        case "answer":
            guard case let .mapping(m) = v else {
                add(v, .badValue(key: key, value: v.string ?? "…", expected: "{ key: seikei_doitsu, is: [はい] } の形で書いてください。"))
                return nil
            }
            checkKeys(m, allowed: ["key", "is"])
            guard let name = string(m, "key", required: true, parent: v) else { return nil }
            guard let question = askedQuestions.first(where: { $0.key == name }) else {
                add(entry(m, "key")?.value, .badValue(key: "key", value: name,
                    expected: "この質問を同じファイルの ask: に書いてください（key・label・text・answers）。"))
                return nil
            }
            guard let (_, iv) = entry(m, "is") else { add(v, .missing(key: "is")); return nil }
            let values = stringList(iv, key: "is").map(\.0)
            if values.isEmpty { add(iv, .empty(key: "is")); return nil }
            for value in values where !question.answers.contains(value) {
                add(iv, .badValue(key: "is", value: value, expected: "ask: の answers（\(question.answers.joined(separator: ", "))）のどれかにしてください。"))
                return nil
            }
            return .answer(key: name, values: values, label: question.label)
        case "field":
            guard case let .mapping(m) = v else {
                add(v, .badValue(key: key, value: v.string ?? "…", expected: "{ name: sex, equals: 男 } の形で書いてください。"))
                return nil
            }
            checkKeys(m, allowed: ["name", "equals"])
            guard let name = string(m, "name", required: true, parent: v) else { return nil }
            guard let field = RuleCondition.RecordField(rawValue: name) else {
                add(entry(m, "name")?.value, .badValue(key: "name", value: name,
                                                      expected: "使えるのは " + RuleCondition.RecordField.allCases.map(\.rawValue).joined(separator: ", ") + " です。"))
                return nil
            }
            guard let (_, ev) = entry(m, "equals") else { add(v, .missing(key: "equals")); return nil }
            var values = stringList(ev, key: "equals").map(\.0)
            if field == .sex {
                var normalized: [String] = []
                for word in values {
                    switch word {
                    case "男", "male", "1": normalized.append("男")
                    case "女", "female", "2": normalized.append("女")
                    default:
                        add(ev, .badValue(key: "equals", value: word, expected: "性別は 男 か 女 で書いてください。"))
                        return nil
                    }
                }
                values = normalized
            }
            if values.isEmpty { add(ev, .empty(key: "equals")); return nil }
            return .field(field, values: values)
        default:
            return nil
        }
    }

    private mutating func scalar(_ v: Node, key: String) -> String? {
        guard case let .scalar(s) = v, !s.string.trimmingCharacters(in: .whitespaces).isEmpty else {
            add(v, .badValue(key: key, value: "…", expected: "値を一つ書いてください。"))
            return nil
        }
        return s.string.trimmingCharacters(in: .whitespaces)
    }

    // MARK: Walking order

    mutating func walkingOrder(_ root: Node) -> WalkingOrder? {
        guard let m = mapping(root, what: "窓口の順路") else { return nil }
        checkKeys(m, allowed: ["contact", "departments"])
        let contact = string(m, "contact", required: false, parent: root) ?? ""
        guard let (k, v) = entry(m, "departments") else { add(root, .missing(key: "departments")); return nil }
        guard case let .sequence(seq) = v, !seq.isEmpty else { add(k, .empty(key: "departments")); return nil }
        var out: [BereavementDepartment] = []
        var lines: [String: Int] = [:]
        for item in seq {
            guard let dm = mapping(item, what: "departments の各課") else { continue }
            checkKeys(dm, allowed: BereavementRuleLoader.departmentKeys)
            let name = string(dm, "name", required: true, parent: item)
            let counter = string(dm, "counter", required: true, parent: item)
            let phone = string(dm, "phone", required: false, parent: item) ?? ""
            let hours = string(dm, "hours", required: false, parent: item) ?? ""
            let note = string(dm, "note", required: false, parent: item).flatMap { $0.isEmpty ? nil : $0 }
            guard let name, let counter else { continue }
            let line = item.mark?.line ?? 0
            if let first = lines[name] {
                add(line: line, .duplicateKey(key: name, firstLine: first))
                continue
            }
            lines[name] = line
            out.append(BereavementDepartment(name: name, counter: counter, phone: phone, hours: hours, note: note))
        }
        return WalkingOrder(contact: contact, departments: out)
    }
}
