/// A question only the family can answer (生計同一, past contributions, 厚生年金 or not), named
/// by a rule's `ask:` and read by its `answer:` conditions. The counter asks it once per case.
public struct RuleQuestion: Codable, Hashable, Sendable {
    /// Half-width key (`seikei_doitsu`), used by `answer:` and `okuyami --answer key=value`.
    public var key: String
    /// A short name for reasons and lists: 「生計を同じくしていた遺族」.
    public var label: String
    /// The question as the clerk reads it to the family.
    public var text: String
    /// The answers the family may give, in the order shown (`[はい, いいえ]`).
    public var answers: [String]

    public init(key: String, label: String, text: String, answers: [String]) {
        self.key = key
        self.label = label
        self.text = text
        self.answers = answers
    }
}

/// Why a set of answers was refused.
public enum RuleAnswerError: Error, Equatable, Sendable {
    /// No rule asks a question with this key.
    case unknownQuestion(key: String, known: [String])
    /// The answer is not one the question offers.
    case notAnAnswer(key: String, value: String, answers: [String])

    /// One line of Japanese that says what to do.
    public var message: String {
        switch self {
        case let .unknownQuestion(key, known):
            "質問「\(key)」はありません。使える質問: \(known.joined(separator: ", "))"
        case let .notAnAnswer(key, value, answers):
            "質問「\(key)」に「\(value)」とは答えられません。\(answers.joined(separator: "・"))のどれかにしてください。"
        }
    }
}
