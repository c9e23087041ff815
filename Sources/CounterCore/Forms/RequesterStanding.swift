import Foundation

/// How the requester stands to the subject, worked out from the registry where possible.
public struct RequesterStanding: Hashable, Sendable {
    /// The most specific relation: 本人, 配偶者・直系, 同一世帯, or as declared.
    public var relation: RequesterRelation
    /// True when both are in the same household (世帯番号).
    public var sameHousehold: Bool
    /// `computed` when derived from the registry, `entered` when the clerk declared it.
    public var provenance: Provenance

    public init(relation: RequesterRelation, sameHousehold: Bool, provenance: Provenance) {
        self.relation = relation
        self.sameHousehold = sameHousehold
        self.provenance = provenance
    }

    /// Works out the standing of `requester` to `subject`.
    public static func of(_ requester: Requester, subject: Resident) -> RequesterStanding {
        switch requester {
        case .subject:
            return RequesterStanding(relation: .selfPerson, sameHousehold: true, provenance: .computed)
        case let .declared(relation):
            return RequesterStanding(relation: relation, sameHousehold: relation == .selfPerson || relation == .household,
                                     provenance: .entered)
        case let .resident(r):
            return computed(r, subject)
        case let .residentDeclared(r, relation):
            let fromRegistry = computed(r, subject)
            return RequesterStanding(relation: relation, sameHousehold: fromRegistry.sameHousehold, provenance: .entered)
        }
    }

    static func computed(_ r: Resident, _ s: Resident) -> RequesterStanding {
        if r.id == s.id { return RequesterStanding(relation: .selfPerson, sameHousehold: true, provenance: .computed) }
        guard r.householdID == s.householdID else {
            return RequesterStanding(relation: .thirdParty, sameHousehold: false, provenance: .computed)
        }
        let relation: RequesterRelation = Kinship.spouseOrLineal(r.relationship, s.relationship) ? .spouseOrLineal : .household
        return RequesterStanding(relation: relation, sameHousehold: true, provenance: .computed)
    }
}

/// Reads 続柄 (relative to the 世帯主) to tell spouses and lineal relatives within a household.
///
/// Only what the 続柄 pair proves counts: two children of the head are siblings; a 孫 and a
/// 子 may or may not be parent and child, so they are only 同一世帯.
enum Kinship {
    enum Place: Equatable {
        case head
        case headSpouse
        /// Lineal relative of the head: generation below (negative) or above (positive).
        case lineal(Int)
        case other
    }

    static func place(_ relationship: String) -> Place {
        let r = relationship.trimmingCharacters(in: .whitespaces)
        switch r {
        case "世帯主", "本人": return .head
        case "妻", "夫", "妻（未届）", "夫（未届）": return r.contains("未届") ? .other : .headSpouse
        case "子", "長男", "長女", "二男", "次男", "二女", "次女", "三男", "三女", "四男", "四女", "五男", "五女", "養子", "養女":
            return .lineal(-1)
        case "孫": return .lineal(-2)
        case "曾孫", "ひ孫": return .lineal(-3)
        case "父", "母", "養父", "養母": return .lineal(1)
        case "祖父", "祖母": return .lineal(2)
        default: return .other
        }
    }

    static func spouseOrLineal(_ a: String, _ b: String) -> Bool {
        switch (place(a), place(b)) {
        case (.head, .headSpouse), (.headSpouse, .head): return true
        case (.head, .lineal), (.lineal, .head): return true
        // The head's spouse and the head's descendants: 続柄 names a step-child 妻の子, so 子 is theirs too.
        case let (.headSpouse, .lineal(g)), let (.lineal(g), .headSpouse): return g < 0
        // An ancestor and a descendant of the head are lineal through the head.
        case let (.lineal(g1), .lineal(g2)): return (g1 > 0 && g2 < 0) || (g1 < 0 && g2 > 0)
        default: return false
        }
    }
}
