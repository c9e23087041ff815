import Foundation
import JapaneseKit
import Yams

/// Reads one form definition from YAML, reporting every problem as `file:line: message`.
///
/// Works on Yams' node tree rather than `Decodable` so each problem keeps the line of the
/// node it is about.
public enum FormLoader {
    static let topKeys = ["id", "title", "department", "fee", "fee_note", "summary", "eligibility", "fields", "source", "checked",
                          "unconfirmed"]
    static let fieldKeys = ["key", "label", "type", "required", "required_when", "source", "value", "handwritten",
                            "options", "option_fees", "date_style", "help", "amount"]
    static let eligibilityKeys = ["requesters", "subject_status", "status_notes", "support_measure", "minimum_age",
                                  "subject_memberships",
                                  "power_of_attorney_field", "third_party_reason_field", "wide_area", "restricted_items",
                                  "agent_field_values", "heir_field"]
    static let wideAreaKeys = ["home_honseki", "requesters", "kind_field", "kinds", "id_field", "photo_ids"]

    /// Parses `text`; `file` names it in problems. Returns the definition only when there is
    /// no problem at all.
    /// `amounts` are the catalog's (`amounts.yaml`) for fields that print one (`amount:`).
    public static func parse(_ text: String, file: String,
                             amounts: [String: BenefitAmount] = [:]) -> (form: FormDefinition?, problems: [FormProblem]) {
        var reader = Reader(file: file)
        reader.amounts = amounts
        guard let root = reader.compose(text, emptyMeansMissing: "title") else { return (nil, reader.problems) }
        let form = reader.form(root)
        return (reader.problems.isEmpty ? form : nil, reader.problems)
    }

    /// Reads and parses the file at `url`; `relativePath` names it in problems.
    public static func load(_ url: URL, relativePath: String,
                            amounts: [String: BenefitAmount] = [:]) -> (form: FormDefinition?, problems: [FormProblem]) {
        let text: String
        switch FormProblem.readText(url, relative: relativePath) {
        case let .text(t): text = t
        case let .problem(problem): return (nil, [problem])
        }
        var (form, problems) = parse(text, file: relativePath, amounts: amounts)
        form?.sourceFile = relativePath
        if form == nil && problems.isEmpty { problems.append(FormProblem(file: relativePath, line: 0, kind: .missing(key: "id"))) }
        return (form, problems)
    }
}

// MARK: - Reader

/// Line-accurate helpers over Yams nodes, shared by every loader of Forms/ files.
struct Reader {
    let file: String
    var problems: [FormProblem] = []
    /// The questions of the bereavement rule being read, for its `answer:` conditions.
    var askedQuestions: [RuleQuestion] = []
    /// The amounts a form's `amount:` fields may name.
    var amounts: [String: BenefitAmount] = [:]

    init(file: String) { self.file = file }

    mutating func add(_ node: Node?, _ kind: FormProblem.Kind) {
        problems.append(FormProblem(file: file, line: node?.mark?.line ?? 0, kind: kind))
    }

    mutating func add(line: Int, _ kind: FormProblem.Kind) {
        problems.append(FormProblem(file: file, line: line, kind: kind))
    }

    /// The root node of `text`; nil with the problem recorded when the YAML is broken, or
    /// with `missing(emptyMeansMissing)` at line 1 when the file is empty.
    mutating func compose(_ text: String, emptyMeansMissing key: String) -> Node? {
        do {
            guard let root = try Yams.compose(yaml: text) else {
                add(line: 1, .missing(key: key))
                return nil
            }
            // Every definition's text may reach a screen, a form or the journal: none may hold a
            // card number or a 個人番号, in a value or a key.
            let sensitive = Self.scalars(root).filter { SensitiveNumbers.firstKind(in: $0.string ?? "") != nil }
            guard sensitive.isEmpty else {
                for node in sensitive { add(line: node.mark?.line ?? 0, .sensitiveNumber) }
                return nil
            }
            return root
        } catch let error as YamlError {
            problems.append(problem(for: error, text: text))
        } catch {
            add(line: 0, .yamlSyntax(reason: CounterMessage.reason(for: error)))
        }
        return nil
    }

    /// Every scalar of `node`, keys included.
    static func scalars(_ node: Node) -> [Node] {
        switch node {
        case .scalar: [node]
        case .mapping(let mapping): mapping.flatMap { scalars($0.key) + scalars($0.value) }
        case .sequence(let sequence): sequence.flatMap(scalars)
        case .alias: []
        }
    }

    func problem(for error: YamlError, text: String) -> FormProblem {
        switch error {
        case let .duplicatedKeysInMapping(duplicates, context):
            let key = duplicates.sorted().first ?? ""
            let first = context.mark.line
            let second = Reader.lineOfRepeat(key: key, after: context.mark, in: text) ?? first
            return FormProblem(file: file, line: second, kind: .duplicateKey(key: key, firstLine: first))
        case let .scanner(_, _, mark, _), let .parser(_, _, mark, _), let .composer(_, _, mark, _):
            // The YAML library's own words are English: the line and column say where, in Japanese.
            return FormProblem(file: file, line: mark.line, kind: .yamlSyntax(
                reason: "\(mark.column) 文字目あたり。字下げ・「キー: 値」のコロンと空白・引用符の対を確かめてください"))
        default:
            return FormProblem(file: file, line: 0, kind: .yamlSyntax(reason: "読み取れない書式です"))
        }
    }

    /// The line where `key:` appears again at the same column after its first occurrence.
    static func lineOfRepeat(key: String, after mark: Mark, in text: String) -> Int? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard mark.line >= 1, mark.line <= lines.count else { return nil }
        let column = mark.column - 1
        for index in mark.line..<lines.count {
            let scalars = Array(lines[index].unicodeScalars)
            guard scalars.count > column else { continue }
            let rest = String(String.UnicodeScalarView(scalars[column...]))
            let before = String(String.UnicodeScalarView(scalars[..<column])).trimmingCharacters(in: .whitespaces)
            if (before.isEmpty || before == "-"), rest.hasPrefix(key + ":") || rest.hasPrefix("\"\(key)\":") {
                return index + 1
            }
        }
        return nil
    }

    // MARK: Helpers

    mutating func mapping(_ node: Node, what: String) -> Node.Mapping? {
        guard case let .mapping(m) = node else { add(node, .notAMapping(what: what)); return nil }
        return m
    }

    mutating func checkKeys(_ m: Node.Mapping, allowed: [String]) {
        for (key, _) in m where !allowed.contains(key.string ?? "") {
            add(key, .unknownKey(key: key.string ?? "?", allowed: allowed))
        }
    }

    func entry(_ m: Node.Mapping, _ key: String) -> (key: Node, value: Node)? {
        m.first { $0.key.string == key }
    }

    mutating func string(_ m: Node.Mapping, _ key: String, required: Bool, parent: Node) -> String? {
        guard let (k, v) = entry(m, key) else {
            if required { add(parent, .missing(key: key)) }
            return nil
        }
        guard case let .scalar(s) = v else { add(v, .badValue(key: key, value: "…", expected: "文字で書いてください。")); return nil }
        let text = s.string.trimmingCharacters(in: .whitespaces)
        if text.isEmpty && required { add(k, .empty(key: key)); return nil }
        return text
    }

    mutating func bool(_ m: Node.Mapping, _ key: String) -> Bool? {
        guard let text = string(m, key, required: false, parent: .scalar(.init(""))) else { return nil }
        switch text.lowercased() {
        case "true", "yes", "はい", "する": return true
        case "false", "no", "いいえ", "しない": return false
        default:
            add(entry(m, key)?.value, .badValue(key: key, value: text, expected: "true か false を書いてください。"))
            return nil
        }
    }

    mutating func int(_ m: Node.Mapping, _ key: String, expected: String) -> Int? {
        guard let text = string(m, key, required: false, parent: .scalar(.init(""))) else { return nil }
        guard let n = Int(text), n >= 0 else {
            add(entry(m, key)?.value, .badValue(key: key, value: text, expected: expected))
            return nil
        }
        return n
    }

    mutating func stringList(_ node: Node, key: String) -> [(String, Node)] {
        switch node {
        case let .sequence(seq):
            var out: [(String, Node)] = []
            for item in seq {
                if case let .scalar(s) = item { out.append((s.string.trimmingCharacters(in: .whitespaces), item)) }
                else { add(item, .badValue(key: key, value: "…", expected: "文字の並び（[a, b]）で書いてください。")) }
            }
            return out
        case let .scalar(s):
            return [(s.string.trimmingCharacters(in: .whitespaces), node)]
        default:
            add(node, .badValue(key: key, value: "…", expected: "文字の並び（[a, b]）で書いてください。"))
            return []
        }
    }

    // MARK: Form

    mutating func form(_ root: Node) -> FormDefinition? {
        guard let m = mapping(root, what: "帳票定義") else { return nil }
        checkKeys(m, allowed: FormLoader.topKeys)
        let id = string(m, "id", required: true, parent: root)
        if let id, let idNode = entry(m, "id")?.value,
           !id.unicodeScalars.allSatisfy({ $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "_" || $0 == "-") }) {
            add(idNode, .badValue(key: "id", value: id, expected: "半角英数字と _ - だけで書いてください（例: juminhyo）。"))
        }
        let title = string(m, "title", required: true, parent: root)
        let department = string(m, "department", required: true, parent: root)
        var fee = 0
        if entry(m, "fee") == nil { add(root, .missing(key: "fee")) } else {
            fee = int(m, "fee", expected: "1通あたりの円を 0 以上の整数で書いてください（無料は 0）。") ?? 0
        }
        let feeNote = string(m, "fee_note", required: false, parent: root) ?? ""
        // Required of every file in a forms directory (FormLibrary reports their absence).
        let source = string(m, "source", required: false, parent: root)
        var checked: CivilDate?
        if let text = string(m, "checked", required: false, parent: root), let node = entry(m, "checked")?.value {
            do { checked = try JapaneseDate.parse(text) } catch {
                add(node, .badValue(key: "checked", value: text, expected: "確認した日を 2026-12-02 のように書いてください。"))
            }
        }
        let unconfirmed = string(m, "unconfirmed", required: false, parent: root).flatMap { $0.isEmpty ? nil : $0 }
        let summary = string(m, "summary", required: false, parent: root) ?? ""

        var fields: [FormField] = []
        var fieldLines: [String: Int] = [:]
        if let (k, v) = entry(m, "fields") {
            if case let .sequence(seq) = v, !seq.isEmpty {
                for item in seq {
                    guard let field = field(item) else { continue }
                    let line = item.mark?.line ?? 0
                    if let first = fieldLines[field.key] {
                        add(line: line, .duplicateFieldKey(key: field.key, firstLine: first))
                        continue
                    }
                    fieldLines[field.key] = line
                    fields.append(field)
                }
            } else {
                add(k, .empty(key: "fields"))
            }
        } else {
            add(root, .missing(key: "fields"))
        }
        // Conditions refer to fields of this form.
        for field in fields {
            if let cond = field.requiredWhen, !fields.contains(where: { $0.key == cond.key }) {
                add(line: fieldLines[field.key] ?? 0, .unknownFieldReference(key: cond.key))
            }
        }

        var policy = EligibilityPolicy()
        if let (_, v) = entry(m, "eligibility") {
            policy = eligibility(v, fieldLines: fieldLines) ?? policy
        }
        guard let id, let title, let department else { return nil }
        var definition = FormDefinition(id: id, title: title, department: department, fee: fee, feeNote: feeNote,
                                        summary: summary, eligibility: policy, fields: fields, sourceFile: file)
        definition.source = source ?? ""
        definition.checked = checked
        definition.unconfirmed = unconfirmed
        return definition
    }

    // MARK: Field

    mutating func field(_ node: Node) -> FormField? {
        guard let m = mapping(node, what: "fields の各項目") else { return nil }
        checkKeys(m, allowed: FormLoader.fieldKeys)
        let key = string(m, "key", required: true, parent: node)
        let label = string(m, "label", required: true, parent: node)
        let required = bool(m, "required") ?? false
        let handwritten = bool(m, "handwritten") ?? false
        var help = string(m, "help", required: false, parent: node) ?? ""
        var sourceText = string(m, "source", required: false, parent: node)
        var constant = string(m, "value", required: false, parent: node)
        guard let key, let label else { return nil }
        // An amount from amounts.yaml: printed when verified; otherwise the clerk confirms and writes it.
        if let amountID = string(m, "amount", required: false, parent: node) {
            if constant != nil || sourceText != nil || handwritten {
                add(node, .conflictingSource(key: key))
                return nil
            }
            guard let amount = amounts[amountID] else {
                add(entry(m, "amount")?.value, .badValue(key: "amount", value: amountID,
                                                        expected: "amounts.yaml にある id を書いてください。"))
                return nil
            }
            if amount.verified {
                constant = amount.yenText
            } else {
                sourceText = "entered"
                if help.isEmpty { help = "\(amount.label)の額は未確認です。窓口で確かめて記入してください。" }
            }
        }

        var options: [String] = []
        if let (_, v) = entry(m, "options") { options = stringList(v, key: "options").map(\.0) }

        var source: FieldSource
        let given = [sourceText != nil, constant != nil, handwritten].filter { $0 }.count
        if given > 1 {
            add(node, .conflictingSource(key: key))
            return nil
        }
        if handwritten {
            source = .handwritten
        } else if let constant {
            source = .constant(constant)
        } else if let sourceText {
            if sourceText == "entered" {
                source = .entered
            } else if let binding = FieldBinding(rawValue: sourceText) {
                source = .binding(binding)
            } else {
                add(entry(m, "source")?.value, .unknownBinding(name: sourceText))
                return nil
            }
        } else {
            add(node, .missing(key: "source"))
            return nil
        }

        var type: FieldType = .text
        if case let .binding(b) = source, b.isDate { type = .date }
        if let typeText = string(m, "type", required: false, parent: node) {
            guard let t = FieldType(rawValue: typeText) else {
                add(entry(m, "type")?.value, .unknownType(name: typeText))
                return nil
            }
            type = t
        }
        if case let .binding(b) = source, !b.allowedTypes.contains(type) {
            add(entry(m, "type")?.value ?? node, .typeMismatch(key: key, type: type, source: b.rawValue))
        }
        if type == .choice && options.isEmpty { add(node, .choiceWithoutOptions(key: key)) }
        if type == .yesNo && !(options.isEmpty || options.count == 2) {
            add(entry(m, "options")?.value, .badValue(key: "options", value: options.joined(separator: ", "),
                                                     expected: "yesno の options は「はい」にあたる語と「いいえ」にあたる語の二つです。"))
        }
        if case let .constant(value) = source, type == .choice || type == .yesNo, !options.isEmpty, !options.contains(value) {
            add(entry(m, "value")?.value, .constantNotAnOption(key: key, value: value))
        }
        if case let .constant(value) = source, type == .number, Int(value) == nil {
            add(entry(m, "value")?.value, .typeMismatch(key: key, type: type, source: value))
        }
        let mentionsMyNumber = ["個人番号", "マイナンバー", "my_number", "mynumber"].contains { label.contains($0) || key.lowercased().contains($0) }
        let isCard = label.contains("カード") || key.lowercased().contains("card")
        if mentionsMyNumber && !isCard && type != .yesNo {
            add(node, .myNumberNotYesNo(key: key))
        }

        var optionFees: [String: Int] = [:]
        if let (_, v) = entry(m, "option_fees") {
            if case let .mapping(fm) = v, type == .choice {
                for (k, val) in fm {
                    let option = k.string ?? ""
                    guard options.contains(option) else { add(k, .constantNotAnOption(key: key, value: option)); continue }
                    guard let yen = Int(val.string ?? ""), yen >= 0 else {
                        add(val, .badValue(key: option, value: val.string ?? "", expected: "1通あたりの円を 0 以上の整数で書いてください。"))
                        continue
                    }
                    optionFees[option] = yen
                }
            } else {
                add(v, .badValue(key: "option_fees", value: "…", expected: "choice の項目に「選択肢: 円」の形で書いてください。"))
            }
        }

        var dateStyle = DateStyle.wareki
        if let styleText = string(m, "date_style", required: false, parent: node) {
            if let s = DateStyle(rawValue: styleText) { dateStyle = s } else {
                add(entry(m, "date_style")?.value, .badValue(key: "date_style", value: styleText, expected: "wareki か iso を書いてください。"))
            }
        }

        var condition: FieldCondition?
        if let (_, v) = entry(m, "required_when") {
            if case let .mapping(cm) = v {
                checkKeys(cm, allowed: ["key", "is"])
                if let condKey = string(cm, "key", required: true, parent: v) {
                    let values = entry(cm, "is").map { stringList($0.value, key: "is").map(\.0) } ?? []
                    if values.isEmpty { add(v, .missing(key: "is")) }
                    condition = FieldCondition(key: condKey, values: values)
                }
            } else {
                add(v, .notAMapping(what: "required_when"))
            }
        }
        return FormField(key: key, label: label, type: type, required: required, requiredWhen: condition,
                         source: source, options: options, dateStyle: dateStyle, help: help, optionFees: optionFees)
    }

    // MARK: Eligibility

    mutating func eligibility(_ node: Node, fieldLines: [String: Int]) -> EligibilityPolicy? {
        guard let m = mapping(node, what: "eligibility") else { return nil }
        checkKeys(m, allowed: FormLoader.eligibilityKeys)
        var policy = EligibilityPolicy()
        if let (_, v) = entry(m, "requesters") {
            var set: Set<RequesterRelation> = []
            for (word, n) in stringList(v, key: "requesters") {
                if let r = RequesterRelation(word: word) { set.insert(r) } else { add(n, .unknownRequester(word: word)) }
            }
            policy.requesters = set
        }
        if let (_, v) = entry(m, "subject_status") {
            if case let .mapping(sm) = v {
                for (k, val) in sm {
                    guard let status = ResidentStatus(word: k.string ?? "") else { add(k, .unknownStatus(word: k.string ?? "")); continue }
                    switch val.string ?? "" {
                    case "可", "allow": policy.subjectStatus[status] = .allow
                    case "不可", "refuse": policy.subjectStatus[status] = .refuse
                    default: add(val, .badValue(key: k.string ?? "", value: val.string ?? "", expected: "可 か 不可 を書いてください。"))
                    }
                }
            } else { add(v, .notAMapping(what: "subject_status")) }
        }
        if let (_, v) = entry(m, "status_notes") {
            if case let .mapping(sm) = v {
                for (k, val) in sm {
                    guard let status = ResidentStatus(word: k.string ?? "") else { add(k, .unknownStatus(word: k.string ?? "")); continue }
                    policy.statusNotes[status] = val.string ?? ""
                }
            } else { add(v, .notAMapping(what: "status_notes")) }
        }
        if let text = string(m, "support_measure", required: false, parent: node) {
            if let rule = SupportMeasureRule(rawValue: text) { policy.supportMeasure = rule } else {
                add(entry(m, "support_measure")?.value, .badValue(key: "support_measure", value: text, expected: "不可 か 本人のみ を書いてください。"))
            }
        }
        if let (_, v) = entry(m, "subject_memberships") {
            for (word, n) in stringList(v, key: "subject_memberships") {
                if let ms = Membership(rawValue: word) ?? Membership.allCases.first(where: { $0.columnName == word }) {
                    policy.subjectMemberships.insert(ms)
                } else {
                    add(n, .badValue(key: "subject_memberships", value: word,
                                     expected: "使える値: " + Membership.allCases.map(\.rawValue).joined(separator: ", ")))
                }
            }
        }
        policy.minimumAge = int(m, "minimum_age", expected: "年齢を 0 以上の整数で書いてください。")
        for (yamlKey, keyPath) in [("power_of_attorney_field", \EligibilityPolicy.powerOfAttorneyKey),
                                   ("third_party_reason_field", \EligibilityPolicy.thirdPartyReasonKey)] {
            if let text = string(m, yamlKey, required: false, parent: node) {
                if fieldLines[text] == nil { add(entry(m, yamlKey)?.value, .unknownFieldReference(key: text)) }
                policy[keyPath: keyPath] = text
            }
        }
        if let text = string(m, "heir_field", required: false, parent: node) {
            if fieldLines[text] == nil { add(entry(m, "heir_field")?.value, .unknownFieldReference(key: text)) }
            policy.heirKey = text
        }
        if let (_, v) = entry(m, "restricted_items") {
            if case let .mapping(rm) = v {
                for (k, val) in rm {
                    let key = k.string ?? ""
                    if fieldLines[key] == nil { add(k, .unknownFieldReference(key: key)) }
                    policy.restrictedItems[key] = relations(val, key: key)
                }
            } else { add(v, .notAMapping(what: "restricted_items")) }
        }
        if let (_, v) = entry(m, "agent_field_values") {
            if case let .mapping(am) = v {
                for (k, val) in am {
                    let key = k.string ?? ""
                    if fieldLines[key] == nil { add(k, .unknownFieldReference(key: key)) }
                    policy.agentFieldValues[key] = stringList(val, key: key).map(\.0)
                }
            } else { add(v, .notAMapping(what: "agent_field_values")) }
        }
        if let (_, v) = entry(m, "wide_area") {
            if case let .mapping(wm) = v {
                checkKeys(wm, allowed: FormLoader.wideAreaKeys)
                let home = entry(wm, "home_honseki").map { stringList($0.value, key: "home_honseki").map(\.0) } ?? []
                if home.isEmpty { add(v, .missing(key: "home_honseki")) }
                let requesters = entry(wm, "requesters").map { relations($0.value, key: "requesters") } ?? [.selfPerson, .spouseOrLineal]
                let kindKey = string(wm, "kind_field", required: true, parent: v) ?? ""
                let idKey = string(wm, "id_field", required: true, parent: v) ?? ""
                for key in [kindKey, idKey] where !key.isEmpty && fieldLines[key] == nil {
                    add(v, .unknownFieldReference(key: key))
                }
                let kinds = entry(wm, "kinds").map { stringList($0.value, key: "kinds").map(\.0) } ?? []
                let photoIDs = entry(wm, "photo_ids").map { stringList($0.value, key: "photo_ids").map(\.0) } ?? []
                if kinds.isEmpty { add(v, .missing(key: "kinds")) }
                if photoIDs.isEmpty { add(v, .missing(key: "photo_ids")) }
                policy.wideArea = EligibilityPolicy.WideAreaPolicy(homeHonseki: home, requesters: requesters, kindKey: kindKey, kinds: kinds,
                                                                   idKey: idKey, photoIDs: photoIDs)
            } else { add(v, .notAMapping(what: "wide_area")) }
        }
        return policy
    }

    mutating func relations(_ node: Node, key: String) -> Set<RequesterRelation> {
        var set: Set<RequesterRelation> = []
        for (word, n) in stringList(node, key: key) {
            if let r = RequesterRelation(word: word) { set.insert(r) } else { add(n, .unknownRequester(word: word)) }
        }
        return set
    }
}
