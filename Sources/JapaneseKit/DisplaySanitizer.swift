/// Makes data-derived text safe to put on a terminal: nothing in it can move the cursor,
/// change colours, reorder text or end a line.
///
/// - C0 controls and DEL become the visible Control Pictures (␀…␟, ␡): an escape shows as ␛.
/// - C1 controls, bidi controls and line/paragraph separators become `<U+XXXX>`.
/// Ordinary Japanese text passes unchanged, and sanitizing twice equals sanitizing once.
public enum DisplaySanitizer {
    /// The sanitized form of `text`.
    public static func sanitize(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isForbidden) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if v < 0x20 {
                out.append(Unicode.Scalar(0x2400 + v)!)
            } else if v == 0x7F {
                out.append(Unicode.Scalar(0x2421)!)
            } else if isForbidden(scalar) {
                let hex = String(v, radix: 16, uppercase: true)
                out.append(contentsOf: "<U+\(String(repeating: "0", count: max(0, 4 - hex.count)))\(hex)>".unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// `text` as it may be echoed in a message: sanitized, at most `columns` display columns,
    /// 「・・・」 when cut (a broken file can hold a 100 MB cell; `…` would be ambiguous width).
    public static func excerpt(_ text: String, columns: Int = 40) -> String {
        let cut = DisplayWidth.prefix(text, fitting: columns)
        return sanitize(String(cut.text)) + (cut.text.endIndex < text.endIndex ? "・・・" : "")
    }

    /// True for every scalar that must not reach a terminal as it is.
    public static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        switch v {
        case 0x00...0x1F, 0x7F...0x9F: return true
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return true
        case 0x2028, 0x2029: return true
        default: return false
        }
    }
}
