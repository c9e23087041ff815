import Foundation

/// The names a form may use as `source:`: what the case knows without anyone typing.
public enum FieldBinding: String, Hashable, Sendable, CaseIterable {
    case subjectID = "subject.id"
    case subjectName = "subject.name"
    case subjectKana = "subject.kana"
    case subjectFormerSurname = "subject.former_surname"
    case subjectAlias = "subject.alias"
    case subjectBirthdate = "subject.birthdate"
    case subjectBirthdateWareki = "subject.birthdate.wareki"
    case subjectSex = "subject.sex"
    case subjectRelationship = "subject.relationship"
    case subjectPostalCode = "subject.postal_code"
    case subjectAddress = "subject.address"
    case subjectAddressDetail = "subject.address_detail"
    case subjectHonseki = "subject.honseki"
    case subjectHittousha = "subject.hittousha"
    case requesterName = "requester.name"
    case requesterKana = "requester.kana"
    case requesterAddress = "requester.address"
    case requesterRelation = "requester.relation"
    case householdID = "household.id"
    case householdHeadName = "household.head.name"
    case caseNumber = "case.number"
    case caseDateOfDeath = "case.date_of_death"
    case caseDateOfDeathWareki = "case.date_of_death.wareki"
    case caseFuneralDate = "case.funeral_date"
    case caseFuneralDateWareki = "case.funeral_date.wareki"
    case today = "today"
    case todayWareki = "today.wareki"
    case clerkName = "clerk.name"
    case cityName = "city.name"

    /// True when the value is a date (ISO or 和暦 text), so the field may be `type: date`.
    public var isDate: Bool {
        switch self {
        case .subjectBirthdate, .subjectBirthdateWareki, .caseDateOfDeath, .caseDateOfDeathWareki,
             .caseFuneralDate, .caseFuneralDateWareki, .today, .todayWareki: true
        default: false
        }
    }

    /// The field types a definition may give a field with this source.
    public var allowedTypes: Set<FieldType> {
        if isDate { return [.date, .text] }
        switch self {
        case .subjectSex, .requesterRelation: return [.text, .choice]
        case .subjectPostalCode, .subjectID, .householdID, .caseNumber: return [.text, .number]
        default: return [.text]
        }
    }

    /// The key under which a value typed at the counter stands in when the case has none
    /// (a requester who is not in the registry, a date of death not yet recorded).
    public var enteredFallbackKey: String? {
        switch self {
        case .requesterName: "requester_name"
        case .requesterKana: "requester_kana"
        case .requesterAddress: "requester_address"
        case .caseDateOfDeath, .caseDateOfDeathWareki: "date_of_death"
        case .caseFuneralDate, .caseFuneralDateWareki: "funeral_date"
        default: nil
        }
    }
}
