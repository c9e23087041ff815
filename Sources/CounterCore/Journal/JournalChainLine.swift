import Foundation
import JapaneseKit

/// One intact line of a terminal's journal as the hub keeps it: the header of a file (line 0,
/// keyed by the seq it continues from) or a record. What is shipped, and what the hub's copy
/// is rebuilt from, is exactly the bytes written.
public struct JournalChainLine: Sendable, Equatable {
    public var date: CivilDate
    public var segment: Int
    /// 0 for the file's header.
    public var line: Int
    /// The record's seq; for a header its `prev_seq`.
    public var seq: Int
    public var hash: String
    public var prev: String
    /// `ts` of a record, `created` of a header.
    public var timestamp: String
    /// The line as written, without its newline.
    public var bytes: [UInt8]

    public var isHeader: Bool { line == 0 }

    /// The time of `timestamp`.
    public var time: Date? { JournalTimestamp.parse(timestamp) }

    public init(date: CivilDate, segment: Int, line: Int, seq: Int, hash: String, prev: String, timestamp: String, bytes: [UInt8]) {
        self.date = date
        self.segment = segment
        self.line = line
        self.seq = seq
        self.hash = hash
        self.prev = prev
        self.timestamp = timestamp
        self.bytes = bytes
    }

    /// Where the line sits in the terminal's chain: files in (day, segment) order, lines in file order.
    public var position: Position { Position(date: date, segment: segment, line: line) }

    public struct Position: Hashable, Comparable, Sendable {
        public var date: CivilDate
        public var segment: Int
        public var line: Int
        public init(date: CivilDate, segment: Int, line: Int) {
            self.date = date
            self.segment = segment
            self.line = line
        }
        public static func < (a: Position, b: Position) -> Bool { (a.date, a.segment, a.line) < (b.date, b.segment, b.line) }
    }

    // MARK: - Reading and writing files

    /// The intact lines of `terminal`'s LIVE journal in `directory`, files dated `from` on (all
    /// when nil), in chain order. In each file the lines stop at the first one that is not
    /// whole and sealed (a torn tail, damage): what follows damage is not vouched for.
    public static func lines(directory: URL, terminal: String, from: CivilDate? = nil) throws -> [JournalChainLine] {
        // The days the journal holds (not every day of the calendar).
        let days = JournalLayout.days(directory, onOrBefore: CivilDate(year: 9999, month: 12, day: 31)!)
            .filter { day in from.map { day >= $0 } ?? true }.sorted()
        let files = days.flatMap { JournalLayout.files(directory, on: $0).filter { $0.terminal == terminal } }
        var result: [JournalChainLine] = []
        for ref in files {
            let bytes = try JournalIO.readAll(ref.url.path)
            var lines: [JournalChainLine] = []
            var next = 1
            let scan = JournalFileScan.scan(bytes, expecting: .init(terminal: ref.terminal, date: ref.date, segment: ref.segment)) { line, _, text in
                // The scan hands over self-valid records only: a gap in the line numbers is a line that is not.
                guard line.number == next, let hash = line.decoded.hash, let seq = line.decoded.seq, let prev = line.decoded.prev else {
                    next = -1
                    return
                }
                next += 1
                lines.append(JournalChainLine(date: ref.date, segment: ref.segment, line: line.number, seq: seq, hash: hash,
                                              prev: prev, timestamp: line.decoded.ts ?? "", bytes: Array(text)))
            }
            guard let header = scan.header, header.mode == .live, let first = scan.headerLine, first.selfValid,
                  let hash = first.decoded.hash else { continue }
            result.append(JournalChainLine(date: ref.date, segment: ref.segment, line: 0, seq: header.prevSeq, hash: hash,
                                           prev: header.prev, timestamp: header.created,
                                           bytes: Array(bytes[first.offset..<(first.offset + first.length)])))
            result += lines
        }
        return result
    }

    /// Writes `lines` (one terminal's, in chain order) as journal files under `directory`
    /// (`YYYY/MM/DD/<terminal>.jsonl`, folders 0700, files 0600): a copy the verifier and the
    /// readers take as they take any journal folder.
    public static func writeFiles(_ lines: [JournalChainLine], terminal: String, into directory: URL) throws {
        var files: [JournalFileRef: [UInt8]] = [:]
        var order: [JournalFileRef] = []
        for line in lines {
            let ref = JournalLayout.ref(directory, terminal: terminal, date: line.date, segment: line.segment)
            if files[ref] == nil { order.append(ref) }
            files[ref, default: []] += line.bytes + [0x0A]
        }
        for ref in order {
            try JournalIO.makeDirectories(ref.url.deletingLastPathComponent().path, permissions: 0o700)
            do { try PrivateFile.write(files[ref]!, to: ref.url) } catch {
                throw JournalError.io(operation: "write", path: error.path, code: error.code)
            }
        }
    }

    /// Whether `terminal` is usable in a journal file name (what the hub accepts as a terminal id).
    public static func isValidTerminalID(_ terminal: String) -> Bool { JournalLayout.isValidTerminalID(terminal) }
}
