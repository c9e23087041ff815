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
        /// The journal's header says a witness was kept and none was found: what came before
        /// cannot be confirmed; a new witness starts.
        case witnessMissing = "witness_missing"
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

extension JournalRecovery {
    /// What was found and done, in Japanese, for the clerk and the supervisor.
    public var message: String {
        switch kind {
        case .tornTail:
            return "ジャーナル \(file) の末尾の書きかけ（\(bytes) バイト）を \(copy ?? "-") に写して切り詰めました（記録は失われていません）。"
        case .corruption:
            return "ジャーナル \(file) の行\(record)（\(offset) バイト目）が損傷しています。ファイルはそのまま残し、"
                + "\(continuedIn ?? "新しいファイル") で記録を続けます。損傷した行は集計から除かれます。"
                + "madoguchi journal verify で確認し、監督者に報告してください。"
        case .missingRecords:
            let seqs = missingSeqs.map { "seq \($0.lowerBound)〜\($0.upperBound)" } ?? "記録"
            return "ジャーナルの証跡にある \(seqs)（\(file)）がファイルにありません。消された可能性があります。"
                + "番号は重ならないように続けます。監督者に報告してください。"
        case .witnessMismatch:
            return "ジャーナルの最後の記録（seq \(record)、\(file)）が証跡と違います。書き換えられた可能性があります。監督者に報告してください。"
        case .witnessMissing:
            return "ジャーナルの証跡がありません（消されたか読めません）。それまでの記録の末尾は確かめられません。新しい証跡を作って続けます。監督者に報告してください。"
        }
    }
}
