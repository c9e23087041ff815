import CounterCore
import Foundation
import JapaneseKit
import Testing

@Suite struct BereavementRuleTests {
    @Test func everyShippedRuleLoadsWithoutAProblem() {
        let book = ShippedBereavement.book
        #expect(book.problems.map(\.description) == [])
        let files = try! FileManager.default.contentsOfDirectory(atPath: ShippedForms.directory.appendingPathComponent("bereavement").path)
            .filter { $0.hasSuffix(".yaml") && !$0.hasPrefix("_") }
        #expect(book.rules.count == files.count)
        #expect(book.walkingOrder.departments.count == 15)
        #expect(!book.walkingOrder.contact.isEmpty)
    }

    /// Every row of DOMAIN.md §6 has a rule.
    @Test func everyProcedureOfTheDomainTableHasARule() {
        let ids = Set(ShippedBereavement.book.rules.map(\.id))
        let required = ["shibou_todoke", "setainushi_henko", "inkan_henkan", "mynumber_card", "kokuho_soushitsu",
                        "kokuho_sousaihi", "kouki_soushitsu", "kouki_sousaihi", "kaigo_soushitsu", "nenkin_shibou",
                        "mishikyu_nenkin", "izoku_kiso_nenkin", "kafu_nenkin", "shibou_ichijikin", "jido_teate",
                        "shogai_techo", "kotei_shisan", "kei_jidosha", "suido", "shiei_jutaku"]
        #expect(Set(required).subtracting(ids) == [])
    }

    @Test func everyRuleNamesADepartmentOfTheWalkingOrderAndAnExistingForm() {
        let book = ShippedBereavement.book
        for rule in book.rules {
            #expect(book.walkingOrder.department(named: rule.department) != nil, "\(rule.id)")
            if let form = rule.form { #expect(ShippedForms.library.form(id: form) != nil, "\(rule.id)") }
        }
    }

    @Test func readsTheSuggestedFormatIntoValues() throws {
        let text = """
        id: setainushi_henko
        title: 世帯主変更届
        department: 市民課
        counter: 本庁舎1階 市民課 2番窓口
        when:
          all:
            - head_of_household: true
            - remaining_members: { min: 2 }
        deadline: { from: death, length: 14, unit: days, first_day: excluded, extend_over_closed_days: true }
        applicants: [新しい世帯主, 世帯員]
        documents: [届出人の本人確認書類]
        form: setainushi_henko
        source: 住民基本台帳法 第25条
        checked: 2026-11-20
        note: 残る世帯員が1人の場合は届出不要です。
        """
        let (rule, problems) = BereavementRuleLoader.parseRule(text, file: "bereavement/setainushi_henko.yaml")
        #expect(problems == [])
        let r = try #require(rule)
        #expect(r.condition == .all([.headOfHousehold(true), .remainingMembers(min: 2, max: nil)]))
        #expect(r.deadline == RuleDeadline(from: .death, rule: .civilCode(14, .days)))
        #expect(r.counter == "本庁舎1階 市民課 2番窓口")
        #expect(r.applicants == ["新しい世帯主", "世帯員"])
        #expect(r.checked == day("2026-11-20"))
        #expect(r.deadline?.text == "死亡日の翌日から14日以内")
    }

    /// (file text, expected "file:line" and a word of the message)
    static let broken: [(String, String, String)] = [
        ("""
        id: broken
        title: t
        department: 市民課
        when:
          all:
            - member: kokuho
            - membr: kouki
        deadline: { text: 速やかに }
        source: s
        checked: 2026-11-20
        """, "bereavement/broken.yaml:7", "membr"),
        ("""
        id: broken
        title: t
        department: 市民課
        when:
          member: kokuhoo
        deadline: { text: 速やかに }
        source: s
        checked: 2026-11-20
        """, "bereavement/broken.yaml:5", "kokuhoo"),
        ("""
        id: broken
        title: t
        department: 市民課
        when: { age_at_death: { min: 65, max: 40 } }
        deadline: { text: 速やかに }
        source: s
        checked: 2026-11-20
        """, "bereavement/broken.yaml:4", "min"),
        ("""
        id: broken
        title: t
        department: 市民課
        when: always
        deadline:
          from: burial
          length: 14
          unit: days
        source: s
        checked: 2026-11-20
        """, "bereavement/broken.yaml:6", "burial"),
        ("""
        id: broken
        title: t
        department: 市民課
        when: always
        deadline: { length: 14, unit: weeks }
        source: s
        checked: 2026-11-20
        """, "bereavement/broken.yaml:5", "weeks"),
        ("""
        id: broken
        title: t
        department: 市民課
        when: always
        deadline: { text: 速やかに }
        source: s
        checked: 2026-02-30
        """, "bereavement/broken.yaml:7", "2026-02-30"),
        ("""
        id: broken
        title: t
        department: 市民課
        when: always
        deadline: { text: 速やかに }
        source: s
        checked: 2026-11-20
        deadlines: x
        """, "bereavement/broken.yaml:8", "deadlines"),
        ("""
        id: broken
        title: t
        department: 市民課
        when:
          not:
            field: { name: blood_type, equals: A }
        deadline: { text: 速やかに }
        source: s
        checked: 2026-11-20
        """, "bereavement/broken.yaml:6", "blood_type"),
        ("""
        id: broken
        title: t
        department: 市民課
        when: { head_of_household: maybe }
        deadline: { text: 速やかに }
        source: s
        checked: 2026-11-20
        """, "bereavement/broken.yaml:4", "maybe"),
        ("""
        id: broken
        title: t
        department: 市民課
        when: { status: 行方不明 }
        deadline: { text: 速やかに }
        source: s
        checked: 2026-11-20
        """, "bereavement/broken.yaml:4", "行方不明"),
        ("""
        id: other
        title: t
        department: 市民課
        deadline: { text: 速やかに }
        source: s
        checked: 2026-11-20
        """, "bereavement/broken.yaml:1", "ファイル名と同じ"),
    ]

    @Test(arguments: broken.indices)
    func brokenRuleNamesFileAndLine(_ index: Int) {
        let (text, place, word) = Self.broken[index]
        let (rule, problems) = BereavementRuleLoader.parseRule(text, file: "bereavement/broken.yaml")
        #expect(rule == nil)
        #expect(problems.count >= 1)
        let first = problems.first?.description ?? ""
        #expect(first.hasPrefix(place + ": "), "\(first)")
        #expect(problems.first?.message.contains(word) == true, "\(first)")
    }

    @Test func folderChecksDepartmentsFormsAndIDs() throws {
        let rule = { (id: String, department: String, form: String) in
            """
            id: \(id)
            title: t
            department: \(department)
            when: always
            deadline: { text: 速やかに }
            form: \(form)
            source: s
            checked: 2026-11-20
            """
        }
        let dir = try TempBereavement([
            "a.yaml": rule("a", "市民課", "juminhyo"),
            "b.yaml": rule("b", "税務課", "juminhyo"),
            "c.yaml": rule("c", "市民課", "no_such_form"),
        ])
        defer { dir.remove() }
        let book = BereavementRuleBook.load(directory: dir.url, forms: ShippedForms.library)
        #expect(book.rules.map(\.id) == ["a"])
        #expect(book.problems.map { "\($0.file):\($0.line)" } == ["bereavement/b.yaml:3", "bereavement/c.yaml:6"])
        #expect(book.problems[0].message.contains("税務課"))
        #expect(book.problems[1].message.contains("no_such_form"))
    }

    @Test func brokenWalkingOrderIsReported() throws {
        let dir = try TempBereavement([:], walkingOrder: """
        departments:
          - name: 市民課
            counter: 1階
          - name: 市民課
            counter: 2階
          - name: 保険年金課
            conter: 1階
        """)
        defer { dir.remove() }
        let book = BereavementRuleBook.load(directory: dir.url)
        #expect(book.problems.map { "\($0.file):\($0.line)" } == ["bereavement/_departments.yaml:4", "bereavement/_departments.yaml:7",
                                                                 "bereavement/_departments.yaml:6"])
    }

    @Test func missingWalkingOrderIsAProblem() throws {
        let dir = try TempBereavement([:], walkingOrder: nil)
        defer { dir.remove() }
        let book = BereavementRuleBook.load(directory: dir.url)
        #expect(book.problems.map(\.file) == ["bereavement/_departments.yaml"])
    }
}
