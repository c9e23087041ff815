import JapaneseKit

/// One role-play scenario of 研修モード (Forms/training/*.yaml): a scripted visitor with a
/// preset household seeded into the demo registry, what the visitor says and answers, what the
/// trainee is expected to do, the critical fails, and a model answer as a key script.
public struct TrainingScenario: Sendable, Equatable, Identifiable {
    public var id: String
    public var title: String
    /// One line for the scenario list.
    public var summary: String
    /// Who comes to the counter, as the trainee should come to know them.
    public var visitor: String
    /// The visitor's first words (shown in the panel beside the counter screens).
    public var opening: String
    /// The residents seeded into the demo registry with fixed 宛名番号 (the same every attempt).
    public var residents: [Resident]
    /// 宛名番号 of the resident the request is about.
    public var subject: String
    /// Facts the visitor tells only when asked (質問する).
    public var questions: [TrainingQuestion]
    /// Each point the marking checks, with the rule or law behind it.
    public var expected: [TrainingPoint]
    /// What fails the attempt whatever else was right.
    public var criticalFails: [TrainingPoint]
    /// The model answer, replayed through the counter screens.
    public var modelAnswer: [TrainingStep]
    /// A typical wrong answer (for refuse and refer scenarios): it hits a critical fail, for the
    /// trainer to show what goes wrong, and for the tests.
    public var wrongAnswer: [TrainingStep]
    /// Where the facts come from, and the day they were checked.
    public var source: String
    public var checked: CivilDate
    /// The file it was read from, relative to the forms directory.
    public var sourceFile: String?

    /// Stands in for a scenario an old attempt names but Forms/training no longer has: the
    /// attempt is listed, with nothing to mark it against.
    static func missing(_ id: String) -> TrainingScenario {
        TrainingScenario(id: id, title: "（シナリオ \(id) はありません）", summary: "", visitor: "", opening: "", residents: [], subject: "",
                         questions: [], expected: [], criticalFails: [], modelAnswer: [], wrongAnswer: [], source: "",
                         checked: CivilDate(year: 2000, month: 1, day: 1)!, sourceFile: nil)
    }

    /// The decision the scenario expects (issue unless a point says otherwise).
    public var decision: TrainingDecision {
        for point in expected { if case .decision(let d) = point.check { return d } }
        return .issue
    }
}

/// A question the trainee may ask the visitor, and the visitor's answer.
public struct TrainingQuestion: Sendable, Equatable, Identifiable {
    /// Short id, journaled when asked (`ininjo`).
    public var id: String
    /// What the trainee asks (委任状はお持ちですか？).
    public var ask: String
    /// What the visitor answers.
    public var answer: String
}

/// What the trainee decided about the request.
public enum TrainingDecision: String, Sendable, Equatable, CaseIterable {
    /// 交付する.
    case issue
    /// 交付しない.
    case refuse
    /// 上司へ引継ぎ.
    case refer

    public var label: String {
        switch self {
        case .issue: "交付する"
        case .refuse: "交付しない"
        case .refer: "上司へ引き継ぐ"
        }
    }

    /// The case outcome that records this decision.
    public var outcome: CaseOutcome {
        switch self {
        case .issue: .issued
        case .refuse: .refused
        case .refer: .referred
        }
    }
}

/// One marking point: a check against the attempt's journal records and why it matters.
public struct TrainingPoint: Sendable, Equatable {
    public var check: TrainingCheck
    /// The rule or law behind it, shown beside ✓/✗.
    public var why: String
}

/// What a point checks in the attempt's records.
public enum TrainingCheck: Sendable, Equatable {
    /// A `form_printed` for the subject that matches.
    case printed(TrainingPrintMatch)
    /// The case was closed with this decision.
    case decision(TrainingDecision)
    /// The case was closed with another decision than this one (or not closed).
    case decisionOtherThan(TrainingDecision)
    /// The fees of the printed forms add up to this (円).
    case fee(Int)
    /// A payment by this method id (payment-methods.yaml).
    case payment(String)
    /// The trainee asked this question.
    case asked(String)
    /// The bereavement checklist of the case holds this rule id.
    case checklistHas(String)
    /// The bereavement checklist of the case does not hold this rule id.
    case checklistLacks(String)

    /// A short label for the result screen and the PDF.
    public var label: String {
        switch self {
        case let .printed(m): m.label
        case let .decision(d): "判断: \(d.label)"
        case let .decisionOtherThan(d): "判断が「\(d.label)」でない"
        case let .fee(yen): "手数料 \(yen)円"
        case let .payment(method): "支払方法 \(method)"
        case let .asked(q): "確認: \(q)"
        case let .checklistHas(id): "手続一覧に \(id)"
        case let .checklistLacks(id): "手続一覧に \(id) がない"
        }
    }
}

/// The parts of a `form_printed` record a point asks for; what is nil is not checked.
public struct TrainingPrintMatch: Sendable, Equatable {
    public var form: String?
    public var copies: Int?
    /// 請求者の関係 as the engine recorded it (本人, 同一世帯, 配偶者・直系, 代理人, 第三者).
    public var relation: String?
    /// 記載事項 and other choices typed at the counter (`item_honseki: 記載しない`).
    public var items: [String: String]

    public init(form: String? = nil, copies: Int? = nil, relation: String? = nil, items: [String: String] = [:]) {
        self.form = form
        self.copies = copies
        self.relation = relation
        self.items = items
    }

    var label: String {
        var parts = ["交付"]
        if let form { parts.append(form) }
        if let copies { parts.append("\(copies)通") }
        if let relation { parts.append("請求者 " + (RequesterRelation(rawValue: relation)?.japaneseName ?? relation)) }
        parts += items.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        return parts.count == 1 ? "交付した（帳票を問わず）" : parts.joined(separator: " ")
    }
}

/// One step of a key script (the model answer): what the trainer's replay and the tests type.
public enum TrainingStep: Sendable, Equatable {
    /// Type this text.
    case type(String)
    /// Press one key by name: Enter, Escape, Tab, Up, Down, F1…F12.
    case press(String)
    /// This text must be on screen before the next step.
    case waitFor(String)
    /// Type the number in front of the list row showing this text.
    case pick(String)
    /// Ask the visitor this question (質問する).
    case ask(String)
    /// A caption for the replay (`demo --play`).
    case caption(String)

    /// The key names a script may press.
    public static let keyNames = ["Enter", "Escape", "Tab", "BTab", "Up", "Down"] + (1...12).map { "F\($0)" }
}
