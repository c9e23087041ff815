/// Where one file's records sit in their terminal's chain, in memory that does not grow with
/// the file: runs of consecutive seqs (one run for an intact file) and the hashes of the last
/// records. What checking a seal asks of a file: how many records up to a seq, and the hash of
/// the last record with that seq.
struct JournalChainSummary {
    /// Hashes kept from the end of the file; an older one is read again from the file.
    static let tailLength = 4096

    private struct Run {
        var firstSeq: Int
        /// Index (among the file's records) of its first record.
        var start: Int
        var count: Int
    }

    /// Records seen.
    private(set) var count = 0
    private var runs: [Run] = []
    /// The last `tailLength` records' hashes, as a ring: record `i` is at `i % tailLength`.
    private var tail: [JournalLine.HashText] = []

    mutating func append(seq: Int, hash: JournalLine.HashText) {
        if let last = runs.last, last.start + last.count == count, last.firstSeq + last.count == seq {
            runs[runs.count - 1].count += 1
        } else {
            runs.append(Run(firstSeq: seq, start: count, count: 1))
        }
        if tail.count < Self.tailLength { tail.append(hash) } else { tail[count % Self.tailLength] = hash }
        count += 1
    }

    /// Records whose seq is at most `seq`.
    func covered(upTo seq: Int) -> Int {
        runs.reduce(0) { $0 + min($1.count, max(0, seq - $1.firstSeq + 1)) }
    }

    /// The index of the last record with `seq`, nil when there is none.
    func lastIndex(of seq: Int) -> Int? {
        runs.last { $0.firstSeq <= seq && seq < $0.firstSeq + $0.count }.map { $0.start + seq - $0.firstSeq }
    }

    /// The hash of record `index`, when it is among the last ones kept.
    func hash(at index: Int) -> JournalLine.HashText? {
        guard index >= 0, index < count, index >= count - Self.tailLength else { return nil }
        return tail[index % Self.tailLength]
    }
}
