@testable import CounterCore
import Foundation
import JapaneseKit
import Testing

@Suite struct JournalVerifierTests {
    @Test func mixedModesInOneDirectoryAreReported() throws {
        try withJournalDirectory { dir in
            try Journal.open(directory: dir, terminalID: "t1", mode: .live, clock: morningClock()).append(.login, clerk: "k", fields: [:])
            try JournalSynthetic.writeDay(directory: dir, terminalID: "t2", date: november25, records: 3, mode: .training)
            let result = try JournalVerifier(directory: dir).verify(date: november25)
            #expect(result.files.map(\.file.terminal) == ["t1", "t2"])
            #expect(result.files[0].status == .pass)
            #expect(result.files[1].findings.map(\.code) == [.modeMismatch])
            #expect(result.files[1].findings.first?.record == 0)
            #expect(result.status == .fail)
            #expect(result.exitCode == 2)
        }
    }

    @Test func aHeaderThatDoesNotMatchItsFileIsABadHeader() throws {
        try withJournalDirectory { dir in
            let record = try Journal.open(directory: dir, terminalID: "t1", mode: .live, clock: morningClock())
                .append(.login, clerk: "k", fields: [:])
            let moved = record.file.deletingLastPathComponent().appendingPathComponent("t3.jsonl")
            try FileManager.default.moveItem(at: record.file, to: moved)
            let result = try JournalVerifier(directory: dir).verify(date: november25)
            let t3 = result.files.first { $0.file.terminal == "t3" }
            // Its header names t1 (and t3 has no witness of its own).
            #expect(t3?.findings.map(\.code) == [.badHeader, .witnessMissing])
            #expect(t3?.status == .fail)
            // And t1's file, which the witness saw, is gone.
            let gone = result.files.first { $0.file.terminal == "t1" }
            #expect(gone?.missing == true)
            #expect(gone?.findings.map(\.code) == [.recordsMissing])
        }
    }

    @Test func aSyntheticDayVerifiesAndReads() throws {
        try withJournalDirectory { dir in
            try JournalSynthetic.writeDay(directory: dir, terminalID: "bench", date: november25, records: 1000)
            let result = try JournalVerifier(directory: dir).verify(date: november25)
            #expect(result.status == .pass)
            #expect(result.files.first?.records == 1000)
            #expect(result.files.first?.firstSeq == 1)
            #expect(result.files.first?.lastSeq == 1000)
            let payments = try JournalReader(directory: dir, date: november25).records(types: [.payment])
            #expect(payments.count == 250)
            #expect(payments.allSatisfy { $0.fields["amount"] == 600 })
        }
    }

    @Test func theReaderRefusesDamageUnlessAskedToSkipIt() throws {
        try withJournalDirectory { dir in
            let clock = morningClock()
            let journal = try Journal.open(directory: dir, terminalID: "t1", mode: .live, clock: clock)
            for i in 0..<4 { try journal.append(.access, clerk: "k", fields: ["n": .int(i)]); clock.advance(seconds: 1) }
            let file = try #require(journal.currentFile)
            var bytes = fileBytes(file)
            let second = bytes.indices.filter { bytes[$0] == 0x0A }[1] + 1  // start of record 2
            bytes[second + 3] ^= 0x01
            try Data(bytes).write(to: file)
            #expect(throws: JournalReadError.self) { try JournalReader(directory: dir, date: november25).records() }
            let result = try JournalReader(directory: dir, date: november25, skipDamaged: true).read()
            #expect(result.records.map(\.seq) == [1, 3, 4])
            // Only the damaged line is named; the records after it still chain to it.
            #expect(Set(result.damaged.map(\.finding.record)) == [2])
            let verify = try JournalVerifier(directory: dir).verify(date: november25)
            #expect(verify.files[0].findings.map(\.code) == [.hashMismatch])
        }
    }
}
