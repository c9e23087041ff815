import Foundation
import JapaneseKit

/// Why a form may not be issued for this case.
public enum EligibilityReason: Hashable, Sendable {
    /// The subject is under 支援措置: stop, refer to a supervisor.
    case supportMeasure
    /// This kind of requester may not request this form.
    case requesterNotAllowed(RequesterRelation, allowed: [RequesterRelation])
    /// An agent without a 委任状 (or the document the form names instead).
    case powerOfAttorneyMissing(label: String)
    /// A third party who stated no reason.
    case thirdPartyReasonMissing(label: String)
    /// The form is not issued for a subject in this 住民状態.
    case subjectStatus(ResidentStatus)
    /// The subject is younger than the form allows.
    case tooYoung(minimum: Int, age: Int)
    /// The subject is not in a program the form is about.
    case notMember(Membership)

    /// Stable code for `--json` and the journal.
    public var code: String {
        switch self {
        case .supportMeasure: "support_measure"
        case .requesterNotAllowed: "requester_not_allowed"
        case .powerOfAttorneyMissing: "power_of_attorney_missing"
        case .thirdPartyReasonMissing: "third_party_reason_missing"
        case .subjectStatus: "subject_status"
        case .tooYoung: "too_young"
        case .notMember: "not_member"
        }
    }

    /// One line for the clerk saying why and what to do.
    public var message: String {
        switch self {
        case .supportMeasure:
            "支援措置の対象者です。交付・受付をせず、上司（係長）に引き継いでください。"
        case let .requesterNotAllowed(relation, allowed):
            "\(relation.japaneseName)からの請求は受け付けられません（受付できるのは \(allowed.map(\.japaneseName).joined(separator: "・"))）。"
        case let .powerOfAttorneyMissing(label):
            "代理人の請求です。「\(label)」を確認して「あり」と入力してください。"
        case let .thirdPartyReasonMissing(label):
            "第三者の請求です。「\(label)」に請求の理由（正当な理由）を入力してください。"
        case let .subjectStatus(status):
            "対象者は\(status.japaneseName)のため、この帳票は扱えません。"
        case let .tooYoung(minimum, age):
            "対象者は\(age)歳です。\(minimum)歳以上でなければ受け付けられません。"
        case let .notMember(membership):
            "対象者は\(membership.columnName)の登録がありません。帳票を確認してください。"
        }
    }
}

/// 交付可否 for one form and one case.
public struct EligibilityResult: Hashable, Sendable {
    /// True when the form may be issued.
    public var ok: Bool { reasons.isEmpty }
    /// Every reason it may not (empty when `ok`).
    public var reasons: [EligibilityReason]
    /// Notes for the clerk even when allowed (「除票の写しとして交付します。」).
    public var notes: [String]
    /// The clerk must hand the case to a supervisor (支援措置).
    public var referToSupervisor: Bool
    /// How the requester stands to the subject.
    public var standing: RequesterStanding

    public init(reasons: [EligibilityReason], notes: [String], referToSupervisor: Bool, standing: RequesterStanding) {
        self.reasons = reasons
        self.notes = notes
        self.referToSupervisor = referToSupervisor
        self.standing = standing
    }
}

/// Applies a form's `EligibilityPolicy` to a case.
public enum EligibilityCheck {
    /// The verdict for `form` in `context`. Pure: reads only its arguments.
    public static func evaluate(_ form: FormDefinition, in context: CaseContext) -> EligibilityResult {
        let policy = form.eligibility
        let subject = context.subject
        let standing = RequesterStanding.of(context.requester, subject: subject)
        var reasons: [EligibilityReason] = []
        var notes: [String] = []
        var refer = false

        if subject.supportMeasure {
            refer = true
            if policy.supportMeasure == .selfOnly && standing.relation == .selfPerson {
                notes.append("支援措置の対象者です。本人の届出に限り受け付けます。上司に確認してから進めてください。")
            } else {
                reasons.append(.supportMeasure)
            }
        }

        if policy.rule(for: subject.status) == .refuse {
            reasons.append(.subjectStatus(subject.status))
        } else if let note = policy.statusNotes[subject.status], !note.isEmpty {
            notes.append(note)
        }

        for membership in policy.subjectMemberships.sorted(by: { $0.rawValue < $1.rawValue })
        where !subject.memberships.contains(membership) {
            reasons.append(.notMember(membership))
        }

        if let minimum = policy.minimumAge {
            let age = FormDates.age(born: subject.birthdate, on: context.today)
            if age < minimum { reasons.append(.tooYoung(minimum: minimum, age: age)) }
        }

        let allowed = policy.requesters
        let order = RequesterRelation.allCases.filter { allowed.contains($0) }
        switch standing.relation {
        case .selfPerson, .household:
            if !allowed.contains(standing.relation) { reasons.append(.requesterNotAllowed(standing.relation, allowed: order)) }
        case .spouseOrLineal:
            if !(allowed.contains(.spouseOrLineal) || (standing.sameHousehold && allowed.contains(.household))) {
                reasons.append(.requesterNotAllowed(.spouseOrLineal, allowed: order))
            }
        case .agent:
            if !allowed.contains(.agent) {
                reasons.append(.requesterNotAllowed(.agent, allowed: order))
            } else {
                let key = policy.powerOfAttorneyKey
                let field = form.field(key)
                if EnteredText.yesNo(context.value(key), field: field) != true {
                    reasons.append(.powerOfAttorneyMissing(label: field?.label ?? "委任状"))
                }
            }
        case .thirdParty:
            if !allowed.contains(.thirdParty) {
                reasons.append(.requesterNotAllowed(.thirdParty, allowed: order))
            } else {
                let key = policy.thirdPartyReasonKey
                if (context.value(key) ?? "").isEmpty {
                    reasons.append(.thirdPartyReasonMissing(label: form.field(key)?.label ?? "請求の理由"))
                }
            }
        }
        return EligibilityResult(reasons: reasons, notes: notes, referToSupervisor: refer, standing: standing)
    }
}
