import Foundation
import JapaneseKit

/// An amount a city or 広域連合 sets by ordinance (葬祭費), kept in `Forms/amounts.yaml` so the
/// city corrects it without code. Only a verified amount is ever printed as fact: an unverified
/// one leaves the form's box for the clerk and tells the family to ask.
public struct BenefitAmount: Hashable, Sendable {
    public var id: String
    /// 「後期高齢者医療 葬祭費」.
    public var label: String
    public var yen: Int
    /// True only when `source` (the payer's own page or ordinance) states this amount.
    public var verified: Bool
    public var source: String
    public var checked: CivilDate
    /// What could not be confirmed (kept in the file, never printed).
    public var unconfirmed: String?

    public init(id: String, label: String, yen: Int, verified: Bool, source: String, checked: CivilDate, unconfirmed: String? = nil) {
        self.id = id
        self.label = label
        self.yen = yen
        self.verified = verified
        self.source = source
        self.checked = checked
        self.unconfirmed = unconfirmed
    }

    /// 「50,000円」.
    public var yenText: String {
        let digits = String(yen)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return out + "円"
    }

    /// What the handout and the checklist say about the amount: the amount when verified,
    /// otherwise that the counter confirms it (never an unverified figure).
    public var statement: String {
        verified ? "支給額: \(yenText)" : "支給額: 窓口でご確認ください"
    }
}

/// `Forms/amounts.yaml`: the amounts forms and bereavement rules refer to by id.
public enum BenefitAmountCatalog {
    public static let fileName = "amounts.yaml"
    static let keys = ["id", "label", "yen", "verified", "source", "checked", "unconfirmed"]

    /// Loads `<directory>/amounts.yaml`; a missing file means no amounts (a form or rule that
    /// names one is then a problem of its own file).
    public static func load(directory: URL) -> (amounts: [String: BenefitAmount], problems: [FormProblem]) {
        let url = directory.appendingPathComponent(fileName)
        guard FileManager.default.fileExists(atPath: url.path) else { return ([:], []) }
        switch FormProblem.readText(url, relative: fileName) {
        case let .text(text): return parse(text, file: fileName)
        case let .problem(problem): return ([:], [problem])
        }
    }

    public static func parse(_ text: String, file: String) -> (amounts: [String: BenefitAmount], problems: [FormProblem]) {
        var reader = Reader(file: file)
        guard let root = reader.compose(text, emptyMeansMissing: "amounts"),
              let m = reader.mapping(root, what: "amounts.yaml") else { return ([:], reader.problems) }
        reader.checkKeys(m, allowed: ["amounts"])
        guard let (k, v) = reader.entry(m, "amounts") else { reader.add(root, .missing(key: "amounts")); return ([:], reader.problems) }
        guard case let .sequence(seq) = v else { reader.add(k, .empty(key: "amounts")); return ([:], reader.problems) }
        var out: [String: BenefitAmount] = [:]
        var lines: [String: Int] = [:]
        for item in seq {
            guard let am = reader.mapping(item, what: "amounts の各額") else { continue }
            reader.checkKeys(am, allowed: keys)
            let id = reader.string(am, "id", required: true, parent: item)
            let label = reader.string(am, "label", required: true, parent: item)
            let source = reader.string(am, "source", required: true, parent: item)
            let yen = reader.int(am, "yen", expected: "円を 0 以上の整数で書いてください（例: 50000）。")
            if reader.entry(am, "yen") == nil { reader.add(item, .missing(key: "yen")) }
            let verified = reader.bool(am, "verified")
            if reader.entry(am, "verified") == nil { reader.add(item, .missing(key: "verified")) }
            let unconfirmed = reader.string(am, "unconfirmed", required: false, parent: item).flatMap { $0.isEmpty ? nil : $0 }
            var checked: CivilDate?
            if let text = reader.string(am, "checked", required: true, parent: item) {
                do { checked = try JapaneseDate.parse(text) } catch {
                    reader.add(reader.entry(am, "checked")?.value, .badValue(key: "checked", value: text, expected: "確認した日を 2026-12-02 のように書いてください。"))
                }
            }
            if verified == false, unconfirmed == nil {
                reader.add(item, .badValue(key: "unconfirmed", value: "", expected: "verified: false の額は、何が確認できなかったかを unconfirmed に書いてください。"))
            }
            guard let id, let label, let source, let yen, let verified, let checked else { continue }
            let line = item.mark?.line ?? 0
            if let first = lines[id] { reader.add(line: line, .duplicateKey(key: id, firstLine: first)); continue }
            lines[id] = line
            out[id] = BenefitAmount(id: id, label: label, yen: yen, verified: verified, source: source, checked: checked,
                                    unconfirmed: unconfirmed)
        }
        return (reader.problems.isEmpty ? out : [:], reader.problems)
    }
}
