import Foundation
import JapaneseKit

/// Where a supervisor's screens read journals from: this counter's own journal, a folder other
/// terminals copy theirs into (`journal_dirs:` in config.yaml), later the hub. The review, the
/// status, the access history and the workload read every source the same way.
public protocol JournalSource: Sendable {
    /// Shown to the supervisor: where these journals come from (この端末, a folder, the hub).
    var label: String { get }
    /// Makes `from`…`to` readable as it is now (the hub's copy is fetched afresh), or throws,
    /// saying which source cannot be read: a total, a seal or a review is never made from fewer
    /// journals as if from all.
    func prepare(from: CivilDate, to: CivilDate) throws
    /// Journal files dated `from` through `to`, oldest day first.
    func files(from: CivilDate, to: CivilDate) -> [JournalFileRef]
    /// The bytes of one of `files`.
    func bytes(of file: JournalFileRef) throws -> [UInt8]
    /// Verification of the files dated `from` through `to` (chain, seals, witness where kept).
    /// With `eachDay`, each day's records are handed over from the verification's own read.
    func verify(from: CivilDate, to: CivilDate, eachDay: ((CivilDate, [JournalRecord]) throws -> Void)?) throws -> JournalVerification
    /// Verification of the range with each day's ledger (as `DayLedger.read` gives it) handed
    /// over from the verification's own read.
    func verify(from: CivilDate, to: CivilDate, eachLedger: @escaping (CivilDate, DayLedger) throws -> Void) throws -> JournalVerification
}

extension JournalSource {
    public func verify(from: CivilDate, to: CivilDate) throws -> JournalVerification { try verify(from: from, to: to, eachDay: nil) }

    /// Each day's ledger from its records, in the order the files hold them.
    public func verify(from: CivilDate, to: CivilDate,
                       eachLedger: @escaping (CivilDate, DayLedger) throws -> Void) throws -> JournalVerification {
        try verify(from: from, to: to, eachDay: { day, records in
            let inFileOrder = records.sorted { ($0.terminal, $0.file.segment, $0.record) < ($1.terminal, $1.file.segment, $1.record) }
            try eachLedger(day, DayLedger(date: day, records: inFileOrder))
        })
    }
}

/// A journal directory on disk (`<dir>/YYYY/MM/DD/<terminal>.jsonl`).
public struct DirectoryJournalSource: JournalSource {
    public let label: String
    public let directory: URL
    /// Where its writer keeps the witness; empty for a copy (checked as files only).
    public let witnessDirectories: [URL]
    /// A folder other terminals' journals are copied into: it must be there to be read. This
    /// counter's own journal folder is not (before the first record it does not exist).
    public let isCopy: Bool

    public init(label: String, directory: URL, witnessDirectories: [URL], isCopy: Bool = true) {
        self.label = label
        self.directory = directory
        self.witnessDirectories = witnessDirectories
        self.isCopy = isCopy
    }

    /// Refuses a copy folder that is missing or unreadable.
    public func prepare(from: CivilDate, to: CivilDate) throws {
        guard isCopy else { return }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue,
              FileManager.default.isReadableFile(atPath: directory.path), FileManager.default.isExecutableFile(atPath: directory.path) else {
            throw CounterAppError.refused("journal_dirs のフォルダ \(DisplaySanitizer.sanitize(directory.path)) を読めません。ないままでは記録が欠けます。フォルダをつなぐか、config.yaml の journal_dirs から外してください。")
        }
    }

    public func files(from: CivilDate, to: CivilDate) -> [JournalFileRef] {
        JournalReader(directories: [directory], from: from, to: to).files()
    }

    public func bytes(of file: JournalFileRef) throws -> [UInt8] { try JournalIO.readAll(file.url.path) }

    public func verify(from: CivilDate, to: CivilDate,
                       eachDay: ((CivilDate, [JournalRecord]) throws -> Void)?) throws -> JournalVerification {
        try JournalVerifier(directory: directory, witnessDirectories: witnessDirectories).verify(from: from, to: to, eachDay: eachDay)
    }

    /// Only the cases, payments, voids and seals are decoded in full.
    public func verify(from: CivilDate, to: CivilDate,
                       eachLedger: @escaping (CivilDate, DayLedger) throws -> Void) throws -> JournalVerification {
        try JournalVerifier(directory: directory, witnessDirectories: witnessDirectories).verify(from: from, to: to, eachLedger: eachLedger)
    }
}

/// Several sources read as one: a file (terminal, day, segment) found in more than one is read
/// from the first source that has it (this counter's own journal before its copies).
public struct JournalSources: Sendable {
    public let sources: [any JournalSource]

    public init(_ sources: [any JournalSource]) { self.sources = sources }

    /// Journal folders read as copies (checked as files only), each labelled by its path.
    public init(directories: [URL]) {
        self.init(directories.map { DirectoryJournalSource(label: $0.path, directory: $0, witnessDirectories: []) })
    }

    /// Every source made ready for `from`…`to` (see `JournalSource.prepare`), in order.
    public func prepare(from: CivilDate, to: CivilDate) throws {
        for source in sources { try source.prepare(from: from, to: to) }
    }

    /// Every record of `from`…`to` in every source, files read in parallel, one source after
    /// another. A terminal's journal held by several sources (its own folder, a shared folder, the
    /// hub) counts each (terminal, seq) once, from the first source that holds it. Damaged lines
    /// are left out and returned apart: what totals the day says it is incomplete.
    public func read(from: CivilDate, to: CivilDate, types: Set<JournalRecordType>? = nil) throws -> JournalReader.Result {
        let files = sources.indices.flatMap { index in sources[index].files(from: from, to: to).map { File(ref: $0, source: index) } }
        let parts = try ParallelMap.map(files) { file in
            try JournalReader.read(file: file.ref, bytes: try sources[file.source].bytes(of: file.ref), types: types, skipDamaged: true)
        }
        var seen = Set<String>()
        let records = parts.flatMap(\.records).filter { seen.insert("\($0.terminal)#\($0.seq)").inserted }
        return JournalReader.Result(records: records, damaged: parts.flatMap(\.damaged))
    }

    /// One file and the source it is read from.
    public struct File: Sendable {
        public let ref: JournalFileRef
        public let source: Int
        public var key: Key { Key(terminal: ref.terminal, date: ref.date, segment: ref.segment) }
    }

    /// What makes two copies the same file.
    public struct Key: Hashable, Sendable, Comparable {
        public let terminal: String
        public let date: CivilDate
        public let segment: Int
        public static func < (a: Key, b: Key) -> Bool { (a.date, a.terminal, a.segment) < (b.date, b.terminal, b.segment) }
    }

    /// Every file in range once, in (day, terminal, segment) order.
    public func files(from: CivilDate, to: CivilDate) -> [File] {
        var seen = Set<Key>()
        var result: [File] = []
        for (index, source) in sources.enumerated() {
            for ref in source.files(from: from, to: to) {
                let file = File(ref: ref, source: index)
                if seen.insert(file.key).inserted { result.append(file) }
            }
        }
        return result.sorted { $0.key < $1.key }
    }

    /// Files found in more than one source where the copy read (`read`) is not the whole of
    /// the other (`other`): the other holds records the read one lacks, or they differ. A stale
    /// copy, the beginning of the file read, is not listed. Unreadable copies are left to the
    /// verification.
    public func disagreeingCopies(from: CivilDate, to: CivilDate) -> [(read: File, other: File)] {
        var first: [Key: File] = [:]
        var result: [(File, File)] = []
        for (index, source) in sources.enumerated() {
            for ref in source.files(from: from, to: to) {
                let file = File(ref: ref, source: index)
                guard let read = first[file.key] else { first[file.key] = file; continue }
                guard let a = try? sources[read.source].bytes(of: read.ref), let b = try? source.bytes(of: ref) else { continue }
                if !(b.count <= a.count && a.starts(with: b)) { result.append((read, file)) }
            }
        }
        return result.sorted { $0.0.key < $1.0.key }
    }

    /// The label of the source each file of the range is read from, by its `YYYY/MM/DD/<name>`
    /// path: what a finding's or an access's evidence names.
    public func labels(from: CivilDate, to: CivilDate) -> [String: String] {
        var labels: [String: String] = [:]
        for file in files(from: from, to: to) { labels[file.ref.relativePath] = sources[file.source].label }
        return labels
    }

    /// The records of `file` (damaged lines left out: integrity is the verification's job).
    public func records(of file: File, types: Set<JournalRecordType>? = nil) throws -> [JournalRecord] {
        try JournalReader.read(file: file.ref, bytes: try sources[file.source].bytes(of: file.ref), types: types, skipDamaged: true).records
    }

    /// The records of every file of one day, read in parallel, in time order (seq within a file).
    public func records(on day: CivilDate, types: Set<JournalRecordType>? = nil) throws -> [JournalRecord] {
        let files = files(from: day, to: day)
        let parts = try ParallelMap.map(files) { try records(of: $0, types: types) }
        return parts.flatMap { $0 }.sorted { ($0.timestamp, $0.terminal, $0.seq) < ($1.timestamp, $1.terminal, $1.seq) }
    }

    /// The records of the range whose line holds `needle` (see `JournalReader.records(file:bytes:containing:)`),
    /// files read in parallel, in time order.
    public func records(from: CivilDate, to: CivilDate, containing needle: String) throws -> [JournalRecord] {
        try matches(from: from, to: to, containing: needle).records
    }

    /// `records(from:to:containing:)`, and each line holding `needle` that could not be read
    /// (file and line number), in file order.
    public func matches(from: CivilDate, to: CivilDate,
                        containing needle: String) throws -> (records: [JournalRecord], unreadable: [(file: File, line: Int)]) {
        let bytes = Array(needle.utf8)
        let files = files(from: from, to: to)
        let parts = try ParallelMap.map(files) { file in
            JournalReader.matches(file: file.ref, bytes: try sources[file.source].bytes(of: file.ref), containing: bytes)
        }
        let records = parts.flatMap(\.records).sorted { ($0.timestamp, $0.terminal, $0.seq) < ($1.timestamp, $1.terminal, $1.seq) }
        return (records, zip(files, parts).flatMap { file, part in part.unreadable.map { (file, $0) } })
    }

    /// Each source's verification of the range, every file once (the copy read is the one
    /// verified), with the label of its source.
    ///
    /// With `eachDay`, every day of the range with its records in time order: one source hands
    /// them over from its verification's read (each line decoded once); several sources are read
    /// day by day as `records(on:)` reads them.
    public func verify(from: CivilDate, to: CivilDate,
                       eachDay: ((CivilDate, [JournalRecord]) throws -> Void)? = nil) throws -> [(label: String, report: JournalFileReport)] {
        var seen = Set<Key>()
        var result: [(String, JournalFileReport)] = []
        if let eachDay, sources.count != 1 {
            var day = from
            while day <= to {
                try eachDay(day, try records(on: day))
                day = day.adding(days: 1)
            }
        }
        var position: [Key: Int] = [:]
        for source in sources {
            let handOver = sources.count == 1 ? eachDay : nil
            for report in try source.verify(from: from, to: to, eachDay: handOver).files {
                let key = Key(terminal: report.file.terminal, date: report.file.date, segment: report.file.segment)
                if seen.insert(key).inserted {
                    position[key] = result.count
                    result.append((source.label, report))
                } else if let index = position[key] {
                    // What the hub found on arrival stands for the copy read from elsewhere too.
                    result[index].1.findings += report.findings.filter(\.outside)
                }
            }
        }
        return result.sorted { $0.1.file < $1.1.file }
    }

    /// The stored line of record `record` (line number) in `file`, as written.
    public func line(of file: File, record: Int) throws -> String? {
        let bytes = try sources[file.source].bytes(of: file.ref)
        var number = 0
        var start = 0
        while start <= bytes.count {
            let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
            if number == record { return String(decoding: bytes[start..<end], as: UTF8.self) }
            number += 1
            start = end + 1
        }
        return nil
    }

    /// The file `relativePath` (`YYYY/MM/DD/<terminal>.jsonl`) of the source labelled `label`.
    public func file(label: String, relativePath: String) -> File? {
        guard let index = sources.firstIndex(where: { $0.label == label }) else { return nil }
        let parts = relativePath.split(separator: "/")
        guard parts.count == 4, let date = CivilDate(iso: "\(parts[0])-\(parts[1])-\(parts[2])") else { return nil }
        return sources[index].files(from: date, to: date).first { $0.relativePath == relativePath }.map { File(ref: $0, source: index) }
    }
}

/// Work spread over the machine's cores, results in input order.
enum ParallelMap {
    static func map<T: Sendable, R: Sendable>(_ items: [T], _ body: @Sendable (T) throws -> R) throws -> [R] {
        guard items.count > 1 else { return try items.map(body) }
        let results = UnsafeResults<R>(count: items.count)
        DispatchQueue.concurrentPerform(iterations: items.count) { i in
            results.set(i, Result { try body(items[i]) })
        }
        return try results.values.map { try $0!.get() }
    }

    /// One slot per iteration, each written by exactly one iteration of `concurrentPerform` and
    /// read after it returns, under a lock all the same.
    private final class UnsafeResults<R: Sendable>: @unchecked Sendable {
        private var slots: [Result<R, any Error>?]
        private let lock = NSLock()
        init(count: Int) { slots = Array(repeating: nil, count: count) }
        func set(_ i: Int, _ value: Result<R, any Error>) { lock.lock(); slots[i] = value; lock.unlock() }
        var values: [Result<R, any Error>?] { lock.lock(); defer { lock.unlock() }; return slots }
    }
}
