import CounterCore
import CounterHub
import Foundation
import JapaneseKit
import Testing

/// One contract, two stores: `cases.sqlite` (one terminal, two processes on it) and the hub
/// (two terminals on one PostgreSQL). Every test runs against both.
@Suite(.serialized) struct CaseStoreContractTests {
    enum Kind: String, CaseIterable, CustomTestStringConvertible {
        case sqlite, hub
        var testDescription: String { rawValue }
    }

    static let forms = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Forms")
    static let book = BereavementRuleBook.load(directory: forms, forms: FormLibrary.load(directory: forms))

    static func resident(_ id: String, born: String, relationship: String, status: ResidentStatus = .current,
                         _ memberships: Set<Membership> = []) -> Resident {
        Resident(id: id, householdID: "H1", name: "山田 \(id)", kana: "ヤマダ \(id)", birthdate: CivilDate(iso: born)!, sex: .male,
                 relationship: relationship, postalCode: "970-8686", address: "福島県いわき市平字梅本21", status: status,
                 statusDate: status == .deceased ? CivilDate(iso: "2026-11-10") : nil, memberships: memberships)
    }

    /// Two windows (A and B) on one store, each with its own journal.
    struct Fixture {
        let root: URL
        let a: any BereavementCaseStoring
        let b: any BereavementCaseStoring
        let journalA: Journal
        let journalB: Journal
        let facts: DeathFacts
        let checklist: BereavementChecklist
        let hub: TestHub?

        /// The case's checklist made with the family's `answers`.
        func checklist(_ answers: [String: String]) -> BereavementChecklist {
            var answered = facts
            answered.answers = answers
            return BereavementChecklist(facts: answered, book: CaseStoreContractTests.book)
        }

        init(_ kind: Kind) throws {
            let clock = FixedClock(iso: "2026-11-25T09:00:00+09:00")
            let head = CaseStoreContractTests.resident("1001", born: "1948-03-02", relationship: "世帯主", status: .deceased,
                                                      [.lateStageElderly, .longTermCare, .pensionRecipient])
            let spouse = CaseStoreContractTests.resident("1002", born: "1951-06-15", relationship: "妻")
            facts = DeathFacts(deceased: head, household: [head, spouse], dateOfDeath: CivilDate(iso: "2026-11-10")!,
                               funeralDate: CivilDate(iso: "2026-11-13")!)
            checklist = BereavementChecklist(facts: facts, book: CaseStoreContractTests.book)
            switch kind {
            case .sqlite:
                hub = nil
                root = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("cases-contract-\(UUID().uuidString)")
                journalA = try Journal.open(directory: root.appendingPathComponent("journal"), terminalID: "mado-a", mode: .live, clock: clock)
                journalB = try Journal.open(directory: root.appendingPathComponent("journal"), terminalID: "mado-a", mode: .live, clock: clock)
                a = try BereavementCaseStore(dataDirectory: root, clock: clock, journal: journalA)
                b = try BereavementCaseStore(dataDirectory: root, clock: clock, journal: journalB)
            case .hub:
                let testHub = try TestHub()
                hub = testHub
                root = testHub.root
                let ta = try testHub.terminal("mado-a"), tb = try testHub.terminal("mado-b")
                journalA = try ta.openJournal(clock: clock)
                journalB = try tb.openJournal(clock: clock)
                a = HubCaseStore(endpoint: ta.endpoint, clock: clock, journal: journalA, terminal: "mado-a")
                b = HubCaseStore(endpoint: tb.endpoint, clock: clock, journal: journalB, terminal: "mado-b")
            }
        }

        func records(_ journal: Journal, type: JournalRecordType) throws -> [JournalRecord] {
            try JournalReader(directory: journal.directory, date: CivilDate(iso: "2026-11-25")!, terminal: journal.terminalID).records()
                .filter { $0.type == type }
        }

        func remove() {
            try? FileManager.default.removeItem(at: root)
            hub?.remove()
        }
    }

    @Test(arguments: Kind.allCases) func aCaseOpenedAtAIsResumedAndFinishedAtB(kind: Kind) throws {
        let f = try Fixture(kind)
        defer { f.remove() }
        let opened = try f.a.open(checklist: f.checklist, applicantID: "1002", clerk: "k01")
        #expect(opened.number == "OK20261125-0001")
        #expect(try f.b.open(checklist: f.checklist, applicantID: nil, clerk: "k02").number == "OK20261125-0002")
        let resumed = try f.b.load(number: opened.number)
        #expect(resumed.items.map(\.item.id) == f.checklist.items.map(\.id))
        #expect(resumed.deceasedName == "山田 1001" && resumed.applicantID == "1002" && resumed.openedBy == "k01")
        for item in resumed.items { try f.b.setStatus(.done, item: item.item.id, number: opened.number, clerk: "k02") }
        let finished = try f.a.load(number: opened.number)
        #expect(finished.items.allSatisfy { $0.status == .done && $0.changedBy == "k02" })
        #expect(try f.a.cases(deceasedID: "1001") == ["OK20261125-0001", "OK20261125-0002"])
        #expect(try f.a.history(number: opened.number).count == f.checklist.items.count)
        // Each window's journal has its own acts.
        #expect(try f.records(f.journalA, type: .caseOpened).count >= 1)
        #expect(try f.records(f.journalB, type: .caseItemStatus).count >= f.checklist.items.count)
    }

    @Test(arguments: Kind.allCases) func concurrentMarksFromAAndBAreAllKept(kind: Kind) throws {
        let f = try Fixture(kind)
        defer { f.remove() }
        let number = try f.a.open(checklist: f.checklist, applicantID: nil, clerk: "k01").number
        let items = f.checklist.items.map(\.id)
        #expect(items.count >= 4)
        let stores = [f.a, f.b]
        let failures = Failures()
        DispatchQueue.concurrentPerform(iterations: 2) { side in
            for (i, item) in items.enumerated() where i % 2 == side {
                do { try stores[side].setStatus(side == 0 ? .done : .later, item: item, number: number, clerk: "k0\(side + 1)", seen: .todo) } catch {
                    failures.add("\(error)")
                }
            }
        }
        #expect(failures.all.isEmpty)
        let final = try f.a.load(number: number)
        for (i, entry) in final.items.enumerated() {
            #expect(entry.status == (i % 2 == 0 ? .done : .later))
        }
        #expect(try f.b.history(number: number).count == items.count)
    }

    @Test(arguments: Kind.allCases) func aChangeMadeMeanwhileElsewhereIsNotOverwritten(kind: Kind) throws {
        let f = try Fixture(kind)
        defer { f.remove() }
        let opened = try f.a.open(checklist: f.checklist, applicantID: nil, clerk: "k01")
        let item = opened.items[0].item.id
        // Both windows show 未着手; A marks 完了 first.
        try f.a.setStatus(.done, item: item, number: opened.number, clerk: "k01", seen: .todo)
        do {
            try f.b.setStatus(.later, item: item, number: opened.number, clerk: "k02", seen: .todo)
            Issue.record("B overwrote A's mark")
        } catch let error as BereavementCaseError {
            guard case .conflict(let number, let conflictItem, _, let now, let by) = error else { Issue.record("\(error)"); return }
            #expect(number == opened.number && conflictItem == item && now == .done && by == "k01")
            #expect(error.message.contains("完了") && error.message.contains("開き直して"))
        }
        #expect(try f.b.load(number: opened.number).item(item)?.status == .done)
        // Seen as it is now, the change goes through.
        try f.b.setStatus(.later, item: item, number: opened.number, clerk: "k02", seen: .done)
        #expect(try f.a.load(number: opened.number).item(item)?.status == .later)
    }

    @Test(arguments: Kind.allCases) func answersGivenAtOneWindowAreStoredJournaledAndBringTheItemsInLineAtTheOther(kind: Kind) throws {
        let f = try Fixture(kind)
        defer { f.remove() }
        let opened = try f.a.open(checklist: f.checklist(["inu": "はい"]), applicantID: nil, clerk: "k01")
        #expect(opened.answers == ["inu": "はい"])
        #expect(opened.item("inu_touroku")?.item.needsAnswers == false)
        #expect(opened.item("mishikyu_nenkin")?.item.needsAnswers == true)
        #expect(opened.item("nenkin_shibou")?.item.needsAnswers == true)
        #expect(opened.item("nenkin_shibou_kousei")?.item.needsAnswers == true)
        try f.a.setStatus(.done, item: "inu_touroku", number: opened.number, clerk: "k01")

        // At B, later: 厚生年金 yes, 生計同一 no. 遺族厚生年金 stays (now decided); 国民年金の死亡届 and 未支給年金 go.
        let all = ["inu": "はい", "kousei_jukyu": "はい", "seikei_doitsu": "いいえ"]
        let updated = try f.b.answer(["kousei_jukyu": "はい", "seikei_doitsu": "いいえ"], number: opened.number,
                                     checklist: f.checklist(all), clerk: "k02")
        #expect(updated.answers == all)
        #expect(updated.item("nenkin_shibou_kousei")?.item.needsAnswers == false)
        #expect(updated.item("nenkin_shibou") == nil && updated.item("mishikyu_nenkin") == nil)
        #expect(updated.item("inu_touroku")?.status == .done)
        // The fresh checklist's walking order, the same at both windows.
        #expect(updated.items.map(\.item.id) == f.checklist(all).items.map(\.id))
        #expect(try f.a.load(number: opened.number) == updated)

        let openedRecord = try #require(try f.records(f.journalA, type: .caseOpened).first)
        #expect(openedRecord["answers"] == .object(["inu": .string("はい")]))
        let answered = try #require(try f.records(f.journalB, type: .caseAnswers).first)
        #expect(answered["answers"] == .object(["kousei_jukyu": .string("はい"), "seikei_doitsu": .string("いいえ")]))
        #expect(answered["removed"] == .array([.string("nenkin_shibou"), .string("mishikyu_nenkin")]))
        #expect(answered.clerk == "k02")
        // The same answers again, at either window, change nothing and write nothing.
        let written = try [f.journalA, f.journalB].map { try f.records($0, type: .caseAnswers).count }
        _ = try f.a.answer(["seikei_doitsu": "いいえ"], number: opened.number, checklist: f.checklist(all), clerk: "k01")
        #expect(try [f.journalA, f.journalB].map { try f.records($0, type: .caseAnswers).count } == written)
    }

    @Test(arguments: Kind.allCases) func anAnswerAndAMarkGivenTogetherAtTwoWindowsAreBothKept(kind: Kind) throws {
        let f = try Fixture(kind)
        defer { f.remove() }
        let number = try f.a.open(checklist: f.checklist, applicantID: nil, clerk: "k01").number
        let all = ["kousei_jukyu": "はい"]
        let decided = f.checklist.items.filter { !$0.needsAnswers }.map(\.id)
        #expect(decided.count >= 3)
        let failures = Failures()
        DispatchQueue.concurrentPerform(iterations: 2) { side in
            do {
                if side == 0 {
                    try f.a.answer(all, number: number, checklist: f.checklist(all), clerk: "k01")
                } else {
                    for item in decided { try f.b.setStatus(.done, item: item, number: number, clerk: "k02", seen: .todo) }
                }
            } catch { failures.add("\(error)") }
        }
        #expect(failures.all.isEmpty)
        let final = try f.b.load(number: number)
        #expect(final.answers == all)
        #expect(final.item("nenkin_shibou") == nil && final.item("nenkin_shibou_kousei")?.item.needsAnswers == false)
        for item in decided { #expect(final.item(item)?.status == .done) }
    }

    @Test(arguments: Kind.allCases) func anUnknownCaseOrItemIsNamed(kind: Kind) throws {
        let f = try Fixture(kind)
        defer { f.remove() }
        #expect(throws: BereavementCaseError.noSuchCase(number: "OK20261125-0099")) { try f.a.load(number: "OK20261125-0099") }
        let opened = try f.a.open(checklist: f.checklist, applicantID: nil, clerk: "k01")
        #expect(throws: BereavementCaseError.self) { try f.b.setStatus(.done, item: "nope", number: opened.number, clerk: "k02") }
    }
}

final class Failures: @unchecked Sendable {
    // Safe: `items` is read and written only while holding `lock`.
    private let lock = NSLock()
    private var items: [String] = []
    func add(_ s: String) { lock.withLock { items.append(s) } }
    var all: [String] { lock.withLock { items } }
}
