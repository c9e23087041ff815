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
        let wanted = types.map { Set($0.map(\.rawValue)) }
        for file in files() {
            let bytes: [UInt8]
            bytes = try JournalIO.readAll(file.url.path)
            let scan = JournalFileScan.scan(bytes, expecting: .init(terminal: file.terminal, date: file.date, segment: file.segment),
                                            keepMembers: true)
            let failures = scan.findings.filter { $0.severity == .failure }
            if let first = failures.first {
                if !skipDamaged { throw JournalReadError.damaged(file: file.relativePath, record: first.record, offset: first.offset, code: first.code) }
                result.damaged += failures.map { (file, $0) }
            }
            guard let header = scan.header else { continue }
            for line in scan.recordLines where line.selfValid {
                let d = line.decoded
                guard let typeName = d.type, wanted == nil || wanted!.contains(typeName),
                      let seq = d.seq, let ts = d.ts, let time = line.time, let clerk = d.clerk, let prev = d.prev,
                      let hash = d.hash, let members = d.members else { continue }
                var fields: [String: JournalValue] = [:]
                for (key, value) in members where !JournalLine.reservedKeys.contains(key) { fields[key] = value }
                result.records.append(JournalRecord(file: file, mode: header.mode, record: line.number, offset: line.offset,
                                                    seq: seq, ts: ts, timestamp: time, typeName: typeName, clerk: clerk,
                                                    fields: fields, prev: prev, hash: hash))
            }
        }
        return result
    }
}

/// Why records could not be read.
public enum JournalReadError: Error, Equatable, Sendable {
    /// The file is damaged at `record` (byte `offset`); run `madoguchi journal verify`.
    case damaged(file: String, record: Int, offset: Int, code: JournalFinding.Code)
}
