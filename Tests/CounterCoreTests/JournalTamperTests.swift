@testable import CounterCore
import Foundation
import JapaneseKit
import Testing

/// Records lost or edited by someone with access to the files: never PASS. Each test is an
/// attack that verified PASS (or only WARN) before the seal check and the witness.
@Suite struct JournalTamperTests {
    static let day = november25
    static func file(_ counter: PaymentCounter, _ date: CivilDate = november25) -> URL {
        JournalLayout.ref(counter.directory, terminal: counter.journal.terminalID, date: date, segment: 1).url
    }

    /// A day of two payments, closed: header, case, payment, case, payment, seal.
    static func sealedDay(_ root: URL) throws -> PaymentCounter {
        let counter = try PaymentCounter(root: root)
        _ = try counter.credit(1, slip: "11")
        counter.clock.advance(seconds: 60)
        _ = try counter.credit(2, slip: "12")
        counter.clock.advance(seconds: 60)
        _ = try DayCloser(journal: counter.journal, directories: [], catalog: counter.service.catalog, clock: counter.clock)
            .close(clerk: "boss")
        return counter
    }

    static func verify(_ counter: PaymentCounter, from: CivilDate = november25, to: CivilDate = november25) throws -> JournalVerification {
        try JournalVerifier(directory: counter.directory).verify(from: from, to: to)
    }

    static func codes(_ v: JournalVerification) -> Set<JournalFinding.Code> { Set(v.files.flatMap(\.findings).map(\.code)) }

    /// Keeps the first `count` lines of `url`.
    static func keepLines(_ url: URL, _ count: Int) throws {
        let bytes = fileBytes(url)
        let ends = bytes.indices.filter { bytes[$0] == 0x0A }
        try Data(bytes[0...ends[count - 1]]).write(to: url)
    }

    /// Rewrites `url` as someone who knows the format would: `edit` changes a line's members
    /// (0 = header), and every hash from there on is recomputed, so the file alone is a valid chain.
    static func rewriteChain(_ url: URL, edit: (Int, inout [(String, JournalValue)]) -> Void) throws {
        var out: [UInt8] = []
        var prev = ""
        for (i, line) in lines(of: url).enumerated() {
            var members = try JournalJSON.parseObject(Array(line.utf8))
            let ownPrev = members.first { $0.0 == "prev" }!.1.stringValue!
            members.removeAll { $0.0 == "prev" || $0.0 == "h" }
            edit(i, &members)
            let sealed = JournalLine.seal(members, prev: i == 0 ? ownPrev : prev)
            out += sealed.line
            prev = sealed.hash
        }
        try Data(out).write(to: url)
    }

    static func set(_ key: String, _ value: JournalValue, in members: inout [(String, JournalValue)]) {
        if let i = members.firstIndex(where: { $0.0 == key }) { members[i].1 = value }
    }

    @Test func theUntouchedSealedDayPasses() throws {
        try withPaymentRoot { root in
            let counter = try Self.sealedDay(root)
            let result = try Self.verify(counter)
            #expect(result.status == .pass, "\(result.files.flatMap(\.findings))")
        }
    }

    @Test func deletingTheLastTwoRecordsWithTheSealFails() throws {
        try withPaymentRoot { root in
            let counter = try Self.sealedDay(root)
            try Self.keepLines(Self.file(counter), 4)  // header + 3 records: the last payment and the seal gone
            let result = try Self.verify(counter)
            #expect(result.status == .fail)
            let finding = try #require(result.files.first?.findings.first { $0.code == .recordsMissing })
            #expect(finding.detail.contains("seq 5"))
            #expect(finding.detail.contains("消された"))

            // Reopened, the counter goes on after the last seq the witness saw: no receipt number twice.
            let again = try PaymentCounter(root: root, clock: FixedClock(iso: "2026-11-25T15:00:00+09:00"))
            #expect(again.journal.recoveries.map(\.kind) == [.missingRecords])
            #expect(again.journal.recoveries.first?.missingSeqs == 4...5)
            let paid = try again.credit(1, slip: "13")
            #expect(paid.seq == 8)  // recovery 6, case 7
            #expect(paid.receipt == "T01-R\(paid.seq)")
            // The loss stays on record: verify keeps failing, naming the missing seqs.
            let after = try Self.verify(again)
            #expect(after.status == .fail)
            #expect(after.files[0].findings.contains { $0.code == .recordsMissing && $0.detail.contains("seq 4〜5") })
        }
    }

    @Test func editingASealedPaymentAndRecomputingTheChainFails() throws {
        try withPaymentRoot { root in
            let counter = try Self.sealedDay(root)
            let url = Self.file(counter)
            // The second payment (line 4) becomes 100 yen; every hash after it recomputed.
            try Self.rewriteChain(url) { i, m in if i == 4 { Self.set("amount", 100, in: &m) } }
            #expect(try JournalFileScan.scan(fileBytes(url)).findings.isEmpty)  // the file alone is a valid chain
            let result = try Self.verify(counter)
            #expect(result.status == .fail)
            #expect(Self.codes(result).isSuperset(of: [.sealMismatch, .witnessMismatch]))
            let seal = result.files[0].findings.filter { $0.code == .sealMismatch }.map(\.detail).joined()
            #expect(seal.contains("ハッシュ不一致"))
            #expect(seal.contains("差引 400 円"))
            // The report shows it too.
            let report = try DayCloser.report(directories: [counter.directory], date: Self.day, today: Self.day, catalog: nil)
            #expect(!report.sealProblems.isEmpty)
            #expect(DailyReportRenderer.text(report).contains("締めと合いません"))
        }
    }

    @Test func rewritingTheSealToMatchIsStillCaughtByTheWitness() throws {
        try withPaymentRoot { root in
            let counter = try Self.sealedDay(root)
            let url = Self.file(counter)
            // Edit the amount, then make the seal agree with the edited records, and recompute.
            try Self.rewriteChain(url) { i, m in if i == 4 { Self.set("amount", 100, in: &m) } }
            var fourth: String?
            JournalFileScan.scan(fileBytes(url)) { line, _, _ in if line.number == 4 { fourth = line.decoded.hash } }
            let lastHash = try #require(fourth)
            try Self.rewriteChain(url) { i, m in
                guard i == 5 else { return }
                Self.set("sales", 400, in: &m); Self.set("net", 400, in: &m)
                Self.set("terminals", [["terminal": "T01", "records": 4, "last_seq": 4, "last_hash": .string(lastHash),
                                        "payments": 2, "net": 400]], in: &m)
            }
            let result = try Self.verify(counter)
            #expect(!Self.codes(result).contains(.sealMismatch))
            #expect(Self.codes(result).contains(.witnessMismatch))
            #expect(result.status == .fail)
        }
    }

    @Test func aSecondWitnessCatchesWhatTheFirstNoLongerShows() throws {
        try withPaymentRoot { root in
            let second = root.appendingPathComponent("elsewhere")
            let clock = morningClock()
            let dir = root.appendingPathComponent("data/journal")
            let witnesses = JournalWitness.directories(journal: dir, extra: [second])
            let journal = try Journal.open(directory: dir, terminalID: "T01", mode: .live, clock: clock, witnessDirectories: witnesses)
            for i in 0..<4 { try journal.append(.access, clerk: "k", fields: ["n": .int(i)]) }
            journal.close()
            // Cut the last two records and remove the witness beside the journal.
            let url = JournalLayout.ref(dir, terminal: "T01", date: november25, segment: 1).url
            try Self.keepLines(url, 3)
            try FileManager.default.removeItem(at: JournalWitness.defaultDirectory(journal: dir))
            let onlyDefault = try JournalVerifier(directory: dir).verify(date: november25)
            #expect(onlyDefault.status == .warn)  // the witness is gone: never PASS
            #expect(Self.codes(onlyDefault) == [.witnessMissing])
            let both = try JournalVerifier(directory: dir, witnessDirectories: witnesses).verify(date: november25)
            #expect(both.status == .fail)
            #expect(Self.codes(both).contains(.recordsMissing))
        }
    }

    @Test func deletingTheFirstDaysFileFails() throws {
        try withPaymentRoot { root in
            let counter = try PaymentCounter(root: root, clock: FixedClock(iso: "2026-11-24T10:00:00+09:00"))
            _ = try counter.credit(1, slip: "1")
            counter.clock.set(ISO8601DateFormatter().date(from: "2026-11-25T10:00:00+09:00")!)
            _ = try counter.credit(1, slip: "2")
            #expect(try Self.verify(counter, from: november25.adding(days: -1)).status == .pass)
            try FileManager.default.removeItem(at: Self.file(counter, november25.adding(days: -1)))
            let result = try Self.verify(counter)
            #expect(result.status == .fail)
            let finding = try #require(result.files.first?.findings.first)
            #expect(finding.code == .missingPredecessor)
            #expect(finding.record == 0)
            #expect(finding.detail.contains("前のファイルがありません"))
        }
    }

    @Test func emptyingASealedDayFails() throws {
        try withPaymentRoot { root in
            // The sealed day followed by another day: the next header links to nothing.
            let counter = try Self.sealedDay(root)
            counter.clock.set(ISO8601DateFormatter().date(from: "2026-11-26T09:00:00+09:00")!)
            _ = try counter.credit(1, slip: "21")
            try Data().write(to: Self.file(counter))
            let result = try Self.verify(counter, to: november25.adding(days: 1))
            #expect(result.status == .fail)
            #expect(result.files[0].findings.map(\.code).contains(.emptied))
            #expect(result.files[1].findings.map(\.code).contains(.missingPredecessor))
        }
        try withPaymentRoot { root in
            // The sealed day is the newest: the witness says records were there.
            let counter = try Self.sealedDay(root)
            try Data().write(to: Self.file(counter))
            let result = try Self.verify(counter)
            #expect(result.status == .fail)
            #expect(Self.codes(result).isSuperset(of: [.emptied, .recordsMissing]))
        }
    }

    @Test func deletingTodaysFileFailsAndNumbersAreNotReused() throws {
        try withPaymentRoot { root in
            let counter = try Self.sealedDay(root)
            try FileManager.default.removeItem(at: Self.file(counter))
            let result = try Self.verify(counter)
            #expect(result.status == .fail)
            #expect(result.files.first?.missing == true)
            // A new day's journal after the deletion still starts after seq 6.
            let next = try PaymentCounter(root: root, clock: FixedClock(iso: "2026-11-26T09:00:00+09:00"))
            let paid = try next.credit(1, slip: "31")
            #expect(paid.seq == 8)  // recovery 6, case 7
            #expect(next.journal.recoveries.first?.missingSeqs == 1...5)
        }
    }

    @Test func aDamagedByteDoesNotStopTheDay() throws {
        try withPaymentRoot { root in
            let counter = try PaymentCounter(root: root)
            _ = try counter.credit(1, slip: "41")
            _ = try counter.credit(1, slip: "42")
            _ = try counter.credit(1, slip: "43")
            let url = Self.file(counter)
            var bytes = fileBytes(url)
            let starts = [0] + bytes.indices.filter { bytes[$0] == 0x0A }.map { $0 + 1 }
            bytes[starts[2] + 10] ^= 0x01  // the first payment's line
            try Data(bytes).write(to: url)
            TestInputs.shared.plant(bytes, in: counter.directory)
            // The next `pay` goes on in a new segment; the intact records still count.
            let next = try PaymentCounter(root: root, clock: FixedClock(iso: "2026-11-25T11:00:00+09:00"))
            #expect(next.journal.recoveries.map(\.kind) == [.corruption])
            let paid = try next.credit(1, slip: "44")
            #expect(paid.seq == 9)  // after the recovery record and the case
            #expect(throws: PaymentRefusal.duplicate(paymentTerminal: "PT01", seq: 4, terminal: "T01")) {
                try next.credit(1, slip: "42")
            }
            let closed = try DayCloser(journal: next.journal, directories: [], catalog: next.service.catalog, clock: next.clock)
                .close(clerk: "boss")
            #expect(closed.report.total.payments == 3)
            #expect(closed.report.damaged.first == "2026/11/25/T01.jsonl 行2（HASH_MISMATCH）")
            #expect(DailyReportRenderer.text(closed.report).contains("読める記録だけで集計"))
        }
    }

    @Test func concurrentPaymentsWithOneSlipRecordItOnce() throws {
        try withPaymentRoot { root in
            let directory = root.appendingPathComponent("T01/journal")
            _ = try PaymentCounter(root: root)
            for round in 0..<5 {
                let outcomes = Outcomes()
                DispatchQueue.concurrentPerform(iterations: 6) { _ in
                    // Each its own journal and service, as separate `pay` processes would be.
                    do {
                        let counter = try PaymentCounter(root: root)
                        _ = try counter.credit(1, slip: "5\(round)")
                        outcomes.add("paid")
                    } catch PaymentRefusal.duplicate {
                        outcomes.add("duplicate")
                    } catch {
                        outcomes.add("\(error)")
                    }
                }
                #expect(outcomes.sorted == ["duplicate", "duplicate", "duplicate", "duplicate", "duplicate", "paid"], "round \(round)")
            }
            let ledger = try DayLedger.read(directories: [directory], date: november25)
            #expect(ledger.payments.count == 5)
        }
    }

    @Test func paymentsAfterAnotherTerminalsCloseAreShownLoudly() throws {
        try withPaymentRoot { root in
            let a = try PaymentCounter(root: root, terminal: "T01")
            let b = try PaymentCounter(root: root, terminal: "T02")
            _ = try a.credit(1, slip: "61")
            _ = try b.credit(1, slip: "62", pt: "PT02")
            _ = try DayCloser(journal: a.journal, directories: [b.directory], catalog: a.service.catalog, clock: a.clock)
                .close(clerk: "boss")
            // T02 cannot see T01's seal in its own journal: it takes one more payment.
            b.clock.advance(seconds: 600)
            let late = try b.credit(2, slip: "63", pt: "PT02")
            let report = try DayCloser.report(directories: [a.directory, b.directory], date: november25, today: november25,
                                              catalog: a.service.catalog)
            #expect(report.sealProblems.isEmpty)
            #expect(report.afterSeal.map(\.terminal) == ["T02"])
            #expect(report.afterSeal.first?.sales == 600)
            #expect(report.afterSeal.first?.receipts == [late.receipt])
            let text = DailyReportRenderer.text(report)
            #expect(text.hasPrefix(text.components(separatedBy: "\n")[0] + "\n＊＊ 締めに含まれない支払があります"))
            #expect(text.contains(late.receipt))
        }
    }
}

/// Outcomes collected from concurrent tasks.
final class Outcomes: @unchecked Sendable {
    // Safe: `list` is only touched while holding `lock`.
    private let lock = NSLock()
    private var list: [String] = []
    func add(_ outcome: String) { lock.withLock { list.append(outcome) } }
    var sorted: [String] { lock.withLock { list.sorted() } }
}

@Suite struct JournalWitnessTests {
    @Test func aDeletedWitnessStaysOnRecordAfterTheNextStart() throws {
        try withJournalDirectory { dir in
            let clock = morningClock()
            let journal = try Journal.open(directory: dir, terminalID: "t1", mode: .live, clock: clock)
            for i in 0..<4 { try journal.append(.access, clerk: "k", fields: ["n": .int(i)]) }
            journal.close()
            // Cut two records and delete the witness, then the counter starts again.
            try JournalTamperTests.keepLines(JournalLayout.ref(dir, terminal: "t1", date: november25, segment: 1).url, 3)
            try FileManager.default.removeItem(at: JournalWitness.defaultDirectory(journal: dir))
            let again = try Journal.open(directory: dir, terminalID: "t1", mode: .live, clock: clock)
            #expect(again.recoveries.map(\.kind) == [.witnessMissing])
            try again.append(.login, clerk: "k", fields: [:])
            let result = try JournalVerifier(directory: dir).verify(date: november25)
            #expect(result.status == .warn)  // never PASS
            #expect(result.files[0].findings.map(\.code) == [.witnessMissing])
        }
    }

    @Test func aTornSlotLeavesTheOtherOne() throws {
        try withJournalDirectory { dir in
            let journal = try Journal.open(directory: dir, terminalID: "t1", mode: .live, clock: morningClock())
            let a = try journal.append(.login, clerk: "k", fields: [:])
            let b = try journal.append(.logout, clerk: "k", fields: [:])
            let url = JournalWitness.fileURL(in: JournalWitness.defaultDirectory(journal: dir), terminal: "t1", mode: .live)
            #expect(JournalWitness.read(url.path) == .entry(.init(terminal: "t1", mode: .live, date: november25, segment: 1,
                                                                   seq: b.seq, hash: b.hash, header: false)))
            // A write of seq 2 cut short: slot 0 half old, half garbage.
            var bytes = fileBytes(url)
            for i in 100..<200 { bytes[i] = 0x41 }
            try Data(bytes).write(to: url)
            #expect(JournalWitness.read(url.path) == .entry(.init(terminal: "t1", mode: .live, date: november25, segment: 1,
                                                                   seq: a.seq, hash: a.hash, header: false)))
            let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
            #expect((attributes[.posixPermissions] as? Int) == 0o600)
        }
    }
}

@Suite struct JournalMessageTests {
    @Test func journalErrorsAreSaidInJapaneseWithoutSwiftDescriptions() {
        let errors: [JournalError] = [
            .invalidTerminalID("a/b"), .modeMismatch(expected: .live, found: .training, file: "2026/11/25/t.jsonl"),
            .sensitiveNumber(field: "reason", kind: .cardNumber), .reservedField("seq"), .invalidFieldName("A"), .missingClerk,
            .io(operation: "fsync", path: "/data/journal/t.jsonl", code: EACCES), .io(operation: "write", path: "/d", code: ENOSPC),
            .unusableAfterFailure, .closed,
        ]
        for error in errors {
            let text = error.message
            #expect(text.unicodeScalars.contains { $0.value > 0x3000 }, "\(text)")
            #expect(!text.contains("io(") && !text.contains("operation:") && !text.contains("fsync") && !text.contains("Error"), "\(text)")
        }
        #expect(JournalError.io(operation: "fsync", path: "/d", code: EACCES).message.contains("権限がありません"))
        #expect(JournalError.io(operation: "write", path: "/d", code: ENOSPC).message.contains("ディスクの空きがありません"))
        #expect(JournalReadError.damaged(file: "f", record: 3, offset: 9, code: .hashMismatch).message.contains("書かれた後に変更"))
    }

    @Test func everyFindingCodeHasAJapaneseTitle() {
        for code in JournalFinding.Code.allCases {
            #expect(code.title.unicodeScalars.contains { $0.value > 0x3000 }, "\(code)")
        }
        #expect(Set(JournalFinding.Code.allCases.map(\.title)).count == JournalFinding.Code.allCases.count)
    }
}
