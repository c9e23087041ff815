/// Folds variant kanji (異体字) of names to one form for the search key, so `高橋` finds
/// `髙橋` and `渡辺` finds `渡邊` and `渡邉`; variation selectors (`辻` followed by U+E0100, the
/// one-dot 辻 of the 戸籍 characters) are removed. Only the search key is folded: names are
/// stored, shown and printed as registered.
///
/// The table holds the variants a counter meets daily in family names (the pairs municipal name
/// searches fold; each variant and its common form are in JIS X 0213 or the IBM extensions
/// Windows writes).
public enum VariantKanji {
    static let table: [Unicode.Scalar: Unicode.Scalar] = {
        let pairs: [(String, String)] = [
            ("髙", "高"), ("﨑", "崎"), ("嵜", "崎"), ("碕", "崎"), ("邊", "辺"), ("邉", "辺"), ("齋", "斉"), ("齊", "斉"),
            ("斎", "斉"), ("濵", "浜"), ("濱", "浜"), ("澤", "沢"), ("廣", "広"), ("國", "国"), ("德", "徳"), ("櫻", "桜"),
            ("槗", "橋"), ("舘", "館"), ("𠮷", "吉"), ("冨", "富"), ("嶋", "島"), ("嶌", "島"), ("峯", "峰"),
            ("眞", "真"), ("惠", "恵"), ("藏", "蔵"), ("龍", "竜"), ("瀨", "瀬"), ("邨", "村"), ("桒", "桑"), ("萬", "万"),
        ]
        var map: [Unicode.Scalar: Unicode.Scalar] = [:]
        for (variant, common) in pairs { map[variant.unicodeScalars.first!] = common.unicodeScalars.first! }
        return map
    }()

    /// True for the variation selectors (U+FE00–FE0F, U+E0100–E01EF).
    public static func isVariationSelector(_ s: Unicode.Scalar) -> Bool {
        (0xFE00...0xFE0F).contains(s.value) || (0xE0100...0xE01EF).contains(s.value)
    }

    /// Whether `text` has anything to fold (cheap: most names have not).
    public static func needsFolding(_ text: String) -> Bool {
        text.unicodeScalars.contains { table[$0] != nil || isVariationSelector($0) }
    }

    /// `text` without its variation selectors (what a CP932 file can hold of it).
    public static func strippingSelectors(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isVariationSelector) else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.filter { !isVariationSelector($0) }))
    }

    /// `text` with each variant replaced by its common form and variation selectors removed.
    public static func fold(_ text: String) -> String {
        guard needsFolding(text) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars where !isVariationSelector(scalar) { out.append(table[scalar] ?? scalar) }
        return String(out)
    }
}
