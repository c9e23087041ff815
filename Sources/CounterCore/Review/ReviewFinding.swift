import Crypto
import Foundation

/// A journal record behind a finding: where it is stored, so the supervisor can open it.
public struct ReviewEvidence: Codable, Hashable, Sendable {
    /// The label of the source the file was read from (この端末, a folder, the hub).
    public var source: String
    /// `YYYY/MM/DD/<terminal>.jsonl`.
    public var file: String
    public var terminal: String
    /// The line number in the file (0 is the header).
    public var record: Int
    public var seq: Int
    /// The record's `ts` as written.
    public var ts: String
    public var type: String

    public init(source: String, file: String, terminal: String, record: Int, seq: Int, ts: String, type: String) {
        self.source = source
        self.file = file
        self.terminal = terminal
        self.record = record
        self.seq = seq
        self.ts = ts
        self.type = type
    }

    init(_ record: JournalRecord, source: String) {
        self.init(source: source, file: record.file.relativePath, terminal: record.terminal, record: record.record, seq: record.seq,
                  ts: record.ts, type: record.typeName)
    }
}

/// How the supervisor disposed of a finding when signing the review (点検記録).
public enum ReviewDisposition: String, CaseIterable, Codable, Sendable {
    case noIssue = "no_issue"
    case interview = "interview"
    case reported = "reported"

    /// 問題なし・要聞き取り・報告済.
    public var label: String {
        switch self {
        case .noIssue: "問題なし"
        case .interview: "要聞き取り"
        case .reported: "報告済"
        }
    }

    /// The disposition a word names (the label or the id).
    public init?(word: String) {
        guard let found = Self.allCases.first(where: { $0.rawValue == word || $0.label == word }) else { return nil }
        self = found
    }
}

/// A signed disposition of a finding, as read back from a `review` record.
public struct ReviewMark: Codable, Equatable, Sendable {
    public var disposition: ReviewDisposition
    public var comment: String
    public var reviewer: String
    /// When the review was signed (`ts` of its record).
    public var signedAt: String
    /// The finding's `digest` when it was signed: the mark holds only while the finding is
    /// the same (a view or an off-hours record added since reopens it).
    public var digest: String

    public init(disposition: ReviewDisposition, comment: String, reviewer: String, signedAt: String, digest: String = "") {
        self.disposition = disposition
        self.comment = comment
        self.reviewer = reviewer
        self.signedAt = signedAt
        self.digest = digest
    }
}

/// One thing the review found.
public struct ReviewFinding: Codable, Equatable, Sendable, Identifiable {
    /// Stable across runs (from the rule and the records behind it), so a signed disposition
    /// finds its finding again next time.
    public var id: String
    public var rule: ReviewRuleID
    public var title: String
    public var severity: ReviewSeverity
    public var clerk: String?
    public var terminal: String?
    /// When (the first record behind it, as written); nil for a finding about a whole day.
    public var ts: String?
    /// The resident concerned (宛名番号); their name is shown only through a journaled view.
    public var resident: String?
    /// What was found, in Japanese, without names.
    public var detail: String
    public var evidence: [ReviewEvidence]
    /// The disposition signed in an earlier review, if any.
    public var reviewed: ReviewMark?

    public init(rule: ReviewRule, clerk: String?, terminal: String?, ts: String?, resident: String?, detail: String,
                evidence: [ReviewEvidence], severity: ReviewSeverity? = nil, key: String? = nil) {
        self.rule = rule.id
        title = rule.title
        self.severity = severity ?? rule.severity
        self.clerk = clerk
        self.terminal = terminal
        self.ts = ts
        self.resident = resident
        self.detail = detail
        self.evidence = evidence
        let basis = key ?? evidence.prefix(1).map { "\($0.terminal)|\($0.file)|\($0.seq)" }.joined()
        id = Self.id(rule: rule.id, basis: basis + "|" + (resident ?? "") + "|" + (clerk ?? ""))
        reviewed = nil
    }

    /// What the finding rests on, as letters: its detail and every record behind it (where it
    /// is stored, not which source it was read from). A signed disposition names it, so a
    /// finding that has grown since (more views, more off-hours work the same day) is open again.
    public var digest: String {
        let basis = ([rule.rawValue, detail, resident ?? "", clerk ?? ""]
            + evidence.map { "\($0.terminal)|\($0.file)|\($0.record)|\($0.seq)|\($0.ts)|\($0.type)" }).joined(separator: "\n")
        return Self.id(rule: rule, basis: basis)
    }

    /// Ten letters from the digest, no digits: an id never reads as a number (a card number
    /// check would refuse it in a record), and is short enough to type.
    static func id(rule: ReviewRuleID, basis: String) -> String {
        let digest = SHA256.hash(data: Data((rule.rawValue + "|" + basis).utf8))
        let letters = Array("abcdefghjkmnpqrstuvwxyz")
        return String(digest.prefix(10).map { letters[Int($0) % letters.count] })
    }
}
