@testable import CounterCore
import Foundation
import JapaneseKit
import Testing

/// The verifier keeps of each file only runs of seqs and the last hashes: a seal check must
/// come out as it does over every record's place in the chain.
@Suite struct JournalChainSummaryTests {
    static func hash(_ i: Int) -> JournalLine.HashText { JournalLine.HashText(String(repeating: String(i % 16, radix: 16), count: 64)) }

    /// Seqs in order, with gaps, repeats and records out of order, against a filter over them all.
    @Test func countsAndFindsAsTheWholeChainDoes() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<50 {
            var seqs: [Int] = []
            var seq = Int.random(in: 1...5, using: &generator)
            for _ in 0..<Int.random(in: 0...6000, using: &generator) {
                seqs.append(seq)
                switch Int.random(in: 0..<100, using: &generator) {
                case 0: seq += Int.random(in: 2...9, using: &generator)    // gap
                case 1: seq -= Int.random(in: 0...5, using: &generator)    // repeat or back
                default: seq += 1
                }
            }
            var summary = JournalChainSummary()
            for (i, s) in seqs.enumerated() { summary.append(seq: s, hash: Self.hash(i)) }
            #expect(summary.count == seqs.count)
            for probe in [0, 1, seqs.count / 2, seqs.last ?? 0, (seqs.max() ?? 0) + 1] + seqs.suffix(3) {
                #expect(summary.covered(upTo: probe) == seqs.filter { $0 <= probe }.count)
                let last = seqs.lastIndex(of: probe)
                #expect(summary.lastIndex(of: probe) == last)
                if let last {
                    let kept = summary.hash(at: last)
                    #expect(kept == (last >= seqs.count - JournalChainSummary.tailLength ? Self.hash(last) : nil))
                }
            }
        }
    }

    /// Appends `count` access records after the last line of `url`, chained to it.
    static func appendRecords(_ count: Int, to url: URL) throws {
        var prev = ""
        var seq = 0
        JournalFileScan.scan(fileBytes(url)) { line, _, _ in
            prev = line.decoded.hash ?? prev
            seq = line.decoded.seq ?? seq
        }
        var out = fileBytes(url)
        for i in 1...count {
            let written = JournalLine.record(seq: seq + i, ts: "2026-11-25T16:00:00.000+09:00", type: "access", clerk: "k01",
                                             fields: ["action": "search", "query": "やまだ", "results": 0], prev: prev)
            out += written.line
            prev = written.hash
        }
        try Data(out).write(to: url)
    }

    /// A seal whose last record is older than the hashes kept: its hash is read again from the file.
    @Test func aSealFarBehindTheEndIsCheckedAgainstTheFile() throws {
        try withPaymentRoot { root in
            let counter = try JournalTamperTests.sealedDay(root)
            let url = JournalTamperTests.file(counter)
            try Self.appendRecords(JournalChainSummary.tailLength + 100, to: url)
            let verifier = JournalVerifier(directory: counter.directory, witnessDirectories: [])
            let intact = try verifier.verify(date: november25)
            #expect(!JournalTamperTests.codes(intact).contains(.sealMismatch), "\(intact.files.flatMap(\.findings).prefix(3))")

            // The sealed payment edited and every hash after it recomputed: the file alone is a valid chain.
            try JournalTamperTests.rewriteChain(url) { i, m in if i == 4 { JournalTamperTests.set("amount", 100, in: &m) } }
            let edited = try verifier.verify(date: november25)
            #expect(edited.status == .fail)
            let seal = edited.files[0].findings.filter { $0.code == .sealMismatch }.map(\.detail).joined()
            #expect(seal.contains("ハッシュ不一致"))
            #expect(seal.contains("差引 400 円"))
        }
    }
}
