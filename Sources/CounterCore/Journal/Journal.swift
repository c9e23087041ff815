#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import JapaneseKit

/// The counter's journal: append-only, hash-chained JSONL files that never lose an
/// acknowledged record.
///
/// One file per terminal per day, `<journal>/YYYY/MM/DD/<terminal-id>.jsonl`, starting with a
/// header that links to the previous file's last hash. `append` returns only after the whole
/// line is written and fsynced. Two processes on one terminal take turns with `flock`; each
/// re-reads what the other appended before continuing the chain. After a failed write or
/// fsync this journal refuses every further append (reopen to recover).
///
/// ```swift
/// let journal = try Journal.open(directory: dataDir.appendingPathComponent("journal"),
///                                terminalID: "madoguchi-01", mode: .live, clock: SystemClock())
/// try journal.append(.access, clerk: "k0123", fields: ["resident": "1234567", "action": "view"])
/// ```
public final class Journal: @unchecked Sendable {
    // Safe: every mutable property below is read and written only while holding `lock`.
    private let lock = NSLock()
    /// The `<data-dir>/journal` directory.
    public let directory: URL
    public let terminalID: String
    public let mode: JournalMode
    private let clock: WallClock
    private let appVersion: String
    private var current: OpenFile?
    private var failed = false
    private var recoveryLog: [JournalRecovery] = []
    private let witness: JournalWitness.Writer
    // Safe: read and written only while holding `observerLock` (never while holding `lock`).
    private let observerLock = NSLock()
    private var appendObservers: [@Sendable () -> Void] = []

    /// The application version written in new headers when the caller gives none.
    public static let defaultAppVersion = "0.1.0"
    /// The clerk of records the journal writes itself (`recovery`).
    public static let systemClerk = "system"

    /// An open file, positioned at its end, with the chain state there.
    struct OpenFile {
        var fd: Int32
        var ref: JournalFileRef
        var end: Int
        var lastHash: String
        var lastSeq: Int
    }

    /// Where a new file's chain starts.
    struct Link {
        var hash: String
        var seq: Int
        var continues: String?

        static let genesis = Link(hash: JournalHeader.genesisHash, seq: 0, continues: nil)
    }

    private init(directory: URL, terminalID: String, mode: JournalMode, clock: WallClock, appVersion: String,
                 witnessDirectories: [URL]) {
        self.directory = directory
        self.terminalID = terminalID
        self.mode = mode
        self.clock = clock
        self.appVersion = appVersion
        witness = JournalWitness.Writer(directories: witnessDirectories, terminal: terminalID, mode: mode)
    }

    deinit {
        if let fd = current?.fd { closeDescriptor(fd) }
    }

    // MARK: - Public API

    /// Opens (creating if needed) today's journal file of `terminalID` under `directory`,
    /// recovering from a crash first: a torn tail is copied to `<file>.torn-<offset>`, cut off
    /// and a `recovery` record appended; a corrupted file is left alone and a new segment
    /// continues the chain. What was repaired is in `recoveries`.
    ///
    /// The witness (`JournalWitness`) is kept in `witnessDirectories`, by default
    /// `<data-dir>/state/witness`. When it knows of records the files no longer hold (cut off
    /// or deleted), a `recovery` record (`missing_records`) says which seqs are gone and the
    /// chain continues after the last seq the witness saw: seq and receipt numbers are never
    /// given out twice.
    ///
    /// - Throws: `JournalError.modeMismatch` when the directory holds files of the other
    ///   mode; `.invalidTerminalID`; `.io` when the disk refuses.
    public static func open(directory: URL, terminalID: String, mode: JournalMode, clock: WallClock,
                            appVersion: String = Journal.defaultAppVersion,
                            witnessDirectories: [URL]? = nil) throws -> Journal {
        guard JournalLayout.isValidTerminalID(terminalID) else { throw JournalError.invalidTerminalID(terminalID) }
        let journal = Journal(directory: directory, terminalID: terminalID, mode: mode, clock: clock, appVersion: appVersion,
                              witnessDirectories: witnessDirectories ?? JournalWitness.directories(journal: directory))
        try journal.lock.withLock {
            try JournalIO.makeDirectories(directory.path)
            let today = JournalTimestamp.day(ofStamp: JournalTimestamp.format(clock.now()))!
            try journal.checkOtherTerminals(on: today)
            let file = try journal.acquire(today: today, previous: nil)
            JournalIO.unlock(file.fd)
            journal.current = file
        }
        return journal
    }

    /// Appends one record and returns once it is durable (written and fsynced).
    ///
    /// `fields` keys are lower-case identifiers and not one of the journal's own members.
    /// Every string (at any depth, and `clerk`) is checked: a card-number-like run or a
    /// 個人番号 is refused with `JournalError.sensitiveNumber`, which names the field but
    /// never carries the digits.
    @discardableResult
    public func append(_ type: JournalRecordType, clerk: String, fields: [String: JournalValue]) throws -> AppendedRecord {
        try append(typeName: type.rawValue, clerk: clerk, fields: fields)
    }

    /// Appends a record of a type this build does not name yet (for forward-compatible tools).
    @discardableResult
    public func append(typeName: String, clerk: String, fields: [String: JournalValue]) throws -> AppendedRecord {
        try exclusively { try $0.append(typeName: typeName, clerk: clerk, fields: fields) }
    }

    /// Appends while `Journal.exclusively` holds the lock (checked as `Journal.append` says).
    public struct Appender {
        fileprivate let journal: Journal

        @discardableResult
        public func append(_ type: JournalRecordType, clerk: String, fields: [String: JournalValue]) throws -> AppendedRecord {
            try append(typeName: type.rawValue, clerk: clerk, fields: fields)
        }

        @discardableResult
        public func append(typeName: String, clerk: String, fields: [String: JournalValue]) throws -> AppendedRecord {
            try Journal.validate(key: typeName, path: typeName)
            try Journal.validate(clerk: clerk, fields: fields, isRegistered: journal.isRegisteredResidentID)
            return try journal.appendHoldingLock(typeName: typeName, clerk: clerk, fields: fields)
        }
    }

    /// Runs `body` holding the append lock — this process's and, through `flock`, that of
    /// every other process writing this terminal's journal — with the journal brought up to
    /// date first. Checks made in `body` (a duplicate slip, a closed day, read from the files)
    /// still hold when `body` appends through the `Appender`: nobody writes in between.
    /// `body` appends only through the `Appender` (the journal's own `append` would wait for
    /// the lock `body` holds).
    public func exclusively<T>(_ body: (Appender) throws -> T) throws -> T {
        let result = try lockedExclusively(body)
        for observer in observerLock.withLock({ appendObservers }) { observer() }
        return result
    }

    /// Calls `observer` after each `append` (and `exclusively`) has returned, its lines durable
    /// and the lock released: how the hub learns there is something to ship. `observer` must
    /// return at once (it runs on the clerk's path).
    public func whenAppended(_ observer: @escaping @Sendable () -> Void) {
        observerLock.withLock { appendObservers.append(observer) }
    }

    private func lockedExclusively<T>(_ body: (Appender) throws -> T) throws -> T {
        try lock.withLock {
            guard !failed else { throw JournalError.unusableAfterFailure }
            guard var file = current else { throw JournalError.closed }
            let day = JournalTimestamp.day(ofStamp: JournalTimestamp.format(clock.now()))!
            try JournalIO.lock(file.fd, path: file.ref.url.path)
            do {
                file = try refresh(file, today: day)
            } catch {
                current = nil
                throw error
            }
            current = file
            defer { if let fd = current?.fd { JournalIO.unlock(fd) } }
            return try body(Appender(journal: self))
        }
    }

    /// One append; `lock` and the file's `flock` are held.
    private func appendHoldingLock(typeName: String, clerk: String, fields: [String: JournalValue]) throws -> AppendedRecord {
        guard !failed else { throw JournalError.unusableAfterFailure }
        guard var file = current else { throw JournalError.closed }
        let now = clock.now()
        let ts = JournalTimestamp.format(now)
        let day = JournalTimestamp.day(ofStamp: ts)!
        if day > file.ref.date {
            // Midnight passed inside `exclusively`: today's file links to the one held.
            do { file = try refresh(file, today: day) } catch { current = nil; throw error }
            current = file
        }
        let (line, hash) = JournalLine.record(seq: file.lastSeq + 1, ts: ts, type: typeName, clerk: clerk,
                                              fields: fields, prev: file.lastHash)
        try write(line, to: &file)
        current = file
        return AppendedRecord(seq: file.lastSeq, hash: hash, timestamp: now, file: file.ref.url)
    }

    /// What opening (and later appends) repaired.
    public var recoveries: [JournalRecovery] { lock.withLock { recoveryLog } }

    /// Witness files that could not be opened or written (the journal itself is fine).
    public var witnessProblems: [String] { lock.withLock { witness.problems } }

    /// The file records are appended to now.
    public var currentFile: URL? { lock.withLock { current?.ref.url } }

    /// The last sequence number written (by this or another process, as last seen).
    public var lastSeq: Int { lock.withLock { current?.lastSeq ?? 0 } }

    /// The hash the next record will link to.
    public var lastHash: String { lock.withLock { current?.lastHash ?? "" } }

    /// Closes the file; later appends throw `JournalError.closed`.
    public func close() {
        lock.withLock {
            if let fd = current?.fd { closeDescriptor(fd) }
            current = nil
        }
    }

    // MARK: - Validation

    /// The fields that hold 宛名番号 (a string, or an array of them): there, and only there, a
    /// registered 宛名番号 is an id even when its digits would read as a 個人番号 or a card
    /// number (see `SensitiveNumbers`). Every other string is free text.
    public static let residentIDFields: Set<String> = ["subject", "applicant", "requester", "deceased", "resident", "residents", "query", "support"]

    /// A 宛名番号 of the registry beside this journal (`<data-dir>/registry`, the journal being
    /// `<data-dir>/journal`).
    fileprivate func isRegisteredResidentID(_ id: String) -> Bool {
        ResidentRegistry.isRegistered(id, dataDirectory: directory.deletingLastPathComponent())
    }

    static func validate(clerk: String, fields: [String: JournalValue], isRegistered: (String) -> Bool = { _ in false }) throws {
        guard !clerk.isEmpty else { throw JournalError.missingClerk }
        if let kind = SensitiveNumbers.firstKind(in: clerk) { throw JournalError.sensitiveNumber(field: "clerk", kind: kind) }
        for (key, value) in fields {
            guard !JournalLine.reservedKeys.contains(key) else { throw JournalError.reservedField(key) }
            try validate(key: key, path: key)
            if residentIDFields.contains(key) {
                let ids: [(JournalValue, String)] = if case .array(let elements) = value {
                    elements.enumerated().map { ($1, "\(key)[\($0)]") }
                } else {
                    [(value, key)]
                }
                for (id, path) in ids {
                    guard case .string(let s) = id else { try validate(id, path: path); continue }
                    if let kind = SensitiveNumbers.residentID(s, isRegistered: isRegistered) {
                        throw JournalError.sensitiveNumber(field: path, kind: kind)
                    }
                }
            } else {
                try validate(value, path: key)
            }
        }
    }

    private static func validate(key: String, path: String) throws {
        let b = Array(key.utf8)
        guard !b.isEmpty, b.count <= 64, b[0] >= 0x61, b[0] <= 0x7A,
              b.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F }) else {
            throw JournalError.invalidFieldName(path)
        }
    }

    private static func validate(_ value: JournalValue, path: String) throws {
        switch value {
        case .string(let s):
            if let kind = SensitiveNumbers.firstKind(in: s) { throw JournalError.sensitiveNumber(field: path, kind: kind) }
        case .array(let elements):
            for (i, element) in elements.enumerated() { try validate(element, path: "\(path)[\(i)]") }
        case .object(let members):
            for (key, member) in members {
                try validate(key: key, path: "\(path).\(key)")
                try validate(member, path: "\(path).\(key)")
            }
        case .int, .bool, .null:
            break
        }
    }

    // MARK: - Files

    /// Brings a locked file up to date: another process's appends, a newer segment, damage,
    /// or a new day. Returns the locked file to append to.
    private func refresh(_ file: OpenFile, today: CivilDate) throws -> OpenFile {
        let next = JournalLayout.ref(directory, terminal: terminalID, date: file.ref.date, segment: file.ref.segment + 1)
        let size = try JournalIO.size(file.fd, path: file.ref.url.path)
        if size == file.end && !FileManager.default.fileExists(atPath: next.url.path) && today <= file.ref.date {
            return file
        }
        // Start over from the newest file on disk; `acquire` keeps `file` locked while it
        // links a new file to it, so no other process can append in between.
        let result = try acquire(today: max(today, file.ref.date), previous: file)
        return result
    }

    /// Opens the newest file of this terminal, recovers it, and moves on to a new segment or
    /// a new day as needed. Returns a locked, ready file. `previous`, if given, is locked and
    /// is released (closed) here unless it is the file returned.
    private func acquire(today: CivilDate, previous: OpenFile?) throws -> OpenFile {
        var held: [OpenFile] = previous.map { [$0] } ?? []
        defer {
            for file in held {
                JournalIO.unlock(file.fd)
                closeDescriptor(file.fd)
            }
        }
        let newestOnDisk = JournalLayout.latest(directory, terminal: terminalID, onOrBefore: CivilDate(year: 9999, month: 12, day: 31)!)
        var day = today
        var ref: JournalFileRef
        var link = Link.genesis
        if let newest = newestOnDisk {
            // A clock set back never sends the journal back to an older file.
            if newest.date > day { day = newest.date }
            ref = newest
            if let predecessor = JournalLayout.predecessor(directory, of: newest) {
                link = try lastLink(of: predecessor)
            }
        } else {
            ref = JournalLayout.ref(directory, terminal: terminalID, date: day, segment: 1)
        }
        var pending: JournalRecovery?
        while true {
            var file: OpenFile
            var initialized: Bool
            if let same = held.first(where: { $0.ref == ref }) {
                held.removeAll { $0.ref == ref }
                (file, initialized) = (same, false)
                let outcome = try synchronize(fd: file.fd, ref: ref, link: link)
                switch outcome {
                case .ready(let f, let i): file = f; initialized = i
                case .corrupted(let info):
                    held.append(file)
                    (ref, link, pending) = corruptionStep(ref: ref, info: info, day: day)
                    continue
                }
            } else {
                try JournalIO.makeDirectories(ref.url.deletingLastPathComponent().path)
                let (fd, created) = try JournalIO.openForAppend(ref.url.path)
                let opened = OpenFile(fd: fd, ref: ref, end: 0, lastHash: link.hash, lastSeq: link.seq)
                do {
                    if created { try JournalIO.syncDirectory(ref.url.deletingLastPathComponent().path) }
                    try JournalIO.lock(fd, path: ref.url.path)
                } catch {
                    closeDescriptor(fd)
                    throw error
                }
                let outcome: SyncOutcome
                do {
                    outcome = try synchronize(fd: fd, ref: ref, link: link)
                } catch {
                    held.append(opened)
                    throw error
                }
                switch outcome {
                case .ready(let f, let i): file = f; initialized = i
                case .corrupted(let info):
                    held.append(opened)
                    (ref, link, pending) = corruptionStep(ref: ref, info: info, day: day)
                    continue
                }
            }
            if let report = pending {
                pending = nil
                if initialized {
                    var fields: [String: JournalValue] = ["reason": "corruption", "file": .string(report.file),
                                                          "record": .int(report.record), "offset": .int(report.offset)]
                    fields["continues_in"] = .string(file.ref.relativePath)
                    do { try writeRecovery(fields, to: &file) } catch { held.append(file); throw error }
                    var r = report
                    r.continuedIn = file.ref.relativePath
                    recoveryLog.append(r)
                }
            }
            if file.ref.date < day {
                // Yesterday's file (or older): today's file links to it, which stays locked
                // until the new header is durable.
                held.append(file)
                link = Link(hash: file.lastHash, seq: file.lastSeq, continues: nil)
                ref = JournalLayout.ref(directory, terminal: terminalID, date: day, segment: 1)
                continue
            }
            return file
        }
    }

    private func corruptionStep(ref: JournalFileRef, info: CorruptionInfo, day: CivilDate)
        -> (JournalFileRef, Link, JournalRecovery) {
        let sameDay = ref.date == day
        let next = JournalLayout.ref(directory, terminal: terminalID, date: day, segment: sameDay ? ref.segment + 1 : 1)
        let link = Link(hash: info.lastValidHash, seq: info.lastValidSeq, continues: sameDay ? ref.url.lastPathComponent : nil)
        let report = JournalRecovery(kind: .corruption, file: ref.relativePath, record: info.record, offset: info.offset,
                                     bytes: 0, copy: nil, continuedIn: nil)
        return (next, link, report)
    }

    struct CorruptionInfo {
        var record: Int
        var offset: Int
        var lastValidHash: String
        var lastValidSeq: Int
    }

    enum SyncOutcome {
        /// Ready to append; `initialized` when this call wrote the header.
        case ready(OpenFile, initialized: Bool)
        case corrupted(CorruptionInfo)
    }

    /// Reads a locked file from the start and makes it appendable: writes the header of an
    /// empty file, cuts off a torn tail (keeping a copy), or reports corruption.
    private func synchronize(fd: Int32, ref: JournalFileRef, link: Link) throws -> SyncOutcome {
        let path = ref.url.path
        let bytes = try JournalIO.readAll(path)
        // Read under the file's lock: no other process can write a line the witness then names.
        let witnessed = witness.latest()
        if bytes.isEmpty {
            var file = OpenFile(fd: fd, ref: ref, end: 0, lastHash: link.hash, lastSeq: link.seq)
            let gap = assess(witnessed, against: file, headerKeepsOne: false)
            try writeHeader(link: link, to: &file)
            try note(gap, in: &file)
            return .ready(file, initialized: true)
        }
        let scan = JournalFileScan.scan(bytes, expecting: .init(terminal: terminalID, date: ref.date, segment: ref.segment))
        if let header = scan.header, header.mode != mode {
            throw JournalError.modeMismatch(expected: mode, found: header.mode, file: ref.relativePath)
        }
        switch scan.damage {
        case .none:
            var file = OpenFile(fd: fd, ref: ref, end: bytes.count, lastHash: scan.intactLastHash ?? link.hash,
                                lastSeq: scan.intactLastSeq ?? link.seq)
            try note(assess(witnessed, against: file, headerKeepsOne: scan.header?.witness == true), in: &file)
            return .ready(file, initialized: false)
        case .corrupted(let record, let offset):
            let hash = scan.lastValidHash ?? scan.header?.prev ?? link.hash
            let seq = scan.lastValidSeq ?? scan.header?.prevSeq ?? link.seq
            return .corrupted(CorruptionInfo(record: record, offset: offset, lastValidHash: hash, lastValidSeq: seq))
        case .tornTail(let record, let offset):
            var copyName = "\(ref.url.lastPathComponent).torn-\(offset)"
            var n = 2
            let dir = ref.url.deletingLastPathComponent()
            while FileManager.default.fileExists(atPath: dir.appendingPathComponent(copyName).path) {
                copyName = "\(ref.url.lastPathComponent).torn-\(offset)-\(n)"
                n += 1
            }
            let cut = Array(bytes[offset...])
            try JournalIO.writeNewFile(dir.appendingPathComponent(copyName).path, cut)
            do {
                try JournalIO.truncate(fd, to: offset, path: path)
                try JournalIO.sync(fd, path: path)
            } catch {
                failed = true
                throw error
            }
            var file = OpenFile(fd: fd, ref: ref, end: offset, lastHash: scan.intactLastHash ?? link.hash,
                                lastSeq: scan.intactLastSeq ?? link.seq)
            var initialized = false
            let gap = assess(witnessed, against: file, headerKeepsOne: scan.header?.witness == true)
            if offset == 0 {
                try writeHeader(link: link, to: &file)
                initialized = true
            }
            // Before the torn-tail record, so that it too takes a seq after every one the witness saw.
            try note(gap, in: &file)
            let relativeCopy = (ref.relativePath as NSString).deletingLastPathComponent + "/" + copyName
            try writeRecovery(["reason": "torn_tail", "file": .string(ref.relativePath), "record": .int(record),
                               "offset": .int(offset), "bytes": .int(cut.count), "copy": .string(relativeCopy)], to: &file)
            recoveryLog.append(JournalRecovery(kind: .tornTail, file: ref.relativePath, record: record, offset: offset,
                                               bytes: cut.count, copy: relativeCopy, continuedIn: nil))
            return .ready(file, initialized: initialized)
        }
    }

    /// What the witness saw beyond (or instead of) the end of a file.
    enum WitnessGap {
        case missing(from: Int, entry: JournalWitness.Entry)
        case mismatch(JournalWitness.Entry)
        /// The file says a witness was kept, and there is none.
        case gone
    }

    /// Compares the end of `file` (before anything is written to it) with the witness.
    ///
    /// A witness is expected where the file's header says one is kept and the journal already
    /// holds a record: the terminal's very first file, before any record, may lack one (a writer
    /// stopped between that header and its first witness has acknowledged nothing). A header
    /// rewritten to say no witness is kept is a consistent rewrite of the chain, which only the
    /// anchors outside the data directory catch (README, "What the journal can and cannot prove").
    private func assess(_ witnessed: JournalWitness.Entry?, against file: OpenFile, headerKeepsOne: Bool) -> WitnessGap? {
        guard let w = witnessed else { return headerKeepsOne && witness.isKept && file.lastSeq > 0 ? .gone : nil }
        if w.seq > file.lastSeq { return .missing(from: file.lastSeq + 1, entry: w) }
        if w.seq == file.lastSeq && w.hash != file.lastHash { return .mismatch(w) }
        return nil
    }

    /// Writes what `assess` found: a `missing_records` recovery naming the seqs that are gone
    /// (the chain continues after them), or a `witness_mismatch` recovery (the journal was rewritten).
    private func note(_ gap: WitnessGap?, in file: inout OpenFile) throws {
        switch gap {
        case nil:
            return
        case .missing(let from, let w)?:
            let place = JournalLayout.ref(directory, terminal: terminalID, date: w.date, segment: w.segment).relativePath
            file.lastSeq = max(file.lastSeq, w.seq)
            try writeRecovery(["reason": "missing_records", "from_seq": .int(from), "to_seq": .int(w.seq),
                               "witness_file": .string(place), "witness_hash": .string(w.hash)], to: &file)
            recoveryLog.append(JournalRecovery(kind: .missingRecords, file: place, record: from, offset: 0, bytes: 0,
                                               copy: nil, continuedIn: file.ref.relativePath, missingSeqs: from...w.seq))
        case .mismatch(let w)?:
            let place = JournalLayout.ref(directory, terminal: terminalID, date: w.date, segment: w.segment).relativePath
            try writeRecovery(["reason": "witness_mismatch", "seq": .int(w.seq), "witness_file": .string(place),
                               "witness_hash": .string(w.hash)], to: &file)
            recoveryLog.append(JournalRecovery(kind: .witnessMismatch, file: place, record: w.seq, offset: 0, bytes: 0,
                                               copy: nil, continuedIn: file.ref.relativePath))
        case .gone?:
            // A new witness starts from here; that the old one vanished stays on record.
            try writeRecovery(["reason": "witness_missing", "file": .string(file.ref.relativePath)], to: &file)
            recoveryLog.append(JournalRecovery(kind: .witnessMissing, file: file.ref.relativePath, record: file.lastSeq, offset: 0,
                                               bytes: 0, copy: nil, continuedIn: nil))
        }
    }

    /// The chain state at the end of an existing (earlier) file, without changing it.
    private func lastLink(of ref: JournalFileRef) throws -> Link {
        let bytes = try JournalIO.readAll(ref.url.path)
        let scan = JournalFileScan.scan(bytes, expecting: nil)
        if let header = scan.header, header.mode != mode {
            throw JournalError.modeMismatch(expected: mode, found: header.mode, file: ref.relativePath)
        }
        guard let hash = scan.lastValidHash, let seq = scan.lastValidSeq else { return .genesis }
        return Link(hash: hash, seq: seq, continues: nil)
    }

    /// Refuses to write into a directory whose other terminals' files today are of the other mode.
    private func checkOtherTerminals(on day: CivilDate) throws {
        for ref in JournalLayout.files(directory, on: day) where ref.terminal != terminalID {
            guard let handle = FileHandle(forReadingAtPath: ref.url.path) else { continue }
            let head = (try? handle.read(upToCount: 4096)) ?? Data()
            try? handle.close()
            guard let newline = head.firstIndex(of: 0x0A) else { continue }
            let line = Array(head[head.startIndex..<newline])
            guard let members = try? JournalJSON.parseObject(line),
                  case .success(let header) = JournalHeader.decode(members) else { continue }
            if header.mode != mode {
                throw JournalError.modeMismatch(expected: mode, found: header.mode, file: ref.relativePath)
            }
        }
    }

    // MARK: - Writing

    private func writeHeader(link: Link, to file: inout OpenFile) throws {
        var random = SystemRandomNumberGenerator()
        let idBytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &random) }
        var header = JournalHeader(terminal: terminalID, date: file.ref.date, segment: file.ref.segment, mode: mode,
                                   app: appVersion, fileID: JournalLine.hex(idBytes),
                                   created: JournalTimestamp.format(clock.now()), continues: link.continues,
                                   prevSeq: link.seq, prev: link.hash, hash: "", witness: witness.isKept)
        let line = header.line()
        try write(line, to: &file, hash: header.hash, seq: link.seq, header: true)
    }

    private func writeRecovery(_ fields: [String: JournalValue], to file: inout OpenFile) throws {
        let (line, _) = JournalLine.record(seq: file.lastSeq + 1, ts: JournalTimestamp.format(clock.now()),
                                           type: JournalRecordType.recovery.rawValue, clerk: Journal.systemClerk,
                                           fields: fields, prev: file.lastHash)
        try write(line, to: &file)
    }

    /// Writes a sealed record line and fsyncs; advances the chain state.
    private func write(_ line: [UInt8], to file: inout OpenFile) throws {
        // The hash sits at a fixed distance from the end of the line.
        let hashBytes = line[(line.count - 67)..<(line.count - 3)]
        try write(line, to: &file, hash: String(decoding: hashBytes, as: UTF8.self), seq: file.lastSeq + 1, header: false)
    }

    private func write(_ line: [UInt8], to file: inout OpenFile, hash: String, seq: Int, header: Bool) throws {
        let path = file.ref.url.path
        do {
            try writeHook?(file.fd)
            try JournalIO.writeAll(file.fd, line, path: path)
            try JournalIO.sync(file.fd, path: path)
        } catch {
            // No retry: after a failed fsync the page cache may already have dropped the data.
            failed = true
            if case JournalError.io(let operation, _, _) = error, operation == "write" {
                try? JournalIO.truncate(file.fd, to: file.end, path: path)
            }
            throw error
        }
        file.end += line.count
        file.lastHash = hash
        file.lastSeq = seq
        // Only now that the line is durable: the witness is never ahead of the journal.
        witness.write(JournalWitness.Entry(terminal: terminalID, mode: mode, date: file.ref.date, segment: file.ref.segment,
                                           seq: seq, hash: hash, header: header))
    }

    /// Tests use this to make the next write fail as the disk would.
    var writeHook: ((Int32) throws -> Void)?
}

/// `close(2)`, named apart from `Journal.close()`.
@inline(__always) func closeDescriptor(_ fd: Int32) {
    _ = close(fd)
}
