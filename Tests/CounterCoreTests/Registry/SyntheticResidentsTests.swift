@testable import CounterCore
import Foundation
import JapaneseKit
import Testing

@Suite struct SyntheticResidentsTests {
    let today = SyntheticResidents.defaultReferenceDate

    func age(_ r: Resident) -> Int {
        var years = today.year - r.birthdate.year
        if (today.month, today.day) < (r.birthdate.month, r.birthdate.day) { years -= 1 }
        return years
    }

    @Test func sameSeedSameTownOtherSeedOtherTown() {
        let a = Array(SyntheticResidents(count: 500, seed: 7))
        let b = Array(SyntheticResidents(count: 500, seed: 7))
        let c = Array(SyntheticResidents(count: 500, seed: 8))
        #expect(a == b)
        #expect(a != c)
        #expect(a.count == 500)
        var rng = SplitMix64(seed: 0)
        // Reference values of SplitMix64 for seed 0.
        #expect(rng.next() == 0xE220_A839_7B1D_CDAF)
        #expect(rng.next() == 0x6E78_9E6A_A1B9_65F4)
    }

    @Test func aBelievableTown() {
        let people = Array(SyntheticResidents(count: 20_000, seed: 42))
        let current = people.filter { $0.status == .current }
        let old = current.filter { age($0) >= 65 }.count
        let share65 = Double(old) / Double(current.count)
        #expect(share65 > 0.28 && share65 < 0.42, "65+ share \(share65) size \(Double(people.count) / Double(Set(people.map(\.householdID)).count))")
        let households = Dictionary(grouping: people, by: \.householdID)
        let averageSize = Double(people.count) / Double(households.count)
        #expect(averageSize > 1.9 && averageSize < 2.8, "household size \(averageSize)")
        for (_, members) in households where members.contains(where: { $0.status == .current }) {
            #expect(members.contains { $0.isHouseholdHead && $0.status == .current })
        }
        #expect(people.contains { $0.status == .movedOut && $0.statusDate != nil })
        #expect(people.contains { $0.status == .deceased && $0.statusDate != nil })
        let support = people.filter(\.supportMeasure).count
        #expect(support > 0 && support < 200)
        #expect(people.contains { $0.name.contains("髙") || $0.name.contains("﨑") || $0.name.contains("𠮷") })
        let cards = Double(people.filter { $0.memberships.contains(.myNumberCard) }.count) / Double(people.count)
        #expect(cards > 0.7 && cards < 0.8)
        #expect(Set(people.map(\.address)).count > 1_000)
        #expect(people.allSatisfy { $0.address.hasPrefix("いわき市") && $0.postalCode.hasPrefix("97") })
    }

    @Test func membershipsFollowAgeAndHousehold() {
        let people = Array(SyntheticResidents(count: 10_000, seed: 3))
        for r in people {
            let a = age(r)
            #expect(r.memberships.contains(.lateStageElderly) == (a >= 75), "\(r.id) \(a)")
            // この市の介護保険: 65歳以上（住所地特例で他市の方を除く）と、認定を受けた40〜64歳。
            if r.memberships.contains(.longTermCare) {
                #expect(a >= 65 || (a >= 40 && r.memberships.contains(.longTermCareCertified)), "\(r.id) \(a)")
            }
            if r.memberships.contains(.childSupportAllowance) { #expect(r.isHouseholdHead) }
            if r.memberships.contains(.disabilityServices) || r.memberships.contains(.specialDisabilityAllowance) {
                #expect(r.memberships.contains(.disabilityCertificate))
            }
            if r.memberships.contains(.residentTaxpayer) { #expect(a >= 18) }
            if r.memberships.contains(.nationalHealthInsurance) { #expect(a < 75) }
            if r.memberships.contains(.pensionRecipient) { #expect(a >= 65) }
            if r.memberships.contains(.sealRegistration) { #expect(a >= 18) }
            if r.memberships.contains(.longTermCareCertified) { #expect(a >= 40) }
            if r.memberships.contains(.childAllowanceRecipient) {
                #expect(r.isHouseholdHead)
                #expect(people.contains { $0.householdID == r.householdID && $0.relationship == "子" && age($0) < 18 })
            }
            #expect(!r.kana.isEmpty && r.kana.unicodeScalars.allSatisfy(ResidentRowParser.isKanaScalar))
            #expect(r.name.split(separator: " ").count == 2 && r.kana.split(separator: " ").count == 2)
        }
        let elderly = people.filter { age($0) >= 65 }
        let insuredHere = Double(elderly.filter { $0.memberships.contains(.longTermCare) }.count) / Double(elderly.count)
        #expect(insuredHere > 0.95 && insuredHere < 1.0, "\(insuredHere)")
        #expect(people.contains { age($0) < 65 && $0.memberships.contains(.longTermCare) })
    }

    @Test func neverAPersonalNumber() throws {
        let dir = TempDir("demo")
        let url = dir.url.appendingPathComponent("demo.csv")
        try SyntheticResidents(count: 3_000, seed: 5).write(to: url)
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(text.range(of: "(?<![0-9])[0-9]{12}(?![0-9])", options: .regularExpression) == nil)
        #expect(!text.contains("個人番号"))
        let summary = try ResidentImporter(dataDirectory: dir.data).run(file: url)
        #expect(summary.imported == 3_000)
    }
}
