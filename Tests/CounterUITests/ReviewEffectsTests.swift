import CounterCore
import CounterTestSupport
import Foundation
import JapaneseKit
import Testing
@testable import CounterUI

/// The 点検 and アクセス履歴 effects over a real data directory with planted records.
@Suite struct ReviewEffectsTests {
    @Test func theReviewFindsThePlantedViewsHighestSeverityFirst() throws {
        let fixture = try ReviewFixture()
        defer { fixture.remove() }
        let review = try fixture.review()
        let support = try #require(review.findings.first { $0.rule == .supportMeasure })
        #expect(support.resident == "2003" && support.clerk == "c01" && support.terminal == "T01" && support.severity == .high)
        #expect(support.ts?.hasPrefix("2026-12-02T10:00") == true)
        #expect(review.findings.contains { $0.rule == .ownHousehold && $0.resident == "3001" })
        #expect(review.findings.contains { $0.rule == .offHours && $0.clerk == "c01" })
        #expect(Set(review.findings.filter { $0.rule == .viewWithoutBusiness }.compactMap(\.resident)) == ["2001", "2003", "3001"])
        // Highest severity first.
        let ranks = review.findings.map { $0.severity == .high ? 0 : $0.severity == .medium ? 1 : 2 }
        #expect(ranks == ranks.sorted())
        #expect(review.findings.allSatisfy { $0.reviewed == nil })
    }

    @Test func aClerkIsRefusedEveryReviewEffect() throws {
        let fixture = try ReviewFixture()
        defer { fixture.remove() }
        let before = try fixture.journalLines().count
        let finding = ReviewFinding(rule: ReviewRule(id: .supportMeasure), clerk: "c01", terminal: "T01",
                                    ts: "2026-12-02T10:00:00.000+09:00", resident: "2003", detail: "閲覧", evidence: [])
        for effect in [ReviewEffect.run(from: nil, to: nil), .accessHistory(resident: "2003", from: nil, to: nil), .openResident(finding)] {
            guard case .failed(let message) = try fixture.answer(effect, as: ReviewFixture.clerk) else {
                Issue.record("not refused: \(effect)")
                continue
            }
            #expect(message.contains("管理者ではありません"), "\(message)")
        }
        // Nothing was read on the clerk's behalf: no access record, no history.
        #expect(try fixture.journalLines().count == before)
    }

    @Test func signingWritesAReviewRecordAndPrintsTheFindingThenTheyShowAsReviewed() throws {
        let fixture = try ReviewFixture()
        defer { fixture.remove() }
        let review = try fixture.review()
        let support = try #require(review.findings.first { $0.rule == .supportMeasure })
        let entries = review.findings.map { f in
            f.id == support.id ? ReviewSignOff.Entry(findingID: f.id, disposition: .interview, comment: "本人に確認する")
                : ReviewSignOff.Entry(findingID: f.id, disposition: .noIssue)
        }
        guard case .signed(let signed) = try fixture.answer(.sign(review: review, entries: entries)) else {
            Issue.record("not signed")
            return
        }
        let record = try #require(try fixture.journalLines().first { $0.contains("\"type\":\"review\"") })
        #expect(record.contains("\"seq\":\(signed.seq)") && record.contains(signed.hash))
        #expect(record.contains(support.id) && record.contains("interview") && record.contains("本人に確認する"))
        let pdf = try #require(try fixture.spooled().first { $0.lastPathComponent.hasPrefix("tenken-") })
        #expect(signed.destination == "spool/" + pdf.lastPathComponent)
        let text = try PDFText.text(ofFile: pdf)
        #expect(text.contains("点検記録") && text.contains("支援措置") && text.contains("要聞き取り") && text.contains("本人に確認する"))
        #expect(text.contains(support.id) && text.contains("seq \(signed.seq)"))

        let again = try fixture.review()
        let mark = try #require(again.findings.first { $0.id == support.id }?.reviewed)
        #expect(mark.disposition == .interview && mark.reviewer == "sup1" && mark.comment == "本人に確認する")
        #expect(again.open.isEmpty)
    }

    @Test func signingIsRefusedWhileAFindingIsUnmarked() throws {
        let fixture = try ReviewFixture()
        defer { fixture.remove() }
        let review = try fixture.review()
        let entries = review.findings.dropFirst().map { ReviewSignOff.Entry(findingID: $0.id, disposition: .noIssue) }
        guard case .failed(let message) = try fixture.answer(.sign(review: review, entries: entries)) else {
            Issue.record("signed with an unmarked finding")
            return
        }
        #expect(message.contains("処置を選んでいない指摘が 1 件"), "\(message)")
        #expect(try !fixture.journalLines().contains { $0.contains("\"type\":\"review\"") })
        #expect(try fixture.spooled().isEmpty)
    }

    @Test func aCardNumberInACommentIsRefusedBeforeAnythingIsWritten() throws {
        let fixture = try ReviewFixture()
        defer { fixture.remove() }
        let review = try fixture.review()
        var entries = review.findings.map { ReviewSignOff.Entry(findingID: $0.id, disposition: .noIssue) }
        entries[0].comment = "カード 4111 1111 1111 1111 を確認"
        guard case .failed(let message) = try fixture.answer(.sign(review: review, entries: entries)) else {
            Issue.record("a card number was let through")
            return
        }
        #expect(message.contains("「コメント」") && message.contains("カード番号"), "\(message)")
        #expect(!message.contains("4111"))
        let lines = try fixture.journalLines()
        #expect(!lines.contains { $0.contains("\"type\":\"review\"") })
        // Whole runs of the number: the journal's hex hashes may hold "4111" by chance.
        #expect(!lines.contains { $0.contains("4111 1111") || $0.contains("41111111") })
    }

    @Test func theStoredRecordAndTheResidentBehindAFinding() throws {
        let fixture = try ReviewFixture()
        defer { fixture.remove() }
        let support = try #require(try fixture.review().findings.first { $0.rule == .supportMeasure })
        let evidence = try #require(support.evidence.first)
        guard case let .storedLine(shown, line) = try fixture.answer(.storedLine(evidence)) else {
            Issue.record("no stored line")
            return
        }
        #expect(shown == evidence)
        #expect(line.contains("\"type\":\"access\"") && line.contains("\"2003\"") && line.contains("\"seq\":\(evidence.seq)"))
        let before = try fixture.journalLines()
        #expect(support.resident == "2003")
        guard case .residentOpened(let resident) = try fixture.answer(.openResident(support)) else {
            Issue.record("no resident")
            return
        }
        #expect(resident.name == "鈴木 美咲" && resident.supportMeasure)
        // The supervisor's view was journaled (and names the 支援措置 subject).
        let added = try fixture.journalLines().dropFirst(before.count)
        #expect(added.contains { $0.contains("\"type\":\"access\"") && $0.contains("\"sup1\"") && $0.contains("\"support\":[\"2003\"]")
            && $0.contains("\"query\":\"点検 #\(support.id)\"") })
    }

    @Test func theAccessHistoryListsTheViewAndIsItselfRecordedThenPrints() throws {
        let fixture = try ReviewFixture()
        defer { fixture.remove() }
        guard case .history(let history) = try fixture.answer(.accessHistory(resident: "2003", from: nil, to: nil)) else {
            Issue.record("no history")
            return
        }
        #expect(history.from == CivilDate(iso: "2025-12-02") && history.to == ReviewFixture.day)
        // The clerk's view, then this lookup itself (journaled before it was read).
        #expect(history.entries.map(\.clerk) == ["c01", "sup1"], "\(history.entries)")
        #expect(history.entries.first.map { ($0.clerk, $0.terminal, $0.what) } ?? ("", "", "") == ("c01", "T01", "閲覧"))
        #expect(try fixture.journalLines().contains { $0.contains("\"action\":\"history\"") && $0.contains("\"sup1\"") && $0.contains("2003") })
        // Each lookup shows in the next one.
        guard case .history(let next) = try fixture.answer(.accessHistory(resident: "2003", from: ReviewFixture.day, to: ReviewFixture.day)) else {
            Issue.record("no second history")
            return
        }
        #expect(next.entries.map(\.clerk) == ["c01", "sup1", "sup1"] && next.entries.last?.what == "アクセス履歴の照会")
        guard case .printed(let destination) = try fixture.answer(.printAccessHistory(history: next)) else {
            Issue.record("not printed")
            return
        }
        let pdf = try #require(try fixture.spooled().first { $0.lastPathComponent.hasPrefix("access-2003") })
        #expect(destination == "spool/" + pdf.lastPathComponent)
        let text = try PDFText.text(ofFile: pdf)
        #expect(text.contains("アクセス履歴") && text.contains("c01") && text.contains("閲覧") && text.contains("アクセス履歴の照会"))
    }

    @Test func aMyNumberAsTheResidentIsRefusedAndNotJournaled() throws {
        let fixture = try ReviewFixture()
        defer { fixture.remove() }
        // A valid 個人番号 (check digit 8), never a registered 宛名番号.
        guard case .failed(let message) = try fixture.answer(.accessHistory(resident: "123456789018", from: nil, to: nil)) else {
            Issue.record("a 個人番号 was looked up")
            return
        }
        #expect(message.contains("個人番号") && !message.contains("123456789018"), "\(message)")
        #expect(try !fixture.journalLines().contains { $0.contains("123456789018") || $0.contains("\"history\"") })
    }
}
