import Foundation
import JapaneseKit

/// Reads the records of a date range from one or several journal directories (several
/// terminals' journals gathered for a report, say), oldest day first, each file in order.
///
/// Only records whose line is complete and whose hash matches are returned. A torn tail
/// (a write cut short by a crash; never acknowledged) is skipped silently. Any other damage
/// throws `JournalReadError.damaged` unless the reader was made with `skipDamaged: true`,
/// in which case damaged lines are left out and listed in `damaged` of `read()`.
public struct JournalReader: Sendable {
    public let directories: [URL]
    public let from: CivilDate
    public let to: CivilDate
    /// Only this terminal's files, or all.
    public let terminal: String?
    public let skipDamaged: Bool

    public init(directories: [URL], from: CivilDate, to: CivilDate, terminal: String? = nil, skipDamaged: Bool = false) {
        self.directories = directories
        self.from = from
        self.to = to
        self.terminal = terminal
        self.skipDamaged = skipDamaged
    }

    /// One directory, one day.
    public init(directory: URL, date: CivilDate, terminal: String? = nil, skipDamaged: Bool = false) {
        self.init(directories: [directory], from: date, to: date, terminal: terminal, skipDamaged: skipDamaged)
    }

    /// What `read()` returns.
    public struct Result: Sendable {
        public var records: [JournalRecord]
        /// Damaged lines that were left out (only with `skipDamaged`).
        public var damaged: [(file: JournalFileRef, finding: JournalFinding)]
    }

    /// The journal files in range, oldest day first.
    public func files() -> [JournalFileRef] {
        guard from <= to else { return [] }
        var result: [JournalFileRef] = []
        for day in from.dayNumber...to.dayNumber {
            let date = CivilDate(dayNumber: day)
            for directory in directories {
                result += JournalLayout.files(directory, on: date).filter { terminal == nil || $0.terminal == terminal }
            }
        }
        return result
    }

    /// Every record in range, optionally only of `types`.
    public func records(types: Set<JournalRecordType>? = nil) throws -> [JournalRecord] {
        try read(types: types).records
    }

    /// Records and, with `skipDamaged`, the damaged lines left out.
    public func read(types: Set<JournalRecordType>? = nil) throws -> Result {
        var result = Result(records: [], damaged: [])
        for file in files() {
            let part = try Self.read(file: file, types: types, skipDamaged: skipDamaged)
            result.records += part.records
            result.damaged += part.damaged
        }
        return result
    }

    /// The records of one file, optionally only of `types`, read in chunks.
    public static func read(file: JournalFileRef, types: Set<JournalRecordType>? = nil, skipDamaged: Bool) throws -> Result {
        let wanted = types.map { Set($0.map(\.rawValue)) }
        var records: [JournalRecord] = []
        let scan = try JournalFileScan.scan(file: file.url.path, expecting: expectation(file), keepMembers: true) { line, header, _ in
            records.appendRecord(line, file: file, mode: header.mode, wanted: wanted)
        }
        return try result(file: file, scan: scan, records: records, skipDamaged: skipDamaged)
    }

    /// The records of one file's `bytes` (a hub's copy, say), optionally only of `types`.
    public static func read(file: JournalFileRef, bytes: [UInt8], types: Set<JournalRecordType>? = nil,
                            skipDamaged: Bool) throws -> Result {
        let wanted = types.map { Set($0.map(\.rawValue)) }
        var records: [JournalRecord] = []
        let scan = JournalFileScan.scan(bytes, expecting: expectation(file), keepMembers: true) { line, header, _ in
            records.appendRecord(line, file: file, mode: header.mode, wanted: wanted)
        }
        return try result(file: file, scan: scan, records: records, skipDamaged: skipDamaged)
    }

    static func expectation(_ file: JournalFileRef) -> JournalFileScan.Expectation {
        .init(terminal: file.terminal, date: file.date, segment: file.segment)
    }

    private static func result(file: JournalFileRef, scan: JournalFileScan, records: [JournalRecord], skipDamaged: Bool) throws -> Result {
        var result = Result(records: records, damaged: [])
        let failures = scan.findings.filter { $0.severity == .failure }
        if let first = failures.first {
            if !skipDamaged { throw JournalReadError.damaged(file: file.relativePath, record: first.record, offset: first.offset, code: first.code) }
            result.damaged += failures.map { (file, $0) }
        }
        return result
    }
}

extension [JournalRecord] {
    /// Appends the record of a self-valid line (scanned with `keepMembers`) of `file`, when its
    /// type is among `wanted` (nil: any).
    mutating func appendRecord(_ line: JournalFileScan.Line, file: JournalFileRef, mode: JournalMode, wanted: Set<String>? = nil) {
        let d = line.decoded
        guard let typeName = d.type, wanted == nil || wanted!.contains(typeName),
              let seq = d.seq, let ts = d.ts, let time = line.time, let clerk = d.clerk, let prev = d.prevText,
              let hash = d.hashText, let members = d.members else { return }
        append(JournalRecord(file: file, mode: mode, record: line.number, offset: line.offset,
                             seq: seq, ts: ts, timestamp: time, typeName: typeName, clerk: clerk,
                             members: members, prev: prev, hash: hash))
    }
}

/// Why records could not be read.
public enum JournalReadError: Error, Equatable, Sendable {
    /// The file is damaged at `record` (byte `offset`); run `madoguchi journal verify`.
    case damaged(file: String, record: Int, offset: Int, code: JournalFinding.Code)
}

extension JournalReader {
    /// The offset of the first `needle` in `buffer` at or after `start`.
    static func find(_ needle: [UInt8], in buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        let base = UnsafeRawPointer(buffer.baseAddress!)
        let first = Int32(needle[0])
        let last = buffer.count - needle.count
        var p = start
        while p <= last, let hit = memchr(base + p, first, last - p + 1) {
            let at = UnsafeRawPointer(hit) - base
            if memcmp(base + at, needle, needle.count) == 0 { return at }
            p = at + 1
        }
        return nil
    }

    /// The records of `bytes` whose line holds `needle` (a 宛名番号 in quotes, a record type):
    /// only those lines are decoded, each checked against its own hash (the chain is the
    /// verification's job). What makes one resident's access history fast over a year.
    public static func records(file: JournalFileRef, bytes: [UInt8], containing needle: [UInt8]) -> [JournalRecord] {
        matches(file: file, bytes: bytes, containing: needle).records
    }

    /// `records(file:bytes:containing:)`, and the line numbers of complete lines holding
    /// `needle` that could not be read as a record (damaged, or their hash does not match, or
    /// the file's header is unreadable): what a reader owes its reader a word about.
    public static func matches(file: JournalFileRef, bytes: [UInt8], containing needle: [UInt8]) -> (records: [JournalRecord], unreadable: [Int]) {
        guard !needle.isEmpty, !bytes.isEmpty else { return ([], []) }
        return bytes.withUnsafeBufferPointer { buffer -> ([JournalRecord], [Int]) in
            let base = UnsafeRawPointer(buffer.baseAddress!)
            let count = buffer.count
            func lineEnd(from start: Int) -> Int {
                guard let hit = memchr(base + start, 0x0A, count - start) else { return count }
                return UnsafeRawPointer(hit) - base
            }
            let headerEnd = lineEnd(from: 0)
            let headerLine = JournalLine.decode(UnsafeBufferPointer(rebasing: buffer[0..<headerEnd]))
            var header: JournalHeader?
            if let members = headerLine.members, case .success(let decoded) = JournalHeader.decode(members) { header = decoded }
            var found: [JournalRecord] = []
            var unreadable: [Int] = []
            var searchFrom = headerEnd
            var lineNumbers = (offset: headerEnd, number: 0)
            while searchFrom < count, let at = find(needle, in: buffer, from: searchFrom) {
                var start = at
                while start > 0, buffer[start - 1] != 0x0A { start -= 1 }
                let end = lineEnd(from: at)
                // Line numbers: count the newlines between the last line found and this one.
                var p = lineNumbers.offset
                var number = lineNumbers.number
                while p < start, let nl = memchr(base + p, 0x0A, start - p) {
                    number += 1
                    p = UnsafeRawPointer(nl) - base + 1
                }
                lineNumbers = (start, number)
                searchFrom = end + 1
                guard end < count else { continue }
                let d = JournalLine.decode(UnsafeBufferPointer(rebasing: buffer[start..<end]))
                guard let header, d.hashValid, let typeName = d.type, let seq = d.seq, let ts = d.ts, let time = d.time, let clerk = d.clerk,
                      let prev = d.prevText, let hash = d.hashText, let members = d.members else {
                    unreadable.append(number)
                    continue
                }
                found.append(JournalRecord(file: file, mode: header.mode, record: number, offset: start, seq: seq, ts: ts,
                                           timestamp: time, typeName: typeName, clerk: clerk, members: members, prev: prev, hash: hash))
            }
            return (found, unreadable)
        }
    }
}
