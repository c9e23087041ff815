import Foundation
import JapaneseKit

/// A deterministic synthetic town of いわき市 residents, for demos, training, tests and
/// benchmarks. The same seed, count and reference date give the same residents everywhere.
///
/// Households of realistic size and 続柄, an age pyramid like a regional city (about a third
/// 65 or older), memberships consistent with age and household, some residents moved out or
/// deceased, a few with 支援措置, some names with rare kanji (髙, 﨑, 𠮷). Never a 個人番号.
public struct SyntheticResidents: Sequence, Sendable {
    public let count: Int
    public let seed: UInt64
    /// Ages, statuses and memberships are as of this day.
    public let referenceDate: CivilDate

    /// The reference date used when none is given, so output does not depend on today.
    public static let defaultReferenceDate = CivilDate(year: 2026, month: 4, day: 1)!

    public init(count: Int, seed: UInt64 = 1, referenceDate: CivilDate = SyntheticResidents.defaultReferenceDate) {
        self.count = count
        self.seed = seed
        self.referenceDate = referenceDate
    }

    public func makeIterator() -> Iterator { Iterator(self) }

    /// Yields residents household by household (the 世帯主 first in each household).
    public struct Iterator: IteratorProtocol {
        private var rng: SplitMix64
        /// Draws for the memberships added later, apart from `rng` so that the residents, households
        /// and statuses of a seed stay what they were.
        private var extra: SplitMix64
        private let limit: Int
        private let today: CivilDate
        private var emitted = 0
        private var pending: [Resident] = []
        private var pendingIndex = 0
        private var nextResident = 1
        private var nextHousehold = 1
        private let townWeights: [Int]

        init(_ spec: SyntheticResidents) {
            rng = SplitMix64(seed: spec.seed)
            extra = SplitMix64(seed: spec.seed ^ 0x6B61_6967_6F5F_7631)
            limit = spec.count
            today = spec.referenceDate
            var total = 0
            townWeights = IwakiTowns.towns.map { total += $0.weight; return total }
        }

        public mutating func next() -> Resident? {
            guard emitted < limit else { return nil }
            if pendingIndex >= pending.count {
                pending = makeHousehold()
                pendingIndex = 0
            }
            defer { pendingIndex += 1; emitted += 1 }
            return pending[pendingIndex]
        }

        // MARK: - Households

        private struct Person {
            var family: (String, String)
            var given: (String, String)
            var age: Int
            var sex: Sex
            var relationship: String
            var formerSurname: String?
        }

        private mutating func makeHousehold() -> [Resident] {
            let family = pickFamily()
            var people: [Person] = []
            let roll = rng.below(100)
            func person(_ age: Int, _ sex: Sex, _ rel: String, family f: (String, String)? = nil) -> Person {
                Person(family: f ?? family, given: pickGiven(sex: sex, age: age), age: age, sex: sex, relationship: rel)
            }
            switch roll {
            case 0..<20:  // one elderly person
                people.append(person(rng.int(65...99), rng.chance(0.68) ? .female : .male, "世帯主"))
            case 20..<33:  // one younger person
                people.append(person(rng.int(19...64), rng.chance(0.58) ? .male : .female, "世帯主"))
            case 33..<54:  // elderly couple
                let age = rng.int(65...92)
                people.append(person(age, .male, "世帯主"))
                people.append(wife(age: Swift.max(60, age - rng.int(0...5)), family: family))
            case 54..<62:  // couple without children (young, or children gone)
                let age = rng.chance(0.6) ? rng.int(50...74) : rng.int(25...49)
                people.append(person(age, .male, "世帯主"))
                people.append(wife(age: Swift.max(20, age - rng.int(-2...6)), family: family))
            case 62..<83:  // couple and children
                let age = rng.int(28...58)
                people.append(person(age, .male, "世帯主"))
                let wifeAge = Swift.max(22, age - rng.int(-2...6))
                people.append(wife(age: wifeAge, family: family))
                addChildren(&people, motherAge: wifeAge, family: family)
            case 83..<89:  // single parent and children
                let female = rng.chance(0.85)
                let age = rng.int(25...52)
                people.append(person(age, female ? .female : .male, "世帯主"))
                addChildren(&people, motherAge: age, family: family)
            case 89..<97:  // three generations
                let age = rng.int(35...55)
                people.append(person(age, .male, "世帯主"))
                let wifeAge = Swift.max(22, age - rng.int(-2...5))
                people.append(wife(age: wifeAge, family: family))
                addChildren(&people, motherAge: wifeAge, family: family)
                let parentAge = age + rng.int(24...34)
                if rng.chance(0.6) { people.append(person(parentAge + rng.int(0...3), .male, "父")) }
                people.append(person(parentAge, .female, "母"))
            default:  // a head with a 同居人
                people.append(person(rng.int(25...70), .male, "世帯主"))
                people.append(person(rng.int(25...70), rng.chance(0.7) ? .female : .male, "同居人", family: pickFamily()))
            }
            return residents(people)
        }

        private mutating func wife(age: Int, family: (String, String)) -> Person {
            var p = Person(family: family, given: pickGiven(sex: .female, age: age), age: age, sex: .female, relationship: "妻")
            if rng.chance(0.04) { p.formerSurname = pickFamily().0 }
            return p
        }

        private mutating func addChildren(_ people: inout [Person], motherAge: Int, family: (String, String)) {
            let n = [1, 1, 2, 2, 2, 3][rng.below(6)]
            var age = Swift.min(motherAge - 20, rng.int(0...Swift.max(0, Swift.min(30, motherAge - 20))))
            for _ in 0..<n where age >= 0 {
                let sex: Sex = rng.chance(0.51) ? .male : .female
                people.append(Person(family: family, given: pickGiven(sex: sex, age: age), age: age, sex: sex, relationship: "子"))
                age -= rng.int(1...5)
            }
        }

        // MARK: - Residents

        private mutating func residents(_ people: [Person]) -> [Resident] {
            let householdID = String(format: "2%09d", nextHousehold)
            nextHousehold += 1
            let town = pickTown()
            var address = "いわき市" + town.name
            let lot = rng.int(1...250)
            address += rng.chance(0.5) ? "\(lot)番地" + (rng.chance(0.5) ? "の\(rng.int(1...30))" : "") : "\(lot)"
            var detail = ""
            let municipal = rng.chance(0.03)
            if municipal {
                detail = "\(rng.pick(IwakiTowns.municipalEstates)) \(rng.int(1...12))-\(rng.int(1...5))0\(rng.int(1...6))"
            } else if rng.chance(0.2) {
                detail = "\(rng.pick(IwakiTowns.buildings)) \(rng.int(1...4))0\(rng.int(1...8))号室"
            }
            let honseki = rng.chance(0.75) ? "福島県いわき市" + town.name + "\(lot)番地" : rng.pick(IwakiTowns.otherHonseki) + "\(rng.int(1...900))番地"
            let headName = people[0].family.0 + " " + people[0].given.0
            let support = rng.chance(0.002)
            let householdKind = people.count
            // Household-level facts.
            let headAge = people[0].age
            let kokuhoHousehold = headAge < 75 && rng.chance(headAge >= 60 ? 0.75 : 0.22)
            let childrenUnder18 = people.contains { $0.relationship == "子" && $0.age < 18 }
            let householdMovedOut = rng.chance(0.02)
            let movedOutDate = pastDate(withinDays: 5 * 365)

            var out: [Resident] = []
            for (index, p) in people.enumerated() {
                let birth = birthdate(age: p.age)
                var memberships = Set<Membership>()
                if p.age >= 75 { memberships.insert(.lateStageElderly) }
                let certified = p.age >= 85 ? 0.5 : p.age >= 75 ? 0.25 : p.age >= 65 ? 0.05 : p.age >= 40 ? 0.003 : 0
                if rng.chance(certified) { memberships.insert(.longTermCareCertified) }
                // 第1号被保険者 of this city, except those in a facility elsewhere (住所地特例: the
                // former town insures them); 40–64 carry a 被保険者証 only once certified.
                if p.age >= 65, extra.chance(0.98) { memberships.insert(.longTermCare) }
                if (40...64).contains(p.age), memberships.contains(.longTermCareCertified) { memberships.insert(.longTermCare) }
                if kokuhoHousehold, p.age < 75 { memberships.insert(.nationalHealthInsurance) }
                if (20...59).contains(p.age), kokuhoHousehold || rng.chance(0.3) { memberships.insert(.nationalPensionInsured) }
                if p.age >= 65, rng.chance(0.97) { memberships.insert(.pensionRecipient) }
                if rng.chance(p.age >= 65 ? 0.1 : 0.03) { memberships.insert(.disabilityCertificate) }
                if index == 0, childrenUnder18 { memberships.insert(.childAllowanceRecipient) }
                if p.age >= 18, rng.chance(0.65) { memberships.insert(.sealRegistration) }
                if rng.chance(0.75) { memberships.insert(.myNumberCard) }
                if index == 0, rng.chance(p.age >= 40 ? 0.7 : 0.2) { memberships.insert(.propertyTaxpayer) }
                if (18...80).contains(p.age), rng.chance(0.12) { memberships.insert(.lightVehicle) }
                if index == 0, municipal { memberships.insert(.municipalHousing) }
                if index == 0, rng.chance(0.95) { memberships.insert(.waterAccount) }
                if p.age >= 18, extra.chance(p.age >= 65 ? 0.45 : 0.7) { memberships.insert(.residentTaxpayer) }
                if extra.chance(p.age < 18 ? 0.9 : memberships.contains(.disabilityCertificate) ? 0.4 : 0) {
                    memberships.insert(.welfareMedical)
                }
                if memberships.contains(.disabilityCertificate), extra.chance(0.35) { memberships.insert(.disabilityServices) }
                if index == 0, childrenUnder18, householdKind <= 3, extra.chance(0.15) { memberships.insert(.childSupportAllowance) }
                if memberships.contains(.disabilityCertificate), extra.chance(0.1) { memberships.insert(.specialDisabilityAllowance) }

                var status = ResidentStatus.current
                var statusDate: CivilDate?
                if householdMovedOut {
                    status = .movedOut
                    statusDate = movedOutDate
                } else if index > 0, p.relationship == "子", (19...35).contains(p.age), rng.chance(0.15) {
                    status = .movedOut
                    statusDate = pastDate(withinDays: 3 * 365)
                } else if index > 0 || householdKind == 1, rng.chance(deathChance(p.age)) {
                    status = .deceased
                    statusDate = pastDate(withinDays: 2 * 365)
                } else if rng.chance(0.001) {
                    status = .removed
                    statusDate = pastDate(withinDays: 3 * 365)
                }
                if index == 0, householdKind > 1, status != .current, !householdMovedOut {
                    status = .current
                    statusDate = nil
                }
                if status != .current { memberships.subtract([.waterAccount, .municipalHousing]) }

                let since: CivilDate? = rng.chance(0.6) ? birth : Swift.max(birth, pastDate(withinDays: 40 * 365))
                let id = String(format: "1%09d", nextResident)
                nextResident += 1
                out.append(Resident(
                    id: id, householdID: householdID, name: p.family.0 + " " + p.given.0,
                    kana: p.family.1 + " " + p.given.1, formerSurname: p.formerSurname, birthdate: birth, sex: p.sex,
                    relationship: p.relationship, postalCode: town.postalCode, address: address, addressDetail: detail,
                    honseki: p.relationship == "同居人" ? rng.pick(IwakiTowns.otherHonseki) + "\(rng.int(1...900))番地" : honseki,
                    hittousha: p.relationship == "同居人" ? p.family.0 + " " + p.given.0 : headName,
                    residentSince: since, status: status, statusDate: statusDate, supportMeasure: support,
                    memberships: memberships))
            }
            return out
        }

        private func deathChance(_ age: Int) -> Double {
            age >= 90 ? 0.12 : age >= 80 ? 0.05 : age >= 70 ? 0.015 : 0.002
        }

        // MARK: - Picks

        private mutating func pickFamily() -> (String, String) {
            if rng.chance(0.01) { return rng.pick(SyntheticNames.rareFamily) }
            return rng.pick(SyntheticNames.family, skew: 2.2)
        }

        private mutating func pickGiven(sex: Sex, age: Int) -> (String, String) {
            let born = today.year - age
            let generation = born < 1950 ? 0 : born < 1985 ? 1 : 2
            return rng.pick(sex == .male ? SyntheticNames.male[generation] : SyntheticNames.female[generation], skew: 1.4)
        }

        private mutating func pickTown() -> IwakiTowns.Town {
            let r = rng.below(townWeights.last!)
            let i = townWeights.firstIndex { r < $0 }!
            return IwakiTowns.towns[i]
        }

        private mutating func birthdate(age: Int) -> CivilDate {
            // Born between `age + 1` years and `age` years before the reference date.
            let latest = CivilDate(dayNumber: today.dayNumber - Int(Double(age) * 365.2425))
            return latest.adding(days: -rng.below(365))
        }

        private mutating func pastDate(withinDays days: Int) -> CivilDate {
            today.adding(days: -1 - rng.below(days))
        }
    }

    /// One resident as a row of the import format, in `ResidentColumn.all` order.
    public static func csvFields(_ r: Resident) -> [String] {
        ResidentColumn.all.map { column in
            switch column {
            case .id: r.id
            case .householdID: r.householdID
            case .name: r.name
            case .kana: r.kana
            case .formerSurname: r.formerSurname ?? ""
            case .birthdate: r.birthdateText ?? r.birthdate.iso
            case .sex: String(r.sex.rawValue)
            case .relationship: r.relationship
            case .headName: ""
            case .postalCode: r.postalCode
            case .address: r.address
            case .addressDetail: r.addressDetail
            case .honseki: r.honseki
            case .hittousha: r.hittousha
            case .residentSince: r.residentSinceText ?? r.residentSince?.iso ?? ""
            case .status: String(r.status.rawValue)
            case .statusDate: r.statusDateText ?? r.statusDate?.iso ?? ""
            case .supportMeasure: r.supportMeasure ? "1" : "0"
            case .alias: r.alias ?? ""
            case .membership(let m): r.memberships.contains(m) ? "1" : "0"
            }
        }
    }

    /// Writes the import CSV (UTF-8 with BOM, CRLF) to `url`, streaming.
    public func write(to url: URL) throws {
        FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        var chunk = "\u{FEFF}" + CSVCell.line(ResidentColumn.all.map { CSVCell.quoted($0.header) })
        for r in self {
            chunk += CSVCell.line(Self.csvFields(r).map(CSVCell.quoted))
            if chunk.utf8.count > 1 << 20 {
                try handle.write(contentsOf: Data(chunk.utf8))
                chunk = ""
            }
        }
        try handle.write(contentsOf: Data(chunk.utf8))
        try handle.synchronize()
    }
}
