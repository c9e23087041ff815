import Foundation
import JapaneseKit
import Yams

/// Reads Forms/training/*.yaml with the same line-accurate problem reporting as the form
/// files; checks each scenario against the form library (forms, items, options) it names.
public enum TrainingScenarioLoader {
    static let topKeys = ["id", "title", "summary", "visitor", "opening", "residents", "subject", "questions", "expected",
                          "critical_fails", "model_answer", "wrong_answer", "source", "checked"]
    static let residentKeys = ["id", "household", "name", "kana", "birthdate", "sex", "relationship", "postal_code", "address",
                               "address_detail", "honseki", "hittousha", "resident_since", "status", "status_date",
                               "support_measure", "memberships"]
    static let checkKeys = ["printed", "decision", "decision_other_than", "fee", "payment", "asked", "checklist_has",
                            "checklist_lacks"]
    static let printKeys = ["form", "copies", "relation", "items"]
    static let stepKeys = ["type", "press", "wait", "pick", "ask", "caption"]

    /// The scenarios folder inside a forms directory.
    public static let folder = "training"

    /// Parses one scenario; `forms` is the library its `printed:` points are checked against.
    public static func parse(_ text: String, file: String, forms: FormLibrary) -> (scenario: TrainingScenario?, problems: [FormProblem]) {
        var reader = Reader(file: file)
        guard let root = reader.compose(text, emptyMeansMissing: "id") else { return (nil, reader.problems) }
        let scenario = reader.scenario(root, forms: forms)
        return (reader.problems.isEmpty ? scenario : nil, reader.problems)
    }

    /// Every `training/*.yaml` of `formsDirectory`, sorted by file name, and every problem
    /// (a missing folder is no problem: a city may ship no scenarios).
    public static func loadAll(formsDirectory: URL, forms: FormLibrary) -> (scenarios: [TrainingScenario], problems: [FormProblem]) {
        let dir = formsDirectory.appendingPathComponent(folder)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir.path) else { return ([], []) }
        var scenarios: [TrainingScenario] = []
        var problems: [FormProblem] = []
        var seenIDs: [String: String] = [:]
        var seenResidents: [String: String] = [:]
        for name in names.filter({ $0.hasSuffix(".yaml") }).sorted() {
            let relative = "\(folder)/\(name)"
            let text: String
            switch FormProblem.readText(dir.appendingPathComponent(name), relative: relative) {
            case let .text(t): text = t
            case let .problem(problem): problems.append(problem); continue
            }
            let (parsed, found) = parse(text, file: relative, forms: forms)
            problems += found
            guard var scenario = parsed else { continue }
            scenario.sourceFile = relative
            if let other = seenIDs[scenario.id] {
                problems.append(FormProblem(file: relative, line: 1, kind: .badValue(
                    key: "id", value: scenario.id, expected: "\(other) でも使われています。別の id にしてください。")))
                continue
            }
            seenIDs[scenario.id] = relative
            var clash = false
            for resident in scenario.residents {
                if let other = seenResidents[resident.id], other != relative {
                    problems.append(FormProblem(file: relative, line: 0, kind: .badValue(
                        key: "residents", value: resident.id, expected: "この宛名番号は \(other) でも使われています。研修ごとに別の番号にしてください。")))
                    clash = true
                }
                seenResidents[resident.id] = relative
            }
            if !clash { scenarios.append(scenario) }
        }
        return (scenarios, problems)
    }
}

// MARK: - Reader

extension Reader {
    mutating func scenario(_ root: Node, forms: FormLibrary) -> TrainingScenario? {
        guard let m = mapping(root, what: "研修シナリオ") else { return nil }
        checkKeys(m, allowed: TrainingScenarioLoader.topKeys)
        let id = string(m, "id", required: true, parent: root)
        if let id, id.range(of: "^[A-Za-z0-9_-]+$", options: .regularExpression) == nil {
            add(entry(m, "id")?.value, .badValue(key: "id", value: id, expected: "半角英数字と _ - で書いてください。"))
        }
        let title = string(m, "title", required: true, parent: root)
        let summary = string(m, "summary", required: false, parent: root) ?? ""
        let visitor = string(m, "visitor", required: true, parent: root)
        let opening = string(m, "opening", required: true, parent: root)
        let subject = string(m, "subject", required: true, parent: root)
        let source = string(m, "source", required: true, parent: root)
        var checked: CivilDate?
        if let text = string(m, "checked", required: true, parent: root) {
            checked = CivilDate(iso: text)
            if checked == nil { add(entry(m, "checked")?.value, .badValue(key: "checked", value: text, expected: "2026-12-02 の形で書いてください。")) }
        }
        var residents: [Resident] = []
        if let (_, node) = entry(m, "residents") {
            if case let .sequence(seq) = node { residents = seq.compactMap { resident($0) } }
            else { add(node, .badValue(key: "residents", value: "…", expected: "住民を「- id: …」の並びで書いてください。")) }
        } else {
            add(root, .missing(key: "residents"))
        }
        if let subject, !residents.isEmpty, !residents.contains(where: { $0.id == subject }) {
            add(entry(m, "subject")?.value, .badValue(key: "subject", value: subject, expected: "residents にある宛名番号を書いてください。"))
        }
        let questions = entry(m, "questions").map { questionList($0.value) } ?? []
        let expected = entry(m, "expected").map { points($0.value, key: "expected", forms: forms, questions: questions) } ?? []
        if entry(m, "expected") == nil { add(root, .missing(key: "expected")) }
        let fails = entry(m, "critical_fails").map { points($0.value, key: "critical_fails", forms: forms, questions: questions) } ?? []
        var steps: [TrainingStep] = []
        if let (_, node) = entry(m, "model_answer") { steps = script(node, questions: questions) } else { add(root, .missing(key: "model_answer")) }
        let wrong = entry(m, "wrong_answer").map { script($0.value, questions: questions) } ?? []
        if let (_, node) = entry(m, "expected"), expected.filter({ if case .decision = $0.check { true } else { false } }).count > 1 {
            add(node, .badValue(key: "expected", value: "decision", expected: "decision は一つだけ書いてください。"))
        }
        guard let id, let title, let visitor, let opening, let subject, let source, let checked else { return nil }
        return TrainingScenario(id: id, title: title, summary: summary, visitor: visitor, opening: opening, residents: residents,
                                subject: subject, questions: questions, expected: expected, criticalFails: fails, modelAnswer: steps, wrongAnswer: wrong,
                                source: source, checked: checked, sourceFile: nil)
    }

    mutating func resident(_ node: Node) -> Resident? {
        guard let m = mapping(node, what: "住民") else { return nil }
        checkKeys(m, allowed: TrainingScenarioLoader.residentKeys)
        let id = string(m, "id", required: true, parent: node)
        if let id, id.count != 10 || !id.allSatisfy(\.isASCII) || Int(id) == nil || !id.hasPrefix("9") {
            add(entry(m, "id")?.value, .badValue(key: "id", value: id, expected: "9 で始まる10桁の宛名番号にしてください（研修用の住民データと重ならない番号）。"))
        }
        let household = string(m, "household", required: true, parent: node)
        let name = string(m, "name", required: true, parent: node)
        let kana = string(m, "kana", required: true, parent: node)
        let relationship = string(m, "relationship", required: true, parent: node)
        func date(_ key: String, required: Bool) -> CivilDate? {
            guard let text = string(m, key, required: required, parent: node) else { return nil }
            guard let d = CivilDate(iso: text) else {
                add(entry(m, key)?.value, .badValue(key: key, value: text, expected: "1950-04-01 の形で書いてください。"))
                return nil
            }
            return d
        }
        let birthdate = date("birthdate", required: true)
        var sex: Sex?
        if let text = string(m, "sex", required: true, parent: node) {
            sex = text == "男" ? .male : text == "女" ? .female : nil
            if sex == nil { add(entry(m, "sex")?.value, .badValue(key: "sex", value: text, expected: "男 か 女 にしてください。")) }
        }
        var status = ResidentStatus.current
        if let text = string(m, "status", required: false, parent: node) {
            let all: [String: ResidentStatus] = ["現住": .current, "転出": .movedOut, "死亡": .deceased, "消除": .removed]
            if let s = all[text] { status = s } else { add(entry(m, "status")?.value, .unknownStatus(word: text)) }
        }
        let statusDate = date("status_date", required: status != .current)
        var memberships: Set<Membership> = []
        if let (_, list) = entry(m, "memberships") {
            for (word, item) in stringList(list, key: "memberships") {
                if let member = Membership(rawValue: word) { memberships.insert(member) }
                else {
                    add(item, .badValue(key: "memberships", value: word,
                                        expected: "使える制度: " + Membership.allCases.map(\.rawValue).joined(separator: ", ")))
                }
            }
        }
        guard let id, let household, let name, let kana, let relationship, let birthdate, let sex else { return nil }
        return Resident(id: id, householdID: household, name: name, kana: kana, birthdate: birthdate, sex: sex,
                        relationship: relationship, postalCode: string(m, "postal_code", required: false, parent: node) ?? "",
                        address: string(m, "address", required: false, parent: node) ?? "",
                        addressDetail: string(m, "address_detail", required: false, parent: node) ?? "",
                        honseki: string(m, "honseki", required: false, parent: node) ?? "",
                        hittousha: string(m, "hittousha", required: false, parent: node) ?? "",
                        residentSince: date("resident_since", required: false), status: status, statusDate: statusDate,
                        supportMeasure: bool(m, "support_measure") ?? false, memberships: memberships)
    }

    mutating func questionList(_ node: Node) -> [TrainingQuestion] {
        guard case let .sequence(seq) = node else {
            add(node, .badValue(key: "questions", value: "…", expected: "「- id: …」の並びで書いてください。"))
            return []
        }
        var out: [TrainingQuestion] = []
        for item in seq {
            guard let m = mapping(item, what: "質問") else { continue }
            checkKeys(m, allowed: ["id", "ask", "answer"])
            guard let id = string(m, "id", required: true, parent: item), let ask = string(m, "ask", required: true, parent: item),
                  let answer = string(m, "answer", required: true, parent: item) else { continue }
            if out.contains(where: { $0.id == id }) { add(item, .badValue(key: "id", value: id, expected: "質問の id が重複しています。")); continue }
            out.append(TrainingQuestion(id: id, ask: ask, answer: answer))
        }
        return out
    }

    mutating func points(_ node: Node, key: String, forms: FormLibrary, questions: [TrainingQuestion]) -> [TrainingPoint] {
        guard case let .sequence(seq) = node else {
            add(node, .badValue(key: key, value: "…", expected: "「- decision: … / why: …」の並びで書いてください。"))
            return []
        }
        var out: [TrainingPoint] = []
        for item in seq {
            guard let m = mapping(item, what: "採点の項目") else { continue }
            checkKeys(m, allowed: TrainingScenarioLoader.checkKeys + ["why"])
            let why = string(m, "why", required: true, parent: item)
            let named = m.filter { TrainingScenarioLoader.checkKeys.contains($0.key.string ?? "") }
            guard named.count == 1, let (k, v) = named.first, let name = k.string else {
                add(item, .badValue(key: key, value: "…", expected: "一つの項目には " + TrainingScenarioLoader.checkKeys.joined(separator: ", ")
                    + " のどれか一つを書いてください。"))
                continue
            }
            guard let check = check(name, v, forms: forms, questions: questions), let why else { continue }
            out.append(TrainingPoint(check: check, why: why))
        }
        return out
    }

    mutating func check(_ name: String, _ v: Node, forms: FormLibrary, questions: [TrainingQuestion]) -> TrainingCheck? {
        func scalar() -> String? {
            guard case let .scalar(s) = v else { add(v, .badValue(key: name, value: "…", expected: "値を一つ書いてください。")); return nil }
            return s.string.trimmingCharacters(in: .whitespaces)
        }
        func decision() -> TrainingDecision? {
            guard let text = scalar() else { return nil }
            guard let d = TrainingDecision(rawValue: text) else {
                add(v, .badValue(key: name, value: text, expected: "issue（交付する）, refuse（交付しない）, refer（上司へ）のどれかにしてください。"))
                return nil
            }
            return d
        }
        switch name {
        case "decision": return decision().map { .decision($0) }
        case "decision_other_than": return decision().map { .decisionOtherThan($0) }
        case "fee", "payment", "asked", "checklist_has", "checklist_lacks":
            guard let text = scalar() else { return nil }
            switch name {
            case "fee":
                guard let yen = Int(text), yen >= 0 else { add(v, .badValue(key: name, value: text, expected: "円の数字で書いてください。")); return nil }
                return .fee(yen)
            case "payment": return .payment(text)
            case "asked":
                guard questions.contains(where: { $0.id == text }) else {
                    add(v, .badValue(key: name, value: text, expected: "questions にある質問の id を書いてください。"))
                    return nil
                }
                return .asked(text)
            case "checklist_has": return .checklistHas(text)
            default: return .checklistLacks(text)
            }
        default:
            guard let m = mapping(v, what: "printed") else { return nil }
            checkKeys(m, allowed: TrainingScenarioLoader.printKeys)
            var match = TrainingPrintMatch()
            if let formID = string(m, "form", required: false, parent: v) {
                if let definition = forms.form(id: formID) {
                    match.form = formID
                    if let (_, items) = entry(m, "items") { match.items = printItems(items, form: definition) }
                } else {
                    add(entry(m, "form")?.value, .badValue(key: "form", value: formID,
                                                           expected: "帳票 id（\(forms.forms.map(\.id).joined(separator: ", "))）を書いてください。"))
                }
            } else if entry(m, "items") != nil {
                add(v, .missing(key: "form"))
            }
            match.copies = int(m, "copies", expected: "通数の数字で書いてください。")
            if let word = string(m, "relation", required: false, parent: v) {
                if let relation = RequesterRelation(word: word) { match.relation = relation.rawValue }
                else { add(entry(m, "relation")?.value, .unknownRequester(word: word)) }
            }
            return .printed(match)
        }
    }

    mutating func printItems(_ node: Node, form: FormDefinition) -> [String: String] {
        guard let m = mapping(node, what: "items") else { return [:] }
        var out: [String: String] = [:]
        for (k, v) in m {
            guard let key = k.string else { continue }
            guard let field = form.field(key), field.type == .choice || field.type == .yesNo else {
                add(k, .badValue(key: "items", value: key, expected: "帳票 \(form.id) の選択肢の項目キーを書いてください。"))
                continue
            }
            guard case let .scalar(s) = v, field.options.isEmpty || field.options.contains(s.string) else {
                add(v, .badValue(key: key, value: "…", expected: "選択肢（\(field.options.joined(separator: ", "))）のどれかにしてください。"))
                continue
            }
            out[key] = s.string
        }
        return out
    }

    mutating func script(_ node: Node, questions: [TrainingQuestion]) -> [TrainingStep] {
        guard case let .sequence(seq) = node else {
            add(node, .badValue(key: "model_answer / wrong_answer", value: "…", expected: "「- type: …」「- press: Enter」の並びで書いてください。"))
            return []
        }
        var out: [TrainingStep] = []
        for item in seq {
            guard let m = mapping(item, what: "キー操作") else { continue }
            checkKeys(m, allowed: TrainingScenarioLoader.stepKeys)
            guard m.count == 1, let (k, v) = m.first, let name = k.string, case let .scalar(s) = v else {
                add(item, .badValue(key: "model_answer", value: "…", expected: "一行に type, press, wait, pick, ask, caption のどれか一つを書いてください。"))
                continue
            }
            let text = s.string
            switch name {
            case "type": out.append(.type(text))
            case "press":
                guard TrainingStep.keyNames.contains(text) else {
                    add(v, .badValue(key: "press", value: text, expected: "キーは " + TrainingStep.keyNames.joined(separator: ", ") + " のどれかです。"))
                    continue
                }
                out.append(.press(text))
            case "wait": out.append(.waitFor(text))
            case "pick": out.append(.pick(text))
            case "ask":
                guard questions.contains(where: { $0.id == text }) else {
                    add(v, .badValue(key: "ask", value: text, expected: "questions にある質問の id を書いてください。"))
                    continue
                }
                out.append(.ask(text))
            case "caption": out.append(.caption(text))
            default: continue
            }
        }
        return out
    }
}
