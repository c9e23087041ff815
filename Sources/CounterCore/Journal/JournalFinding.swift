/// One thing `verify` found wrong in a journal file, with where it is.
public struct JournalFinding: Equatable, Sendable {
    public enum Code: String, Sendable, CaseIterable {
        /// A line's bytes do not hash to its `h`: it was changed after it was written.
        case hashMismatch = "HASH_MISMATCH"
        /// A line's `prev` is not the hash of the line before it (or of the previous file).
        case chainBreak = "CHAIN_BREAK"
        /// Sequence numbers skip: a record is missing.
        case seqGap = "SEQ_GAP"
        /// A sequence number repeats or goes backwards.
        case seqDup = "SEQ_DUP"
        /// The file ends in an incomplete or unreadable line (a write cut short by a crash);
        /// the next open copies it aside and truncates.
        case tornTail = "TORN_TAIL"
        /// A record's time is earlier than the one before it (the clock was set back).
        case timeRegression = "TIME_REGRESSION"
        /// LIVE and TRAINING files in one journal directory.
        case modeMismatch = "MODE_MISMATCH"
        /// The first line is missing, unreadable or not a valid header for this file.
        case badHeader = "BAD_HEADER"
        /// A line in the middle of the file is not a readable record.
        case badRecord = "BAD_RECORD"

        /// Warnings are what crashes and clocks do; failures mean records were lost or changed.
        public var severity: Severity {
            switch self {
            case .tornTail, .timeRegression: return .warning
            default: return .failure
            }
        }
    }

    public enum Severity: String, Sendable, Comparable {
        case warning = "WARN"
        case failure = "FAIL"

        public static func < (a: Severity, b: Severity) -> Bool { a == .warning && b == .failure }
    }

    public var code: Code
    /// The line number in the file: 0 is the header, 1 the first record.
    public var record: Int
    /// Byte offset of that line in the file.
    public var offset: Int
    /// The line's sequence number, when it could be read.
    public var seq: Int?
    /// What exactly was found (English, technical; shown sanitized).
    public var detail: String

    public var severity: Severity { code.severity }

    public init(code: Code, record: Int, offset: Int, seq: Int? = nil, detail: String) {
        self.code = code
        self.record = record
        self.offset = offset
        self.seq = seq
        self.detail = detail
    }
}
