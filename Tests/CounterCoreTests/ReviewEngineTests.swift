@testable import CounterCore
import Foundation
import JapaneseKit
import Testing

typealias PlantedCase = SyntheticReviewMonth.PlantedCase

/// A month of four terminals (ten open days, the fewest visits the planted burst needs),
/// written under the test's journal directory.
func reviewMonth(_ journal: URL, plant: Bool = true, elsewhere: [String: URL] = [:]) throws -> SyntheticReviewMonth {
    try SyntheticReviewMonth.write(directory: journal, options: .init(terminals: 4, days: 10, recordsPerDay: 0, seed: 7, plant: plant,
                                                                      elsewhere: elsewhere))
}

/// The review of the whole month, the day after it, over `sources` (the month's folder alone by default).
func runReview(_ month: SyntheticReviewMonth, _ journal: URL, rules: ReviewRules = ReviewRules(),
               sources: JournalSources? = nil) throws -> Review {
    let sources = sources ?? JournalSources([DirectoryJournalSource(label: "この端末", directory: journal, witnessDirectories: [])])
    return try ReviewEngine(sources: sources, rules: rules, context: month.context(today: month.dayAfter))
        .run(from: month.days.first!, to: month.days.last!)
}

/// What each finding is about, as the generator lists its planted cases.
func cases(of review: Review) -> [PlantedCase] {
    review.findings.map { f in
        // A finding about a whole day (an unsealed day) has no time; its detail starts with the day.
        let day = f.ts.flatMap(JournalTimestamp.parse).map { CivilDate($0) } ?? CivilDate(iso: String(f.detail.prefix(10)))
        return PlantedCase(rule: f.rule, clerk: f.clerk, terminal: f.terminal, resident: f.resident, day: day ?? CivilDate(year: 1, month: 1, day: 1)!)
    }.sorted()
}

@Suite struct ReviewEngineTests {
    @Test func findsExactlyThePlantedCases() throws {
        try withJournalDirectory { journal in
            let month = try reviewMonth(journal)
            // Every rule is planted at least once.
            #expect(Set(month.planted.map(\.rule)) == Set(ReviewRuleID.allCases))
            let review = try runReview(month, journal)
            #expect(cases(of: review) == month.planted)
            #expect(review.records == month.records - 1) // the tampered line is left out
            #expect(review.status == "FAIL")
            // Highest severity first.
            #expect(review.findings.map(\.severity) == review.findings.map(\.severity).sorted(by: >))
        }
    }

    @Test func cleanMonthHasNoFindingsAndVerifies() throws {
        try withJournalDirectory { journal in
            let month = try reviewMonth(journal, plant: false)
            #expect(month.planted.isEmpty)
            let review = try runReview(month, journal)
            #expect(cases(of: review) == [])
            #expect(review.status == "PASS")
            #expect(review.records == month.records)
            #expect(review.files == month.files)
            // What `journal verify` runs, with the writer's witness directory: every file passes.
            let verification = try JournalVerifier(directory: journal).verify(from: month.days.first!, to: month.days.last!)
            #expect(verification.status == .pass)
            #expect(verification.files.count == 40)
            #expect(verification.files.flatMap(\.findings).map(\.detail) == [])
            // Each day is sealed with what DayCloser writes.
            for day in month.days {
                let report = try DayCloser.report(directories: [journal], date: day, today: month.dayAfter, catalog: nil)
                #expect(report.seal?.clerk == SyntheticReviewMonth.supervisor)
                #expect(report.total.payments == report.total.casesOpened)
            }
        }
    }

    @Test func rulesFileChangesResults() throws {
        try withJournalDirectory { journal in
            let month = try reviewMonth(journal)
            let text = "rules:\n  watch_list:\n    enabled: false\n  many_residents:\n    residents: 40\n    minutes: 10\n"
            let (rules, problems) = ReviewRules.check(text, file: ReviewRules.fileName)
            #expect(problems.isEmpty)
            let review = try runReview(month, journal, rules: try #require(rules))
            let expected = month.planted.filter { $0.rule != .watchList && $0.rule != .manyResidents }
            #expect(cases(of: review) == expected)
            // Fewer days for the cross-day rule: the resident seen on three days is no longer enough.
            let (stricter, _) = ReviewRules.check("rules:\n  repeated_views:\n    days: 4\n", file: ReviewRules.fileName)
            let second = try runReview(month, journal, rules: try #require(stricter))
            #expect(cases(of: second) == month.planted.filter { $0.rule != .repeatedViews })
        }
    }

    @Test func findingIDsAreStableAcrossRuns() throws {
        try withJournalDirectory { journal in
            let month = try reviewMonth(journal)
            let first = try runReview(month, journal)
            let second = try runReview(month, journal)
            #expect(first.findings.map(\.id) == second.findings.map(\.id))
            #expect(Set(first.findings.map(\.id)).count == first.findings.count)
            // The same month written again elsewhere gives the same ids.
            let other = journal.deletingLastPathComponent().appendingPathComponent("again")
            let again = try reviewMonth(other)
            #expect(try runReview(again, other).findings.map(\.id) == first.findings.map(\.id))
        }
    }

    @Test func signOffMarksReadBack() throws {
        try withJournalDirectory { journal in
            let month = try reviewMonth(journal)
            let review = try runReview(month, journal)
            let own = journal.deletingLastPathComponent().appendingPathComponent("supervisor")
            let clock = FixedClock(iso: "\(month.dayAfter.iso)T09:00:00+09:00")
            let writer = try Journal.open(directory: own, terminalID: "S01", mode: .training, clock: clock)
            let choices = ReviewDisposition.allCases
            let entries = review.findings.enumerated().map { i, f in
                ReviewSignOff.Entry(findingID: f.id, disposition: choices[i % choices.count], comment: i == 0 ? "本人に確認" : "")
            }
            try writer.append(.review, clerk: SyntheticReviewMonth.supervisor, fields: ReviewSignOff.fields(review, entries: entries))
            let sources = JournalSources([DirectoryJournalSource(label: "この端末", directory: own, witnessDirectories: []),
                                          DirectoryJournalSource(label: "copies", directory: journal, witnessDirectories: [])])
            let signed = try sources.records(from: month.days.first!, to: month.dayAfter, containing: "\"type\":\"review\"")
            #expect(signed.count == 1)
            let marks = ReviewSignOff.marks(from: signed)
            #expect(marks.count == review.findings.count)
            for entry in entries {
                let mark = try #require(marks[entry.findingID])
                #expect(mark.disposition == entry.disposition)
                #expect(mark.comment == entry.comment)
                #expect(mark.reviewer == SyntheticReviewMonth.supervisor)
            }
            // A later sign-off of one finding replaces its mark.
            let later = [ReviewSignOff.Entry(findingID: review.findings[0].id, disposition: .reported, comment: "報告しました")]
            try writer.append(.review, clerk: SyntheticReviewMonth.supervisor, fields: ReviewSignOff.fields(review, entries: later))
            let again = ReviewSignOff.marks(from: try sources.records(from: month.days.first!, to: month.dayAfter,
                                                                      containing: "\"type\":\"review\""))
            #expect(again[review.findings[0].id]?.disposition == .reported)
            #expect(again[review.findings[1].id]?.disposition == entries[1].disposition)
        }
    }

    @Test func accessHistoryFindsOneResidentAcrossSources() throws {
        try withJournalDirectory { journal in
            let copies = journal.deletingLastPathComponent().appendingPathComponent("copies")
            // The terminal that views the resident on several days keeps its journal in the second folder.
            let month = try reviewMonth(journal, elsewhere: ["T04": copies])
            let resident = try #require(month.repeatedResident)
            let here = DirectoryJournalSource(label: "この端末", directory: journal, witnessDirectories: [])
            let there = DirectoryJournalSource(label: "copies", directory: copies, witnessDirectories: [])
            let (from, to) = (month.days.first!, month.days.last!)
            #expect(try AccessHistory.read(JournalSources([here]), resident: resident, from: from, to: to).entries.isEmpty)
            let history = try AccessHistory.read(JournalSources([here, there]), resident: resident, from: from, to: to)
            // Three visits: search, view, 受付, print each.
            #expect(history.entries.map(\.what) == Array(repeating: ["検索（結果に表示）", "閲覧", "受付", "印刷（住民票の写し等交付請求書）"], count: 3)
                .flatMap { $0 })
            #expect(Set(history.entries.map(\.terminal)) == ["T04"])
            #expect(Set(history.entries.map(\.clerk)) == ["k04"])
            #expect(Set(history.entries.map(\.evidence.source)) == ["copies"])
            #expect(history.entries.map { CivilDate(JournalTimestamp.parse($0.ts)!) }.uniqued() == Array(month.days[4...6]))
            // Every record that names the resident, read in full from both folders, and no other.
            let all = try JournalReader(directories: [journal, copies], from: from, to: to, skipDamaged: true).records()
            let naming = all.filter { r in
                ["residents", "subject", "requester", "applicant"].contains { key in
                    r[key] == .string(resident) || (r[key]?.arrayValue ?? []).contains(.string(resident))
                }
            }
            #expect(history.entries.map(\.evidence) == naming.map { ReviewEvidence($0, source: "copies") })
            // The same file in both folders is read once, from the first.
            let file = JournalLayout.ref(copies, terminal: "T04", date: month.days[4], segment: 1)
            let copy = JournalLayout.ref(journal, terminal: "T04", date: month.days[4], segment: 1)
            try FileManager.default.createDirectory(at: copy.url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: file.url, to: copy.url)
            let deduped = try AccessHistory.read(JournalSources([here, there]), resident: resident, from: from, to: to)
            #expect(deduped.entries.count == history.entries.count)
            #expect(deduped.entries.map(\.evidence.source) == Array(repeating: "この端末", count: 4) + Array(repeating: "copies", count: 8))
            #expect(try AccessHistory.read(JournalSources([here, there]), resident: "90009999", from: from, to: to).entries.isEmpty)
        }
    }

    @Test func terminalStatusAndWorkloadOfAKnownDay() throws {
        try withJournalDirectory { journal in
            // Two terminals, one day, five visits each.
            let month = try SyntheticReviewMonth.write(directory: journal, options: .init(terminals: 2, days: 1, recordsPerDay: 32, plant: false))
            let day = month.days[0]
            let sources = JournalSources([DirectoryJournalSource(label: "この端末", directory: journal, witnessDirectories: [])])
            let status = try TerminalStatus.read(sources, on: day)
            #expect(status.map(\.terminal) == ["T01", "T02"])
            // Sign-in, five visits of six records, sign-out; T01 also holds the supervisor's close.
            #expect(status.map(\.records) == [1 + 30 + 1 + 3, 1 + 30 + 1])
            #expect(status.map(\.payments) == [5, 5])
            #expect(status.map(\.openCases) == [0, 0])
            #expect(status.map(\.voids) == [0, 0])
            #expect(status.map(\.verify) == ["PASS", "PASS"])
            #expect(status.map(\.dayClosed) == [true, true])
            #expect(status.map(\.lastRecord) == ["\(day.iso)T17:42:00.000+09:00", "\(day.iso)T17:12:01.000+09:00"])
            let workload = Workload(from: day, to: day, ledgers: [try DayLedger.read(directories: [journal], date: day)])
            #expect(Set(workload.rows.map(\.procedure)) == ["certificate"])
            for clerk in ["k01", "k02"] {
                let rows = workload.rows.filter { $0.clerk == clerk }
                #expect(rows.reduce(0) { $0 + $1.cases } == 5)
                #expect(rows.reduce(0) { $0 + $1.closed } == 5)
                #expect(rows.allSatisfy { (8...16).contains($0.hour) })
            }
            // Each case is closed 120 seconds (three steps of 40: print, payment, close) after it was opened.
            #expect(workload.rows.allSatisfy { $0.medianSeconds == 120 && $0.totalSeconds == Double(120 * $0.cases) })
            #expect(workload.csv.contains("certificate"))
        }
    }
}

extension Array where Element: Hashable {
    /// The elements in order, each once.
    func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
