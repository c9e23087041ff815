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
    /// 広域交付 (a 本籍 in another town) does not allow this request; the message says what does.
    case wideArea(String)
    /// This requester may not choose this optional item (住民票の個人番号).
    case itemNotAllowed(label: String, allowed: [RequesterRelation])
    /// An agent's request needs another value in this field (印鑑登録: 照会書による登録).
    case agentValue(label: String, allowed: [String])

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
        case .wideArea: "wide_area"
        case .itemNotAllowed: "item_not_allowed"
        case .agentValue: "agent_value"
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
        case let .wideArea(text): text
        case let .itemNotAllowed(label, allowed):
            "「\(label)」は\(allowed.map(\.japaneseName).joined(separator: "・"))の請求に限ります。「記載しない」にしてください。"
        case let .agentValue(label, allowed):
            "代理人の申請では「\(label)」は\(allowed.joined(separator: "・"))に限ります（即日にはできません）。"
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

        // 相続人 of a deceased subject, shown by 戸籍, stand as the subject (所得・課税証明: 本人に相続人を含む).
        let heir = subject.status == .deceased && policy.heirKey.map { key in
            EnteredText.yesNo(context.value(key), field: form.field(key)) == true
        } == true
        if heir { notes.append("相続人としての請求です。戸籍などで相続人であることを確認してください。") }

        if let wide = policy.wideArea, wide.applies(toHonseki: subject.honseki) {
            reasons += wideAreaReasons(wide, form: form, context: context, standing: standing)
        }

        for (key, relations) in policy.restrictedItems.sorted(by: { $0.key < $1.key }) {
            guard let field = form.field(key), EnteredText.yesNo(context.value(key), field: field) == true else { continue }
            let ok = relations.contains(standing.relation) || (standing.sameHousehold && relations.contains(.household))
            if !ok { reasons.append(.itemNotAllowed(label: field.label, allowed: RequesterRelation.allCases.filter(relations.contains))) }
        }

        if standing.relation == .agent {
            for (key, values) in policy.agentFieldValues.sorted(by: { $0.key < $1.key }) {
                if let given = context.value(key), !given.isEmpty, !values.contains(given) {
                    reasons.append(.agentValue(label: form.field(key)?.label ?? key, allowed: values))
                }
            }
        }

        let allowed = policy.requesters
        let order = RequesterRelation.allCases.filter { allowed.contains($0) }
        let relation = heir ? .selfPerson : standing.relation
        switch relation {
        case .selfPerson, .household:
            if !allowed.contains(relation) { reasons.append(.requesterNotAllowed(relation, allowed: order)) }
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

    /// 広域交付: only 本人・配偶者・直系 in person with a photo ID, only the kinds it issues.
    static func wideAreaReasons(_ wide: EligibilityPolicy.WideAreaPolicy, form: FormDefinition, context: CaseContext,
                                standing: RequesterStanding) -> [EligibilityReason] {
        var out: [EligibilityReason] = []
        let lead = "本籍が他の市区町村のため広域交付です。"
        if !wide.requesters.contains(standing.relation) {
            let who = RequesterRelation.allCases.filter(wide.requesters.contains).map(\.japaneseName).joined(separator: "・")
            out.append(.wideArea(lead + "\(standing.relation.japaneseName)からは請求できません（\(who)が窓口に来た場合だけ。"
                + "代理人・第三者・郵送は本籍地へ請求してください）。"))
        }
        if let kind = context.value(wide.kindKey), !kind.isEmpty, !wide.kinds.contains(kind) {
            out.append(.wideArea(lead + "「\(kind)」は交付できません（\(wide.kinds.joined(separator: "・"))だけ。ほかは本籍地へ）。"))
        }
        let id = context.value(wide.idKey) ?? ""
        if !wide.photoIDs.contains(id) {
            let label = form.field(wide.idKey)?.label ?? "本人確認書類"
            out.append(.wideArea(lead + "「\(label)」で顔写真付きの本人確認書類（\(wide.photoIDs.joined(separator: "・"))）を確認してください。"))
        }
        return out
    }
}
