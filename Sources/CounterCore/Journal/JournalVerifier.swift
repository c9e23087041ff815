import Foundation
import JapaneseKit

/// Checks journal files without changing them: every line's hash, the chain within and
/// across files (days and segments), sequence numbers, time order, headers and modes; each
/// day's seal against the records it seals; and the end of each terminal's journal against
/// its witness (`JournalWitness`), which sees records cut off or files deleted.
public struct JournalVerifier: Sendable {
    /// The `<data-dir>/journal` directory.
    public let directory: URL
    /// Where each terminal's witness is looked for (by default `<data-dir>/state/witness`).
    public let witnessDirectories: [URL]

    /// `witnessDirectories`: where the writer keeps its witness (default: beside the journal);
    /// none checks the files alone, as for copies of other terminals' journals.
    public init(directory: URL, witnessDirectories: [URL]? = nil) {
        self.directory = directory
        self.witnessDirectories = witnessDirectories ?? JournalWitness.directories(journal: directory)
    }

    /// Verifies every file dated `from` through `to`. The first file of each terminal is also
    /// checked against the last file before the range, when there is one; a header that links
    /// to a file that is not there (or empty) is a failure.
    ///
    /// With `eachDay`, each day's records (self-valid lines outside a torn tail, in time order)
    /// are handed over from the same scan the verification makes, so a reader that needs both
    /// (the supervisor's review) decodes each line once.
    ///
    /// With `eachLedger`, each day's ledger (every record's place in its chain; cases, payments,
    /// voids and the seal decoded in full) from the same scan, as `DayLedger.read` would give it:
    /// what today's status needs, without decoding every record.
    ///
    /// `progress` is told after each day: how far the verification has come.
    public func verify(from: CivilDate, to: CivilDate,
                       eachDay: ((CivilDate, [JournalRecord]) throws -> Void)? = nil,
                       eachLedger: ((CivilDate, DayLedger) throws -> Void)? = nil,
                       progress: ((Progress) -> Void)? = nil) throws -> JournalVerification {
        let refs = JournalReader(directories: [directory], from: from, to: to).files()
        var reports: [JournalFileReport] = []
        var lastLink: [String: (hash: String?, seq: Int?, file: JournalFileRef)] = [:]
        var directoryMode: JournalMode?
        // Each seal, and what checking it found when its day's files were at hand.
        var seals: [(report: Int, finding: JournalFinding, seal: DaySeal?, checked: [JournalFinding]?)] = []
        var extra: [Int: [JournalFinding]] = [:]
        // Each terminal's witness, checked against its file while that file is scanned anyway.
        let witnesses = Dictionary(uniqueKeysWithValues: Set(refs.map(\.terminal)).union(witnessedTerminals()).compactMap { t in
            latestWitness(terminal: t, mode: nil).map { (t, $0) }
        })
        var witnessChecked = Set<String>()
        // The files of one day are scanned in parallel, each in chunks; what links them (chains
        // across files, the mode, seals, witnesses) is then checked in file order.
        var scanned: [ScannedFile] = []
        var done = Progress(files: 0, totalFiles: refs.count, records: 0, day: from)
        var dayStart = 0
        var dayLedger: DayLedger?
        for (index, ref) in refs.enumerated() {
            if index == dayStart {
                var dayEnd = index
                while dayEnd < refs.count, refs[dayEnd].date == ref.date { dayEnd += 1 }
                let keepRecords = eachDay != nil, keepLedger = eachLedger != nil
                scanned = try ParallelMap.map(Array(refs[index..<dayEnd])) { ref in
                    let w = witnesses[ref.terminal].flatMap { $0.date == ref.date && $0.segment == ref.segment ? $0 : nil }
                    return try ScannedFile(ref, keepRecords: keepRecords, keepLedger: keepLedger, watchSeq: w?.seq)
                }
                if let eachDay {
                    let records = scanned.flatMap(\.records)
                    try eachDay(ref.date, records.sorted { ($0.timestamp, $0.terminal, $0.seq) < ($1.timestamp, $1.terminal, $1.seq) })
                    // What a seal check needs of them stays; the rest goes.
                    for i in scanned.indices { scanned[i].records.removeAll { !ScannedFile.keptTypes.contains($0.typeName) } }
                }
                dayLedger = nil
                if let eachLedger {
                    let ledger = try Self.ledger(date: ref.date, files: scanned)
                    try eachLedger(ref.date, ledger)
                    dayLedger = ledger
                }
                dayStart = dayEnd
                done.files = dayEnd
                done.records += scanned.reduce(0) { $0 + $1.scan.recordCount }
                done.day = ref.date
                progress?(done)
            }
            let file = scanned[index - (dayStart - scanned.count)]
            let scan = file.scan
            var findings = scan.findings
            if let header = scan.header {
                // The link to the file before (in range, or the newest one before the range).
                var link = lastLink[ref.terminal]
                if link == nil, let predecessor = JournalLayout.predecessor(directory, of: ref) {
                    let end = try Self.chainEnd(of: predecessor)
                    link = (end.hash, end.seq, predecessor)
                }
                if header.prevSeq > 0 || header.prev != JournalHeader.genesisHash {
                    if let before = link, before.hash == nil {
                        findings.insert(JournalFinding(code: .missingPredecessor, record: 0, offset: 0, detail:
                            "前のファイル \(before.file.relativePath) が空か読めません（このファイルは seq \(header.prevSeq) の続きです）"), at: 0)
                        link = nil
                    } else if link == nil {
                        findings.insert(JournalFinding(code: .missingPredecessor, record: 0, offset: 0, detail:
                            "このファイルは seq \(header.prevSeq) の続きですが、前のファイルがありません"), at: 0)
                    }
                }
                if let link {
                    if let hash = link.hash, header.prev != hash {
                        findings.insert(JournalFinding(code: .chainBreak, record: 0, offset: 0,
                                                       detail: "先頭の prev が前のファイルの最後のハッシュと違います"), at: 0)
                    }
                    if let seq = link.seq, header.prevSeq != seq {
                        findings.insert(JournalFinding(code: header.prevSeq > seq ? .seqGap : .seqDup, record: 0, offset: 0,
                                                       detail: "先頭の prev_seq は \(header.prevSeq)、前のファイルは seq \(seq) で終わっています"), at: 0)
                    }
                }
                if let mode = directoryMode, header.mode != mode {
                    findings.insert(JournalFinding(code: .modeMismatch, record: 0, offset: 0,
                                                   detail: "\(mode.rawValue) のファイルの中に \(header.mode.rawValue) のファイルがあります"), at: 0)
                }
                directoryMode = directoryMode ?? header.mode
            }
            lastLink[ref.terminal] = (scan.lastValidHash, scan.lastValidSeq, ref)
            if let w = witnesses[ref.terminal], w.date == ref.date, w.segment == ref.segment {
                witnessChecked.insert(ref.terminal)
                if let finding = witnessFinding(w, scan: scan, ref: ref) { findings.append(finding) }
            }
            // Recovery records and seals are few: the scan kept their fields.
            for (line, fields) in file.notes {
                let at = { (code: JournalFinding.Code, detail: String) in
                    JournalFinding(code: code, record: line.number, offset: line.offset, seq: line.decoded.seq, detail: detail)
                }
                if line.decoded.type == "day_closed" {
                    let seal = DaySeal(fields: fields)
                    var checked: [JournalFinding]?
                    if let seal, seal.date == ref.date {
                        // The files of the sealed day are the ones just scanned (every file of that
                        // day in this directory, in the order `DayLedger.read` reads them).
                        let ledger = try dayLedger ?? Self.ledger(date: ref.date, files: scanned)
                        dayLedger = ledger
                        checked = try Self.sealFindings(seal, ledger: ledger, at: at(.sealMismatch, "")) { terminal, lastSeq in
                            try Self.coverage(of: terminal, upTo: lastSeq, in: scanned)
                        }
                    }
                    seals.append((reports.count, at(.sealMismatch, ""), seal, checked))
                } else if fields["reason"]?.stringValue == "missing_records" {
                    let a = fields["from_seq"]?.intValue ?? 0, b = fields["to_seq"]?.intValue ?? 0
                    findings.append(at(.recordsMissing, "書き手が再開時に、証跡にある seq \(a)〜\(b) の記録がファイルにないことを見つけました（消された記録）"))
                } else if fields["reason"]?.stringValue == "witness_missing" {
                    findings.append(at(.witnessMissing, "書き手が再開時に証跡がないことを見つけました：ここより前の末尾は確かめられません"))
                } else if fields["reason"]?.stringValue == "witness_mismatch" {
                    findings.append(at(.witnessMismatch, "書き手が再開時に、証跡の最後の記録（seq \(fields["seq"]?.intValue ?? 0)）と違う記録を見つけました（書き換え）"))
                }
            }
            reports.append(JournalFileReport(
                file: ref, mode: scan.header?.mode, records: scan.recordCount,
                firstSeq: scan.firstSeq, lastSeq: scan.lastSeq, firstTime: scan.firstTime, lastTime: scan.lastTime,
                lastHash: scan.lastValidHash, findings: findings, header: scan.header,
                lastValidSeq: scan.lastValidSeq))
        }
        for (i, report) in reports.enumerated() where report.header == nil {
            // A file without a header is what a crash right after creating it leaves, but only
            // as the newest file, with nothing acknowledged in it: else it was emptied.
            let newest = JournalLayout.latest(directory, terminal: report.file.terminal,
                                              onOrBefore: CivilDate(year: 9999, month: 12, day: 31)!)
            let witnessed = latestWitness(terminal: report.file.terminal, mode: directoryMode)
            let named = witnessed.map { ($0.date, $0.segment) >= (report.file.date, report.file.segment) } ?? false
            if newest != report.file || named {
                extra[i, default: []].append(JournalFinding(code: .emptied, record: 0, offset: 0, detail:
                    newest != report.file ? "先頭行のないファイルの後にファイルがあります：中身が消されています"
                                          : "証跡ではこのファイルに記録がありましたが、先頭行もありません：中身が消されています"))
            }
        }
        for (index, placeholder, seal, checked) in seals {
            guard let seal else {
                extra[index, default: []].append(placeholder.with(detail: "日計の締め（day_closed）の内容が読めません"))
                continue
            }
            let found = try checked ?? Self.sealFindings(seal, ledger: DayLedger.read(directories: [directory], date: seal.date), at: placeholder)
            extra[index, default: []] += found
        }
        for (i, findings) in extra { reports[i].findings += findings }
        try checkWitnesses(&reports, from: from, mode: directoryMode, skipping: witnessChecked)
        for i in reports.indices {
            reports[i].findings.sort { ($0.record, $0.offset) < ($1.record, $1.offset) }
        }
        return JournalVerification(files: reports.sorted { $0.file < $1.file })
    }

    /// How the records of the sealed day (`ledger`) disagree with `seal`; each finding at the
    /// seal's line (`placeholder`).
    /// `coverage`: each terminal's chain, when not the ledger's own (see `DaySeal.check(_:coverage:)`).
    static func sealFindings(_ seal: DaySeal, ledger: DayLedger, at placeholder: JournalFinding,
                             coverage: ((String, Int) throws -> (records: Int, lastHash: String?)?)? = nil) rethrows -> [JournalFinding] {
        var found: [JournalFinding] = []
        let discrepancies = try coverage.map { try seal.check(ledger, coverage: $0).discrepancies } ?? seal.check(ledger).discrepancies
        for d in discrepancies {
            found.append(placeholder.with(detail: "\(seal.date.iso) の締めと記録が合いません: \(d.message)"))
        }
        for after in seal.uncovered(ledger) {
            var text = "\(seal.date.iso) の締めに含まれない支払 \(after.payments) 件・取消返品 \(after.voids) 件（差引 \(after.net) 円）が端末 \(after.terminal) にあります"
            text += after.sealed ? "（締めの後の記録）" : "（締めに含まれなかった端末）"
            found.append(JournalFinding(code: .afterSeal, record: placeholder.record, offset: placeholder.offset,
                                        seq: placeholder.seq, detail: text))
        }
        return found
    }

    /// How far a verification has come: files and records checked, up to and including `day`.
    public struct Progress: Sendable, Equatable {
        public var files: Int
        public var totalFiles: Int
        public var records: Int
        public var day: CivilDate
    }

    /// What verifying keeps of one file, scanned in chunks: the scan's summary and findings,
    /// the recovery records and seals with their fields, and each record's place in its chain
    /// with where the payments, voids, refunds and seals are (read again only if the day is
    /// sealed, unless kept).
    struct ScannedFile {
        /// What checking a seal looks at.
        static let ledgerTypes: Set<String> = ["payment", "void", "refund", "day_closed"]
        /// What a day's ledger holds besides: its cases.
        static let keptTypes = ledgerTypes.union(["case_opened", "case_closed"])

        let ref: JournalFileRef
        var scan: JournalFileScan
        var notes: [(line: JournalFileScan.Line, fields: [String: JournalValue])] = []
        /// Each record's place in its chain, in constant memory.
        var chain = JournalChainSummary()
        /// Every record's place, for the day's ledger (with `keepLedger`).
        var links: [DayLedger.Link] = []
        /// Line number, offset and length of each payment, void, refund and seal; at most
        /// `ledgerLineLimit` (a file with more is read again whole when its day is sealed).
        var ledgerLines: [(number: Int, offset: Int, length: Int)] = []
        var ledgerLinesComplete = true
        static let ledgerLineLimit = 50_000
        /// Every record with its fields (with `keepRecords`), or only the ledger's (with `keepLedger`).
        var records: [JournalRecord] = []
        let keptRecords: Bool
        let keptLedger: Bool

        init(_ ref: JournalFileRef, keepRecords: Bool, keepLedger: Bool = false, watchSeq: Int?) throws {
            self.ref = ref
            keptRecords = keepRecords
            keptLedger = keepLedger
            var notes: [(line: JournalFileScan.Line, fields: [String: JournalValue])] = []
            var chain = JournalChainSummary()
            var links: [DayLedger.Link] = []
            var ledgerLines: [(number: Int, offset: Int, length: Int)] = []
            var records: [JournalRecord] = []
            scan = try JournalFileScan.scan(file: ref.url.path, expecting: JournalReader.expectation(ref), keepMembers: keepRecords,
                                            keepTypes: keepLedger ? Self.keptTypes : nil, watchSeq: watchSeq) { line, header, bytes in
                let d = line.decoded
                guard let type = d.type, let seq = d.seq, let hash = d.hashText else { return }
                chain.append(seq: seq, hash: hash)
                if keepLedger { links.append(DayLedger.Link(seq: seq, hash: hash)) }
                if keepRecords { records.appendRecord(line, file: ref, mode: header.mode) }
                if Self.ledgerTypes.contains(type), ledgerLines.count <= Self.ledgerLineLimit {
                    ledgerLines.append((line.number, line.offset, line.length))
                }
                // Decoded in full by the scan (`keepTypes`) rather than read again.
                if keepLedger && !keepRecords && Self.keptTypes.contains(type) { records.appendRecord(line, file: ref, mode: header.mode) }
                if type == "recovery" || type == "day_closed" {
                    let members = keepRecords ? d.members : JournalLine.decode(bytes).members
                    notes.append((line, Dictionary(members ?? [], uniquingKeysWith: { a, _ in a })))
                }
            }
            ledgerLinesComplete = ledgerLines.count <= Self.ledgerLineLimit
            if !ledgerLinesComplete { ledgerLines = [] }
            (self.notes, self.chain, self.links, self.ledgerLines, self.records) = (notes, chain, links, ledgerLines, records)
        }

        /// The hash of the file's record `index` (counted as `chain` counts them), read again
        /// when it is older than the hashes the chain keeps; nil when the file no longer has it.
        func hash(ofRecord index: Int) throws -> JournalLine.HashText? {
            if let kept = chain.hash(at: index) { return kept }
            var seen = 0
            var found: JournalLine.HashText?
            try JournalFileScan.scan(file: ref.url.path, expecting: JournalReader.expectation(ref)) { line, _, _ in
                guard line.decoded.type != nil, line.decoded.seq != nil, let hash = line.decoded.hashText else { return }
                if seen == index { found = hash }
                seen += 1
            }
            return found
        }

        /// The payments, voids, refunds and seals as records, from the records kept or read again.
        func ledgerRecords() throws -> [JournalRecord] {
            guard let mode = scan.header?.mode else { return [] }
            if keptRecords || keptLedger { return records.filter { Self.keptTypes.contains($0.typeName) } }
            guard ledgerLinesComplete else {
                let types = Set(Self.ledgerTypes.compactMap(JournalRecordType.init(rawValue:)))
                return try JournalReader.read(file: ref, types: types, skipDamaged: true).records
            }
            var result: [JournalRecord] = []
            for place in ledgerLines {
                let bytes = try JournalIO.readRange(ref.url.path, offset: place.offset, length: place.length + 1)
                guard bytes.count == place.length + 1 else { continue }
                let line = bytes.withUnsafeBufferPointer {
                    JournalFileScan.line(UnsafeBufferPointer(rebasing: $0[0..<place.length]), number: place.number, offset: place.offset,
                                         terminated: $0[place.length] == 0x0A, fieldsToo: true)
                }
                // The file changed since it was scanned: what is there now is not what was verified.
                guard line.selfValid else { continue }
                result.appendRecord(line, file: ref, mode: mode)
            }
            return result
        }
    }

    /// The ledger `DayLedger.read` gives for one day's scanned `files`: the same records in the
    /// same order, but only payments, voids, refunds and seals decoded in full — what checking
    /// a seal looks at; every other record keeps its place in its chain.
    static func ledger(date: CivilDate, files: [ScannedFile]) throws -> DayLedger {
        var typed: [JournalRecord] = []
        for file in files where file.scan.header != nil { typed += try file.ledgerRecords() }
        let links = files.lazy.filter { $0.scan.header != nil }.flatMap { file in file.links.lazy.map { (file.ref.terminal, $0) } }
        return DayLedger(date: date, links: links, typed: typed)
    }

    /// What a seal of `lastSeq` covers of `terminal`'s chain in the day's scanned `files` (in
    /// file order, as `DayLedger` chains them): its records up to `lastSeq`, and the hash of the
    /// last record with `lastSeq`; nil when the terminal has no record there.
    static func coverage(of terminal: String, upTo lastSeq: Int, in files: [ScannedFile]) throws -> (records: Int, lastHash: String?)? {
        let chained = files.filter { $0.ref.terminal == terminal && $0.scan.header != nil }
        guard chained.contains(where: { $0.chain.count > 0 }) else { return nil }
        let records = chained.reduce(0) { $0 + $1.chain.covered(upTo: lastSeq) }
        for file in chained.reversed() {
            if let index = file.chain.lastIndex(of: lastSeq) { return (records, try file.hash(ofRecord: index)?.text) }
        }
        return (records, nil)
    }

    /// Where the chain of `ref` (a file before the range) ends: its last valid line's hash and
    /// seq, found among its last lines; the whole file is scanned only when none of them is valid.
    static func chainEnd(of ref: JournalFileRef) throws -> (hash: String?, seq: Int?) {
        let path = ref.url.path
        var st = stat()
        guard stat(path, &st) == 0 else { throw JournalIO.Failure(operation: "stat", path: path, code: errno) }
        let size = Int(st.st_size)
        let start = max(0, size - 65_536)
        let bytes = try JournalIO.readRange(path, offset: start, length: size - start)
        let found: (hash: String?, seq: Int?)? = bytes.withUnsafeBufferPointer { buffer in
            // The lines in the window; a line cut by the window's start is not one.
            var lines: [(start: Int, end: Int)] = []
            var s = 0
            if start > 0 { s = (buffer.firstIndex(of: 0x0A) ?? buffer.count) + 1 }
            while s < buffer.count {
                let e = buffer[s...].firstIndex(of: 0x0A) ?? buffer.count
                lines.append((s, e))
                s = e + 1
            }
            for (s, end) in lines.reversed() {
                let terminated = end < buffer.count
                let number = start == 0 && s == 0 ? 0 : 1
                let line = JournalFileScan.line(UnsafeBufferPointer(rebasing: buffer[s..<end]), number: number, offset: start + s,
                                                terminated: terminated, fieldsToo: number == 0)
                guard line.selfValid else { continue }
                if number == 0 {
                    guard let members = line.decoded.members, case .success(let header) = JournalHeader.decode(members) else { continue }
                    return (line.decoded.hash, header.prevSeq)
                }
                return (line.decoded.hash, line.decoded.seq)
            }
            return nil
        }
        if let found { return found }
        let scan = try JournalFileScan.scan(file: path)
        return (scan.lastValidHash, scan.lastValidSeq)
    }

    /// Verifies one day.
    public func verify(date: CivilDate) throws -> JournalVerification { try verify(from: date, to: date) }

    /// Checks `date`'s seal against the 封印ハッシュ printed on its stamped 日計表 (at least the
    /// first 12 hex digits): the anchor outside the data directory that a consistent rewrite of
    /// every file cannot move. Nil when they agree.
    public func checkPrintedSeal(date: CivilDate, printedHash: String) throws -> JournalFinding? {
        let typed = printedHash.lowercased().filter { !$0.isWhitespace }
        guard typed.count >= 12, typed.count <= 64, JournalLine.isHash(typed + String(repeating: "0", count: 64 - typed.count)) else {
            return JournalFinding(code: .sealMismatch, record: 0, offset: 0, detail: "印刷された封印ハッシュは16進数12桁以上で指定してください")
        }
        let report = try DayCloser.report(directories: [directory], date: date, today: CivilDate(year: 9999, month: 12, day: 31)!,
                                          catalog: nil)
        guard let seal = report.seal else {
            return JournalFinding(code: .sealMismatch, record: 0, offset: 0,
                                  detail: "\(date.iso) の締め（day_closed）がありません。印刷された日計表の締めが消されています")
        }
        guard seal.hash.hasPrefix(typed) else {
            return JournalFinding(code: .sealMismatch, record: 0, offset: 0, seq: seal.seq, detail:
                "\(date.iso) の締め（端末 \(seal.terminal) seq \(seal.seq)）のハッシュが印刷された日計表と違います：締めの後に書き換えられています")
        }
        return nil
    }

    // MARK: - Witness

    /// Terminals with a witness file in any witness directory, with the mode in its name.
    private func witnessedTerminals() -> Set<String> {
        var result = Set<String>()
        for dir in witnessDirectories {
            for name in (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? [] where name.hasSuffix(".witness") {
                if let terminal = name.split(separator: ".").first.map(String.init), JournalLayout.isValidTerminalID(terminal) {
                    result.insert(terminal)
                }
            }
        }
        return result
    }

    private func readings(terminal: String, mode: JournalMode?) -> [JournalWitness.Reading] {
        let modes: [JournalMode] = mode.map { [$0] } ?? [.live, .training]
        return witnessDirectories.flatMap { dir in modes.map { JournalWitness.read(directory: dir, terminal: terminal, mode: $0) } }
    }

    private func latestWitness(terminal: String, mode: JournalMode?) -> JournalWitness.Entry? {
        JournalWitness.latest(readings(terminal: terminal, mode: mode))
    }

    /// Checks that the last line each witness saw is still there, unchanged.
    /// Whether the line the witness saw last is in `scan` (the witness's file), unchanged.
    private func witnessFinding(_ w: JournalWitness.Entry, scan: JournalFileScan, ref: JournalFileRef) -> JournalFinding? {
        let place = "seq \(w.seq)（\(ref.relativePath)）"
        let line = w.header ? scan.headerLine.flatMap { $0.selfValid ? $0 : nil } : scan.watched
        if let line {
            guard line.decoded.hash != w.hash else { return nil }
            return JournalFinding(code: .witnessMismatch, record: line.number, offset: line.offset, seq: line.decoded.seq,
                                  detail: "証跡にある最後の行（\(place)）と違います：記録が書き換えられています")
        }
        if (scan.lastValidSeq ?? 0) < w.seq || w.header {
            let kept = scan.lastValidSeq.map { "seq \($0) まで" } ?? "記録なし"
            return JournalFinding(code: .recordsMissing, record: scan.recordEnd, offset: scan.intactEnd, detail:
                "証跡によれば \(place)まで記録されましたが、ファイルには \(kept)しかありません：末尾の記録が消されたか壊れています")
        }
        return JournalFinding(code: .recordsMissing, record: 0, offset: 0, detail: "証跡にある \(place) の記録がありません")
    }

    /// Checks the witnesses whose file was not among those verified: a file outside the range,
    /// or one that is gone; and warns where a journal that keeps a witness has none.
    private func checkWitnesses(_ reports: inout [JournalFileReport], from: CivilDate, mode: JournalMode?,
                                skipping checked: Set<String>) throws {
        // A copy of another terminal's journal (a shared folder) carries no witness: files only.
        guard !witnessDirectories.isEmpty else { return }
        let terminals = Set(reports.map(\.file.terminal)).union(witnessedTerminals()).subtracting(checked)
        for terminal in terminals.sorted() {
            let found = readings(terminal: terminal, mode: mode)
            guard let w = JournalWitness.latest(found) else {
                // The writer says in each header that it keeps a witness; one gone while the journal
                // holds a record is a warning (before the first record there is nothing to witness).
                if let last = reports.last(where: { $0.file.terminal == terminal && $0.header != nil }), last.header?.witness == true,
                   (last.lastSeq ?? last.header?.prevSeq ?? 0) > 0,
                   let i = reports.firstIndex(of: last) {
                    let what = found.contains(.unreadable) ? "読めません" : "ありません"
                    reports[i].findings.append(JournalFinding(code: .witnessMissing, record: 0, offset: 0, detail:
                        "この端末のジャーナルの証跡（\(witnessDirectories.map(\.path).joined(separator: ", "))）が\(what)：末尾の記録が消されても分かりません"))
                }
                continue
            }
            guard w.date >= from else { continue }
            let ref = JournalLayout.ref(directory, terminal: terminal, date: w.date, segment: w.segment)
            let index = reports.firstIndex { $0.file == ref }
            let place = "seq \(w.seq)（\(ref.relativePath)）"
            guard FileManager.default.fileExists(atPath: ref.url.path) else {
                let finding = JournalFinding(code: .recordsMissing, record: 0, offset: 0, detail:
                    "証跡によれば \(place)まで記録されましたが、このファイルがありません：ファイルごと消されています")
                if let index { reports[index].findings.append(finding) } else { reports.append(.absent(ref, finding)) }
                continue
            }
            let scan = try JournalFileScan.scan(file: ref.url.path, expecting: JournalReader.expectation(ref), watchSeq: w.seq)
            let finding = witnessFinding(w, scan: scan, ref: ref)
            guard let finding else { continue }
            if let index {
                reports[index].findings.append(finding)
            } else {
                reports.append(JournalFileReport(file: ref, mode: scan.header?.mode, records: scan.recordCount, firstSeq: nil,
                                                 lastSeq: scan.lastValidSeq, firstTime: nil, lastTime: nil, lastHash: scan.lastValidHash,
                                                 findings: [finding], header: scan.header, lastValidSeq: scan.lastValidSeq))
            }
        }
    }
}

/// PASS, WARN (what crashes and clocks leave: torn tail, time going back) or FAIL.
public enum JournalStatus: String, Sendable, Comparable {
    case pass = "PASS"
    case warn = "WARN"
    case fail = "FAIL"

    public static func < (a: JournalStatus, b: JournalStatus) -> Bool {
        let order: [JournalStatus] = [.pass, .warn, .fail]
        return order.firstIndex(of: a)! < order.firstIndex(of: b)!
    }
}

/// What `JournalVerifier` found in one file.
public struct JournalFileReport: Sendable, Equatable {
    public let file: JournalFileRef
    public let mode: JournalMode?
    /// Record lines (the header not counted; a torn tail not counted).
    public let records: Int
    public let firstSeq: Int?
    public let lastSeq: Int?
    public let firstTime: String?
    public let lastTime: String?
    /// The hash of the last valid line: where the chain continues.
    public let lastHash: String?
    public internal(set) var findings: [JournalFinding]
    /// The file's header, when readable.
    public let header: JournalHeader?
    /// The highest valid seq anywhere in the file.
    let lastValidSeq: Int?
    /// The file is not there at all (the witness or a later file says it was).
    public internal(set) var missing = false

    /// A report for a file that should be there and is not.
    static func absent(_ ref: JournalFileRef, _ finding: JournalFinding) -> JournalFileReport {
        var report = JournalFileReport(file: ref, mode: nil, records: 0, firstSeq: nil, lastSeq: nil, firstTime: nil, lastTime: nil,
                                       lastHash: nil, findings: [finding], header: nil, lastValidSeq: nil)
        report.missing = true
        return report
    }

    public var status: JournalStatus {
        if findings.contains(where: { $0.severity == .failure }) { return .fail }
        return findings.isEmpty ? .pass : .warn
    }
}

/// The result of verifying a range of files.
public struct JournalVerification: Sendable, Equatable {
    public let files: [JournalFileReport]

    init(files: [JournalFileReport]) { self.files = files }

    /// What a witness outside the files found about a terminal's day (the hub: a record it
    /// refused as a fork, records one side lost), one per file.
    public struct Note: Sendable, Equatable {
        public var terminal: String
        public var date: CivilDate
        public var segment: Int
        public var finding: JournalFinding

        public init(terminal: String, date: CivilDate, segment: Int, finding: JournalFinding) {
            self.terminal = terminal
            self.date = date
            self.segment = segment
            self.finding = finding
        }
    }

    /// The verification with `notes` added to the files they name; a file not verified here
    /// (the hub holds none of that day) is listed for them with no records.
    public func adding(_ notes: [Note], directory: URL) -> JournalVerification {
        guard !notes.isEmpty else { return self }
        var files = self.files
        // A terminal id no terminal could have (a hub's table edited by hand) names no file.
        for note in notes where JournalLayout.isValidTerminalID(note.terminal) {
            if let index = files.firstIndex(where: { $0.file.terminal == note.terminal && $0.file.date == note.date && $0.file.segment == note.segment }) {
                files[index].findings.append(note.finding)
            } else {
                var report = JournalFileReport.absent(JournalLayout.ref(directory, terminal: note.terminal, date: note.date, segment: note.segment),
                                                      note.finding)
                report.missing = false
                files.append(report)
            }
        }
        return JournalVerification(files: files.sorted { $0.file < $1.file })
    }

    /// The worst file status (PASS when there are no files).
    public var status: JournalStatus { files.map(\.status).max() ?? .pass }

    /// 0 all pass, 1 warnings only, 2 any failure.
    public var exitCode: Int32 {
        switch status {
        case .pass: return 0
        case .warn: return 1
        case .fail: return 2
        }
    }
}
