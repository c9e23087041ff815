import Foundation

/// The order a household is listed in: 世帯主, 妻/夫, 子…, 父母, 孫, その他, 同居人.
public enum HouseholdOrder {
    /// A sort rank for a 続柄 as the register writes it (lower comes first).
    ///
    /// Compared as UTF-8 bytes after normalization (an import ranks every resident, and
    /// Swift's canonical string comparison is slow for kanji).
    public static func rank(_ relationship: String) -> Int {
        let stable = ResidentRowParser.isNormalizationStable(relationship)
        var r = stable ? relationship : relationship.precomposedStringWithCompatibilityMapping
        if r.unicodeScalars.contains(where: \.properties.isWhitespace) {
            r = String(String.UnicodeScalarView(r.unicodeScalars.filter { !$0.properties.isWhitespace }))
        }
        let bytes = Array(r.utf8)
        if let rank = ranks[bytes] { return rank }
        func starts(_ s: String) -> Bool { bytes.starts(with: s.utf8) }
        func ends(_ s: String) -> Bool { bytes.count >= s.utf8.count && bytes.suffix(s.utf8.count).elementsEqual(s.utf8) }
        if starts("孫") || ends("の孫") { return 5 }
        if starts("子の") { return 3 }  // 子の妻, 子の夫: after the children
        if ends("男") || ends("女") { return 2 }  // 長男, 二女, 三男…
        return 6
    }

    private static let ranks: [[UInt8]: Int] = {
        let groups: [(Int, [String])] = [
            (0, ["世帯主", "本人"]),
            (1, ["妻", "夫", "妻(未届)", "夫(未届)", "配偶者"]),
            (2, ["子", "養子"]),
            (4, ["父", "母", "父母", "養父", "養母", "義父", "義母", "妻の父", "妻の母", "夫の父", "夫の母"]),
            (7, ["同居人", "縁故者", "使用人"]),
        ]
        var table: [[UInt8]: Int] = [:]
        for (rank, names) in groups {
            for name in names { table[Array(name.precomposedStringWithCompatibilityMapping.utf8)] = rank }
        }
        return table
    }()
}
