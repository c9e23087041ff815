@testable import CounterCore
import Foundation
import JapaneseKit
import Testing

/// Damage done to copies of a journal file: verify must name the damaged record, and
/// opening must keep exactly the intact prefix (torn tail) or leave the file alone and
/// continue in a new segment (corruption).
@Suite struct JournalFaultTests {
    /// A day's journal of one header and eight records, and where each line starts.
    struct Fixture {
        var bytes: [UInt8]
        /// Start offset of each line, plus the file's end.
        var starts: [Int]
        var hashes: [String]
        var lineCount: Int { starts.count - 1 }
        func line(_ i: Int) -> ArraySlice<UInt8> { bytes[starts[i]..<starts[i + 1]] }
    }

    static let relativePath = "2026/11/25/t1.jsonl"

    /// An hour after the fixture was written, so reopening never writes an earlier time.
    static func laterClock() -> FixedClock { FixedClock(iso: "2026-11-25T10:00:00+09:00") }

    static func makeFixture() throws -> Fixture {
        while true {
            let fixture = try withJournalDirectory { dir -> Fixture in
                let clock = morningClock()
                // Without a witness: these tests are about what the file alone shows.
                let journal = try Journal.open(directory: dir, terminalID: "t1", mode: .live, clock: clock, witnessDirectories: [])
                let fields: [[String: JournalValue]] = [
                    ["resident": "1234567", "action": "search", "query": "やまだ"],
                    ["resident": "1234567", "action": "view"],
                    ["case": 1, "subject": "1234567"],
                    ["form": "juminhyo", "subject": "1234567", "items": ["本籍", "続柄"], "copies": 2],
                    ["method": "paypay", "amount": 300, "slip": "0001", "last4": .null],
                    ["case": 1, "minutes": 12],
                    ["memo": "外字 𠮷野家\u{202E}", "ok": true],
                    ["counts": ["access": 2, "payment": 1], "total": 300],
                ]
                let types: [JournalRecordType] = [.access, .access, .caseOpened, .formPrinted, .payment, .caseClosed, .lock, .logout]
                for (type, f) in zip(types, fields) {
                    try journal.append(type, clerk: "k0123", fields: f)
                    clock.advance(seconds: 7.5)
                }
                let url = dir.appendingPathComponent(relativePath)
                let bytes = fileBytes(url)
                var starts = [0]
                for (i, b) in bytes.enumerated() where b == 0x0A { starts.append(i + 1) }
                let hashes = lines(of: url).map { String($0.suffix(66).prefix(64)) }
                return Fixture(bytes: bytes, starts: starts, hashes: hashes)
            }
            // Torn copies hold line prefixes that end anywhere, even inside a hash. Hashes
            // are random (the header has a random file id): use a fixture in which no such
            // prefix happens to look like a card number or 個人番号.
            let risky = (fixture.lineCount - 2..<fixture.lineCount).contains { i in
                let line = Array(fixture.line(i))
                return (1...line.count).contains { SensitiveNumbers.firstKind(in: String(decoding: line.prefix($0), as: UTF8.self)) != nil }
            }
            if !risky { return fixture }
        }
    }

    /// Writes `bytes` as the journal file of a fresh journal directory.
    static func install(_ bytes: [UInt8], in dir: URL) throws -> URL {
        let url = dir.appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
        TestInputs.shared.plant(bytes, in: dir)
        return url
    }

    static func verify(_ dir: URL) throws -> JournalFileReport {
        let result = try JournalVerifier(directory: dir).verify(date: november25)
        try #require(result.files.count == 1)
        return result.files[0]
    }

    /// Every offset, split into interleaved shares that run in parallel (each repair fsyncs
    /// several times, so one long loop mostly waits for the disk).
    @Test(arguments: 0..<8)
    func truncationAtEveryOffsetOfTheLastTwoRecords(share: Int) throws {
        let fx = try Self.makeFixture()
        let n = fx.lineCount
        for cut in fx.starts[n - 2]...fx.bytes.count where cut % 8 == share {
            try withJournalDirectory { dir in
                let url = try Self.install(Array(fx.bytes[0..<cut]), in: dir)
                let report = try Self.verify(dir)
                if let whole = fx.starts.firstIndex(of: cut) {
                    // A cut between lines leaves a shorter, valid file.
                    #expect(report.status == .pass, "cut at \(cut)")
                    #expect(report.records == whole - 1)
                    #expect(report.lastHash == fx.hashes[whole - 1])
                    _ = try Journal.open(directory: dir, terminalID: "t1", mode: .live, clock: Self.laterClock())
                    #expect(fileBytes(url) == Array(fx.bytes[0..<cut]))
                    return
                }
                let torn = fx.starts.lastIndex { $0 < cut }!
                #expect(report.findings.map(\.code) == [.tornTail], "cut at \(cut)")
                #expect(report.findings.first?.record == torn)
                #expect(report.findings.first?.offset == fx.starts[torn])
                #expect(report.status == .warn)
                #expect(report.records == torn - 1)

                let journal = try Journal.open(directory: dir, terminalID: "t1", mode: .live, clock: Self.laterClock())
                let start = fx.starts[torn]
                #expect(journal.recoveries == [JournalRecovery(kind: .tornTail, file: Self.relativePath, record: torn,
                                                               offset: start, bytes: cut - start,
                                                               copy: "\(Self.relativePath).torn-\(start)", continuedIn: nil)])
                let after = fileBytes(url)
                let prefixKept = Array(after.prefix(start)) == Array(fx.bytes[0..<start])
                #expect(prefixKept, "cut at \(cut)")
                let added = lines(of: url).dropFirst(torn)
                #expect(added.count == 1)
                #expect(added.first?.contains(#""type":"recovery""#) == true)
                #expect(added.first?.contains(#""seq":\#(torn),"#) == true)
                let copy = dir.appendingPathComponent("\(Self.relativePath).torn-\(start)")
                let copied = fileBytes(copy) == Array(fx.bytes[start..<cut])
                #expect(copied)
                #expect(try Self.verify(dir).status == .pass)
            }
        }
    }

    @Test func garbageAndZeroFilledTails() throws {
        let fx = try Self.makeFixture()
        var generator = SystemRandomNumberGenerator()
        let garbage = (0..<700).map { i -> UInt8 in i % 97 == 50 ? 0x0A : UInt8.random(in: 0...255, using: &generator) }
        let zeros = [UInt8](repeating: 0, count: 4096)
        for tail in [garbage, zeros, Array("{\"seq\":9,\"ts\"".utf8), Array("not json\n".utf8)] {
            try withJournalDirectory { dir in
                let url = try Self.install(fx.bytes + tail, in: dir)
                let report = try Self.verify(dir)
                #expect(report.findings.map(\.code) == [.tornTail])
                #expect(report.findings.first?.record == fx.lineCount)
                #expect(report.findings.first?.offset == fx.bytes.count)
                #expect(report.records == fx.lineCount - 1)
                let journal = try Journal.open(directory: dir, terminalID: "t1", mode: .live, clock: Self.laterClock())
                #expect(journal.recoveries.map(\.offset) == [fx.bytes.count])
                let prefixKept = Array(fileBytes(url).prefix(fx.bytes.count)) == fx.bytes
                #expect(prefixKept)
                #expect(lines(of: url).count == fx.lineCount + 1)
                let copied = fileBytes(dir.appendingPathComponent("\(Self.relativePath).torn-\(fx.bytes.count)")) == tail
                #expect(copied)
                #expect(try Self.verify(dir).status == .pass)
            }
        }
    }

    @Test func oneFlippedBitInAnyRecordIsNamed() throws {
        let fx = try Self.makeFixture()
        var generator = SystemRandomNumberGenerator()
        for i in 0..<fx.lineCount {
            let start = fx.starts[i], end = fx.starts[i + 1]
            // The first and last bytes, the newline, and random bits in between.
            var positions = [(start, 0), (end - 2, 1), (end - 1, 0), (end - 1, 3)]
            for _ in 0..<12 { positions.append((Int.random(in: start..<end, using: &generator), Int.random(in: 0..<8, using: &generator))) }
            for (byte, bit) in positions {
                var damaged = fx.bytes
                damaged[byte] ^= UInt8(1 << bit)
                try withJournalDirectory { dir in
                    let url = try Self.install(damaged, in: dir)
                    let report = try Self.verify(dir)
                    let first = try #require(report.findings.first, "line \(i) byte \(byte) bit \(bit)")
                    #expect(first.record == i, "line \(i) byte \(byte) bit \(bit): \(report.findings)")
                    #expect(first.offset == start)
                    let lastLine = i == fx.lineCount - 1
                    // Only a cut-off newline at the very end looks like a crash; anything else is a failure.
                    if lastLine && byte == end - 1 {
                        #expect(report.status == .warn)
                    } else {
                        #expect(report.status == .fail, "line \(i) byte \(byte) bit \(bit): \(report.findings)")
                    }
                    let journal = try Journal.open(directory: dir, terminalID: "t1", mode: .live, clock: Self.laterClock())
                    if lastLine {
                        // The damaged last record is an invalid tail: copied aside and cut off.
                        let prefixKept = Array(fileBytes(url).prefix(start)) == Array(fx.bytes[0..<start])
                        #expect(prefixKept)
                        #expect(journal.recoveries.map(\.kind) == [.tornTail])
                        #expect(journal.currentFile == url)
                    } else {
                        // Damage followed by valid records: the file is never touched again.
                        let untouched = fileBytes(url) == damaged
                        #expect(untouched)
                        #expect(journal.recoveries.map(\.kind) == [.corruption], "line \(i) byte \(byte) bit \(bit): \(report.findings)")
                        #expect(journal.recoveries.first?.record == i)
                        #expect(journal.currentFile?.lastPathComponent == "t1.2.jsonl")
                    }
                    try journal.append(.login, clerk: "k", fields: [:])
                    let after = try JournalVerifier(directory: dir).verify(date: november25)
                    #expect(after.files.last?.status == .pass, "\(after.files.last?.findings ?? [])")
                }
            }
        }
    }

    @Test func deletedLineIsNamedAndANewSegmentContinues() throws {
        let fx = try Self.makeFixture()
        for k in 2..<fx.lineCount {
            var damaged = Array(fx.bytes[0..<fx.starts[k]])
            damaged += fx.bytes[fx.starts[k + 1]...]
            try withJournalDirectory { dir in
                let url = try Self.install(damaged, in: dir)
                let report = try Self.verify(dir)
                if k == fx.lineCount - 1 {
                    // The last line gone leaves a shorter valid file: only the next file's
                    // header or the day's seal can show it.
                    #expect(report.status == .pass)
                    return
                }
                let first = try #require(report.findings.first)
                #expect(first.record == k)
                #expect(first.offset == fx.starts[k])
                #expect(Set(report.findings.filter { $0.record == k }.map(\.code)) == [.chainBreak, .seqGap])
                #expect(report.status == .fail)

                let journal = try Journal.open(directory: dir, terminalID: "t1", mode: .live, clock: Self.laterClock())
                let untouched = fileBytes(url) == damaged
                #expect(untouched)
                let segment = dir.appendingPathComponent("2026/11/25/t1.2.jsonl")
                #expect(journal.currentFile == segment)
                let header = lines(of: segment)[0]
                #expect(header.contains(#""continues":"t1.jsonl","prev_seq":\#(fx.lineCount - 1),"prev":"\#(fx.hashes.last!)""#))
                #expect(journal.recoveries == [JournalRecovery(kind: .corruption, file: Self.relativePath, record: k,
                                                               offset: fx.starts[k], bytes: 0, copy: nil,
                                                               continuedIn: "2026/11/25/t1.2.jsonl")])
                let next = try journal.append(.login, clerk: "k", fields: [:])
                #expect(next.seq == fx.lineCount + 1)  // after the recovery record
                let after = try JournalVerifier(directory: dir).verify(date: november25)
                #expect(after.files.map(\.status) == [.fail, .pass])
                // Reopening goes straight to the new segment.
                let again = try Journal.open(directory: dir, terminalID: "t1", mode: .live, clock: Self.laterClock())
                #expect(again.recoveries.isEmpty)
                #expect(again.lastSeq == next.seq)
            }
        }
    }

    @Test func swappedLinesAreNamed() throws {
        let fx = try Self.makeFixture()
        for k in 1..<(fx.lineCount - 1) {
            var damaged = Array(fx.bytes[0..<fx.starts[k]])
            damaged += fx.line(k + 1)
            damaged += fx.line(k)
            damaged += fx.bytes[fx.starts[k + 2]...]
            try withJournalDirectory { dir in
                let url = try Self.install(damaged, in: dir)
                let report = try Self.verify(dir)
                let first = try #require(report.findings.first)
                #expect(first.record == k, "swap \(k): \(report.findings)")
                #expect(first.offset == fx.starts[k])
                #expect(report.findings.contains { $0.code == .seqGap && $0.record == k })
                #expect(report.findings.contains { $0.code == .seqDup && $0.record == k + 1 })
                #expect(report.status == .fail)
                _ = try Journal.open(directory: dir, terminalID: "t1", mode: .live, clock: Self.laterClock())
                let untouched = fileBytes(url) == damaged
                #expect(untouched)
            }
        }
    }

    @Test func tornHeaderIsRewrittenAndLinked() throws {
        try withJournalDirectory { dir in
            let clock = morningClock()
            let yesterday = try Journal.open(directory: dir, terminalID: "t1", mode: .live,
                                             clock: FixedClock(iso: "2026-11-24T17:00:00+09:00"))
            let last = try yesterday.append(.logout, clerk: "k", fields: [:])
            yesterday.close()
            let url = dir.appendingPathComponent(Self.relativePath)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data("{\"journal\":\"madoguchi\",\"form".utf8).write(to: url)
            let report = try JournalVerifier(directory: dir).verify(date: november25)
            #expect(report.files[0].findings.map(\.code) == [.tornTail])
            #expect(report.files[0].findings.first?.record == 0)
            let journal = try Journal.open(directory: dir, terminalID: "t1", mode: .live, clock: clock)
            #expect(journal.recoveries.map(\.kind) == [.tornTail])
            let text = lines(of: url)
            #expect(text[0].contains(#""prev_seq":1,"prev":"\#(last.hash)""#))
            #expect(text[1].contains(#""type":"recovery""#))
            #expect(try JournalVerifier(directory: dir).verify(from: november25.adding(days: -1), to: november25).status == .pass)
        }
    }

    @Test func anEmptyFileFromACrashedCreationGetsItsHeader() throws {
        try withJournalDirectory { dir in
            let url = dir.appendingPathComponent(Self.relativePath)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data().write(to: url)
            #expect(try JournalVerifier(directory: dir).verify(date: november25).status == .warn)
            let journal = try Journal.open(directory: dir, terminalID: "t1", mode: .live, clock: Self.laterClock())
            #expect(journal.recoveries.isEmpty)
            #expect(try journal.append(.login, clerk: "k", fields: [:]).seq == 1)
            #expect(try JournalVerifier(directory: dir).verify(date: november25).status == .pass)
        }
    }

    @Test func anotherProcessesTornTailIsRepairedBeforeTheNextAppend() throws {
        try withJournalDirectory { dir in
            let journal = try Journal.open(directory: dir, terminalID: "t1", mode: .live, clock: Self.laterClock())
            try journal.append(.login, clerk: "k", fields: [:])
            // A second writer died halfway through a line.
            let handle = try FileHandle(forWritingTo: try #require(journal.currentFile))
            try handle.seekToEnd()
            try handle.write(contentsOf: Data("{\"seq\":2,\"ts\":\"2026".utf8))
            try handle.close()
            let next = try journal.append(.logout, clerk: "k", fields: [:])
            #expect(next.seq == 3)  // 2 is the recovery record
            #expect(journal.recoveries.map(\.kind) == [.tornTail])
            #expect(try JournalReader(directory: dir, date: november25).records().map(\.typeName) == ["login", "recovery", "logout"])
            #expect(try JournalVerifier(directory: dir).verify(date: november25).status == .pass)
        }
    }
}
