import CounterCore
import CounterTestSupport
import Foundation
import JapaneseKit
import Testing

@Suite struct BereavementHandoutTests {
    @Test func handoutListsDepartmentsInWalkingOrderWithDeadlinesDocumentsAndContacts() throws {
        let f = try BereavementCaseStoreTests.Fixture()
        defer { f.remove() }
        let opened = try f.store.open(checklist: f.checklist, applicantID: nil, clerk: "C01")
        let updated = try f.store.setStatus(.done, item: "shibou_todoke", number: opened.number, clerk: "C01")
        let pdf = BereavementHandout.document(for: updated, cityName: "いわき市",
                                              walkingOrder: ShippedBereavement.book.walkingOrder, created: f.clock.now())
        let text = try PDFText.text(of: pdf.data())
        let flat = text.replacingOccurrences(of: " ", with: "")
        #expect(flat.contains("お手続き一覧"))
        #expect(flat.contains("受付番号OK20261125-0001"))
        #expect(flat.contains("故山田1001様"))
        // 和暦 and 西暦 of a due date.
        #expect(flat.contains("令和8年11月24日（火）［2026-11-24］まで"))
        #expect(flat.contains("令和10年11月13日（月）［2028-11-13］まで"))
        #expect(flat.contains("世帯主変更届"))
        #expect(flat.contains("死亡届・火葬許可申請（済）"))
        #expect(flat.contains("持ち物:後期高齢者医療資格確認書または保険証"))
        #expect(flat.contains("ねんきんダイヤル0570-05-1165"))
        #expect(flat.contains("お問い合わせ:いわき市役所代表0246-22-1111"))
        // Departments appear in walking order.
        let order = ["市民課", "国保年金課", "介護保険課", "年金事務所"].map { name in
            flat.range(of: name + "本庁舎")?.lowerBound ?? flat.range(of: name + "年金事務所（")?.lowerBound
        }
        #expect(order.allSatisfy { $0 != nil })
        #expect(order.compactMap { $0 } == order.compactMap { $0 }.sorted())
    }

    @Test func longHandoutsBreakIntoNumberedPages() throws {
        // Every membership and a large household: every rule applies or not; the page count grows with items.
        let deceased = person("9001", born: "1950-01-01", relationship: "世帯主", status: .deceased, statusDate: "2026-11-10",
                              Set(Membership.allCases))
        let household = [deceased, person("9002", born: "1952-01-01", sex: .female, relationship: "妻"),
                         person("9003", born: "2012-01-01", relationship: "子")]
        let checklist = BereavementChecklist(facts: DeathFacts(deceased: deceased, household: household, dateOfDeath: day("2026-11-10"),
                                                               funeralDate: day("2026-11-13")), book: ShippedBereavement.book)
        let f = try BereavementCaseStoreTests.Fixture()
        defer { f.remove() }
        let opened = try f.store.open(checklist: checklist, applicantID: nil, clerk: "C01")
        let pdf = BereavementHandout.document(for: opened, cityName: "いわき市",
                                              walkingOrder: ShippedBereavement.book.walkingOrder, created: f.clock.now())
        #expect(pdf.pages.count >= 2)
        let text = try PDFText.text(of: pdf.data()).replacingOccurrences(of: " ", with: "")
        #expect(text.contains("1/\(pdf.pages.count)"))
        #expect(text.contains("\(pdf.pages.count)/\(pdf.pages.count)"))
        for item in checklist.items { #expect(text.contains(item.title.replacingOccurrences(of: " ", with: "")), "\(item.id)") }
    }
}
