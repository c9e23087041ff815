import CounterCore
import CounterTestSupport
import Foundation
import JapaneseKit
import Testing

/// One household and what the shipped rules must say about one procedure for it, both ways.
struct LawCase: Sendable, CustomTestStringConvertible {
    let name: String
    let deceased: Resident
    let household: [Resident]
    var death = "2026-07-08"
    var answers: [String: String] = [:]
    let rule: String
    /// true: applies; false: does not; nil: 要確認 (waits on the family's answers).
    let applies: Bool?
    var due: String? = nil

    var testDescription: String { name }
}

@Suite struct BereavementLawTests {
    static let head = person("7001", household: "H7", born: "1984-05-10", relationship: "世帯主", status: .deceased)
    static let mother = person("7002", household: "H7", born: "1986-03-03", sex: .female, relationship: "妻")
    static let child14 = person("7003", household: "H7", born: "2012-01-15", relationship: "子")
    static let child15 = person("7004", household: "H7", born: "2011-01-15", relationship: "子")
    static func elder(_ memberships: Set<Membership>, born: String = "1961-04-01") -> Resident {
        person("7101", household: "H71", born: born, relationship: "世帯主", status: .deceased, memberships)
    }

    static let cases: [LawCase] = [
        // 世帯主変更届: 15歳以上が2人以上残るときだけ。
        LawCase(name: "母と14歳の子が残る: 世帯主変更届なし", deceased: head, household: [head, mother, child14],
                rule: "setainushi_henko", applies: false),
        LawCase(name: "母と15歳の子が残る: 世帯主変更届あり", deceased: head, household: [head, mother, child15],
                rule: "setainushi_henko", applies: true, due: "2026-07-22"),
        LawCase(name: "母ひとりが残る: 世帯主変更届なし", deceased: head, household: [head, mother],
                rule: "setainushi_henko", applies: false),
        // 介護保険 資格喪失: 年齢ではなくこの市の被保険者かどうか。
        LawCase(name: "65歳・住所地特例で他市の被保険者: 介護の届なし", deceased: elder([.pensionRecipient]), household: [elder([])],
                rule: "kaigo_soushitsu", applies: false),
        LawCase(name: "65歳・この市の被保険者: 介護の届あり", deceased: elder([.longTermCare]), household: [elder([])],
                rule: "kaigo_soushitsu", applies: true, due: "2026-07-22"),
        LawCase(name: "50歳・認定あり: 介護の届あり", deceased: elder([.longTermCare, .longTermCareCertified], born: "1976-01-01"),
                household: [], rule: "kaigo_soushitsu", applies: true),
        LawCase(name: "50歳・認定なし: 介護の届なし", deceased: elder([.longTermCare], born: "1976-01-01"), household: [],
                rule: "kaigo_soushitsu", applies: false),
        // 未支給年金: 生計同一はご家族に聞く（同じ世帯かどうかでは決めない）。
        LawCase(name: "年金受給・一人暮らし・未回答: 未支給年金は要確認", deceased: elder([.pensionRecipient]), household: [],
                rule: "mishikyu_nenkin", applies: nil),
        LawCase(name: "年金受給・別世帯の子と生計同一: 未支給年金あり", deceased: elder([.pensionRecipient]), household: [],
                answers: ["seikei_doitsu": "はい"], rule: "mishikyu_nenkin", applies: true, due: "2031-07-08"),
        LawCase(name: "年金受給・生計同一の遺族なし: 未支給年金なし", deceased: elder([.pensionRecipient]), household: [mother],
                answers: ["seikei_doitsu": "いいえ"], rule: "mishikyu_nenkin", applies: false),
        // 年金受給権者死亡届: 厚生年金なら10日・年金事務所、基礎年金のみなら14日・市。
        LawCase(name: "死亡届の種類が未回答: 基礎年金の届は要確認", deceased: elder([.pensionRecipient]), household: [],
                rule: "nenkin_shibou", applies: nil),
        LawCase(name: "厚生年金を受けていた: 10日の届", deceased: elder([.pensionRecipient]), household: [],
                answers: ["kousei_jukyu": "はい"], rule: "nenkin_shibou_kousei", applies: true, due: "2026-07-21"),
        LawCase(name: "厚生年金を受けていた: 14日の届なし", deceased: elder([.pensionRecipient]), household: [],
                answers: ["kousei_jukyu": "はい"], rule: "nenkin_shibou", applies: false),
        LawCase(name: "基礎年金のみ: 14日の届", deceased: elder([.pensionRecipient]), household: [],
                answers: ["kousei_jukyu": "いいえ"], rule: "nenkin_shibou", applies: true, due: "2026-07-22"),
        // 寡婦年金: 夫の年齢は条件ではない（70歳でも、年金を受けていなければ）。
        LawCase(name: "70歳の夫・10年納付・婚姻10年: 寡婦年金あり", deceased: elder([], born: "1956-01-01"), household: [],
                answers: ["dai1go_10y": "はい", "tsuma_10y": "はい"], rule: "kafu_nenkin", applies: true),
        LawCase(name: "年金を受けていた夫: 寡婦年金なし", deceased: elder([.pensionRecipient], born: "1956-01-01"), household: [],
                answers: ["dai1go_10y": "はい", "tsuma_10y": "はい"], rule: "kafu_nenkin", applies: false),
        // 死亡一時金: 36か月の納付はご家族に聞く。
        LawCase(name: "死亡一時金・36か月未回答: 要確認", deceased: elder([.nationalPensionInsured]), household: [mother],
                answers: ["seikei_doitsu": "はい"], rule: "shibou_ichijikin", applies: nil),
        LawCase(name: "死亡一時金・36か月に満たない: なし", deceased: elder([.nationalPensionInsured]), household: [mother],
                answers: ["seikei_doitsu": "はい", "dai1go_36": "いいえ"], rule: "shibou_ichijikin", applies: false),
        // 遺族基礎年金: 18歳になった年度の3月31日までの子。
        LawCase(name: "遺族基礎年金・18歳の年度末までの子が残る", deceased: head,
                household: [head, mother, person("7005", household: "H7", born: "2008-04-02", relationship: "子")],
                answers: ["izoku_kiso_youken": "はい"], rule: "izoku_kiso_nenkin", applies: true),
        LawCase(name: "遺族基礎年金・年度末を過ぎた子だけ、別の子は未回答: 要確認", deceased: head,
                household: [head, mother, person("7006", household: "H7", born: "2008-04-01", relationship: "子")],
                answers: ["izoku_kiso_youken": "はい"], rule: "izoku_kiso_nenkin", applies: nil),
        LawCase(name: "遺族基礎年金・子がいない", deceased: head, household: [head, mother],
                answers: ["izoku_kiso_youken": "はい", "izoku_ko": "いいえ"], rule: "izoku_kiso_nenkin", applies: false),
        // 国保 葬祭費と、3か月以内に社会保険をやめていた方の埋葬料。
        LawCase(name: "国保・社保喪失が未回答: 葬祭費は要確認", deceased: elder([.nationalHealthInsurance]), household: [],
                rule: "kokuho_sousaihi", applies: nil),
        LawCase(name: "国保・3か月以内に社保喪失: 葬祭費なし", deceased: elder([.nationalHealthInsurance]), household: [],
                answers: ["shaho_3m": "はい"], rule: "kokuho_sousaihi", applies: false),
        LawCase(name: "国保・3か月以内に社保喪失: 埋葬料あり", deceased: elder([.nationalHealthInsurance]), household: [],
                answers: ["shaho_3m": "はい"], rule: "kenpo_maisoryo", applies: true),
        LawCase(name: "国保・社保喪失なし: 葬祭費あり", deceased: elder([.nationalHealthInsurance]), household: [],
                answers: ["shaho_3m": "いいえ"], rule: "kokuho_sousaihi", applies: true),
        // ご家族だけが知ること: 犬・農地・被爆者手帳・災害遺児・厚生年金。
        LawCase(name: "犬: 未回答は要確認", deceased: elder([]), household: [], rule: "inu_touroku", applies: nil),
        LawCase(name: "犬: 登録した犬あり（30日）", deceased: elder([]), household: [], answers: ["inu": "はい"],
                rule: "inu_touroku", applies: true, due: "2026-08-07"),
        LawCase(name: "農地なし", deceased: elder([]), household: [], answers: ["nouchi": "いいえ"], rule: "nouchi_souzoku", applies: false),
        LawCase(name: "農地あり（知った日からおおむね10か月）", deceased: elder([]), household: [], answers: ["nouchi": "はい"],
                rule: "nouchi_souzoku", applies: true, due: "2027-05-10"),
        LawCase(name: "被爆者健康手帳あり", deceased: elder([]), household: [], answers: ["hibakusha": "はい"], rule: "hibakusha", applies: true),
        LawCase(name: "交通事故・遺児あり: 災害遺児激励金", deceased: head, household: [head, mother, child14],
                answers: ["saigai_shi": "はい"], rule: "saigai_iji", applies: true),
        LawCase(name: "交通事故・18歳の年度末までの方が残らない: 災害遺児激励金なし", deceased: head, household: [head, mother],
                answers: ["saigai_shi": "はい"], rule: "saigai_iji", applies: false),
        LawCase(name: "病気で死亡: 災害遺児激励金なし", deceased: head, household: [head, mother, child14],
                answers: ["saigai_shi": "いいえ"], rule: "saigai_iji", applies: false),
        LawCase(name: "厚生年金加入中・生計維持の妻: 遺族厚生年金", deceased: head, household: [head, mother],
                answers: ["kousei_youken": "はい", "seikei_iji": "はい"], rule: "izoku_kousei_nenkin", applies: true),
        // 登録の欄で決まる新しい手続き（欄がなければ出ない）。
        LawCase(name: "国保: 高額療養費", deceased: elder([.nationalHealthInsurance]), household: [], rule: "kougaku_ryoyohi", applies: true),
        LawCase(name: "後期: 保険料の還付", deceased: elder([.lateStageElderly]), household: [], rule: "kouki_hokenryo", applies: true),
        LawCase(name: "国保だけ: 後期の還付なし", deceased: elder([.nationalHealthInsurance]), household: [], rule: "kouki_hokenryo", applies: false),
        LawCase(name: "65歳・この市の被保険者: 介護保険料の精算", deceased: elder([.longTermCare]), household: [], rule: "kaigo_hokenryo", applies: true),
        LawCase(name: "認定あり: 高額介護サービス費", deceased: elder([.longTermCare, .longTermCareCertified]), household: [],
                rule: "kougaku_kaigo", applies: true),
        LawCase(name: "認定なし: 高額介護サービス費なし", deceased: elder([.longTermCare]), household: [], rule: "kougaku_kaigo", applies: false),
        LawCase(name: "住民税の納税義務者: 相続人代表者", deceased: elder([.residentTaxpayer]), household: [], rule: "juminzei_souzoku", applies: true),
        LawCase(name: "住民税の課税なし", deceased: elder([]), household: [], rule: "juminzei_souzoku", applies: false),
        LawCase(name: "福祉医療の受給者", deceased: elder([.welfareMedical]), household: [], rule: "fukushi_iryo", applies: true),
        LawCase(name: "自立支援医療の受給者", deceased: elder([.disabilityServices]), household: [], rule: "jiritsu_shien", applies: true),
        LawCase(name: "児童扶養手当の受給者", deceased: elder([.childSupportAllowance]), household: [], rule: "jido_fuyo", applies: true),
        LawCase(name: "特別障害者手当の受給者", deceased: elder([.specialDisabilityAllowance]), household: [], rule: "tokubetsu_shogai", applies: true),
        LawCase(name: "児童手当の受給者: 未支払の手当", deceased: elder([.childAllowanceRecipient]), household: [],
                rule: "jido_teate_mishiharai", applies: true),
        LawCase(name: "児童手当なし: 未支払の手当なし", deceased: elder([]), household: [], rule: "jido_teate_mishiharai", applies: false),
        // 参考（市役所以外）: 準確定申告4か月、相続放棄3か月。
        LawCase(name: "準確定申告（参考・4か月）", deceased: elder([]), household: [], rule: "jun_kakutei", applies: true, due: "2026-11-09"),
        LawCase(name: "相続放棄（参考・3か月）", deceased: elder([]), household: [], rule: "souzoku_houki", applies: true, due: "2026-10-08"),
    ]

    @Test(arguments: cases)
    func shippedRuleAppliesOrNot(_ c: LawCase) throws {
        let facts = DeathFacts(deceased: c.deceased, household: c.household, dateOfDeath: day(c.death), answers: c.answers)
        let checklist = BereavementChecklist(facts: facts, book: ShippedBereavement.book)
        #expect(ShippedBereavement.book.rule(id: c.rule) != nil, "no rule \(c.rule)")
        let item = checklist.items.first { $0.id == c.rule }
        switch c.applies {
        case true?:
            let found = try #require(item, "\(c.rule) should apply")
            #expect(!found.needsAnswers, "\(c.rule): \(found.reason)")
            #expect(found.reason.hasSuffix("ため"))
            if let due = c.due { #expect(found.due?.iso == due) }
        case false?:
            #expect(item == nil, "\(c.rule) should not apply")
            #expect(checklist.skipped.contains { $0.id == c.rule })
        case nil:
            let found = try #require(item, "\(c.rule) should be 要確認")
            #expect(found.needsAnswers)
            #expect(found.reason.hasSuffix("要確認"))
            // The question shown is one the family has not answered.
            #expect(found.questions.allSatisfy { c.answers[$0.key] == nil })
        }
    }

    @Test func rulesThatWaitOnAnAnswerNeverShowAsApplyingWithoutIt() {
        // Every rule that asks, evaluated with no answers, is 要確認 or not applicable — never plainly applying.
        let everything = person("7201", household: "H72", born: "1950-01-01", relationship: "世帯主", status: .deceased,
                                Set(Membership.allCases))
        let household = [everything, person("7202", household: "H72", born: "1952-01-01", sex: .female, relationship: "妻"),
                         person("7203", household: "H72", born: "2012-01-01", relationship: "子")]
        let checklist = BereavementChecklist(facts: DeathFacts(deceased: everything, household: household, dateOfDeath: day("2026-07-08")),
                                             book: ShippedBereavement.book)
        for rule in ShippedBereavement.book.rules where !rule.questions.isEmpty {
            if let item = checklist.items.first(where: { $0.id == rule.id }) {
                #expect(item.needsAnswers, "\(rule.id) applied without its answers")
            }
        }
        let open = ShippedBereavement.book.openQuestions(checklist.facts).map(\.key)
        #expect(open.contains("seikei_doitsu") && open.contains("kousei_jukyu") && open.contains("inu"))
        #expect(Set(open).count == open.count)
    }

    @Test func everyRuleAndFormCarriesItsSourceAndTheDayItWasChecked() {
        #expect(ShippedBereavement.book.problems.isEmpty, "\(ShippedBereavement.book.problems)")
        for rule in ShippedBereavement.book.rules {
            #expect(!rule.source.isEmpty, "\(rule.id)")
            #expect(rule.checked == day("2026-12-02"), "\(rule.id)")
        }
        for form in ShippedForms.library.forms {
            #expect(!form.source.isEmpty, "\(form.id)")
            #expect(form.checked == day("2026-12-02"), "\(form.id)")
        }
        // The departments the issue names for いわき.
        let order = ShippedBereavement.book.walkingOrder
        #expect(order.department(named: "国保年金課")?.phone == "0246-22-7464")
        #expect(order.department(named: "こども家庭課")?.phone == "0246-27-8563")
        #expect(order.department(named: "住宅営繕課")?.phone.contains("0246-22-7497") == true)
        #expect(order.department(named: "住宅営繕課")?.phone.contains("0246-38-3245") == true)
        for gone in ["保険年金課", "住まい政策課", "障がい福祉課", "こども支援課"] {
            #expect(order.department(named: gone) == nil, "\(gone)")
            #expect(!ShippedBereavement.book.rules.contains { $0.department == gone })
            #expect(!ShippedForms.library.forms.contains { $0.department == gone })
        }
    }

    // MARK: - The rule language

    static func rule(_ id: String, when: String, ask: String = "") -> String {
        """
        id: \(id)
        title: 手続 \(id)
        department: 市民課
        when:
        \(when)
        \(ask)
        deadline: { text: 速やかに }
        source: テスト
        checked: 2026-12-02
        """
    }

    static let ask = """
    ask:
      - key: q1
        label: 質問1
        text: 質問1ですか。
        answers: [はい, いいえ]
    """

    @Test(arguments: [
        ("  answer: { key: q2, is: [はい] }", ask, "ask: に書いてください"),
        ("  answer: { key: q1, is: [たぶん] }", ask, "answers（はい, いいえ）のどれか"),
        ("  member: kokuho", ask, "answer: で使うか"),
        ("  remaining_aged: { min: 2 }", "", "「age」がありません"),
    ])
    func loaderRefusesBadQuestions(_ when: String, _ ask: String, _ expected: String) throws {
        let dir = try TempBereavement(["a.yaml": Self.rule("a", when: when, ask: ask)])
        defer { dir.remove() }
        let book = BereavementRuleBook.load(directory: dir.url)
        #expect(book.rules.isEmpty)
        #expect(book.problems.contains { $0.description.hasPrefix("bereavement/a.yaml:") && $0.message.contains(expected) },
                "\(book.problems.map(\.description))")
    }

    @Test func oneQuestionHasOneWordingAcrossRules() throws {
        let other = Self.ask.replacingOccurrences(of: "text: 質問1ですか。", with: "text: 別の言い方ですか。")
        let dir = try TempBereavement([
            "a.yaml": Self.rule("a", when: "  answer: { key: q1, is: [はい] }", ask: Self.ask),
            "b.yaml": Self.rule("b", when: "  answer: { key: q1, is: [いいえ] }", ask: other),
        ])
        defer { dir.remove() }
        let book = BereavementRuleBook.load(directory: dir.url)
        #expect(book.rules.map(\.id) == ["a"])
        #expect(book.problems.contains { $0.file == "bereavement/b.yaml" && $0.message.contains("bereavement/a.yaml にもあります") })
    }

    @Test func answersAreCheckedAgainstTheQuestions() throws {
        let book = ShippedBereavement.book
        #expect(try book.validate(answers: ["inu": "はい"]) == ["inu": "はい"])
        #expect(throws: RuleAnswerError.unknownQuestion(key: "cat", known: book.questions.map(\.key))) {
            try book.validate(answers: ["cat": "はい"])
        }
        #expect(throws: RuleAnswerError.notAnAnswer(key: "inu", value: "たぶん", answers: ["はい", "いいえ"])) {
            try book.validate(answers: ["inu": "たぶん"])
        }
    }

    @Test(arguments: [
        // born, death, counts: 国民年金法37条の2 — reaches 18 the day before the 18th birthday; until the next 31 March.
        ("2008-04-02", "2027-03-31", true),
        ("2008-04-02", "2027-04-01", false),
        ("2008-04-01", "2026-03-31", true),
        ("2008-04-01", "2026-04-01", false),
        ("2008-03-31", "2026-03-31", true),
    ])
    func schoolYearEndsOnTheFirst31MarchAfterReachingTheAge(_ born: String, _ death: String, _ counts: Bool) {
        let child = person("8002", born: born, relationship: "子")
        let facts = DeathFacts(deceased: person("8001", born: "1980-01-01", relationship: "世帯主"), household: [child],
                               dateOfDeath: day(death))
        #expect(RuleCondition.remainingSchoolYear(age: 18, relationships: ["子"], min: 1).evaluate(facts).matched == counts)
        #expect(!RuleCondition.remainingSchoolYear(age: 18, relationships: ["孫"], min: 1).evaluate(facts).matched)
    }

    @Test func unansweredLeavesAllAndAnyOpenButAFalseOrTrueDecides() {
        let facts = DeathFacts(deceased: person("8101", born: "1950-01-01", relationship: "世帯主"), household: [],
                               dateOfDeath: day("2026-07-08"))
        let q = RuleCondition.answer(key: "q", values: ["はい"], label: "質問")
        #expect(q.evaluate(facts).outcome == nil)
        #expect(RuleCondition.not(q).evaluate(facts).outcome == nil)
        #expect(RuleCondition.all([q, .headOfHousehold(false)]).evaluate(facts).outcome == false)
        #expect(RuleCondition.all([q, .headOfHousehold(true)]).evaluate(facts).waitingOn == ["q"])
        #expect(RuleCondition.any([q, .headOfHousehold(true)]).evaluate(facts).outcome == true)
        #expect(RuleCondition.any([q, .headOfHousehold(false)]).evaluate(facts).outcome == nil)
        var answered = facts
        answered.answers = ["q": "いいえ"]
        #expect(q.evaluate(answered).outcome == false)
        #expect(RuleCondition.not(q).evaluate(answered).outcome == true)
    }

    // MARK: - Answers stored with the case

    @Test func answersAreStoredWithTheCaseJournaledAndBringTheItemsInLine() throws {
        let f = try BereavementCaseStoreTests.Fixture()
        defer { f.remove() }
        let head = BereavementChecklistTests.elderlyHead
        let household = [head, BereavementChecklistTests.spouse, BereavementChecklistTests.adultChild]
        func checklist(_ answers: [String: String]) -> BereavementChecklist {
            BereavementChecklist(facts: DeathFacts(deceased: head, household: household, dateOfDeath: day("2026-11-10"),
                                                   funeralDate: day("2026-11-13"), answers: answers), book: ShippedBereavement.book)
        }
        let opened = try f.store.open(checklist: checklist(["inu": "はい"]), applicantID: nil, clerk: "C01")
        #expect(opened.answers == ["inu": "はい"])
        #expect(opened.item("inu_touroku")?.item.needsAnswers == false)
        #expect(opened.item("mishikyu_nenkin")?.item.needsAnswers == true)
        #expect(opened.item("nenkin_shibou")?.item.needsAnswers == true)
        #expect(opened.item("nenkin_shibou_kousei")?.item.needsAnswers == true)
        _ = try f.store.setStatus(.done, item: "inu_touroku", number: opened.number, clerk: "C01")

        // Later: 厚生年金 yes, 生計同一 no. The 10-day item stays (now decided), the 14-day one and 未支給年金 go.
        let all = ["inu": "はい", "kousei_jukyu": "はい", "seikei_doitsu": "いいえ"]
        let updated = try f.store.answer(["kousei_jukyu": "はい", "seikei_doitsu": "いいえ"], number: opened.number,
                                         checklist: checklist(all), clerk: "C02")
        #expect(updated.answers == all)
        #expect(updated.item("nenkin_shibou_kousei")?.item.needsAnswers == false)
        #expect(updated.item("nenkin_shibou_kousei")?.item.due == day("2026-11-20"))
        #expect(updated.item("nenkin_shibou") == nil)
        #expect(updated.item("mishikyu_nenkin") == nil)
        #expect(updated.item("inu_touroku")?.status == .done)
        // Walking order is kept: 年金事務所 after 国保年金課.
        let departments = updated.items.map(\.item.department)
        #expect(departments.firstIndex(of: "年金事務所")! > departments.lastIndex(of: "国保年金課")!)
        let reloaded = try f.store.load(number: opened.number)
        #expect(reloaded == updated)

        let records = try f.journalRecords()
        let openedRecord = try #require(records.first { $0.typeName == "case_opened" })
        #expect(openedRecord["answers"] == .object(["inu": .string("はい")]))
        let answered = try #require(records.first { $0.typeName == "case_answers" })
        #expect(answered["answers"] == .object(["kousei_jukyu": .string("はい"), "seikei_doitsu": .string("いいえ")]))
        #expect(answered["removed"] == .array([.string("nenkin_shibou"), .string("mishikyu_nenkin")]))
        #expect(answered.clerk == "C02")
        // The same answers again change nothing and write nothing.
        _ = try f.store.answer(["seikei_doitsu": "いいえ"], number: opened.number, checklist: checklist(all), clerk: "C02")
        #expect(try f.journalRecords().count == records.count)
    }

    // MARK: - Amounts

    @Test func unverifiedAmountsAreNeverPrintedAsFact() throws {
        let library = ShippedForms.library
        for id in ["kokuho_sousaihi", "kouki_sousaihi"] {
            let amount = try #require(library.amounts[id])
            #expect(!amount.verified, "\(id) is marked verified; update this test with the source")
            let field = try #require(library.form(id: id)?.field("benefit_amount"))
            #expect(field.source == .entered, "\(id): an unverified amount must be left for the clerk")
            #expect(field.help.contains("未確認"))
        }
        // The handout of a case with both 葬祭費 says to ask, and prints no figure for them.
        let deceased = person("8201", born: "1940-01-01", relationship: "世帯主", status: .deceased,
                              [.nationalHealthInsurance, .lateStageElderly])
        let facts = DeathFacts(deceased: deceased, household: [], dateOfDeath: day("2026-11-10"), funeralDate: day("2026-11-13"),
                               answers: ["shaho_3m": "いいえ"])
        let checklist = BereavementChecklist(facts: facts, book: ShippedBereavement.book)
        #expect(checklist.items.first { $0.id == "kouki_sousaihi" }?.amount == "支給額: 窓口でご確認ください")
        let f = try BereavementCaseStoreTests.Fixture()
        defer { f.remove() }
        let opened = try f.store.open(checklist: checklist, applicantID: nil, clerk: "C01")
        let pdf = BereavementHandout.document(for: opened, cityName: "いわき市", walkingOrder: ShippedBereavement.book.walkingOrder,
                                              created: f.clock.now())
        let text = try PDFText.text(of: pdf.data()).replacingOccurrences(of: " ", with: "")
        #expect(text.contains("支給額:窓口でご確認ください"))
        #expect(!text.contains("支給額:50,000円"))
        #expect(!text.contains("支給額:30,000円"))
        // The cremation fees come from the city's own page and are printed.
        #expect(text.contains("10,000円"))
    }

    @Test func aVerifiedAmountIsPrintedOnTheForm() throws {
        let (amounts, problems) = BenefitAmountCatalog.parse("""
        amounts:
          - id: x
            label: 葬祭費
            yen: 70000
            verified: true
            source: 条例
            checked: 2026-12-02
        """, file: "amounts.yaml")
        #expect(problems.isEmpty)
        let (form, formProblems) = FormLoader.parse("""
        id: f
        title: 申請書
        department: 市民課
        fee: 0
        source: 条例
        checked: 2026-12-02
        fields:
          - key: benefit_amount
            label: 支給額
            amount: x
        """, file: "procedures/f.yaml", amounts: amounts)
        #expect(formProblems.isEmpty, "\(formProblems)")
        #expect(form?.field("benefit_amount")?.source == .constant("70,000円"))
        let (_, unverified) = BenefitAmountCatalog.parse("""
        amounts:
          - { id: y, label: 葬祭費, yen: 1, verified: false, source: s, checked: 2026-12-02 }
        """, file: "amounts.yaml")
        #expect(unverified.contains { $0.message.contains("unconfirmed") })
    }
}
