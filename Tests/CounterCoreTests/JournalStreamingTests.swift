@testable import CounterCore
import Foundation
import JapaneseKit
import Testing

/// The verifier reads files in chunks and keeps no line: it must find exactly what a scan of
/// the whole file in memory finds, wherever the chunks end, on intact and damaged files alike.
@Suite struct JournalStreamingTests {
    struct Summary: Equatable {
        var findings: [JournalFinding]
        var damage: JournalFileScan.Damage
        var intact: [String?]
        var numbers: [Int?]
        var records: [Int]

        init(_ s: JournalFileScan, records: [Int]) {
            findings = s.findings
            damage = s.damage
            intact = [s.intactLastHash, s.lastValidHash, s.firstTime, s.lastTime, s.watched?.decoded.hash]
            numbers = [s.intactEnd, s.intactLastSeq, s.lastValidSeq, s.recordEnd, s.firstSeq, s.lastSeq, s.lineCount]
            self.records = records
        }
    }

    /// The file's lines after `edit`, written back.
    static func rewrite(_ url: URL, _ edit: (inout [[UInt8]]) -> Void) throws {
        var lines = fileBytes(url).split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
        if lines.last == [] { lines.removeLast() }
        edit(&lines)
        let bytes = Array(lines.joined(separator: [0x0A])) + [0x0A]
        TestInputs.shared.plant(bytes, in: url.deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent())
        try Data(bytes).write(to: url)
    }

    static func compare(_ url: URL, _ note: String) throws {
        let expectation = JournalFileScan.Expectation(terminal: "T01", date: november25, segment: 1)
        var inMemory: [Int] = []
        let whole = JournalFileScan.scan(fileBytes(url), expecting: expectation, watchSeq: 7) { line, _, _ in inMemory.append(line.number) }
        // Chunks smaller than a line, a line and a half, and the default.
        for chunk in [64, 400, 1 << 20] {
            var streamed: [Int] = []
            let scan = try JournalFileScan.scan(file: url.path, expecting: expectation, watchSeq: 7, chunk: chunk) { line, _, _ in
                streamed.append(line.number)
            }
            #expect(Summary(scan, records: streamed) == Summary(whole, records: inMemory), "\(note), chunk \(chunk)")
        }
    }

    @Test func chunkedScanFindsWhatTheWholeFileScanFinds() throws {
        try withJournalDirectory { dir in
            let url = try JournalSynthetic.writeDay(directory: dir, terminalID: "T01", date: november25, records: 40)
            let original = fileBytes(url)
            func reset() throws { try Data(original).write(to: url) }
            try Self.compare(url, "intact")
            // A torn tail: the last line cut short, then two unreadable ones.
            try Self.rewrite(url) { lines in lines[lines.count - 1].removeLast(30) }
            var bytes = fileBytes(url)
            bytes.removeLast()
            try Data(bytes).write(to: url)
            try Self.compare(url, "cut-short last line")
            try reset()
            try Self.rewrite(url) { lines in lines += [Array("{\"seq\":41,\"ts\":".utf8), Array("garbage".utf8)] }
            try Self.compare(url, "unreadable lines at the end")
            // Corruption: one byte changed in the middle, a line deleted, two lines swapped, two run together.
            try reset()
            try Self.rewrite(url) { lines in lines[12][20] ^= 0x01 }
            try Self.compare(url, "changed byte")
            try reset()
            try Self.rewrite(url) { lines in lines.remove(at: 20) }
            try Self.compare(url, "deleted line")
            try reset()
            try Self.rewrite(url) { lines in lines.swapAt(5, 6) }
            try Self.compare(url, "swapped lines")
            try reset()
            try Self.rewrite(url) { lines in lines[8] += lines.remove(at: 9) }
            try Self.compare(url, "two lines run together")
            // A bad header, and a line far longer than a chunk.
            try reset()
            try Self.rewrite(url) { lines in lines[0] = Array("not a header".utf8) }
            try Self.compare(url, "bad header")
            try reset()
            try Self.rewrite(url) { lines in lines.insert(Array(repeating: UInt8(ascii: "x"), count: 5000), at: 15) }
            try Self.compare(url, "long line")
            try Data().write(to: url)
            try Self.compare(url, "empty file")
        }
    }

    @Test func verifyingAMonthReportsItsProgressDayByDay() throws {
        try withJournalDirectory { dir in
            let first = CivilDate(year: 2026, month: 11, day: 2)!
            try JournalSynthetic.writeDays(directory: dir, terminals: 3, first: first, days: 4, records: 25)
            var seen: [JournalVerifier.Progress] = []
            let result = try JournalVerifier(directory: dir, witnessDirectories: []).verify(from: first, to: first.adding(days: 3),
                                                                                            progress: { seen.append($0) })
            #expect(result.status == .pass)
            #expect(result.files.count == 12)
            #expect(seen.map(\.files) == [3, 6, 9, 12])
            #expect(seen.map(\.records) == [75, 150, 225, 300])
            #expect(seen.map(\.day) == (0..<4).map { first.adding(days: $0) })
            #expect(seen.allSatisfy { $0.totalFiles == 12 })
        }
    }

    @Test func theLinkToTheDayBeforeTheRangeIsReadFromThatFilesEnd() throws {
        try withJournalDirectory { dir in
            let first = CivilDate(year: 2026, month: 11, day: 2)!
            let urls = try JournalSynthetic.writeDays(directory: dir, terminals: 1, first: first, days: 2, records: 400)
            let verifier = JournalVerifier(directory: dir, witnessDirectories: [])
            #expect(try verifier.verify(date: first.adding(days: 1)).status == .pass)
            // The day before ends elsewhere now (its last record gone): the link no longer holds.
            try Self.rewrite(urls[0]) { lines in lines.removeLast() }
            let codes = try verifier.verify(date: first.adding(days: 1)).files.flatMap(\.findings).map(\.code)
            #expect(codes.contains(.chainBreak))
            #expect(codes.contains(.seqGap))
            // Its end torn away past the window read from its tail: found by scanning the whole file.
            try Self.rewrite(urls[0]) { lines in lines += Array(repeating: Array(repeating: UInt8(ascii: "z"), count: 200), count: 400) }
            let end = try JournalVerifier.chainEnd(of: JournalLayout.ref(dir, terminal: "T01", date: first, segment: 1))
            let scan = try JournalFileScan.scan(file: urls[0].path)
            #expect(end.hash == scan.lastValidHash && end.seq == scan.lastValidSeq)
            #expect(end.seq == 399)
        }
    }
}
