import Foundation
import JapaneseKit

/// The `--json` shape of a filled form:
/// `{"form","title","fee","eligible":{"ok","reasons"},"fields":[{"key","label","value","source","required","missing"}]}`,
/// plus `copies`, `total_fee`, `refer_to_supervisor`, `notes` and `warnings`.
public struct FilledFormReport: Encodable, Sendable {
    public struct Eligible: Encodable, Sendable {
        public let ok: Bool
        /// One Japanese line per reason.
        public let reasons: [String]
        /// Stable codes, in the same order (`support_measure`, `requester_not_allowed` …).
        public let codes: [String]
        public let referToSupervisor: Bool
        public let requesterRelation: String

        enum CodingKeys: String, CodingKey {
            case ok, reasons, codes
            case referToSupervisor = "refer_to_supervisor"
            case requesterRelation = "requester_relation"
        }
    }

    public struct Field: Encodable, Sendable {
        public let key: String
        public let label: String
        public let value: String?
        public let source: String
        public let required: Bool
        public let missing: Bool

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(key, forKey: .key)
            try c.encode(label, forKey: .label)
            try c.encode(value, forKey: .value) // null, not absent, when there is none
            try c.encode(source, forKey: .source)
            try c.encode(required, forKey: .required)
            try c.encode(missing, forKey: .missing)
        }

        enum CodingKeys: String, CodingKey { case key, label, value, source, required, missing }
    }

    public let form: String
    public let title: String
    public let fee: Int
    public let copies: Int
    public let totalFee: Int
    public let eligible: Eligible
    public let fields: [Field]
    public let missing: [String]
    public let notes: [String]
    public let warnings: [String]

    enum CodingKeys: String, CodingKey {
        case form, title, fee, copies, eligible, fields, missing, notes, warnings
        case totalFee = "total_fee"
    }

    public init(_ filled: FilledForm) {
        form = filled.formID
        title = filled.title
        fee = filled.fee
        copies = filled.copies
        totalFee = filled.totalFee
        eligible = Eligible(ok: filled.eligibility.ok, reasons: filled.eligibility.reasons.map(\.message),
                            codes: filled.eligibility.reasons.map(\.code),
                            referToSupervisor: filled.eligibility.referToSupervisor,
                            requesterRelation: filled.eligibility.standing.relation.rawValue)
        fields = filled.fields.map {
            Field(key: $0.key, label: $0.label, value: $0.value, source: $0.provenance.rawValue, required: $0.required,
                  missing: $0.missing)
        }
        missing = filled.missingRequired
        notes = filled.eligibility.notes
        warnings = filled.warnings
    }

    /// Pretty-printed, sorted-key JSON, safe to show on a terminal.
    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return Self.terminalSafe(String(decoding: try encoder.encode(self), as: UTF8.self))
    }

    /// JSON text with every scalar a terminal must not see (C1, DEL, bidi controls, line
    /// separators) written as a `\uXXXX` escape. Outside strings JSON has none of them, and
    /// inside strings the escape means the same character, so the data is unchanged.
    public static func terminalSafe(_ json: String) -> String {
        guard json.unicodeScalars.contains(where: { DisplaySanitizer.isForbidden($0) && $0 != "\n" }) else { return json }
        var out = ""
        for scalar in json.unicodeScalars {
            if scalar != "\n" && DisplaySanitizer.isForbidden(scalar) {
                let hex = String(scalar.value, radix: 16, uppercase: true)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
