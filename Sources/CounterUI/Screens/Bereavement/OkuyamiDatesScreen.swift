import CounterCore
import JapaneseKit
import TerminalKit

/// おくやみ 日付入力: the date of death (from the record when it has one), the funeral date,
/// the day the death became known, who came to the counter, and the rules' questions only the
/// family can answer (asked once per case; an unanswered one leaves its items 要確認). Every form
/// `JapaneseDate.parse` reads is accepted; mistakes are shown under the field in Japanese.
public struct OkuyamiDatesScreen: CounterScreen {
    public enum Field: Int, CaseIterable, Sendable {
        case dateOfDeath, funeralDate, knownDate, applicant
    }

    public private(set) var deceased: OkuyamiDeceased
    public var dateOfDeath: TextField
    public var funeralDate = TextField("", visibleWidth: 26, maxLength: 24)
    public var knownDate = TextField("", visibleWidth: 26, maxLength: 24)
    /// Who came: an index into `applicants`, or `applicants.count` for someone not registered.
    public private(set) var applicantChoice = 0
    /// Where the cursor is: the fields in order, then one stop per question.
    public private(set) var position = 0
    /// Per question: 0 for 未回答, else 1 + the index of the chosen answer.
    public private(set) var answerChoices: [Int]
    /// The focused field, or nil while a question is focused.
    public var focus: Field { Field(rawValue: min(position, Field.allCases.count - 1))! }
    /// The focused question's index, when one is focused.
    public var focusedQuestion: Int? { position >= Field.allCases.count ? position - Field.allCases.count : nil }
    /// One message per field that failed the last check.
    public private(set) var errors: [Field: String] = [:]
    /// A refusal from the engine.
    public private(set) var message: String?
    public private(set) var waiting = false

    public init(deceased: OkuyamiDeceased) {
        self.deceased = deceased
        let recorded = deceased.resident.status == .deceased ? deceased.resident.statusDate : nil
        dateOfDeath = TextField(recorded?.warekiShort ?? "", visibleWidth: 26, maxLength: 24)
        answerChoices = Array(repeating: 0, count: deceased.questions.count)
    }

    /// The answers chosen so far (unanswered questions left out).
    public var answers: [String: String] {
        var out: [String: String] = [:]
        for (question, choice) in zip(deceased.questions, answerChoices) where choice > 0 {
            out[question.key] = question.answers[choice - 1]
        }
        return out
    }

    /// The household members still living there: the people who usually come.
    public var applicants: [Resident] {
        deceased.household.filter { $0.id != deceased.resident.id && $0.status == .current }
    }

    public var title: String { "日付入力" }

    public var keyMap: KeyMap<Action> {
        KeyMap([
            KeyBinding(.enter, "次へ", help: "次の欄へ進みます（最後の欄ではチェックリストを作ります）", action: .okuyami(.submit)),
            KeyBinding(.function(10), "確定", help: "入力した日付でチェックリストを作り、案件を開きます", action: .okuyami(.confirm)),
            KeyBinding(.function(6), "既存案件", help: "この方の案件がすでにあれば、最後の案件を開きます（続きから）",
                       action: .okuyami(.details)),
            KeyBinding(.tab, "次の欄", help: "次の欄へ移ります（下キーでも）。日付のあとはご家族への質問です（左右キーで答えを選びます）",
                       action: .okuyami(.nextField), inBar: false),
            KeyBinding(.backTab, "前の欄", help: "前の欄へ移ります（上キーでも）", action: .okuyami(.previousField), inBar: false),
        ]).merging(KeyMaps.common)
    }

    // MARK: - Update

    public mutating func perform(_ action: Action) -> [ScreenCommand] {
        switch action {
        case .okuyami(.nextField): move(1)
        case .okuyami(.previousField): move(-1)
        case .okuyami(.submit):
            if position == stops - 1 { return confirm() }
            move(1)
        case .okuyami(.confirm): return confirm()
        case .okuyami(.details):
            guard let last = deceased.existingCases.last else {
                message = "この方の案件はまだありません。日付を入れて F10 で作ります。"
                return []
            }
            waiting = true
            return [.run(.okuyami(.loadCase(number: last)))]
        default: break
        }
        return []
    }

    public mutating func handle(_ key: Key) -> [ScreenCommand]? {
        switch key {
        case .down: move(1); return []
        case .up: move(-1); return []
        default: break
        }
        if let q = focusedQuestion {
            let choices = deceased.questions[q].answers.count + 1
            switch key {
            case .left: answerChoices[q] = (answerChoices[q] + choices - 1) % choices; return []
            case .right, .character(" "): answerChoices[q] = (answerChoices[q] + 1) % choices; return []
            default: return nil
            }
        }
        let outcome: TextField.Outcome
        switch focus {
        case .dateOfDeath: outcome = dateOfDeath.handle(key)
        case .funeralDate: outcome = funeralDate.handle(key)
        case .knownDate: outcome = knownDate.handle(key)
        case .applicant:
            let choices = applicants.count + 1
            switch key {
            case .left: applicantChoice = (applicantChoice + choices - 1) % choices; return []
            case .right, .character(" "): applicantChoice = (applicantChoice + 1) % choices; return []
            default: return nil
            }
        }
        if outcome == .changed { errors[focus] = nil }
        return outcome == .ignored ? nil : []
    }

    /// The fields, then the questions.
    private var stops: Int { Field.allCases.count + deceased.questions.count }

    private mutating func move(_ step: Int) {
        position = (position + step + stops) % stops
    }

    /// Checks every field; the request when they are all sound.
    public func validated() -> (request: OkuyamiCaseRequest?, errors: [Field: String]) {
        var errors: [Field: String] = [:]
        let today = deceased.today
        func parse(_ field: TextField, _ which: Field, required: Bool) -> CivilDate? {
            let text = field.text.trimmingCharacters(in: .whitespaces)
            if text.isEmpty {
                if required { errors[which] = "死亡日を入力してください（例: R8.11.10、2026-11-10）。" }
                return nil
            }
            if let kind = SensitiveNumbers.firstKind(in: text) {
                errors[which] = SensitiveNumbers.Refusal(field: "日付", kind: kind).message
                return nil
            }
            do { return try JapaneseDate.parse(text) } catch {
                errors[which] = error.message
                return nil
            }
        }
        let death = parse(dateOfDeath, .dateOfDeath, required: true)
        let funeral = parse(funeralDate, .funeralDate, required: false)
        let known = parse(knownDate, .knownDate, required: false)
        // The engine's date rules, the same the command line obeys.
        if death != nil {
            let problems = CounterApp.DeathDates(dateOfDeath: death, funeralDate: funeral, knownDate: known).problems(today: today)
            for (field, message) in problems {
                let which: Field = switch field {
                case .dateOfDeath: .dateOfDeath
                case .funeralDate: .funeralDate
                case .knownDate: .knownDate
                }
                errors[which] = errors[which] ?? message
            }
        }
        guard errors.isEmpty, let death else { return (nil, errors) }
        let applicant = applicants.indices.contains(applicantChoice) ? applicants[applicantChoice].id : nil
        return (OkuyamiCaseRequest(deceasedID: deceased.resident.id, dateOfDeath: death, funeralDate: funeral,
                                   knownDate: known, applicantID: applicant, answers: answers), [:])
    }

    private mutating func confirm() -> [ScreenCommand] {
        guard !waiting else { return [] }
        let (request, found) = validated()
        errors = found
        message = nil
        // A refused card number or 個人番号 does not stay on screen.
        for field in [\Self.dateOfDeath, \Self.funeralDate, \Self.knownDate] where SensitiveNumbers.firstKind(in: self[keyPath: field].text) != nil {
            self[keyPath: field].setText("")
        }
        guard let request else {
            if let first = Field.allCases.first(where: { found[$0] != nil }) { position = first.rawValue }
            return []
        }
        waiting = true
        return [.run(.okuyami(.openCase(request)))]
    }

    public mutating func receive(_ msg: Msg) -> [ScreenCommand] {
        switch msg {
        case .tick(let now):
            deceased.today = CivilDate(now)
            return []
        case .okuyami(.caseLoaded(let opened, let order, let today)):
            waiting = false
            return [.replace(AnyScreen(OkuyamiChecklistScreen(bereavementCase: opened, walkingOrder: order, today: today)))]
        case .okuyami(.failed(let text)):
            waiting = false
            message = text
            return []
        default:
            return []
        }
    }

    // MARK: - View

    public func render(into grid: inout CellGrid, area: Rect) {
        let body = area.inset(dx: 1, dy: 0)
        let r = deceased.resident
        var y = body.y
        func line(_ text: String, _ style: Style = .normal, x: Int = 0) {
            if y < body.maxY { grid.put(text, at: Point(x: body.x + x, y: y), maxWidth: body.width - x, style: style) }
            y += 1
        }
        line("故 \(r.name)（\(r.kana)）  宛名番号 \(r.id)")
        line("\(r.birthdateWareki)生  \(r.address)\(r.addressDetail)  住民記録: \(r.status.japaneseName)"
             + (r.statusDateWareki.map { " \($0)" } ?? ""), .muted)
        if deceased.existingCases.isEmpty {
            line("")
        } else {
            line("この方の案件があります: \(deceased.existingCases.suffix(3).joined(separator: " "))（F6 で最後の案件を開く）", .warning)
        }
        y += 1
        let labelWidth = 18
        let questions = deceased.questions
        func dateRow(_ label: String, _ field: TextField, _ which: Field, hint: String) {
            guard y + 1 < body.maxY else { return }
            let focused = focusedQuestion == nil && focus == which
            grid.put((focused ? "> " : "  ") + label, at: Point(x: body.x, y: y), maxWidth: labelWidth)
            var f = field
            f.visibleWidth = 26
            f.render(into: &grid, area: Rect(x: body.x + labelWidth, y: y, width: 26, height: 1),
                     style: focused ? .selected : .muted, focused: focused)
            let parsed = (try? JapaneseDate.parse(field.text)).map(OkuyamiText.date) ?? ""
            grid.put(parsed.isEmpty ? hint : parsed, at: Point(x: body.x + labelWidth + 28, y: y),
                     maxWidth: body.width - labelWidth - 28, style: parsed.isEmpty ? .muted : .normal)
            if let error = errors[which] {
                grid.put(error, at: Point(x: body.x + 2, y: y + 1), maxWidth: body.width - 2, style: .error)
            }
            y += 2
        }
        let recorded = r.status == .deceased && r.statusDate != nil
        dateRow("死亡日", dateOfDeath, .dateOfDeath, hint: recorded ? "住民記録の異動日" : "必須")
        dateRow("葬儀の日", funeralDate, .funeralDate, hint: "分かれば（葬祭費の期限）")
        dateRow("死亡を知った日", knownDate, .knownDate, hint: "空欄なら死亡日")
        if y < body.maxY {
            let focused = focusedQuestion == nil && focus == .applicant
            grid.put((focused ? "> " : "  ") + "来庁された方", at: Point(x: body.x, y: y), maxWidth: labelWidth)
            let who: String
            if applicants.indices.contains(applicantChoice) {
                let a = applicants[applicantChoice]
                who = "\(a.name)（\(a.relationship)・\(a.id)）"
            } else {
                who = "住民登録のない方（別世帯の親族など）"
            }
            let choices = applicants.count + 1
            grid.put("< \(who) >  \(applicantChoice + 1)/\(choices)", at: Point(x: body.x + labelWidth, y: y),
                     maxWidth: body.width - labelWidth, style: focused ? .selected : .normal)
            y += questions.isEmpty ? 2 : 1
        }
        if !questions.isEmpty {
            renderQuestions(into: &grid, body: body, y: &y)
        } else {
            line("日付は R8.11.10・2026-11-10・令和8年11月10日・5081110 のどれでも入力できます。", .muted)
            line("上下キーか Tab で欄を移り、来庁された方は左右キーで選びます。F10 で確定。", .muted)
        }
        if waiting { line("チェックリストを作成しています", .muted) }
        if let message {
            for part in OkuyamiText.wrap(message, width: body.width).prefix(2) { line(part, .error) }
        }
    }

    /// Rows of questions under the dates: a window that follows the focus, then the focused
    /// question's full text (or how to answer).
    private func renderQuestions(into grid: inout CellGrid, body: Rect, y: inout Int) {
        let questions = deceased.questions
        let answered = answerChoices.filter { $0 > 0 }.count
        let reserved = 3 + (message == nil ? 0 : 2) + (waiting ? 1 : 0)
        let room = max(1, body.maxY - y - 1 - reserved)
        grid.put("ご家族への確認 \(answered)/\(questions.count)（分からなければ未回答のまま → 要確認）",
                 at: Point(x: body.x, y: y), maxWidth: body.width, style: .title)
        y += 1
        let focused = focusedQuestion
        let first = max(0, min((focused ?? 0) - room + 1, questions.count - room))
        let labelWidth = 40
        for row in 0..<min(room, questions.count) {
            let index = first + row
            let q = questions[index]
            let isFocused = index == focused
            let choice = answerChoices[index]
            let answer = choice == 0 ? "未回答" : q.answers[choice - 1]
            let mark = row == 0 && first > 0 ? "^" : (row == room - 1 && index < questions.count - 1 ? "v" : " ")
            grid.put((isFocused ? "> " : "  ") + DisplayWidth.padded(DisplaySanitizer.sanitize(q.label), to: labelWidth - 2),
                     at: Point(x: body.x, y: y), maxWidth: labelWidth)
            grid.put("< \(answer) >", at: Point(x: body.x + labelWidth, y: y), maxWidth: body.width - labelWidth - 2,
                     style: isFocused ? .selected : (choice == 0 ? .muted : .normal))
            grid.put(mark, at: Point(x: body.maxX - 1, y: y), maxWidth: 1, style: .muted)
            y += 1
        }
        let help = focused.map { questions[$0].text } ?? "上下キーか Tab で欄と質問を移り、左右キーで選びます。F10 で確定。"
        for part in OkuyamiText.wrap(help, width: body.width).prefix(2) {
            grid.put(part, at: Point(x: body.x, y: y), maxWidth: body.width, style: .muted)
            y += 1
        }
    }
}
