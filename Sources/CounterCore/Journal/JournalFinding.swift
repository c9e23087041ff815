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
        /// The header links to an earlier file that is not there, or is empty.
        case missingPredecessor = "MISSING_PREDECESSOR"
        /// A file without even a header where records were (a later file or the witness says so).
        case emptied = "EMPTIED"
        /// Records the witness saw (or the writer, on reopening, found gone) are not in the files.
        case recordsMissing = "RECORDS_MISSING"
        /// The line the witness saw last is there with a different hash: history was rewritten.
        case witnessMismatch = "WITNESS_MISMATCH"
        /// The writer keeps a witness of this journal but none is found (WARN: the end of the
        /// journal cannot be confirmed).
        case witnessMissing = "WITNESS_MISSING"
        /// A sealed day's records disagree with its seal (count, last seq, last hash, totals).
        case sealMismatch = "SEAL_MISMATCH"
        /// Payments or voids of a sealed day that the seal does not cover (WARN: the day's
        /// sealed figures and the money differ by them).
        case afterSeal = "AFTER_SEAL"
        /// The hub refused a record that differs from the one it holds at that place, or does not
        /// continue the chain it holds: two histories of one journal (a fork).
        case fork = "FORK"

        /// What the code means, in Japanese, for the verify listing.
        public var title: String {
            switch self {
            case .hashMismatch: return "行が書かれた後に変更されています"
            case .chainBreak: return "前の行（前のファイル）とのつながりが切れています"
            case .seqGap: return "連番が飛んでいます（記録が欠けています）"
            case .seqDup: return "連番が重複または逆行しています"
            case .tornTail: return "末尾が書きかけです（次の起動で修復）"
            case .timeRegression: return "時刻が前の記録より前です（時計の戻り）"
            case .modeMismatch: return "本番用と研修用のファイルが混在しています"
            case .badHeader: return "先頭行がないか、このファイルのものではありません"
            case .badRecord: return "途中の行が読めません"
            case .missingPredecessor: return "前のファイルがないか空です"
            case .emptied: return "ファイルの中身が消されています"
            case .recordsMissing: return "記録が消されています"
            case .witnessMismatch: return "証跡と違う記録です（書き換え）"
            case .witnessMissing: return "証跡がありません（末尾の確認不可）"
            case .sealMismatch: return "日計の締めと記録が合いません"
            case .afterSeal: return "締めに含まれない支払があります"
            case .fork: return "ハブの記録と食い違う記録が送られました（分岐）"
            }
        }

        /// Warnings are what crashes and clocks do; failures mean records were lost or changed.
        public var severity: Severity {
            switch self {
            case .tornTail, .timeRegression, .witnessMissing, .afterSeal: return .warning
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
    /// What exactly was found, in Japanese (shown sanitized).
    public var detail: String
    /// Found by a witness outside the files (the hub, on arrival), not in them: it stands
    /// whichever copy of the file a supervisor's sources read.
    public var outside = false

    public var severity: Severity { code.severity }

    /// The finding with another `detail`.
    func with(detail: String) -> JournalFinding {
        var copy = self
        copy.detail = detail
        return copy
    }

    public init(code: Code, record: Int, offset: Int, seq: Int? = nil, detail: String, outside: Bool = false) {
        self.outside = outside
        self.code = code
        self.record = record
        self.offset = offset
        self.seq = seq
        self.detail = detail
    }
}
