@testable import CounterCore
import Foundation
import Testing

@Suite struct FormsEligibilityTests {
    let library = ShippedForms.library
    typealias F = FormsFixtures

    func check(_ id: String, _ context: CaseContext) throws -> EligibilityResult {
        EligibilityCheck.evaluate(try #require(library.form(id: id)), in: context)
    }

    // MARK: Requester relation from the registry

    @Test func relationComputedFromHouseholdAndRelationship() {
        #expect(RequesterStanding.of(.subject, subject: F.head).relation == .selfPerson)
        #expect(RequesterStanding.of(.resident(F.head), subject: F.head).relation == .selfPerson)
        #expect(RequesterStanding.of(.resident(F.wife), subject: F.head).relation == .spouseOrLineal)
        #expect(RequesterStanding.of(.resident(F.son), subject: F.head).relation == .spouseOrLineal)
        #expect(RequesterStanding.of(.resident(F.wife), subject: F.son).relation == .spouseOrLineal)
        #expect(RequesterStanding.of(.resident(F.grandchild), subject: F.mother).relation == .spouseOrLineal)
        // 妻 and the head's 母 are in-laws; 長男 and 孫 may not be parent and child.
        #expect(RequesterStanding.of(.resident(F.wife), subject: F.mother).relation == .household)
        #expect(RequesterStanding.of(.resident(F.son), subject: F.grandchild).relation == .household)
        let other = RequesterStanding.of(.resident(F.neighbour), subject: F.head)
        #expect(other.relation == .thirdParty)
        #expect(!other.sameHousehold)
        #expect(other.provenance == .computed)
        let declared = RequesterStanding.of(.residentDeclared(F.neighbour, .spouseOrLineal), subject: F.head)
        #expect(declared.relation == .spouseOrLineal)
        #expect(declared.provenance == .entered)
    }

    // MARK: Who may request

    @Test func selfAllowedOrNot() throws {
        #expect(try check("juminhyo", F.context()).ok)
        let sousaihi = try check("kokuho_sousaihi", F.context(subject: F.deceased, requester: .declared(.selfPerson)))
        #expect(sousaihi.reasons.contains(.requesterNotAllowed(.selfPerson, allowed: [.household, .spouseOrLineal, .agent, .thirdParty])))
    }

    @Test func sameHouseholdAllowedOrNot() throws {
        let context = F.context(subject: F.mother, requester: .resident(F.wife))
        #expect(try check("juminhyo", context).ok)
        let koseki = try check("koseki", context)
        #expect(koseki.reasons.map(\.code) == ["requester_not_allowed"])
    }

    @Test func spouseOrLinealAllowedOrNot() throws {
        let context = F.context(requester: .resident(F.wife))
        #expect(try check("koseki", context).ok)
        // 住民票 lists 同一世帯: a spouse in the household counts as household.
        #expect(try check("juminhyo", context).ok)
        // A lineal relative living elsewhere, declared after checking 戸籍: not 同一世帯.
        let elsewhere = F.context(requester: .declared(.spouseOrLineal))
        #expect(try check("koseki", elsewhere).ok)
        #expect(try check("juminhyo", elsewhere).reasons.map(\.code) == ["requester_not_allowed"])
    }

    @Test func agentNeedsPowerOfAttorney() throws {
        let without = try check("juminhyo", F.context(requester: .declared(.agent)))
        #expect(without.reasons == [.powerOfAttorneyMissing(label: "委任状")])
        let refused = try check("juminhyo", F.context(requester: .declared(.agent), entered: ["ininjo": "なし"]))
        #expect(!refused.ok)
        #expect(try check("juminhyo", F.context(requester: .declared(.agent), entered: ["ininjo": "あり"])).ok)
        // 印鑑登録証明: the card stands for the 委任状.
        let inkan = try check("inkan_shomei", F.context(requester: .declared(.agent), entered: ["inkan_card": "あり"]))
        #expect(inkan.ok)
        let noCard = try check("inkan_shomei", F.context(requester: .declared(.agent)))
        #expect(noCard.reasons == [.powerOfAttorneyMissing(label: "印鑑登録証の提示")])
    }

    @Test func thirdPartyNeedsAReason() throws {
        let without = try check("juminhyo", F.context(requester: .resident(F.neighbour)))
        #expect(without.reasons.map(\.code) == ["third_party_reason_missing"])
        let with = try check("juminhyo", F.context(requester: .resident(F.neighbour), entered: ["third_party_reason": "債権回収のため"]))
        #expect(with.ok)
        let shotoku = try check("shotoku", F.context(requester: .resident(F.neighbour), entered: ["third_party_reason": "理由"]))
        #expect(shotoku.reasons.map(\.code) == ["requester_not_allowed"])
    }

    // MARK: Subject

    @Test func subjectStatusAllowedWithNoteOrRefused() throws {
        let context = F.context(subject: F.deceased, requester: .resident(F.deceasedWife))
        let juminhyo = try check("juminhyo", context)
        #expect(juminhyo.ok)
        #expect(juminhyo.notes == ["除票の写しとして交付します。"])
        let inkan = try check("inkan_shomei", F.context(subject: F.deceased, requester: .resident(F.deceasedWife),
                                                         entered: ["inkan_card": "あり"]))
        #expect(inkan.reasons == [.subjectStatus(.deceased)])
        #expect(try check("kokuho_sousaihi", F.context(requester: .resident(F.wife))).reasons.contains(.subjectStatus(.current)))
    }

    @Test func supportMeasureRefusesAndRefers() throws {
        let result = try check("juminhyo", F.context(subject: F.protected))
        #expect(!result.ok)
        #expect(result.reasons == [.supportMeasure])
        #expect(result.referToSupervisor)
        #expect(EligibilityReason.supportMeasure.message.contains("上司"))
        // 本人のみ: the protected person's own 異動届 is accepted, flagged; anyone else is refused.
        let own = try check("idou", F.context(subject: F.protected))
        #expect(own.ok)
        #expect(own.referToSupervisor)
        let other = try check("idou", F.context(subject: F.protected, requester: .declared(.agent), entered: ["ininjo": "あり"]))
        #expect(other.reasons == [.supportMeasure])
        #expect(try !check("juminhyo", F.context()).referToSupervisor)
    }

    @Test func minimumAge() throws {
        let child = try check("inkan_toroku", F.context(subject: F.grandchild))
        #expect(child.reasons == [.tooYoung(minimum: 15, age: 11)])
        #expect(try check("inkan_toroku", F.context(subject: F.son)).ok)
    }

    @Test func membershipRequired() throws {
        #expect(try check("kokuho_soushitsu", F.context()).ok)
        let notInsured = try check("kokuho_soushitsu", F.context(subject: F.son))
        #expect(notInsured.reasons == [.notMember(.nationalHealthInsurance)])
        #expect(try check("kaigo_soushitsu", F.context(subject: F.son)).reasons == [.notMember(.longTermCare)])
    }
}
