/// One fact in a reason, in the two forms Japanese needs to chain facts into a sentence:
/// 「世帯主で、世帯員が2人残るため」.
public struct ReasonPhrase: Hashable, Sendable {
    /// The form that continues to the next fact (連用形): 「世帯主で」.
    public var joining: String
    /// The form that ends before 「ため」: 「世帯主だった」.
    public var ending: String

    public init(_ joining: String, _ ending: String) {
        self.joining = joining
        self.ending = ending
    }

    /// 「A で、B ため」, with `suffix` after ため (e.g. 「対象外」).
    public static func sentence(_ phrases: [ReasonPhrase], suffix: String = "") -> String {
        guard let last = phrases.last else { return "" }
        let lead = phrases.dropLast().map { $0.joining + "、" }.joined()
        return lead + last.ending + "ため" + suffix
    }
}
