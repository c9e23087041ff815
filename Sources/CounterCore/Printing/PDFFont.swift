import Foundation

/// The two standard Japanese fonts a PDF can name without embedding them.
///
/// Both are Type0 fonts over a CIDFontType0 with the Adobe-Japan1 collection (supplement 5)
/// and the `UniJIS-UTF16-H` CMap; a reader substitutes an installed Japanese font.
public enum PDFFont: String, CaseIterable, Sendable {
    /// 明朝 (HeiseiMin-W3): body text.
    case mincho
    /// ゴシック (HeiseiKakuGo-W5): titles and labels.
    case gothic

    /// The resource name used in content streams.
    var resourceName: String { self == .mincho ? "F1" : "F2" }

    var baseFont: String { self == .mincho ? "HeiseiMin-W3" : "HeiseiKakuGo-W5" }

    var descriptor: String {
        switch self {
        case .mincho:
            "/Flags 6 /FontBBox [-123 -257 1001 910] /ItalicAngle 0 /Ascent 859 /Descent -141 /CapHeight 709 /StemV 69"
        case .gothic:
            "/Flags 4 /FontBBox [-92 -250 1010 922] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 737 /StemV 93"
        }
    }

    /// Advance of one character in em units, matching the `/DW 1000 /W [1 95 500 231 632 500]`
    /// the writer declares: ASCII and half-width katakana are half an em, the rest a full em.
    public static func advance(of scalar: Unicode.Scalar) -> Double {
        switch scalar.value {
        case 0x20...0x7E, 0xFF61...0xFF9F: 0.5
        default: 1.0
        }
    }

    /// The width of `text` in points at `size`.
    public static func width(of text: String, size: Double) -> Double {
        text.unicodeScalars.reduce(0) { $0 + advance(of: $1) } * size
    }

    /// `text` broken into lines no wider than `width` points (at characters; a single
    /// character wider than `width` still gets its own line). Newlines break too.
    public static func wrap(_ text: String, width: Double, size: Double) -> [String] {
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            var lineWidth = 0.0
            for character in paragraph {
                let w = character.unicodeScalars.reduce(0) { $0 + advance(of: $1) } * size
                if lineWidth + w > width && !line.isEmpty {
                    lines.append(line)
                    line = ""
                    lineWidth = 0
                }
                line.append(character)
                lineWidth += w
            }
            lines.append(line)
        }
        return lines
    }
}
