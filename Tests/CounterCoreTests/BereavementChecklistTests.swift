import CounterCore
import Foundation
import JapaneseKit
import Testing

/// One death and the exact checklist the shipped rules must give for it.
struct DeathProfile: Sendable, CustomTestStringConvertible {
    let name: String
    let deceased: Resident
    let household: [Resident]
    let death: String
    var known: String? = nil
    var funeral: String? = nil
    /// The family's answers to the rules' questions.
    var answers: [String: String] = [:]
    /// Decided item id → due date (ISO) or nil for 速やかに / unknown funeral day; items still
    /// 要確認 and the context-only items (準確定申告, 相続放棄) are checked apart.
    let expected: [String: String?]

    var testDescription: String { name }
}

@Suite struct BereavementChecklistTests {
    static let elderlyHead = person("1001", born: "1948-03-02", relationship: "世帯主", status: .deceased, statusDate: "2026-11-10",
                                    [.lateStageElderly, .longTermCare, .pensionRecipient])
    static let spouse = person("1002", born: "1951-06-15", sex: .female, relationship: "妻", [.lateStageElderly, .longTermCare, .pensionRecipient])
    static let adultChild = person("1003", born: "1980-01-20", relationship: "子")

    static let profiles: [DeathProfile] = [
        // 78歳（1948-03-02生、2026-11-10死亡）の世帯主、後期高齢・介護・年金、妻と成人の子が残る。
        // 死亡 2026-11-10(火)、葬儀 2026-11-13(金)。
        DeathProfile(name: "78歳の世帯主・妻と子が同居", deceased: elderlyHead, household: [elderlyHead, spouse, adultChild],
                     death: "2026-11-10", funeral: "2026-11-13",
                     answers: ["kousei_jukyu": "いいえ", "seikei_doitsu": "はい"], expected: [
                        // 戸籍法43: 11/10 を1日目として7日目 = 11/16(月)、開庁日。
                        "shibou_todoke": "2026-11-16",
                        // 民法140: 11/11 から数えて14日目 = 11/24(火)。11/23(月・勤労感謝の日)の翌日で開庁日。
                        "setainushi_henko": "2026-11-24",
                        "kouki_soushitsu": "2026-11-24",
                        "kaigo_soushitsu": "2026-11-24",
                        "nenkin_shibou": "2026-11-24",
                        // 葬儀の翌日 11/14 から2年: 2028-11-14 の前日 = 2028-11-13(月)。時効なので延長なし。
                        "kouki_sousaihi": "2028-11-13",
                        // 11/11 から5年: 2031-11-11 の前日 = 2031-11-10(月)。
                        "mishikyu_nenkin": "2031-11-10",
                        "kougaku_ryoyohi": nil, "kouki_hokenryo": nil, "kaigo_hokenryo": nil,
                     ]),
        // 同じ方の一人暮らし: 世帯主変更はなし。年金の届と未支給年金はご家族の答え待ち（要確認）。
        DeathProfile(name: "78歳の一人暮らし", deceased: elderlyHead, household: [elderlyHead],
                     death: "2026-11-10", funeral: "2026-11-13", expected: [
                        "shibou_todoke": "2026-11-16",
                        "kouki_soushitsu": "2026-11-24",
                        "kaigo_soushitsu": "2026-11-24",
                        "kouki_sousaihi": "2028-11-13",
                        "kougaku_ryoyohi": nil, "kouki_hokenryo": nil, "kaigo_hokenryo": nil,
                     ]),
        // 45歳の世帯主（国保・国民年金）、児童手当で子2人（10歳・7歳）、妻が残る。
        // 死亡 2026-07-08(水)、死亡を知った日 7/9(木)、葬儀日は未定。
        DeathProfile(name: "45歳・国保・児童手当で子2人",
                     deceased: person("2001", household: "H2", born: "1981-04-10", relationship: "世帯主",
                                      [.nationalHealthInsurance, .nationalPensionInsured, .childAllowanceRecipient]),
                     household: [
                        person("2001", household: "H2", born: "1981-04-10", relationship: "世帯主"),
                        person("2002", household: "H2", born: "1983-02-01", sex: .female, relationship: "妻", [.nationalHealthInsurance]),
                        person("2003", household: "H2", born: "2016-05-05", relationship: "子", [.nationalHealthInsurance]),
                        person("2004", household: "H2", born: "2019-01-30", sex: .female, relationship: "子", [.nationalHealthInsurance]),
                     ],
                     death: "2026-07-08", known: "2026-07-09",
                     answers: ["izoku_kiso_youken": "はい", "shaho_3m": "いいえ", "dai1go_36": "はい", "seikei_doitsu": "はい",
                               "dai1go_10y": "はい", "tsuma_10y": "はい"], expected: [
                        // 知った日 7/9 を1日目として7日目 = 7/15(水)。
                        "shibou_todoke": "2026-07-15",
                        // 世帯主変更届はなし: 残る15歳以上は妻だけ（子は10歳と7歳）なので妻が世帯主になる。
                        // 7/9 から14日目 = 7/22(水)。7/20(月・海の日)は途中なので影響なし。
                        "kokuho_soushitsu": "2026-07-22",
                        // 葬儀日が分からないので期限日は出せない。
                        "kokuho_sousaihi": nil,
                        // 7/9 から15日目 = 7/23(木)。
                        "jido_teate": "2026-07-23",
                        // 7/9 から5年: 2031-07-09 の前日 = 2031-07-08(火)。
                        "izoku_kiso_nenkin": "2031-07-08",
                        "kafu_nenkin": "2031-07-08",
                        // 7/9 から2年: 2028-07-09 の前日 = 2028-07-08(土)。時効なので土曜でも延長なし。
                        "shibou_ichijikin": "2028-07-08",
                        "jido_teate_mishiharai": nil, "kougaku_ryoyohi": nil,
                     ]),
        // 52歳、世帯主ではない（母が世帯主）、印鑑登録と原付。死亡 2026-09-17(木)。
        DeathProfile(name: "52歳・世帯員・印鑑登録と原付",
                     deceased: person("3002", household: "H3", born: "1974-08-01", relationship: "子", [.sealRegistration, .lightVehicle]),
                     household: [
                        person("3001", household: "H3", born: "1946-02-11", sex: .female, relationship: "世帯主"),
                        person("3002", household: "H3", born: "1974-08-01", relationship: "子"),
                     ],
                     death: "2026-09-17", expected: [
                        // 9/17 から7日目 = 9/23(水・秋分の日) → 翌開庁日 9/24(木)。
                        "shibou_todoke": "2026-09-24",
                        "inkan_henkan": nil,
                        "kei_jidosha": nil,
                     ]),
        // ゴールデンウィーク前日 2026-04-28(火) に死亡。70歳の世帯主、妻が残る（1人なので世帯主変更なし）。
        DeathProfile(name: "ゴールデンウィーク前日の死亡",
                     deceased: person("4001", household: "H4", born: "1956-01-05", relationship: "世帯主",
                                      [.nationalHealthInsurance, .longTermCare, .pensionRecipient, .propertyTaxpayer, .waterAccount]),
                     household: [
                        person("4001", household: "H4", born: "1956-01-05", relationship: "世帯主"),
                        person("4002", household: "H4", born: "1958-03-03", sex: .female, relationship: "妻"),
                     ],
                     death: "2026-04-28", funeral: "2026-05-01",
                     answers: ["kousei_jukyu": "いいえ", "seikei_doitsu": "はい", "shaho_3m": "いいえ"], expected: [
                        // 4/28 から7日目 = 5/4(月・みどりの日)。5/5 こどもの日、5/6 振替休日（5/3 が日曜）→ 5/7(木)。
                        "shibou_todoke": "2026-05-07",
                        // 4/29 から14日目 = 5/12(火)、開庁日。
                        "kokuho_soushitsu": "2026-05-12",
                        "kaigo_soushitsu": "2026-05-12",
                        "nenkin_shibou": "2026-05-12",
                        // 葬儀 5/1 の翌日 5/2 から2年: 2028-05-02 の前日 = 2028-05-01(月)。
                        "kokuho_sousaihi": "2028-05-01",
                        // 4/29 から5年: 2031-04-29 の前日 = 2031-04-28(月)。
                        "mishikyu_nenkin": "2031-04-28",
                        // 4/29 から3か月: 7/29 の前日 = 7/28(火)、開庁日。
                        "kotei_shisan": "2026-07-28",
                        "suido": nil,
                        "kougaku_ryoyohi": nil, "kaigo_hokenryo": nil,
                     ]),
        // 12/28 に死亡。80歳、世帯主ではない（夫が世帯主）、後期高齢・介護・年金・カード・障害者手帳。
        DeathProfile(name: "12月28日の死亡",
                     deceased: person("5002", household: "H5", born: "1946-10-01", sex: .female, relationship: "妻",
                                      status: .deceased, statusDate: "2026-12-28",
                                      [.lateStageElderly, .longTermCare, .pensionRecipient, .myNumberCard, .disabilityCertificate]),
                     household: [
                        person("5001", household: "H5", born: "1944-05-20", relationship: "世帯主"),
                        person("5002", household: "H5", born: "1946-10-01", sex: .female, relationship: "妻", status: .deceased),
                     ],
                     death: "2026-12-28", funeral: "2026-12-30",
                     answers: ["kousei_jukyu": "はい", "seikei_doitsu": "はい"], expected: [
                        // 12/28 から7日目 = 1/3（年末年始の閉庁日）→ 2027-01-04(月)。
                        "shibou_todoke": "2027-01-04",
                        // 12/29 から14日目 = 2027-01-11(月・成人の日) → 1/12(火)。
                        "kouki_soushitsu": "2027-01-12",
                        "kaigo_soushitsu": "2027-01-12",
                        // 厚生年金: 12/29 から10日目 = 2027-01-07(木)、年金事務所。
                        "nenkin_shibou_kousei": "2027-01-07",
                        // 葬儀 12/30 の翌日 12/31 から2年: 2028-12-31 の前日 = 2028-12-30(土)、延長なし。
                        "kouki_sousaihi": "2028-12-30",
                        // 12/29 から5年: 2031-12-29 の前日 = 2031-12-28(日)、延長なし。
                        "mishikyu_nenkin": "2031-12-28",
                        "mynumber_card": nil,
                        "shogai_techo": nil,
                        "kougaku_ryoyohi": nil, "kouki_hokenryo": nil, "kaigo_hokenryo": nil,
                     ]),
    ]

    @Test(arguments: profiles)
    func checklistHasExactlyTheExpectedItemsAndDueDates(_ profile: DeathProfile) {
        let facts = DeathFacts(deceased: profile.deceased, household: profile.household, dateOfDeath: day(profile.death),
                               knownDate: profile.known.map(day), funeralDate: profile.funeral.map(day), answers: profile.answers)
        let checklist = BereavementChecklist(facts: facts, book: ShippedBereavement.book)
        let decided = checklist.items.filter { !$0.needsAnswers && !$0.context }
        let got = Dictionary(uniqueKeysWithValues: decided.map { ($0.id, $0.due?.iso) })
        #expect(Set(got.keys) == Set(profile.expected.keys))
        for (id, due) in profile.expected { #expect(got[id] == .some(due), "\(id)") }
        // Every rule is either an item or explained as skipped.
        #expect(checklist.items.count + checklist.skipped.count == ShippedBereavement.book.rules.count)
        for item in decided { #expect(item.reason.hasSuffix("ため"), "\(item.id): \(item.reason)") }
        // What is still open is 要確認 with the unanswered questions, never shown as applying.
        for item in checklist.items where item.needsAnswers {
            #expect(item.reason.hasSuffix("要確認"), "\(item.id)")
            #expect(!item.questions.isEmpty && item.questions.allSatisfy { profile.answers[$0.key] == nil }, "\(item.id)")
        }
        #expect(Set(checklist.items.filter(\.context).map(\.id)) == ["jun_kakutei", "souzoku_houki"])
        for skipped in checklist.skipped { #expect(skipped.reason.hasSuffix("ため対象外"), "\(skipped.id): \(skipped.reason)") }
    }

    @Test func itemsFollowTheWalkingOrder() {
        let facts = DeathFacts(deceased: Self.elderlyHead, household: [Self.elderlyHead, Self.spouse, Self.adultChild],
                               dateOfDeath: day("2026-11-10"), funeralDate: day("2026-11-13"),
                               answers: ["kousei_jukyu": "いいえ", "seikei_doitsu": "はい", "inu": "いいえ", "hibakusha": "いいえ",
                                         "nouchi": "いいえ", "kousei_youken": "いいえ", "izoku_kiso_youken": "いいえ"])
        let checklist = BereavementChecklist(facts: facts, book: ShippedBereavement.book)
        #expect(checklist.groups.map(\.department.name) == ["市民課", "国保年金課", "介護保険課", "年金事務所", "税務署", "家庭裁判所"])
        #expect(checklist.groups[0].items.map(\.id) == ["shibou_todoke", "setainushi_henko"])
        // Within a department: due date first, then id.
        #expect(checklist.groups[1].items.map(\.id) == ["kouki_soushitsu", "nenkin_shibou", "kouki_sousaihi", "kougaku_ryoyohi",
                                                        "kouki_hokenryo"])
    }

    @Test func reasonsSayWhichConditionsMatched() {
        let facts = DeathFacts(deceased: Self.elderlyHead, household: [Self.elderlyHead, Self.spouse, Self.adultChild],
                               dateOfDeath: day("2026-11-10"))
        let checklist = BereavementChecklist(facts: facts, book: ShippedBereavement.book)
        let reason = { (id: String) in checklist.items.first { $0.id == id }?.reason }
        #expect(reason("setainushi_henko") == "世帯主で、15歳以上の世帯員が2人残るため")
        #expect(reason("kaigo_soushitsu") == "この市の介護保険の被保険者で、亡くなった時78歳（65歳以上）だったため")
        #expect(reason("mishikyu_nenkin") == "ご家族への確認（生計を同じくしていた遺族）で決まるため要確認")
        #expect(reason("shibou_todoke") == "どなたの場合も必要なため")
        #expect(reason("kouki_soushitsu") == "後期高齢者医療に加入していたため")
        let skipped = { (id: String) in checklist.skipped.first { $0.id == id }?.reason }
        #expect(skipped("kokuho_soushitsu") == "国民健康保険の記録がないため対象外")
        #expect(skipped("kafu_nenkin") == "年金を受給していたため対象外")
        #expect(skipped("saigai_iji") == "18歳になった年度末までの世帯員が残らないため対象外")

        let alone = BereavementChecklist(facts: DeathFacts(deceased: Self.elderlyHead, household: [Self.elderlyHead],
                                                           dateOfDeath: day("2026-11-10")), book: ShippedBereavement.book)
        #expect(alone.skipped.first { $0.id == "setainushi_henko" }?.reason == "15歳以上の世帯員が残らない（対象は2人以上）ため対象外")
    }

    @Test func walkingOrderIsData() throws {
        let rule = { (id: String, department: String) in
            "id: \(id)\ntitle: \(id)\ndepartment: \(department)\nwhen: always\ndeadline: { text: 速やかに }\nsource: s\nchecked: 2026-11-20\n"
        }
        let dir = try TempBereavement(["a.yaml": rule("a", "市民課"), "b.yaml": rule("b", "保険年金課")], walkingOrder: """
        departments:
          - name: 保険年金課
            counter: 7番
          - name: 市民課
            counter: 2番
        """)
        defer { dir.remove() }
        let book = BereavementRuleBook.load(directory: dir.url)
        #expect(book.problems == [])
        let checklist = BereavementChecklist(facts: DeathFacts(deceased: Self.elderlyHead, household: [], dateOfDeath: day("2026-11-10")),
                                             book: book)
        #expect(checklist.items.map(\.id) == ["b", "a"])
        #expect(checklist.items.map(\.counter) == ["7番", "2番"])
    }

    @Test func conditionsOnAgeSexAndRemainingChildren() {
        // 58歳・要介護認定あり: 40〜64歳で認定があるので介護保険の資格喪失が出る。
        let certified = person("6001", born: "1968-05-01", sex: .female, relationship: "世帯主", [.longTermCareCertified])
        let facts = DeathFacts(deceased: certified, household: [certified], dateOfDeath: day("2026-11-10"))
        let rule = RuleCondition.any([.ageAtDeath(min: 65, max: nil),
                                      .all([.ageAtDeath(min: 40, max: 64), .member(.longTermCareCertified)])])
        #expect(rule.evaluate(facts).matched)
        let uncertified = person("6002", born: "1968-05-01", relationship: "世帯主")
        #expect(!rule.evaluate(DeathFacts(deceased: uncertified, household: [], dateOfDeath: day("2026-11-10"))).matched)
        // 誕生日の前日に年齢が加わる: 1961-11-11 生まれは 2026-11-10 の終わりに65歳。
        let birthdayEve = person("6003", born: "1961-11-11", relationship: "世帯主")
        #expect(DeathFacts(deceased: birthdayEve, household: [], dateOfDeath: day("2026-11-10")).ageAtDeath == 64)
        #expect(RuleCondition.field(.sex, values: ["女"]).evaluate(facts).matched)
        #expect(!RuleCondition.field(.sex, values: ["男"]).evaluate(facts).matched)
        // A child who turned 18 before the death does not count; someone already deceased or moved out does not remain.
        let household = [
            person("7002", born: "2008-11-09", relationship: "子"),
            person("7003", born: "2010-01-01", relationship: "子", status: .movedOut),
        ]
        let parent = person("7001", born: "1975-01-01", relationship: "世帯主")
        let f = DeathFacts(deceased: parent, household: [parent] + household, dateOfDeath: day("2026-11-10"))
        #expect(f.remaining.map(\.id) == ["7002"])
        #expect(!RuleCondition.remainingUnderAge(age: 18, min: 1).evaluate(f).matched)
    }
}
