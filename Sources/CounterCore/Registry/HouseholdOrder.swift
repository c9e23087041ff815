import Foundation

/// The order a household is listed in: 世帯主, 妻/夫, 子…, 父母, 孫, その他, 同居人.
public enum HouseholdOrder {
    /// A sort rank for a 続柄 as the register writes it (lower comes first).
    public static func rank(_ relationship: String) -> Int {
        let stable = ResidentRowParser.isNormalizationStable(relationship)
        let r = (stable ? relationship : relationship.precomposedStringWithCompatibilityMapping).filter { !$0.isWhitespace }
        switch r {
        case "世帯主", "本人": return 0
        case "妻", "夫", "妻(未届)", "夫(未届)", "配偶者": return 1
        case "父", "母", "父母", "養父", "養母", "義父", "義母", "妻の父", "妻の母", "夫の父", "夫の母": return 4
        case "同居人", "縁故者", "使用人": return 7
        default: break
        }
        if r.hasPrefix("孫") || r.hasSuffix("の孫") { return 5 }
        if r.hasPrefix("子の") { return 3 }  // 子の妻, 子の夫: after the children
        if r == "子" || r == "養子" || r.hasSuffix("男") || r.hasSuffix("女") { return 2 }  // 長男, 二女, 三男…
        return 6
    }
}
