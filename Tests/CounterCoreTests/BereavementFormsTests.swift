import CounterCore
import Foundation
import JapaneseKit
import Testing

@Suite struct BereavementFormsTests {
    @Test func linkedFormsArePrefilledFromTheCaseWithTheRulesValues() throws {
        let f = try BereavementCaseStoreTests.Fixture()
        defer { f.remove() }
        let head = BereavementChecklistTests.elderlyHead
        let spouse = BereavementChecklistTests.spouse
        let household = [head, spouse, BereavementChecklistTests.adultChild]
        let opened = try f.store.open(checklist: f.checklist, applicantID: spouse.id, clerk: "C01")
        try f.store.setStatus(.notApplicable, item: "kouki_sousaihi", number: opened.number, clerk: "C01")
        let current = try f.store.load(number: opened.number)
        let (forms, skipped) = BereavementForms.fill(current, library: ShippedForms.library, deceased: head, household: household,
                                                     applicant: spouse, clerkID: "C01", cityName: "いわき市", today: day("2026-11-25"))
        // setainushi_henko and kaigo_soushitsu link forms; kouki_sousaihi was marked 対象外.
        #expect(forms.map(\.formID) == ["setainushi_henko", "kaigo_soushitsu"])
        #expect(skipped == [])
        let value = { (form: String, key: String) in forms.first { $0.formID == form }?.fields.first { $0.key == key }?.value }
        #expect(value("kaigo_soushitsu", "loss_reason") == "死亡")
        #expect(value("setainushi_henko", "former_head") == head.name)
        #expect(forms.allSatisfy { $0.caseNumber == opened.number })
        // change_date: =date_of_death is entered as the case's date of death (printed in the form's own style).
        let change = try #require(value("setainushi_henko", "change_date"))
        #expect(change.contains("11月10日") || change.contains("2026-11-10"), "\(change)")
    }

    @Test func applicantFormsNeedTheApplicant() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bforms-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try BereavementCaseStore(dataDirectory: dir, clock: FixedClock(iso: "2026-07-10T09:00:00+09:00"), journal: nil)
        let father = person("2001", household: "H2", born: "1981-04-10", relationship: "世帯主", [.childAllowanceRecipient])
        let mother = person("2002", household: "H2", born: "1983-02-01", sex: .female, relationship: "妻")
        let child = person("2003", household: "H2", born: "2016-05-05", relationship: "子")
        let facts = DeathFacts(deceased: father, household: [father, mother, child], dateOfDeath: day("2026-07-08"))
        let checklist = BereavementChecklist(facts: facts, book: ShippedBereavement.book)
        let opened = try store.open(checklist: checklist, applicantID: nil, clerk: "C01")
        let without = BereavementForms.fill(opened, library: ShippedForms.library, deceased: father, household: [father, mother, child],
                                            applicant: nil, clerkID: "C01", cityName: "いわき市", today: day("2026-07-10"))
        #expect(!without.forms.contains { $0.formID == "jido_teate" })
        #expect(without.skipped.map(\.formID) == ["jido_teate"])
        let with = BereavementForms.fill(opened, library: ShippedForms.library, deceased: father, household: [father, mother, child],
                                         applicant: mother, clerkID: "C01", cityName: "いわき市", today: day("2026-07-10"))
        let form = try #require(with.forms.first { $0.formID == "jido_teate" })
        #expect(form.subjectID == mother.id)
        #expect(form.fields.first { $0.key == "claim_reason" }?.value == "受給者の死亡")
    }

    @Test func formValuesMustNameFieldsOfTheLinkedForm() throws {
        let dir = try TempBereavement(["a.yaml": """
        id: a
        title: t
        department: 市民課
        deadline: { text: 速やかに }
        form: kaigo_soushitsu
        form_values:
          loss_reason: 死亡
          los_reason: 死亡
        source: s
        checked: 2026-11-20
        """, "b.yaml": """
        id: b
        title: t
        department: 市民課
        deadline: { text: 速やかに }
        form: kaigo_soushitsu
        form_subject: heir
        form_values: { loss_date: =death }
        source: s
        checked: 2026-11-20
        """])
        defer { dir.remove() }
        let book = BereavementRuleBook.load(directory: dir.url, forms: ShippedForms.library)
        #expect(book.problems.map { "\($0.file):\($0.line)" } == ["bereavement/a.yaml:8", "bereavement/b.yaml:6", "bereavement/b.yaml:7"])
        #expect(book.problems[0].message.contains("los_reason"))
        #expect(book.problems[2].message.contains("=date_of_death"))
    }
}
