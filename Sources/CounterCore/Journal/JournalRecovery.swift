/// What `Journal.open` (or an append that found another process's damage) repaired.
public struct JournalRecovery: Equatable, Sendable {
    public enum Kind: String, Sendable {
        /// An incomplete or invalid tail was copied to `copy` and cut off.
        case tornTail = "torn_tail"
        /// Damage followed by valid records: the file is left as it is and a new segment
        /// (`segment`) continues the chain from its last valid record.
        case corruption
        /// The witness saw records (`missingSeqs`) that no journal file holds any more: cut
        /// off or deleted. The chain continues after them; the seqs are never given out again.
        case missingRecords = "missing_records"
        /// The witness saw a different last line (`record` is its seq): the journal was rewritten.
        case witnessMismatch = "witness_mismatch"
    }

    public var kind: Kind
    /// The damaged file, `YYYY/MM/DD/<name>`.
    public var file: String
    /// The first damaged line (0 = header) and its byte offset.
    public var record: Int
    public var offset: Int
    /// Bytes cut off (torn tail).
    public var bytes: Int
    /// The copy of the cut-off bytes, `YYYY/MM/DD/<name>.torn-<offset>` (torn tail).
    public var copy: String?
    /// The file that continues the chain (corruption, missing records).
    public var continuedIn: String?
    /// The seqs the witness saw that are gone (missing records).
    public var missingSeqs: ClosedRange<Int>? = nil
}
