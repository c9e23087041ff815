@testable import CounterCore
import Crypto
import Foundation
import JapaneseKit
import Testing

@Suite struct JournalTests {
    @Test func appendsHashChainedRecordsAndReadsThemBack() throws {
        try withJournalDirectory { dir in
            let clock = morningClock()
            let journal = try Journal.open(directory: dir, terminalID: "mado-01", mode: .live, clock: clock)
            let first = try journal.append(.access, clerk: "k0123", fields: ["resident": "1234567", "action": "view"])
            clock.advance(seconds: 1.25)
            let second = try journal.append(.formPrinted, clerk: "k0123",
                                            fields: ["form": "juminhyo", "copies": 2, "items": ["本籍", "続柄"],
                                                     "subject": ["id": "1234567", "name": "山田 太郎"], "fee": 300,
                                                     "urgent": false, "note": nil])
            #expect(first.seq == 1)
            #expect(second.seq == 2)
            #expect(first.file.path.hasSuffix("journal/2026/11/25/mado-01.jsonl"))
            #expect(second.timestamp == clock.now())

            let text = lines(of: first.file)
            #expect(text.count == 3)
            #expect(text[0].hasPrefix(#"{"journal":"madoguchi","format":1,"terminal":"mado-01","date":"2026-11-25","segment":1,"mode":"LIVE","#))
            #expect(text[1].hasPrefix(#"{"seq":1,"ts":"2026-11-25T09:00:00.000+09:00","type":"access","clerk":"k0123","action":"view","resident":"1234567","prev":""#))
            #expect(text[2].contains(#""ts":"2026-11-25T09:00:01.250+09:00""#))
            #expect(text[2].contains(#""items":["本籍","続柄"],"note":null,"subject":{"id":"1234567","name":"山田 太郎"},"urgent":false,"#))

            // h is the SHA-256 of the bytes before "h"; prev links to the line before.
            for (i, line) in text.enumerated() {
                let bytes = Array(line.utf8)
                let body = bytes[0..<(bytes.count - 71)]
                let h = SHA256.hash(data: Array(body)).map { String(format: "%02x", $0) }.joined()
                #expect(line.hasSuffix(#","h":"\#(h)"}"#))
                if i > 0 {
                    let previousHash = String(text[i - 1].suffix(66).prefix(64))
                    #expect(line.contains(#""prev":"\#(previousHash)""#))
                }
            }
            #expect(second.hash == String(text[2].suffix(66).prefix(64)))
            #expect(text[0].contains(#""prev_seq":0,"prev":"\#(JournalHeader.genesisHash)""#))

            let records = try JournalReader(directory: dir, date: november25).records()
            #expect(records.map(\.seq) == [1, 2])
            #expect(records[0].type == .access)
            #expect(records[0].clerk == "k0123")
            #expect(records[0].fields == ["resident": "1234567", "action": "view"])
            #expect(records[1].fields["subject"]?["name"] == "山田 太郎")
            #expect(records[1].fields["copies"] == 2)
            #expect(records[1].fields["note"] == .null)
            #expect(records[1].hash == second.hash)
            #expect(records[1].prev == first.hash)
            #expect(records[1].timestamp == second.timestamp)
            #expect(try JournalReader(directory: dir, date: november25).records(types: [.formPrinted]).map(\.seq) == [2])
        }
    }

    @Test func escapesControlsAndBidiAndStoresNFC() throws {
        try withJournalDirectory { dir in
            let journal = try Journal.open(directory: dir, terminalID: "t1", mode: .live, clock: morningClock())
            let nasty = "か\u{3099}\u{9B}31m\u{202E}abc\u{7F}\u{1B}[2J\"\\\n\t\u{2028}\u{0}end"
            let appended = try journal.append(.caseOpened, clerk: "k1", fields: ["memo": .string(nasty)])
            let raw = fileBytes(appended.file)
            let line = String(decoding: raw, as: UTF8.self).split(separator: "\n")[1]
            #expect(line.contains(#""memo":"が\u009b31m\u202eabc\u007f\u001b[2J\"\\\n\t\u2028\u0000end""#))
            // No raw control, DEL, C1 or bidi character anywhere in the file.
            let scalars = String(decoding: raw, as: UTF8.self).unicodeScalars.filter { $0 != "\n" }
            #expect(!scalars.contains { JournalJSON.mustEscape($0.value) })
            let record = try #require(try JournalReader(directory: dir, date: november25).records().first)
            #expect(record.fields["memo"]?.stringValue == nasty.precomposedStringWithCanonicalMapping)
            #expect(record.fields["memo"]?.stringValue?.unicodeScalars.first == "が")
        }
    }

    @Test func strictParserRefusesWhatTheWriterNeverWrites() throws {
        func parses(_ text: String) -> Bool { (try? JournalJSON.parseObject(Array(text.utf8))) != nil }
        func parses(_ bytes: [UInt8]) -> Bool { (try? JournalJSON.parseObject(bytes)) != nil }
        #expect(parses(#"{"a":1,"b":[true,false,null,"x",{"c":-5}]}"#))
        #expect(!parses(#"{"a":1,"a":2}"#))
        #expect(!parses(#"{"o":{"k":1,"k":1}}"#))
        #expect(!parses(#"{"a":1.5}"#))
        #expect(!parses(#"{"a":01}"#))
        #expect(!parses(#"{"a": 1}"#))
        #expect(!parses(#"{"a":1}x"#))
        #expect(!parses(#"{"a":"\ud800"}"#))
        #expect(parses(#"{"a":"\ud83d\ude00"}"#))
        #expect(!parses([0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xC3, 0x28, 0x22, 0x7D]))  // invalid UTF-8
        #expect(!parses([0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xC0, 0xAF, 0x22, 0x7D]))  // overlong
        #expect(!parses([0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xED, 0xA0, 0x80, 0x22, 0x7D]))  // surrogate
        #expect(!parses([0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xC2, 0x9B, 0x22, 0x7D]))  // raw U+009B
        #expect(!parses("{\"a\":\"\u{7F}\"}"))
        #expect(!parses("{\"a\":\"\u{202E}\"}"))
        #expect(!parses("{\"a\":\"x\ny\"}"))
    }

    @Test func reopeningContinuesTheChain() throws {
        try withJournalDirectory { dir in
            let clock = morningClock()
            var journal = try Journal.open(directory: dir, terminalID: "t1", mode: .live, clock: clock)
            let a = try journal.append(.login, clerk: "k1", fields: [:])
            journal.close()
            journal = try Journal.open(directory: dir, terminalID: "t1", mode: .live, clock: clock)
            #expect(journal.lastSeq == 1)
            #expect(journal.lastHash == a.hash)
            let b = try journal.append(.logout, clerk: "k1", fields: [:])
            #expect(b.seq == 2)
            #expect(journal.recoveries.isEmpty)
            let records = try JournalReader(directory: dir, date: november25).records()
            #expect(records.map(\.seq) == [1, 2])
            #expect(records[1].prev == a.hash)
            #expect(try JournalVerifier(directory: dir).verify(from: november25, to: november25).status == .pass)
        }
    }

    @Test func crossingMidnightStartsANewFileThatLinksToYesterday() throws {
        try withJournalDirectory { dir in
            let clock = FixedClock(iso: "2026-11-25T23:59:59+09:00")
            clock.advance(seconds: 0.5)
            let journal = try Journal.open(directory: dir, terminalID: "t1", mode: .live, clock: clock)
            let last = try journal.append(.payment, clerk: "k1", fields: ["amount": 300])
            clock.advance(seconds: 0.6)
            let next = try journal.append(.login, clerk: "k1", fields: [:])
            #expect(next.seq == last.seq + 1)
            #expect(next.file.path.hasSuffix("2026/11/26/t1.jsonl"))
            let header = try #require(lines(of: next.file).first)
            #expect(header.contains(#""date":"2026-11-26""#))
            #expect(header.contains(#""prev_seq":1,"prev":"\#(last.hash)""#))
            let both = try JournalReader(directories: [dir], from: november25, to: november25.adding(days: 1)).records()
            #expect(both.map(\.seq) == [1, 2])
            let report = try JournalVerifier(directory: dir).verify(from: november25, to: november25.adding(days: 1))
            #expect(report.status == .pass)
            // Verifying only the second day still checks the link to the first.
            #expect(try JournalVerifier(directory: dir).verify(from: november25.adding(days: 1), to: november25.adding(days: 1)).status == .pass)

            // A clock set back does not send the journal back to yesterday's file.
            clock.advance(seconds: -3600)
            let back = try journal.append(.logout, clerk: "k1", fields: [:])
            #expect(back.file == next.file)
            let verify = try JournalVerifier(directory: dir).verify(from: november25.adding(days: 1), to: november25.adding(days: 1))
            #expect(verify.files[0].findings.map(\.code) == [.timeRegression])
            #expect(verify.status == .warn)
        }
    }

    @Test func reopeningOnALaterDayLinksAcrossTheGap() throws {
        try withJournalDirectory { dir in
            let clock = morningClock()
            let a = try Journal.open(directory: dir, terminalID: "t1", mode: .live, clock: clock).append(.login, clerk: "k", fields: [:])
            clock.advance(seconds: 3 * 86_400)
            let journal = try Journal.open(directory: dir, terminalID: "t1", mode: .live, clock: clock)
            let b = try journal.append(.login, clerk: "k", fields: [:])
            #expect(b.seq == 2)
            #expect(b.file.path.hasSuffix("2026/11/28/t1.jsonl"))
            #expect(lines(of: b.file)[0].contains(#""prev_seq":1,"prev":"\#(a.hash)""#))
        }
    }

    @Test func twoWritersOnOneTerminalNeverInterleave() throws {
        try withJournalDirectory { dir in
            let clock = morningClock()
            let one = try Journal.open(directory: dir, terminalID: "t1", mode: .live, clock: clock)
            let two = try Journal.open(directory: dir, terminalID: "t1", mode: .live, clock: clock)
            var seqs: [Int] = []
            for i in 0..<20 {
                let writer = i % 3 == 0 ? two : one
                seqs.append(try writer.append(.access, clerk: "k\(i % 2)", fields: ["n": .int(i)]).seq)
            }
            #expect(seqs == Array(1...20))
            // Concurrently from threads, each with its own open file description.
            let group = DispatchGroup()
            let errors = ErrorBox()
            for writer in [one, two] {
                DispatchQueue.global().async(group: group) {
                    do { for _ in 0..<25 { try writer.append(.access, clerk: "k", fields: [:]) } } catch { errors.add(error) }
                }
            }
            group.wait()
            #expect(errors.isEmpty)
            let records = try JournalReader(directory: dir, date: november25).records()
            #expect(records.map(\.seq) == Array(1...70))
            #expect(try JournalVerifier(directory: dir).verify(from: november25, to: november25).status == .pass)
        }
    }

    @Test func liveAndTrainingNeverShareADirectory() throws {
        try withJournalDirectory { dir in
            let clock = morningClock()
            try Journal.open(directory: dir, terminalID: "t1", mode: .live, clock: clock).append(.login, clerk: "k", fields: [:])
            #expect(throws: JournalError.modeMismatch(expected: .training, found: .live, file: "2026/11/25/t1.jsonl")) {
                try Journal.open(directory: dir, terminalID: "t1", mode: .training, clock: clock)
            }
            #expect(throws: JournalError.modeMismatch(expected: .training, found: .live, file: "2026/11/25/t1.jsonl")) {
                try Journal.open(directory: dir, terminalID: "t2", mode: .training, clock: clock)
            }
            let training = try Journal.open(directory: dir.appendingPathComponent("training"), terminalID: "t1",
                                            mode: .training, clock: clock)
            let record = try training.append(.login, clerk: "k", fields: [:])
            #expect(lines(of: record.file)[0].contains(#""mode":"TRAINING""#))
        }
    }

    @Test func refusesBadNamesAndReservedFields() throws {
        try withJournalDirectory { dir in
            #expect(throws: JournalError.invalidTerminalID("../x")) {
                try Journal.open(directory: dir, terminalID: "../x", mode: .live, clock: morningClock())
            }
            let journal = try Journal.open(directory: dir, terminalID: "t1", mode: .live, clock: morningClock())
            #expect(throws: JournalError.reservedField("seq")) { try journal.append(.access, clerk: "k", fields: ["seq": 5]) }
            #expect(throws: JournalError.invalidFieldName("Name")) { try journal.append(.access, clerk: "k", fields: ["Name": "x"]) }
            #expect(throws: JournalError.invalidFieldName("a.b c")) { try journal.append(.access, clerk: "k", fields: ["a": ["b c": 1]]) }
            #expect(throws: JournalError.missingClerk) { try journal.append(.access, clerk: "", fields: [:]) }
            #expect(journal.lastSeq == 0)
        }
    }

    @Test func aFailedWriteStopsAllFurtherAppends() throws {
        try withJournalDirectory { dir in
            let journal = try Journal.open(directory: dir, terminalID: "t1", mode: .live, clock: morningClock())
            try journal.append(.login, clerk: "k", fields: [:])
            journal.writeHook = { _ in throw JournalError.io(operation: "fsync", path: "journal", code: EIO) }
            #expect(throws: JournalError.io(operation: "fsync", path: "journal", code: EIO)) {
                try journal.append(.access, clerk: "k", fields: [:])
            }
            journal.writeHook = nil
            #expect(throws: JournalError.unusableAfterFailure) { try journal.append(.access, clerk: "k", fields: [:]) }
            // A real failing device: the journal's descriptor now points at /dev/full (ENOSPC).
            let other = try Journal.open(directory: dir, terminalID: "t2", mode: .live, clock: morningClock())
            other.writeHook = { fd in
                let full = open("/dev/full", O_WRONLY | O_CLOEXEC)
                _ = dup2(full, fd)
                _ = close(full)
            }
            #expect(throws: JournalError.self) { try other.append(.access, clerk: "k", fields: [:]) }
            other.writeHook = nil
            #expect(throws: JournalError.unusableAfterFailure) { try other.append(.access, clerk: "k", fields: [:]) }
            // Reopening works and nothing half-written was acknowledged.
            let reopened = try Journal.open(directory: dir, terminalID: "t1", mode: .live, clock: morningClock())
            #expect(try reopened.append(.logout, clerk: "k", fields: [:]).seq == 2)
        }
    }
}

/// Collects errors from several threads.
final class ErrorBox: @unchecked Sendable {
    // Safe: `errors` is only touched while holding `lock`.
    private let lock = NSLock()
    private var errors: [Error] = []
    func add(_ error: Error) { lock.withLock { errors.append(error) } }
    var isEmpty: Bool { lock.withLock { errors.isEmpty } }
}
