import Foundation
import JapaneseKit

/// The supervisor's sign-off of a review (点検記録): a `review` journal record naming each
/// finding and its disposition, hash-chained like every record; read back, it marks those
/// findings as reviewed the next time.
public enum ReviewSignOff {
    /// A finding's disposition as the supervisor marks it.
    public struct Entry: Equatable, Sendable {
        public var findingID: String
        public var disposition: ReviewDisposition
        public var comment: String

        public init(findingID: String, disposition: ReviewDisposition, comment: String = "") {
            self.findingID = findingID
            self.disposition = disposition
            self.comment = comment
        }
    }

    /// The `review` record's fields.
    public static func fields(_ review: Review, entries: [Entry]) -> [String: JournalValue] {
        let byID = Dictionary(entries.map { ($0.findingID, $0) }, uniquingKeysWith: { _, b in b })
        let findings: [JournalValue] = review.findings.compactMap { f in
            guard let e = byID[f.id] else { return nil }
            return .object(["id": .string(f.id), "digest": .string(f.digest), "rule": .string(f.rule.rawValue),
                            "severity": .string(f.severity.rawValue),
                            "disposition": .string(e.disposition.rawValue), "comment": .string(e.comment)])
        }
        return [
            "from": .string(review.from.iso), "to": .string(review.to.iso), "status": .string(review.status),
            "records": .int(review.records), "files": .int(review.files),
            "findings": .array(findings),
            "terminals": .array(review.terminals.map { t in
                .object(["terminal": .string(t.terminal), "seq": t.lastSeq.map { .int($0) } ?? .null,
                         "hash": t.lastHash.map { .string($0) } ?? .null, "status": .string(t.status)])
            }),
        ]
    }

    /// The latest signed disposition of each finding id, from `review` records (oldest first).
    /// A mark applies to a finding only while its `digest` is the finding's (see `apply`).
    public static func marks(from records: [JournalRecord]) -> [String: ReviewMark] {
        var marks: [String: ReviewMark] = [:]
        for r in records where r.type == .review {
            for item in r["findings"]?.arrayValue ?? [] {
                guard let o = item.objectValue, let id = o["id"]?.stringValue,
                      let d = o["disposition"]?.stringValue.flatMap(ReviewDisposition.init(rawValue:)) else { continue }
                marks[id] = ReviewMark(disposition: d, comment: o["comment"]?.stringValue ?? "", reviewer: r.clerk, signedAt: r.ts,
                                       digest: o["digest"]?.stringValue ?? "")
            }
        }
        return marks
    }

    /// `findings` with the marks that still hold: a mark whose digest is not the finding's
    /// (the finding grew after it was signed) leaves it open.
    public static func apply(_ marks: [String: ReviewMark], to findings: inout [ReviewFinding]) {
        for i in findings.indices {
            findings[i].reviewed = marks[findings[i].id].flatMap { $0.digest == findings[i].digest ? $0 : nil }
        }
    }
}
