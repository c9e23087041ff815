import Foundation

/// Search keys for names and furigana, so that `やまだ`, `ヤマダ` and `ﾔﾏﾀﾞ` find the same person.
public enum KanaKey {
    /// The search key of `text`: NFKC then NFC (half-width kana become full-width and ﾀﾞ
    /// becomes one ダ; full-width ASCII becomes ASCII), hiragana → katakana (ゔ → ヴ), and every
    /// run of white space (ASCII, U+3000, tabs) folded to one ASCII space, none at the ends.
    ///
    /// Voiced and small kana stay distinct: が ≠ か, ャ ≠ ヤ. Variant kanji fold to one form
    /// (`VariantKanji`: 髙 → 高, 邊 → 辺, variation selectors removed).
    public static func make(_ text: String) -> String {
        let normalized = VariantKanji.fold(text.precomposedStringWithCompatibilityMapping.precomposedStringWithCanonicalMapping)
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in normalized.unicodeScalars {
            if scalar.properties.isWhitespace {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace {
                out.append(" ")
                pendingSpace = false
            }
            out.append(katakana(scalar))
        }
        return String(out)
    }

    /// Hiragana ぁ…ゖ and the iteration marks ゝゞ as katakana; everything else unchanged.
    static func katakana(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        switch scalar.value {
        case 0x3041...0x3096, 0x309D...0x309E: Unicode.Scalar(scalar.value + 0x60)!
        default: scalar
        }
    }
}
