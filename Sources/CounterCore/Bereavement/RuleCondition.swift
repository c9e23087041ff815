import JapaneseKit

/// When a bereavement rule applies, read from the `when:` of a rule file into values (no
/// string evaluation). Every leaf is a fact about the deceased or the household left behind.
public indirect enum RuleCondition: Hashable, Sendable {
    /// No condition: the procedure concerns every death (`when: always` or no `when`).
    case always
    /// Every condition holds.
    case all([RuleCondition])
    /// At least one condition holds.
    case any([RuleCondition])
    /// The condition does not hold.
    case not(RuleCondition)
    /// The deceased had this program membership (`member: kokuho`).
    case member(Membership)
    /// The deceased's 住民状態 in the record (`status: current`).
    case status(ResidentStatus)
    /// The deceased was (true) or was not (false) the head of the household.
    case headOfHousehold(Bool)
    /// Age in whole years on the day of death, bounds included.
    case ageAtDeath(min: Int?, max: Int?)
    /// Household members other than the deceased whose status is current, bounds included.
    case remainingMembers(min: Int?, max: Int?)
    /// At least `min` remaining members younger than `age` on the day of death.
    case remainingUnderAge(age: Int, min: Int)
    /// A field of the deceased's record equals one of `values`.
    case field(RecordField, values: [String])

    /// The record fields a `field:` condition may test.
    public enum RecordField: String, Hashable, Sendable, CaseIterable {
        case sex
        case relationship
        case honseki
        case postalCode = "postal_code"
        case address
        case householdID = "household_id"

        /// The name used in reasons.
        var label: String {
            switch self {
            case .sex: "性別"
            case .relationship: "続柄"
            case .honseki: "本籍"
            case .postalCode: "郵便番号"
            case .address: "住所"
            case .householdID: "世帯番号"
            }
        }
    }

    /// The outcome of a condition for one death, with the facts that decided it.
    public struct Evaluation: Hashable, Sendable {
        public var matched: Bool
        /// The facts that decided it: why it matched, or (when it did not) why not.
        public var because: [ReasonPhrase]
    }

    /// Evaluates the condition against `facts`.
    public func evaluate(_ facts: DeathFacts) -> Evaluation {
        switch self {
        case .always:
            return Evaluation(matched: true, because: [ReasonPhrase("どなたの場合も必要で", "どなたの場合も必要な")])
        case let .all(items):
            let results = items.map { $0.evaluate(facts) }
            let failed = results.filter { !$0.matched }
            if failed.isEmpty { return Evaluation(matched: true, because: results.flatMap(\.because)) }
            return Evaluation(matched: false, because: failed.flatMap(\.because))
        case let .any(items):
            let results = items.map { $0.evaluate(facts) }
            if let first = results.first(where: \.matched) { return Evaluation(matched: true, because: first.because) }
            return Evaluation(matched: false, because: results.flatMap(\.because))
        case let .not(inner):
            let result = inner.evaluate(facts)
            return Evaluation(matched: !result.matched, because: result.because)
        case let .member(membership):
            let has = facts.deceased.memberships.contains(membership)
            return Evaluation(matched: has, because: [has ? membership.presentPhrase : membership.absentPhrase])
        case let .status(status):
            let actual = facts.deceased.status.japaneseName
            return Evaluation(matched: facts.deceased.status == status,
                              because: [ReasonPhrase("住民記録が\(actual)で", "住民記録が\(actual)になっている")])
        case let .headOfHousehold(wanted):
            let head = facts.deceased.isHouseholdHead
            return Evaluation(matched: head == wanted,
                              because: [head ? ReasonPhrase("世帯主で", "世帯主だった") : ReasonPhrase("世帯主ではなく", "世帯主ではなかった")])
        case let .ageAtDeath(min, max):
            let age = facts.ageAtDeath
            let ok = (min.map { age >= $0 } ?? true) && (max.map { age <= $0 } ?? true)
            let bounds = RuleCondition.range(min, max, unit: "歳")
            var fact = "亡くなった時\(age)歳" + (ok ? "（\(bounds)）" : "（対象は\(bounds)）")
            if let text = facts.deceased.birthdateText {
                // The age counts from the first day the record's 生年月日 may mean: say so.
                fact += "（生年月日が「\(text)」と記録され日が定まらないため年齢は目安。確かめてください）"
            }
            return Evaluation(matched: ok, because: [ReasonPhrase(fact + "で", fact + "だった")])
        case let .remainingMembers(min, max):
            let n = facts.remaining.count
            let ok = (min.map { n >= $0 } ?? true) && (max.map { n <= $0 } ?? true)
            let note = ok ? "" : "（対象は\(RuleCondition.range(min, max, unit: "人"))）"
            let phrase = n == 0 ? ReasonPhrase("世帯に残る方がおらず" + note, "世帯に残る方がいない" + note)
                : ReasonPhrase("世帯員が\(n)人残り" + note, "世帯員が\(n)人残る" + note)
            return Evaluation(matched: ok, because: [phrase])
        case let .remainingUnderAge(age, min):
            let n = facts.remaining.filter { Age.years(born: $0.birthdate, on: facts.dateOfDeath) < age }.count
            let phrase = n == 0 ? ReasonPhrase("\(age)歳未満の世帯員が残らず", "\(age)歳未満の世帯員が残らない")
                : ReasonPhrase("\(age)歳未満の世帯員が\(n)人残り", "\(age)歳未満の世帯員が\(n)人残る")
            return Evaluation(matched: n >= min, because: [phrase])
        case let .field(field, values):
            let actual = facts.value(of: field)
            let shown = actual.isEmpty ? "空欄" : actual
            return Evaluation(matched: values.contains(actual),
                              because: [ReasonPhrase("\(field.label)が\(shown)で", "\(field.label)が\(shown)である")])
        }
    }

    static func range(_ min: Int?, _ max: Int?, unit: String) -> String {
        switch (min, max) {
        case let (lo?, hi?) where lo == hi: "\(lo)\(unit)"
        case let (lo?, hi?): "\(lo)〜\(hi)\(unit)"
        case let (lo?, nil): "\(lo)\(unit)以上"
        case (nil, 0): "0\(unit)"
        case let (nil, hi?): "\(hi)\(unit)以下"
        case (nil, nil): "制限なし"
        }
    }
}

/// The facts about one death that conditions and deadlines read.
public struct DeathFacts: Sendable {
    public var deceased: Resident
    /// Household members other than the deceased whose status is current (続柄 order kept).
    public var remaining: [Resident]
    public var dateOfDeath: CivilDate
    /// The day the death became known to the person filing (default: the date of death).
    public var knownDate: CivilDate
    /// The day of the funeral, when known.
    public var funeralDate: CivilDate?
    public var ageAtDeath: Int

    /// Builds the facts; `household` may or may not include the deceased.
    public init(deceased: Resident, household: [Resident], dateOfDeath: CivilDate, knownDate: CivilDate? = nil,
                funeralDate: CivilDate? = nil) {
        self.deceased = deceased
        self.remaining = household.filter { $0.id != deceased.id && $0.status == .current }
        self.dateOfDeath = dateOfDeath
        self.knownDate = knownDate ?? dateOfDeath
        self.funeralDate = funeralDate
        self.ageAtDeath = Age.years(born: deceased.birthdate, on: dateOfDeath)
    }

    func value(of field: RuleCondition.RecordField) -> String {
        switch field {
        case .sex: deceased.sex == .male ? "男" : "女"
        case .relationship: deceased.relationship
        case .honseki: deceased.honseki
        case .postalCode: deceased.postalCode
        case .address: deceased.address
        case .householdID: deceased.householdID
        }
    }
}

extension Membership {
    /// The fact as a reason: 「国民健康保険に加入していた」.
    var presentPhrase: ReasonPhrase {
        switch self {
        case .nationalHealthInsurance: ReasonPhrase("国民健康保険に加入しており", "国民健康保険に加入していた")
        case .lateStageElderly: ReasonPhrase("後期高齢者医療に加入しており", "後期高齢者医療に加入していた")
        case .longTermCare: ReasonPhrase("介護保険の被保険者で", "介護保険の被保険者だった")
        case .longTermCareCertified: ReasonPhrase("要介護（要支援）認定を受けており", "要介護（要支援）認定を受けていた")
        case .nationalPensionInsured: ReasonPhrase("国民年金に加入しており", "国民年金に加入していた")
        case .pensionRecipient: ReasonPhrase("年金を受給しており", "年金を受給していた")
        case .disabilityCertificate: ReasonPhrase("障害者手帳などをお持ちで", "障害者手帳などをお持ちだった")
        case .childAllowanceRecipient: ReasonPhrase("児童手当を受給しており", "児童手当を受給していた")
        case .sealRegistration: ReasonPhrase("印鑑登録があり", "印鑑登録があった")
        case .myNumberCard: ReasonPhrase("マイナンバーカードをお持ちで", "マイナンバーカードをお持ちだった")
        case .propertyTaxpayer: ReasonPhrase("固定資産税の納税義務者で", "固定資産税の納税義務者だった")
        case .lightVehicle: ReasonPhrase("軽自動車税（原付・小型特殊）の納税義務者で", "軽自動車税（原付・小型特殊）の納税義務者だった")
        case .municipalHousing: ReasonPhrase("市営住宅の名義人で", "市営住宅の名義人だった")
        case .waterAccount: ReasonPhrase("水道の契約者で", "水道の契約者だった")
        }
    }

    /// The absence of the fact: 「国民健康保険の記録がない」.
    var absentPhrase: ReasonPhrase { ReasonPhrase("\(columnName)の記録がなく", "\(columnName)の記録がない") }
}
