import Foundation

/// Where a filled-in value came from.
public enum Provenance: String, Codable, Hashable, Sendable {
    /// Read from the resident register.
    case registry
    /// Worked out by the counter: today, the clerk, the city, a relation from 続柄.
    case computed
    /// Typed at the counter.
    case entered
    /// Left blank for the resident to write.
    case handwritten
    /// Written in the form definition.
    case constant
}

/// One field of a pre-filled form.
public struct FilledField: Hashable, Sendable {
    public var key: String
    public var label: String
    public var type: FieldType
    /// The text to print; nil when there is none (handwritten, or still missing).
    public var value: String?
    public var provenance: Provenance
    /// Required for this case (including `required_when` conditions that hold).
    public var required: Bool
    /// Required and still without a value.
    public var missing: Bool
    public var help: String
    /// False when the field only matters under a `required_when` condition that does not
    /// hold here and it has no value (委任状 when the requester is the subject): the
    /// printout leaves it out.
    public var applies: Bool

    public init(key: String, label: String, type: FieldType, value: String?, provenance: Provenance,
                required: Bool, missing: Bool, help: String = "", applies: Bool = true) {
        self.key = key
        self.label = label
        self.type = type
        self.value = value
        self.provenance = provenance
        self.required = required
        self.missing = missing
        self.help = help
        self.applies = applies
    }

    public var isHandwritten: Bool { provenance == .handwritten }
}

/// A form filled for one case: every field with its value and provenance, what is still
/// missing, the 交付可否 verdict and warnings for the clerk.
public struct FilledForm: Hashable, Sendable {
    public var formID: String
    public var title: String
    public var department: String
    /// Fee per copy in yen.
    public var fee: Int
    public var feeNote: String
    /// 通数 (the `copies` field when the form has one, else 1).
    public var copies: Int
    public var fields: [FilledField]
    public var eligibility: EligibilityResult
    /// Messages for the clerk: values that could not be used, notes on the subject's status.
    public var warnings: [String]
    public var subjectID: String
    /// The requester's 宛名番号 when they are a resident other than the subject.
    public var requesterID: String?
    public var caseNumber: String
    public var clerkID: String
    public var clerkName: String
    public var cityName: String

    /// Fee for all copies.
    public var totalFee: Int { fee * copies }

    /// Keys of required fields still without a value (handwritten ones excluded: the
    /// resident writes them after printing).
    public var missingRequired: [String] { fields.filter(\.missing).map(\.key) }

    /// True when the form may be printed and handed over: eligible and nothing missing.
    public var isComplete: Bool { eligibility.ok && missingRequired.isEmpty }

    public func field(_ key: String) -> FilledField? { fields.first { $0.key == key } }

    /// The value of field `key`, if filled.
    public func value(_ key: String) -> String? { field(key)?.value }

    public init(formID: String, title: String, department: String, fee: Int, feeNote: String, copies: Int,
                fields: [FilledField], eligibility: EligibilityResult, warnings: [String], subjectID: String,
                caseNumber: String, clerkID: String, clerkName: String, cityName: String, requesterID: String? = nil) {
        self.requesterID = requesterID
        self.formID = formID
        self.title = title
        self.department = department
        self.fee = fee
        self.feeNote = feeNote
        self.copies = copies
        self.fields = fields
        self.eligibility = eligibility
        self.warnings = warnings
        self.subjectID = subjectID
        self.caseNumber = caseNumber
        self.clerkID = clerkID
        self.clerkName = clerkName
        self.cityName = cityName
    }
}
