import CounterCore
import Foundation
import JapaneseKit
import Testing

/// The review's rules against records a clerk could make look harmless: a case opened by its
/// number (a view whose `query` is set), a supervisor's 点検 view faked by someone else, and
/// copies of a journal in `journal_dirs` folders that disagree.
@Suite struct ReviewEngineAttackTests {
    static let day = CivilDate(iso: "2026-12-02")!

    let root = FileManager.default.temporaryDirectory.appendingPathComponent("review-attack-\(UUID().uuidString)")
    var own: URL { root.appendingPathComponent("journal") }

    func journal(_ directory: URL, terminal: String, at time: String = "10:00") throws -> (Journal, FixedClock) {
        let clock = FixedClock(iso: "2026-12-02T\(time):00+09:00")
        return (try Journal.open(directory: directory, terminalID: terminal, mode: .live, clock: clock), clock)
    }

    func review(_ directories: [URL], supervisors: Set<String> = ["sup1"]) throws -> Review {
        let sources = JournalSources(directories.enumerated().map { i, url in
            DirectoryJournalSource(label: i == 0 ? "この端末" : url.lastPathComponent, directory: url, witnessDirectories: [])
        })
        let context = ReviewContext(openingHours: OpeningHours(opens: 0, closes: 24 * 60), today: Self.day, supervisors: supervisors)
        return try ReviewEngine(sources: sources, rules: ReviewRules(), context: context).run(from: Self.day, to: Self.day)
    }

    @Test func aCaseOpenedByItsNumberIsAViewLikeAnyUnlessTheClerkWorkedOnTheCase() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let (j, clock) = try journal(own, terminal: "T01")
        // k01 opens a bereavement case by its number (the deceased shown) and does nothing with it.
        try j.recordAccess(clerk: "k01", residentIDs: ["2001"], supportMeasure: [], action: .view, query: "OK20261201-0001")
        // k02 opens another and sets one of its items: business.
        clock.advance(seconds: 60)
        try j.recordAccess(clerk: "k02", residentIDs: ["2002"], supportMeasure: [], action: .view, query: "OK20261201-0002")
        _ = try j.append(.caseItemStatus, clerk: "k02", fields: ["case": "OK20261201-0002", "item": "shibou_todoke", "from": "todo", "to": "done"])
        // A clerk's view named like a supervisor's review of a finding is still a view.
        clock.advance(seconds: 60)
        try j.recordAccess(clerk: "k01", residentIDs: ["2003"], supportMeasure: [], action: .view, query: "点検 #abcdefghjk")
        // The supervisor's own review of a finding is not.
        try j.recordAccess(clerk: "sup1", residentIDs: ["2004"], supportMeasure: [], action: .view, query: "点検 #abcdefghjk")
        j.close()

        let views = try review([own]).findings.filter { $0.rule == .viewWithoutBusiness }
        #expect(Set(views.map { "\($0.clerk ?? "")/\($0.resident ?? "")" }) == ["k01/2001", "k01/2003"], "\(views)")
    }

    @Test func aCopyThatHoldsRecordsTheReadCopyLacksIsAFinding() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let real = root.appendingPathComponent("b-real"), stale = root.appendingPathComponent("a-stale")
        try FileManager.default.createDirectory(at: own, withIntermediateDirectories: true)
        let (j, clock) = try journal(real, terminal: "T02")
        try j.recordAccess(clerk: "k02", residentIDs: ["2001"], supportMeasure: [], action: .search, query: "サトウ")
        let file = real.appendingPathComponent("2026/12/02/T02.jsonl")
        let early = try Data(contentsOf: file)
        clock.advance(seconds: 60)
        try j.recordAccess(clerk: "k02", residentIDs: ["2003"], supportMeasure: ["2003"], action: .view, query: nil)
        j.close()
        // A folder listed earlier holds the file as it was before the 支援措置 view.
        let staleDay = stale.appendingPathComponent("2026/12/02")
        try FileManager.default.createDirectory(at: staleDay, withIntermediateDirectories: true)
        try early.write(to: staleDay.appendingPathComponent("T02.jsonl"))

        let shadowed = try review([own, stale, real])
        let copies = shadowed.findings.filter { $0.rule == .integrity && $0.detail.contains("写しが食い違います") }
        #expect(copies.count == 1, "\(shadowed.findings)")
        #expect(copies.first?.terminal == "T02")
        #expect(copies.first?.evidence.first?.source == "b-real")
        // Read the other way round, the stale copy is only the beginning of the file read: nothing to say.
        let ordered = try review([own, real, stale])
        #expect(!ordered.findings.contains { $0.detail.contains("写しが食い違います") }, "\(ordered.findings)")
        #expect(ordered.findings.contains { $0.rule == .supportMeasure && $0.resident == "2003" })
    }

    @Test func aCopyThatCannotBeReadStopsTheReviewNamingIt() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let real = root.appendingPathComponent("a-real"), copy = root.appendingPathComponent("b-copy")
        try FileManager.default.createDirectory(at: own, withIntermediateDirectories: true)
        let (j, _) = try journal(real, terminal: "T02")
        try j.recordAccess(clerk: "k02", residentIDs: ["2001"], supportMeasure: [], action: .search, query: "サトウ")
        j.close()
        // The copy's file is a link to nothing (root reads through any permission, not through this):
        // what it holds cannot be known, so the review does not answer as if it were complete.
        let copyDay = copy.appendingPathComponent("2026/12/02")
        try FileManager.default.createDirectory(at: copyDay, withIntermediateDirectories: true)
        let link = copyDay.appendingPathComponent("T02.jsonl").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: root.appendingPathComponent("gone").path)
        do {
            _ = try review([own, real, copy])
            Issue.record("a review answered over an unreadable copy")
        } catch {
            #expect("\(error)".contains(link), "\(error)")
        }
    }
}

/// The access history of a resident whose record lines were changed after they were written:
/// the changed lines cannot be read as records, and the history says so instead of answering
/// as if it were complete.
@Suite struct AccessHistoryDamageTests {
    @Test func aChangedLineNamingTheResidentIsCountedAsUnreadableAndPrinted() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("history-damage-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let clock = FixedClock(iso: "2026-12-02T10:00:00+09:00")
        let journal = try Journal.open(directory: root, terminalID: "T01", mode: .live, clock: clock)
        try journal.recordAccess(clerk: "k01", residentIDs: ["2001"], supportMeasure: [], action: .view, query: nil)
        clock.advance(seconds: 60)
        try journal.recordAccess(clerk: "k02", residentIDs: ["2001"], supportMeasure: [], action: .view, query: nil)
        journal.close()
        // Someone renames the second viewer in place; the line no longer matches its hash.
        let file = root.appendingPathComponent("2026/12/02/T01.jsonl")
        let text = try String(contentsOf: file, encoding: .utf8)
        try text.replacingOccurrences(of: "\"clerk\":\"k02\"", with: "\"clerk\":\"k01\"").write(to: file, atomically: true, encoding: .utf8)

        let sources = JournalSources([DirectoryJournalSource(label: "この端末", directory: root, witnessDirectories: [])])
        let day = CivilDate(iso: "2026-12-02")!
        let history = try AccessHistory.read(sources, resident: "2001", from: day, to: day)
        #expect(history.entries.map(\.clerk) == ["k01"])
        // The line after the one still read.
        #expect(history.unreadable.map(\.record) == history.entries.map { $0.evidence.record + 1 })
        #expect(history.unreadable.first?.file == "2026/12/02/T01.jsonl")
        let printed = ReviewReport.text(history, cityName: "いわき市", printedBy: "sup1").joined(separator: "\n")
        let line = try #require(history.unreadable.first?.record)
        #expect(printed.contains("読めない記録が 1 件あります（2026/12/02/T01.jsonl \(line) 行目）"), "\(printed)")
        // A history with nothing damaged says nothing of the kind.
        let other = try AccessHistory.read(sources, resident: "9999", from: day, to: day)
        #expect(other.unreadable.isEmpty)
        #expect(!ReviewReport.text(other, cityName: "いわき市", printedBy: "sup1").joined().contains("読めない記録"))
    }
}
