/// What `Journal.open` (or an append that found another process's damage) repaired.
public struct JournalRecovery: Equatable, Sendable {
    public enum Kind: String, Sendable {
        /// An incomplete or invalid tail was copied to `copy` and cut off.
        case tornTail = "torn_tail"
        /// Damage followed by valid records: the file is left as it is and a new segment
        /// (`segment`) continues the chain from its last valid record.
        case corruption
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
    /// The file that continues the chain (corruption).
    public var continuedIn: String?
}
