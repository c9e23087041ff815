import Foundation
import JapaneseKit
import Yams

/// The city's 外字 table, `Forms/gaiji.yaml`: what each CP932 user-defined character (lead bytes
/// F0–F9, which Windows decodes to the private-use code points U+E000–U+E757) stands for.
///
/// ```yaml
/// gaiji:
///   U+E000: {char: 𠮷, note: つちよし}     # or by its CP932 code: F040
///   U+E001: {char: 〓, note: 「辻」の二点しんにょう。戸籍の字で確認}
/// ```
///
/// A private-use character in an import file is replaced by its `char`; one the table does not
/// have refuses its row, named by line, so no name is ever stored holding an invisible U+E000.
public struct GaijiTable: Equatable, Sendable {
    /// Private-use scalar → the text that replaces it.
    public var characters: [Unicode.Scalar: String]

    public init(characters: [Unicode.Scalar: String] = [:]) { self.characters = characters }

    /// The file name under the forms directory.
    public static let fileName = "gaiji.yaml"

    /// The first private-use code point CP932 gives (F040) and the last (F9FC).
    static let firstCodePoint: UInt32 = 0xE000
    static let lastCodePoint: UInt32 = 0xE757

    /// True for a code point of the Unicode private-use area (U+E000–U+F8FF).
    static func isPrivateUse(_ s: Unicode.Scalar) -> Bool { (0xE000...0xF8FF).contains(s.value) }

    /// Quick test on UTF-8 bytes: U+E000–U+F8FF are `EE xx xx` and `EF 80–A3 xx`.
    static func mayHoldPrivateUse(_ text: String) -> Bool {
        var previous: UInt8 = 0
        for byte in text.utf8 {
            if byte == 0xEE { return true }
            if previous == 0xEF, (0x80...0xA3).contains(byte) { return true }
            previous = byte
        }
        return false
    }

    /// The CP932 code of a private-use code point from U+E000 (`F040`), nil outside U+E000–U+E757.
    public static func cp932Code(of s: Unicode.Scalar) -> String? {
        guard (firstCodePoint...lastCodePoint).contains(s.value) else { return nil }
        let index = Int(s.value - firstCodePoint)
        let lead = 0xF0 + index / 188
        var trail = 0x40 + index % 188
        if trail >= 0x7F { trail += 1 }
        return String(format: "%02X%02X", lead, trail)
    }

    /// The private-use code point of a CP932 user-defined code (`F040` → U+E000).
    static func codePoint(cp932 code: String) -> Unicode.Scalar? {
        guard code.count == 4, let value = UInt32(code, radix: 16) else { return nil }
        let lead = Int(value >> 8), trail = Int(value & 0xFF)
        guard (0xF0...0xF9).contains(lead), (0x40...0xFC).contains(trail), trail != 0x7F else { return nil }
        let index = (lead - 0xF0) * 188 + trail - 0x40 - (trail > 0x7F ? 1 : 0)
        return Unicode.Scalar(firstCodePoint + UInt32(index))
    }

    /// True for a scalar no name may hold in place of a 外字: a control, a format character (bidi
    /// overrides, joiners), a space or a separator.
    static func isInvisible(_ s: Unicode.Scalar) -> Bool {
        switch s.properties.generalCategory {
        case .control, .format, .spaceSeparator, .lineSeparator, .paragraphSeparator, .unassigned, .surrogate: true
        default: DisplaySanitizer.isForbidden(s)
        }
    }

    /// `U+E000`.
    static func name(_ s: Unicode.Scalar) -> String { String(format: "U+%04X", s.value) }

    /// `text` with each private-use character replaced, or the first one the table lacks.
    func replacing(_ text: String) -> Result<String, GaijiMissing> {
        guard Self.mayHoldPrivateUse(text) else { return .success(text) }
        var out = ""
        for scalar in text.unicodeScalars {
            if Self.isPrivateUse(scalar) {
                guard let replacement = characters[scalar] else { return .failure(GaijiMissing(scalar: scalar)) }
                out += replacement
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return .success(out)
    }

    struct GaijiMissing: Error {
        var scalar: Unicode.Scalar
        var reason: ImportReason {
            .unmappedGaiji(codePoint: GaijiTable.name(scalar), cp932: GaijiTable.cp932Code(of: scalar) ?? "—")
        }
    }

    // MARK: - Loading

    /// The table of `<formsDirectory>/gaiji.yaml` (empty when there is no such file) and its problems.
    public static func load(formsDirectory: URL) -> (table: GaijiTable, problems: [FormProblem]) {
        let url = formsDirectory.appendingPathComponent(fileName)
        guard FileManager.default.fileExists(atPath: url.path) else { return (GaijiTable(), []) }
        let text: String
        switch FormProblem.readText(url, relative: fileName) {
        case let .text(t): text = t
        case let .problem(problem): return (GaijiTable(), [problem])
        }
        return parse(text, file: fileName)
    }

    /// Parses the text of a gaiji file; `file` names it in problems.
    public static func parse(_ text: String, file: String) -> (table: GaijiTable, problems: [FormProblem]) {
        var reader = Reader(file: file)
        guard let root = reader.compose(text, emptyMeansMissing: "gaiji"),
              let top = reader.mapping(root, what: "外字の表") else { return (GaijiTable(), reader.problems) }
        reader.checkKeys(top, allowed: ["gaiji"])
        var table = GaijiTable()
        guard let (_, entries) = reader.entry(top, "gaiji") else { return (table, reader.problems) }
        if case let .scalar(s) = entries, s.string.isEmpty || s.string == "{}" { return (table, reader.problems) }
        guard let m = reader.mapping(entries, what: "gaiji") else { return (table, reader.problems) }
        for (key, value) in m {
            let code = (key.string ?? "").trimmingCharacters(in: .whitespaces).uppercased()
            let scalar: Unicode.Scalar?
            if code.hasPrefix("U+"), let v = UInt32(code.dropFirst(2), radix: 16), let s = Unicode.Scalar(v), isPrivateUse(s) {
                scalar = s
            } else {
                scalar = codePoint(cp932: code)
            }
            guard let scalar else {
                reader.add(key, .badValue(key: "gaiji", value: code,
                                          expected: "外字の符号を U+E000〜U+F8FF か CP932 の F040〜F9FC で書いてください。"))
                continue
            }
            guard let spec = reader.mapping(value, what: "gaiji の \(code)") else { continue }
            reader.checkKeys(spec, allowed: ["char", "note"])
            guard let char = reader.string(spec, "char", required: true, parent: value) else { continue }
            if char.count != 1 || char.unicodeScalars.contains(where: { isPrivateUse($0) || isInvisible($0) }) {
                reader.add(reader.entry(spec, "char")?.value, .badValue(key: "char", value: DisplaySanitizer.sanitize(char),
                                                                        expected: "1 文字（表せない字は 〓）を書いてください。"))
                continue
            }
            if char == "〓", (reader.string(spec, "note", required: false, parent: value) ?? "").isEmpty {
                reader.add(value, .missing(key: "note"))
                continue
            }
            table.characters[scalar] = char
        }
        return (table, reader.problems)
    }
}
