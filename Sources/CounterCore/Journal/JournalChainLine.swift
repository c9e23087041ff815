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
        try read(directory: directory, terminal: terminal, from: from).lines
    }

    /// Lines read from a terminal's files, with where each ends in its file: a later read can
    /// start after any of them without reading the file again from its start.
    public struct Read: Sendable {
        public private(set) var lines: [JournalChainLine] = []
        /// The byte offset after each line's newline in its file.
        private var ends: [Int] = []

        mutating func append(_ line: JournalChainLine, end: Int) {
            lines.append(line)
            ends.append(end)
        }

        /// Where a read continues after `lines[index]`.
        public func resume(after index: Int) -> Resume {
            let line = lines[index]
            return Resume(position: line.position, hash: line.hash, end: ends[index])
        }
    }

    /// A place in a terminal's journal: just after the line at `position` (whose hash is `hash`).
    public struct Resume: Equatable, Sendable {
        public var position: Position
        public var hash: String
        /// The byte offset after the line's newline in its file.
        var end: Int
    }

    /// As `lines(directory:terminal:from:)`, with where each line ends.
    public static func read(directory: URL, terminal: String, from: CivilDate? = nil) throws -> Read {
        var result = Read()
        for ref in files(directory: directory, terminal: terminal, from: from) { try readFile(ref, into: &result) }
        return result
    }

    /// The intact lines after `resume`: the rest of its file from the byte after it (the file is
    /// not read again from its start), then every later file of the terminal whole. Nil when the
    /// file no longer ends that line where `resume` says (rewritten or cut short): read it all again.
    public static func read(directory: URL, terminal: String, after resume: Resume) throws -> Read? {
        let refs = files(directory: directory, terminal: terminal, from: resume.position.date)
        guard let ref = refs.first(where: { $0.date == resume.position.date && $0.segment == resume.position.segment }) else { return nil }
        // The line's hash sits 67 bytes before the end of its line (`"h":"…"}` and the newline).
        let hashLength = 64
        guard resume.end >= hashLength + 3 else { return nil }
        let tailStart = resume.end - hashLength - 3
        var status = stat()
        guard stat(ref.url.path, &status) == 0, Int(status.st_size) >= resume.end else { return nil }
        let bytes = try JournalIO.readRange(ref.url.path, offset: tailStart, length: Int(status.st_size) - tailStart)
        guard bytes.count >= hashLength + 3, bytes[hashLength + 2] == 0x0A,
              bytes[0..<hashLength].elementsEqual(resume.hash.utf8) else { return nil }
        var result = Read()
        var line = resume.position.line + 1
        bytes.withUnsafeBufferPointer { buffer in
            var start = hashLength + 3
            while start < buffer.count {
                guard let hit = memchr(buffer.baseAddress! + start, 0x0A, buffer.count - start) else { break }  // not whole yet
                let end = UnsafeRawPointer(hit) - UnsafeRawPointer(buffer.baseAddress!)
                let text = UnsafeBufferPointer(rebasing: buffer[start..<end])
                let scanned = JournalFileScan.line(text, number: line, offset: tailStart + start, terminated: true, fieldsToo: false)
                guard scanned.selfValid, let hash = scanned.decoded.hash, let seq = scanned.decoded.seq,
                      let prev = scanned.decoded.prev else { break }
                result.append(JournalChainLine(date: ref.date, segment: ref.segment, line: line, seq: seq, hash: hash, prev: prev,
                                               timestamp: scanned.decoded.ts ?? "", bytes: Array(text)),
                              end: tailStart + end + 1)
                line += 1
                start = end + 1
            }
        }
        for later in refs where later > ref { try readFile(later, into: &result) }
        return result
    }

    /// The terminal's files dated `from` on, in chain order.
    private static func files(directory: URL, terminal: String, from: CivilDate?) -> [JournalFileRef] {
        // The days the journal holds (not every day of the calendar).
        let days = JournalLayout.days(directory, onOrBefore: CivilDate(year: 9999, month: 12, day: 31)!)
            .filter { day in from.map { day >= $0 } ?? true }.sorted()
        return days.flatMap { JournalLayout.files(directory, on: $0).filter { $0.terminal == terminal } }
    }

    /// The intact lines of one LIVE file, header first.
    private static func readFile(_ ref: JournalFileRef, into result: inout Read) throws {
        let bytes = try JournalIO.readAll(ref.url.path)
        var lines: [(line: JournalChainLine, end: Int)] = []
        var next = 1
        let scan = JournalFileScan.scan(bytes, expecting: .init(terminal: ref.terminal, date: ref.date, segment: ref.segment)) { line, _, text in
            // The scan hands over self-valid records only: a gap in the line numbers is a line that is not.
            guard line.number == next, let hash = line.decoded.hash, let seq = line.decoded.seq, let prev = line.decoded.prev else {
                next = -1
                return
            }
            next += 1
            lines.append((JournalChainLine(date: ref.date, segment: ref.segment, line: line.number, seq: seq, hash: hash,
                                           prev: prev, timestamp: line.decoded.ts ?? "", bytes: Array(text)),
                          line.offset + line.length + 1))
        }
        guard let header = scan.header, header.mode == .live, let first = scan.headerLine, first.selfValid,
              let hash = first.decoded.hash else { return }
        result.append(JournalChainLine(date: ref.date, segment: ref.segment, line: 0, seq: header.prevSeq, hash: hash,
                                       prev: header.prev, timestamp: header.created,
                                       bytes: Array(bytes[first.offset..<(first.offset + first.length)])),
                      end: first.offset + first.length + 1)
        for (line, end) in lines { result.append(line, end: end) }
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
