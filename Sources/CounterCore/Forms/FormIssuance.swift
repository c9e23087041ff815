import Foundation

/// The issuance record (標準仕様 1.3.8) written when a filled form is printed.
public enum FormIssuance {
    /// The `form_printed` fields for `filled`: form, title, subject id, case number, items,
    /// copies, fee. `items` holds only the choices and yes/no answers typed at the counter
    /// (記載事項 such as 個人番号の記載: 記載しない) — never a typed free text, so never a number.
    public static func journalFields(for filled: FilledForm) -> [String: JournalValue] {
        var items: [String: JournalValue] = [:]
        for field in filled.fields where field.provenance == .entered && (field.type == .choice || field.type == .yesNo) {
            if let value = field.value { items[field.key] = .string(value) }
        }
        var fields: [String: JournalValue] = [
            "form": .string(filled.formID),
            "title": .string(filled.title),
            "subject": .string(filled.subjectID),
            "case": .string(filled.caseNumber),
            "items": .object(items),
            "copies": .int(filled.copies),
            "fee": .int(filled.fee),
            "total_fee": .int(filled.totalFee),
            "requester_relation": .string(filled.eligibility.standing.relation.rawValue),
        ]
        if let requester = filled.requesterID { fields["requester"] = .string(requester) }
        return fields
    }

    /// Appends the `form_printed` record for `filled` to `journal`, durably, before the PDF
    /// is handed to the printer. Refuses a form that is not eligible.
    @discardableResult
    public static func record(_ filled: FilledForm, in journal: Journal, clerk: String) throws -> AppendedRecord {
        guard filled.eligibility.ok else { throw FormIssuanceError.notEligible(reasons: filled.eligibility.reasons) }
        return try journal.append(.formPrinted, clerk: clerk, fields: journalFields(for: filled))
    }
}

/// Printing refused.
public enum FormIssuanceError: Error, Equatable {
    case notEligible(reasons: [EligibilityReason])

    public var message: String {
        switch self {
        case let .notEligible(reasons):
            "交付できないため印刷しません: " + reasons.map(\.message).joined(separator: " ")
        }
    }
}
