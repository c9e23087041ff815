import CounterCore
import Foundation
import JapaneseKit
import Testing

/// A signed review (the `review` record) cannot be replayed over a finding that grew since,
/// nor planted in a `journal_dirs` folder to mark findings as reviewed.
@Suite struct ReviewSignOffAttackTests {
    static let day = ReviewFixture.day

    /// Adds `folder` (inside the data directory) to the fixture's `journal_dirs`; `create`
    /// makes the folder.
    static func readJournals(of fixture: ReviewFixture, from folder: String, create: Bool = true) throws {
        if create {
            try FileManager.default.createDirectory(at: fixture.directory.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        let config = fixture.directory.appendingPathComponent("config.yaml")
        try (try String(contentsOf: config, encoding: .utf8) + "journal_dirs:\n  - \(folder)\n").write(to: config, atomically: true, encoding: .utf8)
    }

    static func signAll(_ app: CounterApp, _ review: Review) throws {
        try app.signReview(review, entries: review.open.map { ReviewSignOff.Entry(findingID: $0.id, disposition: .noIssue) },
                           supervisor: "sup1")
    }

    @Test func aFindingThatGrewAfterItWasSignedIsOpenAgain() throws {
        let fixture = try ReviewFixture()
        defer { fixture.remove() }
        let noon = try fixture.app(at: "12:00")
        let first = try noon.review(from: Self.day, to: Self.day, supervisor: "sup1")
        let viewed = try #require(first.findings.first { $0.rule == .viewWithoutBusiness && $0.resident == "2001" })
        try Self.signAll(noon, first)
        #expect(try fixture.app(at: "12:30").review(from: Self.day, to: Self.day, supervisor: "sup1").open.isEmpty)

        // After the sign-off, c01 looks at the same resident again, after hours.
        _ = try fixture.app(at: "17:40").resident(id: "2001", clerk: "c01")
        let again = try fixture.app(at: "18:00").review(from: Self.day, to: Self.day, supervisor: "sup1")
        let grown = try #require(again.findings.first { $0.id == viewed.id })
        #expect(grown.evidence.count == 2)
        #expect(grown.reviewed == nil, "a sign-off of one view covered two")
        let late = try #require(again.findings.first { $0.rule == .offHours })
        #expect(late.reviewed == nil, "a sign-off of one off-hours view covered two")
        // What did not change stays signed.
        #expect(again.findings.contains { $0.rule == .ownHousehold && $0.reviewed?.disposition == .noIssue })
    }

    @Test func aReviewRecordPlantedInASharedFolderMarksNothing() throws {
        let fixture = try ReviewFixture()
        defer { fixture.remove() }
        try ReviewSignOffAttackTests.readJournals(of: fixture, from: "shared")
        let app = try fixture.app(at: "12:00")
        let review = try app.review(from: Self.day, to: Self.day, supervisor: "sup1")
        #expect(!review.open.isEmpty)
        // Someone with write access to the shared folder forges the supervisor's sign-off.
        let planted = try Journal.open(directory: fixture.directory.appendingPathComponent("shared"), terminalID: "T09", mode: .live,
                                       clock: FixedClock(iso: "2026-12-02T12:10:00+09:00"))
        _ = try planted.append(.review, clerk: "sup1", fields: ReviewSignOff.fields(review, entries: review.findings.map {
            ReviewSignOff.Entry(findingID: $0.id, disposition: .noIssue, comment: "確認済")
        }))
        planted.close()

        let after = try fixture.app(at: "12:20").review(from: Self.day, to: Self.day, supervisor: "sup1")
        #expect(after.sources.count == 2)
        #expect(after.findings.allSatisfy { $0.reviewed == nil }, "\(after.findings.compactMap(\.reviewed))")
        // The real sign-off, in this counter's own journal, marks them.
        try Self.signAll(try fixture.app(at: "12:25"), after)
        #expect(try fixture.app(at: "12:30").review(from: Self.day, to: Self.day, supervisor: "sup1").open.isEmpty)
    }
}

/// A `journal_dirs` folder that is not there (a share not mounted): the review, the access
/// history and the workload refuse rather than answer from fewer journals as if complete.
@Suite struct MissingJournalFolderTests {
    @Test func aMissingJournalFolderIsRefusedByEverySupervisorReading() throws {
        let fixture = try ReviewFixture()
        defer { fixture.remove() }
        try ReviewSignOffAttackTests.readJournals(of: fixture, from: "mounted/share", create: false)
        let app = try fixture.app(at: "12:00")
        let day = ReviewFixture.day
        let missing = fixture.directory.appendingPathComponent("mounted/share").path
        for attempt in [{ _ = try app.review(from: day, to: day, supervisor: "sup1") },
                        { _ = try app.accessHistory(resident: "2001", from: day, to: day, supervisor: "sup1") },
                        { _ = try app.workload(from: day, to: day, supervisor: "sup1") }] as [() throws -> Void] {
            let error = #expect(throws: CounterAppError.self) { try attempt() }
            #expect(error?.message.contains("journal_dirs のフォルダ \(missing) を読めません") == true, "\(String(describing: error))")
        }
        // Once the folder is there, the same review runs.
        try FileManager.default.createDirectory(atPath: missing, withIntermediateDirectories: true)
        #expect(try app.review(from: day, to: day, supervisor: "sup1").sources.count == 2)
    }
}
