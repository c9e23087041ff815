import CounterCore
import Foundation
import JapaneseKit
import PostgresNIO

/// Reading the hub's copy of the journals.
public enum HubJournal {
    /// Every line the hub holds dated `from` through `to`, per terminal in chain order
    /// (`terminal` only, when given).
    public static func lines(from: CivilDate, to: CivilDate, terminal: String? = nil,
                             over hub: HubConnection) throws(HubError) -> [String: [JournalChainLine]] {
        try HubSchema.require(hub)
        let rows: [PostgresRow]
        if let terminal {
            rows = try hub.query("""
                SELECT terminal, day::text, segment, line, seq, hash, prev, ts, body FROM hub_journal
                WHERE terminal = \(terminal) AND day BETWEEN \(from.iso)::date AND \(to.iso)::date ORDER BY day, segment, line
                """)
        } else {
            rows = try hub.query("""
                SELECT terminal, day::text, segment, line, seq, hash, prev, ts, body FROM hub_journal
                WHERE day BETWEEN \(from.iso)::date AND \(to.iso)::date ORDER BY terminal, day, segment, line
                """)
        }
        return try decode(rows)
    }

    /// Per terminal, the lines of its last day before `day` that the hub holds.
    static func predecessors(of day: CivilDate, over hub: HubConnection) throws(HubError) -> [String: [JournalChainLine]] {
        let rows = try hub.query("""
            SELECT j.terminal, j.day::text, j.segment, j.line, j.seq, j.hash, j.prev, j.ts, j.body FROM hub_journal j
            JOIN (SELECT terminal, max(day) AS day FROM hub_journal WHERE day < \(day.iso)::date GROUP BY terminal) p
              ON j.terminal = p.terminal AND j.day = p.day
            ORDER BY j.terminal, j.segment, j.line
            """)
        return try decode(rows)
    }

    static func decode(_ rows: [PostgresRow]) throws(HubError) -> [String: [JournalChainLine]] {
        var result: [String: [JournalChainLine]] = [:]
        for row in rows {
            guard let (terminal, day, segment, line, seq, hash, prev, ts, body) =
                    try? row.decode((String, String, Int, Int, Int, String, String, String, ByteBuffer).self),
                  let date = CivilDate(iso: day) else { throw .server("hub_journal の行を読めません") }
            result[terminal, default: []].append(JournalChainLine(date: date, segment: segment, line: line, seq: seq, hash: hash,
                                                                  prev: prev, timestamp: ts, bytes: Array(body.readableBytesView)))
        }
        return result
    }

    /// What the hub found on arrival in `from`…`to`, as verification notes on the terminal's day:
    /// each record refused as a fork (on the day and segment it names), each loss a terminal
    /// reported (on its file of the day it was found).
    static func notes(from: CivilDate, to: CivilDate, over hub: HubConnection) throws(HubError) -> [JournalVerification.Note] {
        var notes: [JournalVerification.Note] = []
        for row in try hub.query("""
            SELECT terminal, day::text, segment, line, seq, kind FROM hub_forks
            WHERE day BETWEEN \(from.iso)::date AND \(to.iso)::date ORDER BY terminal, day, segment, line
            """) {
            guard let (terminal, day, segment, line, seq, kind) = try? row.decode((String, String, Int, Int, Int, String).self),
                  let date = CivilDate(iso: day) else { throw .server("hub_forks の行を読めません") }
            let why = switch kind {
            case "differs": "ハブが持つ同じ連番の記録と中身が違います"
            case "chain": "ハブが持つ直前の記録につながりません"
            default: "行のハッシュが合いません"
            }
            notes.append(.init(terminal: terminal, date: date, segment: segment,
                               finding: JournalFinding(code: .fork, record: line, offset: 0, seq: seq,
                                                       detail: "seq \(seq) がハブに断られました: \(why)。ハブは元の記録を保っています（madoguchi hub status）",
                                                       outside: true)))
        }
        for row in try hub.query("""
            SELECT terminal, (found_at AT TIME ZONE 'Asia/Tokyo')::date::text, kind, from_seq, to_seq FROM hub_reports
            WHERE (found_at AT TIME ZONE 'Asia/Tokyo')::date BETWEEN \(from.iso)::date AND \(to.iso)::date ORDER BY terminal, found_at
            """) {
            guard let (terminal, day, kind, first, last) = try? row.decode((String, String, String, Int, Int).self),
                  let date = CivilDate(iso: day) else { throw .server("hub_reports の行を読めません") }
            let side = kind == "hub_lost" ? "ハブから" : "端末のファイルから"
            notes.append(.init(terminal: terminal, date: date, segment: 1,
                               finding: JournalFinding(code: .recordsMissing, record: 0, offset: 0, seq: first,
                                                       detail: "seq \(first)〜\(last) が\(side)消えています（madoguchi hub status）", outside: true)))
        }
        return notes
    }

    /// How this terminal's files and the hub's copy compare over a range.
    public struct Comparison: Sendable, Equatable {
        /// Lines in the files the hub does not hold, after the last one it holds (not yet shipped).
        public var unshipped: [JournalChainLine.Position] = []
        /// Lines in the files the hub does not hold, before the last one it holds (lost by the hub).
        public var missingOnHub: [JournalChainLine.Position] = []
        /// Lines the hub holds that the files do not.
        public var missingInFiles: [JournalChainLine.Position] = []
        /// Lines held on both sides that differ.
        public var differing: [JournalChainLine.Position] = []
        public var matching = 0

        public var agrees: Bool { missingOnHub.isEmpty && missingInFiles.isEmpty && differing.isEmpty }
    }

    /// Compares `terminal`'s files in `journalDirectory` with the hub's copy, `from` through `to`.
    public static func compare(journalDirectory: URL, terminal: String, from: CivilDate, to: CivilDate,
                               over hub: HubConnection) throws(HubError) -> Comparison {
        let held = (try lines(from: from, to: to, terminal: terminal, over: hub))[terminal] ?? []
        let local: [JournalChainLine]
        do { local = try JournalChainLine.lines(directory: journalDirectory, terminal: terminal, from: from).filter { $0.date <= to } } catch {
            throw .server("ジャーナルを読めません: \(CounterMessage.text(for: error))")
        }
        var onHub: [JournalChainLine.Position: String] = [:]
        for line in held { onHub[line.position] = line.hash }
        let hubEnd = held.last?.position
        var comparison = Comparison()
        var seen = Set<JournalChainLine.Position>()
        for line in local {
            seen.insert(line.position)
            switch onHub[line.position] {
            case nil:
                if let hubEnd, line.position < hubEnd { comparison.missingOnHub.append(line.position) } else { comparison.unshipped.append(line.position) }
            case line.hash?: comparison.matching += 1
            default: comparison.differing.append(line.position)
            }
        }
        comparison.missingInFiles = held.map(\.position).filter { !seen.contains($0) }
        return comparison
    }
}

/// The supervisor's journal source over the hub: every terminal's lines, rebuilt as journal
/// files in a private folder (0700, removed when the source goes) and read, verified and
/// compared exactly as any journal folder is. What the hub found on arrival (records refused as
/// forks, records one side lost) is added to the verification of the terminal's day.
public final class HubJournalSource: JournalSource, @unchecked Sendable {
    // Safe: `mirrored` and `notes` are read and written only while holding `lock`.
    private let lock = NSLock()
    private var mirrored: ClosedRange<CivilDate>?
    private var notes: [JournalVerification.Note] = []
    public let label: String
    let endpoint: HubEndpoint
    let folder: URL

    /// `scratch`: a private folder to rebuild the files in (the data directory's `state/`).
    public init(endpoint: HubEndpoint, scratch: URL, label: String = "ハブ") {
        self.endpoint = endpoint
        self.label = label
        folder = scratch.appendingPathComponent("\(Self.copyPrefix)\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))")
        Self.removeStaleCopies(in: scratch)
    }

    static let copyPrefix = "hub-copy-"

    /// Copies left by a process that ended without removing its own (killed, a power loss):
    /// every terminal's journal does not stay in `state/` after the screen that read it.
    static func removeStaleCopies(in scratch: URL) {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: scratch.path)) ?? [] where name.hasPrefix(copyPrefix) {
            guard let pid = name.dropFirst(copyPrefix.count).split(separator: "-").first.flatMap({ Int32($0) }), pid > 0 else { continue }
            if kill(pid, 0) != 0, errno == ESRCH { try? FileManager.default.removeItem(at: scratch.appendingPathComponent(name)) }
        }
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    private var directory: DirectoryJournalSource { DirectoryJournalSource(label: label, directory: folder, witnessDirectories: []) }

    /// Fetches the range afresh: what every terminal has shipped until now.
    public func prepare(from: CivilDate, to: CivilDate) throws {
        do { try mirror(from: from, to: to, afresh: true) } catch {
            let reason: String
            switch error {
            case .unreachable(let why): reason = "ハブに接続できません（\(DisplaySanitizer.sanitize(why))）。"
            default: reason = error.message
            }
            throw CounterAppError.refused("ほかの端末の記録をハブから読めません。\(reason)足りない記録で合計・締め・点検をしないよう止めました。ハブが戻ってからもう一度行ってください。")
        }
    }

    /// Fetches the range from the hub unless it is at hand (or `afresh`).
    func mirror(from: CivilDate, to: CivilDate, afresh: Bool = false) throws(HubError) {
        lock.lock()
        defer { lock.unlock() }
        if !afresh, let mirrored, mirrored.contains(from), mirrored.contains(to) { return }
        do {
            let hub = try HubConnection.open(endpoint)
            defer { hub.close() }
            var lines = try HubJournal.lines(from: from, to: to, over: hub)
            // Each terminal's day before the range too: the first file's header is checked against it.
            for (terminal, earlier) in try HubJournal.predecessors(of: from, over: hub) {
                lines[terminal] = earlier + (lines[terminal] ?? [])
            }
            let found = try HubJournal.notes(from: from, to: to, over: hub)
            try? FileManager.default.removeItem(at: folder)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            for (terminal, terminalLines) in lines {
                do { try JournalChainLine.writeFiles(terminalLines, terminal: terminal, into: folder) } catch {
                    throw HubError.server("ハブの記録を書き出せません: \(CounterMessage.text(for: error))")
                }
            }
            mirrored = from...to
            notes = found
        } catch let error as HubError {
            mirrored = nil
            throw error
        } catch {
            mirrored = nil
            throw .server(CounterMessage.reason(for: error))
        }
    }

    public func files(from: CivilDate, to: CivilDate) -> [JournalFileRef] {
        guard (try? mirror(from: from, to: to)) != nil else { return [] }
        return directory.files(from: from, to: to)
    }

    public func bytes(of file: JournalFileRef) throws -> [UInt8] { try directory.bytes(of: file) }

    /// Throws when the hub cannot be read: a review never answers from fewer journals as if from all.
    public func verify(from: CivilDate, to: CivilDate,
                       eachDay: ((CivilDate, [JournalRecord]) throws -> Void)?) throws -> JournalVerification {
        do { try mirror(from: from, to: to) } catch { try prepare(from: from, to: to) }
        let found = lock.withLock { notes.filter { (from...to).contains($0.date) } }
        return try directory.verify(from: from, to: to, eachDay: eachDay).adding(found, directory: folder)
    }
}
