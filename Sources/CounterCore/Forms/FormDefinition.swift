import Foundation
import JapaneseKit

/// One procedure form as a city defines it in `Forms/procedures/*.yaml`.
///
/// Built only by `FormLoader`, which has already checked it: every binding is known, every
/// key unique, every type consistent with its source.
public struct FormDefinition: Hashable, Sendable {
    /// Stable identifier used on the command line and in the journal (`juminhyo`).
    public var id: String
    /// 帳票名 as printed at the top of the form.
    public var title: String
    /// 担当課.
    public var department: String
    /// 手数料 per copy in yen (0 for free procedures).
    public var fee: Int
    /// A short note on the fee printed next to it (`1通につき`), may be empty.
    public var feeNote: String
    /// A one-line explanation for the clerk's list, may be empty.
    public var summary: String
    /// 交付可否: who may request it and for which subjects.
    public var eligibility: EligibilityPolicy
    /// The fields in print order.
    public var fields: [FormField]
    /// The file it was read from, relative to the forms directory (`procedures/juminhyo.yaml`).
    public var sourceFile: String
    /// The law, ordinance or page the form follows, and when it was last checked against it.
    public var source = ""
    public var checked: CivilDate?
    /// What could not be confirmed (kept in the file, never printed).
    public var unconfirmed: String?

    public init(id: String, title: String, department: String, fee: Int, feeNote: String = "", summary: String = "",
                eligibility: EligibilityPolicy = EligibilityPolicy(), fields: [FormField], sourceFile: String = "") {
        self.id = id
        self.title = title
        self.department = department
        self.fee = fee
        self.feeNote = feeNote
        self.summary = summary
        self.eligibility = eligibility
        self.fields = fields
        self.sourceFile = sourceFile
    }

    /// The field with `key`, if any.
    public func field(_ key: String) -> FormField? { fields.first { $0.key == key } }

    /// The keys a value typed at the counter can fill, in field order: every entered or
    /// registry field (a typed value stands in where the record is empty) and the keys that
    /// stand in for a value the case lacks (`date_of_death`). Constants and handwritten boxes
    /// take nothing.
    public var enteredKeys: [String] {
        var keys: [String] = []
        for field in fields {
            switch field.source {
            case .entered: keys.append(field.key)
            case let .binding(binding): keys.append(binding.enteredFallbackKey ?? field.key)
            case .constant, .handwritten: continue
            }
        }
        var seen = Set<String>()
        return keys.filter { seen.insert($0).inserted }
    }
}

/// One field of a form.
public struct FormField: Hashable, Sendable {
    /// Key, unique in the form. The same key in two forms means the same value: a value
    /// entered once at the counter fills every form of the case that has this key.
    public var key: String
    /// 項目名 printed in the left column.
    public var label: String
    public var type: FieldType
    /// A value is needed before the form can be handed over.
    public var required: Bool
    /// Required only when another field has one of these values (`異動の種別` is `転入`).
    public var requiredWhen: FieldCondition?
    /// Where the value comes from. `.handwritten` fields stay blank for the resident.
    public var source: FieldSource
    /// Choices for `.choice` fields; for `.yesNo` fields, the two printed words (yes, no).
    public var options: [String]
    /// For `.date` fields typed at the counter: print as 和暦 (default) or ISO.
    public var dateStyle: DateStyle
    /// A hint for the clerk, may be empty.
    public var help: String
    /// For a `.choice` field: the fee per copy when this option is chosen, instead of the
    /// form's `fee` (戸籍: 除籍全部事項証明書 750円).
    public var optionFees: [String: Int]

    public init(key: String, label: String, type: FieldType = .text, required: Bool = false,
                requiredWhen: FieldCondition? = nil, source: FieldSource, options: [String] = [],
                dateStyle: DateStyle = .wareki, help: String = "", optionFees: [String: Int] = [:]) {
        self.key = key
        self.label = label
        self.type = type
        self.required = required
        self.requiredWhen = requiredWhen
        self.source = source
        self.options = options
        self.dateStyle = dateStyle
        self.help = help
        self.optionFees = optionFees
    }

    /// True when the resident writes this field by hand (署名 and the like).
    public var isHandwritten: Bool { source == .handwritten }

    /// The printed words for yes and no of a `.yesNo` field.
    public var yesNoWords: (yes: String, no: String) {
        options.count == 2 ? (options[0], options[1]) : ("はい", "いいえ")
    }
}

/// The kinds of value a field holds.
public enum FieldType: String, Hashable, Sendable, CaseIterable {
    case text
    case date
    case choice
    case number
    case yesNo = "yesno"
}

/// How a date typed at the counter is printed.
public enum DateStyle: String, Hashable, Sendable {
    case wareki
    case iso
}

/// Where a field's value comes from.
public enum FieldSource: Hashable, Sendable {
    /// From the case: the registry, the clock, the clerk, the city.
    case binding(FieldBinding)
    /// The same text on every form (`value:` in the definition).
    case constant(String)
    /// Typed at the counter (`source: entered`).
    case entered
    /// Left blank on the printout for the resident to write (`handwritten: true`).
    case handwritten
}

/// `required_when: { key: 異動の種別, is: [転入] }`.
public struct FieldCondition: Hashable, Sendable {
    public var key: String
    public var values: [String]

    public init(key: String, values: [String]) {
        self.key = key
        self.values = values
    }
}
