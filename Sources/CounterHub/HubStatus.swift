import CounterCore
import Foundation
import JapaneseKit
import PostgresNIO

/// What the hub holds, per terminal: the last record shipped, how late it arrived, and the
/// forks and losses found. `madoguchi hub status` prints it.
public struct HubStatus: Sendable {
    public struct Terminal: Sendable, Equatable {
        public var terminal: String
        public var lines: Int
        public var lastSeq: Int
        /// The last line's own time (`ts`, or a header's `created`).
        public var lastTimestamp: String
        /// When the hub received it.
        public var receivedAt: Date
        public var forks: Int
        public var reports: Int

        /// How long after it was written the last line reached the hub.
        public var lag: TimeInterval? { JournalTimestamp.parse(lastTimestamp).map { max(0, receivedAt.timeIntervalSince($0)) } }
    }

    /// A line the hub refused, or a loss found by a terminal.
    public struct Finding: Sendable, Equatable {
        public var terminal: String
        public var kind: String
        public var place: String
        public var foundAt: Date

        /// In the counter's words.
        public var description: String {
            let what = switch kind {
            case "differs": "分岐（同じ番号の別の記録が送られました。ハブの記録は上書きしていません）"
            case "chain": "分岐（ハブの最後の記録に続かない記録が送られました）"
            case "unsealed": "ハッシュが内容と合わない記録が送られました"
            case "hub_lost": "ハブから記録が消えています（端末が送り直しました）"
            case "terminal_lacks": "ハブにある記録が端末のファイルにありません"
            default: kind
            }
            return "\(DisplaySanitizer.sanitize(terminal)) \(place): \(what)"
        }
    }

    public var terminals: [Terminal]
    public var findings: [Finding]

    /// Reads the status from `hub`.
    public static func read(_ hub: HubConnection) throws(HubError) -> HubStatus {
        try HubSchema.require(hub)
        let rows = try hub.query("""
            SELECT t.terminal, t.seq, t.ts, extract(epoch FROM t.received_at)::float8,
                   (SELECT count(*) FROM hub_journal c WHERE c.terminal = t.terminal)::int8,
                   (SELECT count(*) FROM hub_forks f WHERE f.terminal = t.terminal)::int8,
                   (SELECT count(*) FROM hub_reports r WHERE r.terminal = t.terminal)::int8
            FROM (SELECT DISTINCT ON (terminal) terminal, seq, ts, received_at FROM hub_journal
                  ORDER BY terminal, day DESC, segment DESC, line DESC) t
            ORDER BY t.terminal
            """)
        var terminals: [Terminal] = []
        for row in rows {
            guard let (terminal, seq, ts, received, lines, forks, reports) = try? row.decode((String, Int, String, Double, Int, Int, Int).self) else {
                throw .server("hub_journal の行を読めません")
            }
            terminals.append(Terminal(terminal: terminal, lines: lines, lastSeq: seq, lastTimestamp: ts,
                                      receivedAt: Date(timeIntervalSince1970: received), forks: forks, reports: reports))
        }
        var findings: [Finding] = []
        for row in try hub.query("""
            SELECT terminal, kind, day::text || ' seq ' || seq, extract(epoch FROM found_at)::float8 FROM hub_forks
            UNION ALL
            SELECT terminal, kind, 'seq ' || from_seq || '〜' || to_seq, extract(epoch FROM found_at)::float8 FROM hub_reports
            ORDER BY 4, 1
            """) {
            guard let (terminal, kind, place, at) = try? row.decode((String, String, String, Double).self) else { continue }
            findings.append(Finding(terminal: terminal, kind: kind, place: place, foundAt: Date(timeIntervalSince1970: at)))
        }
        return HubStatus(terminals: terminals, findings: findings)
    }
}
