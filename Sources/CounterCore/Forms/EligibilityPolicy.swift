import Foundation

/// Who the requester is to the subject (DOMAIN.md §2.4).
public enum RequesterRelation: String, Hashable, Sendable, CaseIterable, Codable {
    /// 本人.
    case selfPerson = "self"
    /// 同一世帯の方.
    case household
    /// 配偶者・直系尊属・直系卑属 (may live elsewhere).
    case spouseOrLineal = "spouse_lineal"
    /// 代理人: needs a 委任状.
    case agent
    /// 第三者: needs a stated 正当理由.
    case thirdParty = "third_party"

    /// The word used in Forms/ and on printouts.
    public var japaneseName: String {
        switch self {
        case .selfPerson: "本人"
        case .household: "同一世帯"
        case .spouseOrLineal: "配偶者・直系"
        case .agent: "代理人"
        case .thirdParty: "第三者"
        }
    }

    /// Reads either the code (`spouse_lineal`) or the Japanese word (`配偶者・直系`).
    public init?(word: String) {
        let w = word.trimmingCharacters(in: .whitespaces)
        if let r = RequesterRelation(rawValue: w) { self = r; return }
        switch w {
        case "本人": self = .selfPerson
        case "同一世帯", "世帯員": self = .household
        case "配偶者・直系", "配偶者", "直系", "配偶者・直系尊属卑属": self = .spouseOrLineal
        case "代理人": self = .agent
        case "第三者": self = .thirdParty
        default: return nil
        }
    }
}

/// What a form allows for a subject in one 住民状態.
public enum StatusRule: Hashable, Sendable {
    case allow
    case refuse
}

/// What a form does when the subject is under 支援措置.
public enum SupportMeasureRule: String, Hashable, Sendable {
    /// Refuse every request and refer the clerk to a supervisor (the default).
    case refuse = "不可"
    /// Only the subject in person; still flagged for the supervisor.
    case selfOnly = "本人のみ"
}

/// 交付可否 of one form, as written under `eligibility:` in its definition.
public struct EligibilityPolicy: Hashable, Sendable {
    /// Who may request it.
    public var requesters: Set<RequesterRelation>
    /// 住民状態 → allowed or refused. When the definition lists none, 現住 is allowed and the
    /// others refused; when it lists some, every status it does not list is refused.
    public var subjectStatus: [ResidentStatus: StatusRule]
    /// A note the clerk sees when the subject has this status (「除票として交付します」).
    public var statusNotes: [ResidentStatus: String]
    public var supportMeasure: SupportMeasureRule
    /// The subject must be at least this old on the day of the request (印鑑登録: 15).
    public var minimumAge: Int?
    /// Programs the subject must belong to (国保の届出: `kokuho`).
    public var subjectMemberships: Set<Membership>
    /// The yes/no field that records that a 委任状 was presented.
    public var powerOfAttorneyKey: String
    /// The field that holds a third party's 正当理由.
    public var thirdPartyReasonKey: String
    /// 広域交付 (戸籍法120条の2): the narrower rules for a subject whose 本籍 is in another town.
    public var wideArea: WideAreaPolicy?
    /// Optional items that only some requesters may choose (住民票の個人番号・住民票コード):
    /// yes/no field key → the relations that may answer yes.
    public var restrictedItems: [String: Set<RequesterRelation>] = [:]
    /// Values an agent's request must have (印鑑登録: 照会書による登録 only): field key → allowed values.
    public var agentFieldValues: [String: [String]] = [:]
    /// A yes/no field that records a 相続人 (or 納税管理人) shown by 戸籍: for a deceased subject it
    /// stands the requester as the subject (所得・課税証明).
    public var heirKey: String?

    public init(requesters: Set<RequesterRelation> = [.selfPerson, .household],
                subjectStatus: [ResidentStatus: StatusRule] = [:], statusNotes: [ResidentStatus: String] = [:],
                supportMeasure: SupportMeasureRule = .refuse, minimumAge: Int? = nil,
                subjectMemberships: Set<Membership> = [],
                powerOfAttorneyKey: String = "ininjo", thirdPartyReasonKey: String = "third_party_reason") {
        self.requesters = requesters
        self.subjectStatus = subjectStatus
        self.statusNotes = statusNotes
        self.supportMeasure = supportMeasure
        self.minimumAge = minimumAge
        self.subjectMemberships = subjectMemberships
        self.powerOfAttorneyKey = powerOfAttorneyKey
        self.thirdPartyReasonKey = thirdPartyReasonKey
    }

    /// 広域交付 rules, as written under `wide_area:`.
    public struct WideAreaPolicy: Hashable, Sendable {
        /// 本籍 prefixes of this town's own 戸籍 (`福島県いわき市`); any other 本籍 is 広域交付.
        public var homeHonseki: [String]
        /// Who may request (本人・配偶者・直系 only: no 代理人, no 第三者).
        public var requesters: Set<RequesterRelation>
        /// The choice field of the certificate kind, and the kinds 広域交付 issues (謄本 only).
        public var kindKey: String
        public var kinds: [String]
        /// The field recording the ID checked, and the values that are a photo ID.
        public var idKey: String
        public var photoIDs: [String]

        public init(homeHonseki: [String], requesters: Set<RequesterRelation>, kindKey: String, kinds: [String], idKey: String,
                    photoIDs: [String]) {
            self.homeHonseki = homeHonseki
            self.requesters = requesters
            self.kindKey = kindKey
            self.kinds = kinds
            self.idKey = idKey
            self.photoIDs = photoIDs
        }

        /// True when `honseki` is another town's (an empty 本籍 is not known to be).
        public func applies(toHonseki honseki: String) -> Bool {
            let h = honseki.trimmingCharacters(in: .whitespaces)
            return !h.isEmpty && !homeHonseki.contains { h.hasPrefix($0) }
        }
    }

    /// The rule for `status`, with the default for statuses the definition does not list.
    public func rule(for status: ResidentStatus) -> StatusRule {
        if subjectStatus.isEmpty { return status == .current ? .allow : .refuse }
        return subjectStatus[status] ?? .refuse
    }
}

extension ResidentStatus {
    /// 現住・転出・死亡・消除, as written in Forms/.
    public var japaneseName: String {
        switch self {
        case .current: "現住"
        case .movedOut: "転出"
        case .deceased: "死亡"
        case .removed: "消除"
        }
    }

    /// Reads the Japanese word or the `--json` name.
    public init?(word: String) {
        for status in ResidentStatus.allCases where status.japaneseName == word || status.jsonName == word {
            self = status
            return
        }
        return nil
    }
}
