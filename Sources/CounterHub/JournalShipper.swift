import CounterCore
import Foundation
import JapaneseKit
import PostgresNIO

/// Ships one terminal's journal to the hub: every intact line after the last one the hub
/// holds, in chain order, in batches. The hub checks each line on arrival (`hub_ship`): its
/// hash against its bytes, its `prev` against the last hash it holds for the terminal. A line
/// already there is skipped when it is the same and refused as a fork when it differs, so
/// shipping is idempotent and resumes after any outage or crash from what the hub has.
///
/// The terminal also keeps what the hub last acknowledged (`state/hub-shipped.<terminal>`):
/// a hub that no longer holds what it acknowledged has lost records, which is reported (and
/// the lines shipped again); a hub that holds more than the terminal's files is reported too.
public struct JournalShipper: Sendable {
    public let journalDirectory: URL
    public let terminal: String
    /// `<data-dir>/state/hub-shipped.<terminal>`.
    public let markFile: URL
    /// Lines per round trip.
    public var batchSize = 1000

    public init(dataDirectory: URL, terminal: String) {
        journalDirectory = dataDirectory.appendingPathComponent("journal")
        self.terminal = terminal
        markFile = dataDirectory.appendingPathComponent("state/hub-shipped.\(terminal)")
    }

    /// The last line the hub holds for a terminal.
    public struct Head: Equatable, Sendable {
        public var position: JournalChainLine.Position
        public var seq: Int
        public var hash: String
    }

    /// What one `ship` did and found.
    public struct Report: Equatable, Sendable {
        public var shipped = 0
        /// Lines sent again that the hub already held, identical.
        public var duplicates = 0
        /// The line the hub refused, if any: nothing after it was shipped.
        public var refused: Refusal?
        /// Seqs the hub had acknowledged and no longer holds (shipped again).
        public var hubLost: ClosedRange<Int>?
        /// Seqs the hub holds beyond the end of this terminal's files.
        public var terminalLacks: ClosedRange<Int>?
        /// The hub's last line after shipping.
        public var head: Head?

        public var isClean: Bool { refused == nil && hubLost == nil && terminalLacks == nil }
    }

    /// A line the hub would not take.
    public struct Refusal: Equatable, Sendable {
        public enum Kind: String, Sendable {
            /// The hub holds another line with the same key.
            case differs
            /// The line does not continue the hub's chain (reordered, or a gap).
            case chain
            /// The line's hash does not match its bytes.
            case unsealed
        }
        public var kind: Kind
        public var position: JournalChainLine.Position
        public var seq: Int

        public var message: String {
            let place = "\(position.date.iso) \(position.segment == 1 ? "" : "セグメント\(position.segment) ")seq \(seq)"
            return switch kind {
            case .differs: "分岐: ハブは \(place) に別の記録を持っています。ハブの記録は上書きしません。管理者に知らせてください。"
            case .chain: "分岐: \(place) の記録がハブの最後の記録に続きません（順序の入れ替えか欠け）。送信を止めました。管理者に知らせてください。"
            case .unsealed: "\(place) の記録のハッシュが内容と合いません。送信を止めました。"
            }
        }
    }

    // MARK: - Shipping

    /// Ships everything the hub lacks. Throws only when the hub cannot be reached or refuses
    /// the statement; a refused line is in the report.
    public func ship(over hub: HubConnection) throws(HubError) -> Report {
        var resume: JournalChainLine.Resume?
        return try ship(over: hub, resume: &resume)
    }

    /// As `ship(over:)`, for a shipper that keeps where the hub's chain ended last time
    /// (`resume`): while the hub's last line is still that one, only the lines written after it
    /// are read from the files. `resume` is moved to the hub's new last line.
    public func ship(over hub: HubConnection, resume: inout JournalChainLine.Resume?) throws(HubError) -> Report {
        var report = Report()
        let head = try Self.head(terminal: terminal, over: hub)
        let mark = readMark()
        if let mark, head.map({ $0.position < mark.position }) ?? true {
            let lost = ((head?.seq ?? 0) + 1)...max((head?.seq ?? 0) + 1, mark.seq)
            report.hubLost = lost
            try note(kind: "hub_lost", range: lost,
                     detail: "ハブが受け取りを確認した記録（seq \(mark.seq) まで）の一部がハブにありません", over: hub)
        }
        let read: JournalChainLine.Read
        var pending: ArraySlice<JournalChainLine>
        if let known = resume, let head, report.hubLost == nil, known.position == head.position, known.hash == head.hash,
           let tail = try readJournal({ try JournalChainLine.read(directory: journalDirectory, terminal: terminal, after: known) }) {
            read = tail
            pending = read.lines[...]
        } else {
            resume = nil
            read = try readJournal { try JournalChainLine.read(directory: journalDirectory, terminal: terminal, from: head?.position.date) }
            let local = read.lines
            pending = local[...]
            if let head {
                if let index = local.firstIndex(where: { $0.position == head.position }) {
                    // Sent again: the hub skips it when it is the same, and reports a fork when not.
                    pending = local[index...]
                } else {
                    pending = local.drop { $0.position <= head.position }
                    if pending.isEmpty, (local.last?.position ?? JournalChainLine.Position(date: head.position.date, segment: 0, line: 0)) < head.position {
                        let before = local.last(where: { $0.seq < head.seq })?.seq ?? 0
                        let lacks = (before + 1)...max(before + 1, head.seq)
                        report.terminalLacks = lacks
                        try note(kind: "terminal_lacks", range: lacks,
                                 detail: "ハブにある記録（seq \(head.seq) まで）がこの端末のファイルにありません", over: hub)
                    }
                }
            }
        }
        report.head = head
        var marked = mark
        while !pending.isEmpty {
            let first = pending.startIndex
            let batch = Array(pending.prefix(batchSize))
            pending = pending.dropFirst(batch.count)
            let outcome = try send(batch, over: hub)
            report.shipped += outcome.accepted
            report.duplicates += outcome.duplicates
            let taken = outcome.accepted + outcome.duplicates
            if taken > 0 {
                let last = batch[taken - 1]
                report.head = Head(position: last.position, seq: last.seq, hash: last.hash)
                resume = read.resume(after: first + taken - 1)
                writeMark(report.head!)
                marked = report.head
            }
            if let refusal = outcome.refusal {
                report.refused = refusal
                break
            }
        }
        if report.refused == nil, pending.isEmpty, let head = report.head, marked != head { writeMark(head) }
        return report
    }

    private func readJournal<T>(_ body: () throws -> T) throws(HubError) -> T {
        do { return try body() } catch {
            throw .server("ジャーナルを読めません: \(CounterMessage.text(for: error))")
        }
    }

    struct Outcome {
        var accepted: Int
        var duplicates: Int
        var refusal: Refusal?
    }

    func send(_ batch: [JournalChainLine], over hub: HubConnection) throws(HubError) -> Outcome {
        let days = batch.map(\.date.iso), segments = batch.map(\.segment), lines = batch.map(\.line), seqs = batch.map(\.seq)
        let hashes = batch.map(\.hash), prevs = batch.map(\.prev), stamps = batch.map(\.timestamp)
        let bodies = batch.map { ByteBuffer(bytes: $0.bytes) }
        let rows = try hub.query("""
            SELECT accepted, duplicates, refused_at, reason FROM hub_ship(\(terminal), \(days)::date[], \(segments)::integer[],
                \(lines)::integer[], \(seqs)::bigint[], \(hashes), \(prevs), \(stamps), \(bodies))
            """)
        guard let row = rows.first, let (accepted, duplicates, refusedAt, reason) = try? row.decode((Int, Int, Int, String?).self) else {
            throw .server("hub_ship が結果を返しません")
        }
        var outcome = Outcome(accepted: accepted, duplicates: duplicates)
        if refusedAt > 0, let reason, let kind = Refusal.Kind(rawValue: reason) {
            let line = batch[refusedAt - 1]
            outcome.refusal = Refusal(kind: kind, position: line.position, seq: line.seq)
        }
        return outcome
    }

    /// Writes a finding the supervisor sees in `hub status` (once per terminal, kind and range).
    func note(kind: String, range: ClosedRange<Int>, detail: String, over hub: HubConnection) throws(HubError) {
        try hub.query("""
            INSERT INTO hub_reports (terminal, kind, from_seq, to_seq, detail) VALUES (\(terminal), \(kind), \(range.lowerBound),
                \(range.upperBound), \(detail)) ON CONFLICT DO NOTHING
            """)
    }

    /// The last line the hub holds for `terminal`.
    public static func head(terminal: String, over hub: HubConnection) throws(HubError) -> Head? {
        let rows = try hub.query("""
            SELECT day::text, segment, line, seq, hash FROM hub_journal WHERE terminal = \(terminal)
            ORDER BY day DESC, segment DESC, line DESC LIMIT 1
            """)
        guard let row = rows.first else { return nil }
        guard let (day, segment, line, seq, hash) = try? row.decode((String, Int, Int, Int, String).self),
              let date = CivilDate(iso: day) else { throw .server("hub_journal の行を読めません") }
        return Head(position: .init(date: date, segment: segment, line: line), seq: seq, hash: hash)
    }

    // MARK: - What the hub acknowledged

    func readMark() -> Head? {
        guard let text = try? String(contentsOf: markFile, encoding: .utf8) else { return nil }
        let parts = text.split(whereSeparator: \.isWhitespace).map(String.init)
        guard parts.count == 5, let date = CivilDate(iso: parts[0]), let segment = Int(parts[1]), let line = Int(parts[2]),
              let seq = Int(parts[3]) else { return nil }
        return Head(position: .init(date: date, segment: segment, line: line), seq: seq, hash: parts[4])
    }

    /// Replaces the mark atomically but without fsync: a clerk's append waits for the disk, and
    /// two more syncs per shipment would make it wait behind them. After a power loss the mark
    /// may be an older one (or none), which only narrows what a lost hub is noticed for until the
    /// next shipment writes it again.
    func writeMark(_ head: Head) {
        let text = Array("\(head.position.date.iso) \(head.position.segment) \(head.position.line) \(head.seq) \(head.hash)\n".utf8)
        if (try? PrivateFile.write(text, to: markFile, durable: false)) != nil { return }
        try? FileManager.default.createDirectory(at: markFile.deletingLastPathComponent(), withIntermediateDirectories: true,
                                                 attributes: [.posixPermissions: 0o700])
        try? PrivateFile.write(text, to: markFile, durable: false)
    }
}
