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
    /// At least `min` remaining members aged `age` or more on the day of death
    /// (世帯主変更届: needed only when two or more remaining members are 15 or older).
    case remainingAged(age: Int, min: Int)
    /// At least `min` remaining members (of the given 続柄, when any are named) who on the day of
    /// death had not yet passed the first 31 March after reaching `age` (国民年金法37条の2: 「18歳に
    /// 達する日以後の最初の3月31日までの間にある子」; a person reaches an age the day before the birthday).
    case remainingSchoolYear(age: Int, relationships: [String], min: Int)
    /// The family's answer to a question only they can know (`answer: { key: seikei, is: [はい] }`);
    /// unanswered, the condition is neither true nor false and the item shows 要確認.
    /// `label` is the question's short name, for reasons.
    case answer(key: String, values: [String], label: String)
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
        /// True or false when the facts decide it; nil when it waits on the family's answers.
        public var outcome: Bool?
        /// The facts that decided it: why it matched, or (when it did not) why not.
        public var because: [ReasonPhrase]
        /// The questions still unanswered that could decide it (keys, first use first).
        public var waitingOn: [String] = []

        public var matched: Bool { outcome == true }

        init(matched: Bool, because: [ReasonPhrase]) {
            outcome = matched
            self.because = because
        }

        init(outcome: Bool?, because: [ReasonPhrase], waitingOn: [String]) {
            self.outcome = outcome
            self.because = because
            self.waitingOn = waitingOn
        }
    }

    /// Evaluates the condition against `facts`.
    public func evaluate(_ facts: DeathFacts) -> Evaluation {
        switch self {
        case .always:
            return Evaluation(matched: true, because: [ReasonPhrase("どなたの場合も必要で", "どなたの場合も必要な")])
        case let .all(items):
            // Three-valued (Kleene) logic: one false decides; otherwise an unanswered question leaves it open.
            let results = items.map { $0.evaluate(facts) }
            if results.contains(where: { $0.outcome == false }) {
                return Evaluation(matched: false, because: results.filter { $0.outcome == false }.flatMap(\.because))
            }
            let open = results.filter { $0.outcome == nil }
            if !open.isEmpty {
                return Evaluation(outcome: nil, because: results.filter { $0.outcome == true }.flatMap(\.because),
                                  waitingOn: RuleCondition.keys(open))
            }
            return Evaluation(matched: true, because: results.flatMap(\.because))
        case let .any(items):
            let results = items.map { $0.evaluate(facts) }
            if let first = results.first(where: \.matched) { return Evaluation(matched: true, because: first.because) }
            let open = results.filter { $0.outcome == nil }
            if !open.isEmpty { return Evaluation(outcome: nil, because: [], waitingOn: RuleCondition.keys(open)) }
            return Evaluation(matched: false, because: results.flatMap(\.because))
        case let .not(inner):
            let result = inner.evaluate(facts)
            return Evaluation(outcome: result.outcome.map { !$0 }, because: result.because, waitingOn: result.waitingOn)
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
        case let .remainingAged(age, min):
            let n = facts.remaining.filter { Age.years(born: $0.birthdate, on: facts.dateOfDeath) >= age }.count
            let note = n >= min ? "" : "（対象は\(min)人以上）"
            let phrase = n == 0 ? ReasonPhrase("\(age)歳以上の世帯員が残らず" + note, "\(age)歳以上の世帯員が残らない" + note)
                : ReasonPhrase("\(age)歳以上の世帯員が\(n)人残り" + note, "\(age)歳以上の世帯員が\(n)人残る" + note)
            return Evaluation(matched: n >= min, because: [phrase])
        case let .remainingSchoolYear(age, relationships, min):
            let n = facts.remaining.filter { member in
                (relationships.isEmpty || relationships.contains(member.relationship))
                    && facts.dateOfDeath <= RuleCondition.schoolYearEnd(born: member.birthdate, age: age)
            }.count
            let who = relationships.isEmpty ? "世帯員" : relationships.joined(separator: "・")
            let span = "\(age)歳になった年度末までの\(who)"
            let phrase = n == 0 ? ReasonPhrase("\(span)が残らず", "\(span)が残らない")
                : ReasonPhrase("\(span)が\(n)人残り", "\(span)が\(n)人残る")
            return Evaluation(matched: n >= min, because: [phrase])
        case let .answer(key, values, label):
            guard let given = facts.answers[key] else { return Evaluation(outcome: nil, because: [], waitingOn: [key]) }
            let phrase = ReasonPhrase("\(label)が「\(given)」で", "\(label)が「\(given)」だった")
            return Evaluation(matched: values.contains(given), because: [phrase])
        case let .field(field, values):
            let actual = facts.value(of: field)
            let shown = actual.isEmpty ? "空欄" : actual
            return Evaluation(matched: values.contains(actual),
                              because: [ReasonPhrase("\(field.label)が\(shown)で", "\(field.label)が\(shown)である")])
        }
    }

    /// The first 31 March on or after the day a person born on `born` reaches `age` (the day
    /// before the birthday, 年齢計算ニ関スル法律).
    static func schoolYearEnd(born: CivilDate, age: Int) -> CivilDate {
        let reached = Age.dayReaching(age, born: born)
        let year = reached.month <= 3 ? reached.year : reached.year + 1
        return CivilDate(year: year, month: 3, day: 31)!
    }

    /// The unanswered question keys of `results`, each once, first use first.
    static func keys(_ results: [Evaluation]) -> [String] {
        var seen = Set<String>()
        return results.flatMap(\.waitingOn).filter { seen.insert($0).inserted }
    }

    /// Every question key the condition reads, each once.
    public var questionKeys: [String] {
        var seen = Set<String>()
        func walk(_ c: RuleCondition) -> [String] {
            switch c {
            case let .all(items), let .any(items): items.flatMap(walk)
            case let .not(inner): walk(inner)
            case let .answer(key, _, _): [key]
            default: []
            }
        }
        return walk(self).filter { seen.insert($0).inserted }
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
    /// The family's answers to the rules' questions (question key → answer).
    public var answers: [String: String]

    /// Builds the facts; `household` may or may not include the deceased.
    public init(deceased: Resident, household: [Resident], dateOfDeath: CivilDate, knownDate: CivilDate? = nil,
                funeralDate: CivilDate? = nil, answers: [String: String] = [:]) {
        self.answers = answers
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
        case .longTermCare: ReasonPhrase("この市の介護保険の被保険者で", "この市の介護保険の被保険者だった")
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
        case .residentTaxpayer: ReasonPhrase("住民税の納税義務者で", "住民税の納税義務者だった")
        case .welfareMedical: ReasonPhrase("福祉医療の受給者で", "福祉医療の受給者だった")
        case .disabilityServices: ReasonPhrase("自立支援医療などの受給者証をお持ちで", "自立支援医療などの受給者証をお持ちだった")
        case .childSupportAllowance: ReasonPhrase("児童扶養手当を受給しており", "児童扶養手当を受給していた")
        case .specialDisabilityAllowance: ReasonPhrase("特別障害者手当などを受給しており", "特別障害者手当などを受給していた")
        }
    }

    /// The absence of the fact: 「国民健康保険の記録がない」.
    var absentPhrase: ReasonPhrase { ReasonPhrase("\(columnName)の記録がなく", "\(columnName)の記録がない") }
}
