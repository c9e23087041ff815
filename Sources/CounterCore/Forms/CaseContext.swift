import Foundation
import JapaneseKit

/// Everything known about one visit (案件) that forms draw their values from.
///
/// Values typed at the counter live here, keyed by field key, so a value entered once (the
/// number of copies, the 喪主's bank account, the date of the funeral) fills every form of
/// the case that has a field with that key.
public struct CaseContext: Sendable {
    /// 受付番号, printed in the footer and recorded in the journal.
    public var caseNumber: String
    /// The person the forms are about (対象者).
    public var subject: Resident
    /// The subject's household in 続柄 order (including the subject).
    public var household: [Resident]
    /// Who came to the counter.
    public var requester: Requester
    /// Values typed at the counter: field key → text as typed.
    public private(set) var entered: [String: String]
    /// The clerk's id (journal) and name (printed).
    public var clerkID: String
    public var clerkName: String
    /// The city's name (config.yaml `city_name`).
    public var cityName: String
    /// The day of the visit, from the injected clock.
    public var today: CivilDate

    public init(caseNumber: String, subject: Resident, household: [Resident], requester: Requester = .subject,
                entered: [String: String] = [:], clerkID: String, clerkName: String? = nil, cityName: String,
                today: CivilDate) {
        self.caseNumber = caseNumber
        self.subject = subject
        self.household = household
        self.requester = requester
        self.entered = [:]
        self.clerkID = clerkID
        self.clerkName = clerkName ?? clerkID
        self.cityName = cityName
        self.today = today
        for (key, value) in entered { enter(key, value) }
    }

    /// Records a value typed at the counter (trimmed, NFC). An empty value removes it.
    public mutating func enter(_ key: String, _ value: String) {
        let text = value.precomposedStringWithCanonicalMapping.trimmingCharacters(in: .whitespacesAndNewlines)
        entered[key] = text.isEmpty ? nil : text
    }

    /// The value typed for `key`, if any.
    public func value(_ key: String) -> String? { entered[key] }

    /// 世帯主 of the subject's household, if it is in `household`.
    public var householdHead: Resident? { household.first { $0.isHouseholdHead } }

    /// The date of death: the registry's 異動日 for a deceased subject, else the value
    /// entered as `date_of_death`.
    public var registeredDateOfDeath: CivilDate? {
        subject.status == .deceased ? subject.statusDate : nil
    }
}

/// Who came to the counter, as far as the case knows.
public enum Requester: Sendable, Hashable {
    /// The subject in person.
    case subject
    /// A resident found in the registry, with their household (to compare 続柄).
    case resident(Resident)
    /// Someone not in the registry (or not looked up), with the relation the clerk checked.
    case declared(RequesterRelation)
    /// A resident whose relation the clerk checked on other documents (戸籍), overriding what
    /// the registry alone can tell.
    case residentDeclared(Resident, RequesterRelation)

    /// The requester's record, when they are a resident: the subject for `.subject` and for a
    /// declared 本人 (the clerk checked that the person at the counter is the subject).
    public func resident(subject: Resident) -> Resident? {
        switch self {
        case .subject, .declared(.selfPerson): subject
        case let .resident(r), let .residentDeclared(r, _): r
        case .declared: nil
        }
    }
}
