import Foundation
import JapaneseKit

/// One pass over a journal file: every line decoded and checked against the one before it,
/// in constant memory (a file is read in chunks and no line is kept). Recovery, the reader and
/// the verifier all start from this; whoever needs a record's contents takes it from the
/// `eachRecord` callback while its bytes are at hand.
struct JournalFileScan {
    struct Line {
        var number: Int
        var offset: Int
        /// Bytes without the newline.
        var length: Int
        var terminated: Bool
        var decoded: JournalLine.Decoded
        var time: Date?
        /// Complete, readable, with all record members and a matching hash.
        var selfValid: Bool
        /// An unreadable line that still contains a complete valid record (two lines run
        /// together when a newline was damaged): evidence of corruption, not of a crash.
        var embedsValidRecord = false
        /// Begins or ends like a record or header: a complete line like this was written whole and
        /// damaged later, which a crash cannot do.
        var startsLikeRecord = false
        /// For an unreadable line that still ends in `"h":"…"}`: that hash, so the chain check
        /// of the next line does not report the same damage twice.
        var rawHash: String?
    }

    /// What, if anything, is wrong with the file as a whole.
    enum Damage: Equatable {
        case none
        /// Invalid lines at the end and no valid record after them: a cut-short write.
        case tornTail(record: Int, offset: Int)
        /// Damage followed by valid records: the file must not be appended to again.
        case corrupted(record: Int, offset: Int)
    }

    /// What the file is expected to be (from its name and directory).
    struct Expectation {
        var terminal: String
        var date: CivilDate
        var segment: Int
    }

    var header: JournalHeader?
    /// The first line, whatever it holds (nil for an empty file).
    var headerLine: Line?
    var findings: [JournalFinding] = []
    var damage: Damage = .none
    /// Where the intact prefix ends: the truncation point for a torn tail.
    var intactEnd = 0
    /// Hash and sequence number at the end of the intact prefix.
    var intactLastHash: String?
    var intactLastSeq: Int?
    /// Hash of the last valid line and the highest valid sequence number anywhere in the
    /// file: where a new segment or the next day's file continues from.
    var lastValidHash: String?
    var lastValidSeq: Int?

    // MARK: - Summary for reports

    /// Lines in the file, the header included.
    private(set) var lineCount = 0
    /// Where the record lines outside a torn tail end (the line number after the last of them).
    private(set) var recordEnd = 0
    /// Record lines outside a torn tail.
    var recordCount: Int { recordEnd - min(1, recordEnd) }
    /// The first and last `seq` and `ts` among the record lines outside a torn tail.
    private(set) var firstSeq: Int?
    private(set) var lastSeq: Int?
    private(set) var firstTime: String?
    private(set) var lastTime: String?
    /// The first self-valid record line whose seq is `watchSeq` (the line a witness names).
    private(set) var watched: Line?

    // MARK: - Scanning

    /// Scans `bytes`; `eachRecord` gets every self-valid record line of a file whose header
    /// is readable (what a reader may return), with the header and the line's bytes.
    @discardableResult
    static func scan(_ bytes: [UInt8], expecting expectation: Expectation? = nil, keepMembers: Bool = false, watchSeq: Int? = nil,
                     eachRecord: (Line, JournalHeader, UnsafeBufferPointer<UInt8>) -> Void = { _, _, _ in }) -> JournalFileScan {
        var scan = JournalFileScan(expectation: expectation, keepMembers: keepMembers, watchSeq: watchSeq)
        bytes.withUnsafeBufferPointer { buffer in
            var start = 0
            while start < buffer.count {
                var end = buffer.count
                if let hit = memchr(buffer.baseAddress! + start, 0x0A, buffer.count - start) {
                    end = UnsafeRawPointer(hit) - UnsafeRawPointer(buffer.baseAddress!)
                }
                scan.add(UnsafeBufferPointer(rebasing: buffer[start..<end]), offset: start, terminated: end < buffer.count,
                         eachRecord: eachRecord)
                start = end + 1
            }
        }
        scan.finish(size: bytes.count)
        return scan
    }

    /// Scans the file at `path` in chunks: memory stays the same whatever the file's size.
    /// `keepTypes`: without `keepMembers`, the records of these types are decoded in full all the same.
    @discardableResult
    static func scan(file path: String, expecting expectation: Expectation? = nil, keepMembers: Bool = false,
                     keepTypes: Set<String>? = nil, watchSeq: Int? = nil, chunk: Int = 1 << 18,
                     eachRecord: (Line, JournalHeader, UnsafeBufferPointer<UInt8>) throws -> Void = { _, _, _ in }) throws -> JournalFileScan {
        var scan = JournalFileScan(expectation: expectation, keepMembers: keepMembers, watchSeq: watchSeq)
        let size = try JournalIO.forEachBlock(path, chunk: chunk) { block, base, _ in
            // The block's lines: each ends in a newline but (at the end of the file) the last.
            var lines: [(start: Int, end: Int)] = []
            var start = 0
            while start < block.count {
                let end = memchr(block.baseAddress! + start, 0x0A, block.count - start).map {
                    UnsafeRawPointer($0) - UnsafeRawPointer(block.baseAddress!)
                } ?? block.count
                lines.append((start, end))
                start = end + 1
            }
            // Decoding and hashing (most of the work) in parallel halves; the checks in order.
            let first = scan.lineCount, keep = scan.keepMembers
            let shared = SharedBytes(block), spans = lines
            let halves = lines.count < 64 ? [lines.indices] : [0..<(lines.count / 2), (lines.count / 2)..<lines.count]
            let decoded = try ParallelMap.map(halves) { range in
                range.map { i in
                    let (s, e) = spans[i]
                    return decode(UnsafeBufferPointer(rebasing: shared.bytes[s..<e]), number: first + i, offset: base + s,
                                  terminated: e < shared.bytes.count, keepMembers: keep, keepTypes: keepTypes)
                }
            }
            for (range, part) in zip(halves, decoded) {
                for (i, line) in zip(range, part) {
                    try scan.add(line, UnsafeBufferPointer(rebasing: block[lines[i].start..<lines[i].end]), eachRecord: eachRecord)
                }
            }
        }
        scan.finish(size: size)
        return scan
    }

    /// A block of the file shared with the threads decoding its lines. Safe to send: the bytes
    /// are only read, and only while `forEachBlock`'s buffer holds them (the map returns first).
    private struct SharedBytes: @unchecked Sendable {
        let bytes: UnsafeBufferPointer<UInt8>
        init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }
    }

    static let seqPrefix = Array(#"{"seq":"#.utf8)
    static let headerPrefix = Array(#"{"journal":"#.utf8)
    static let hashPrefix = Array(#""h":""#.utf8)

    static func startsWith(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, end: Int, _ p: [UInt8]) -> Bool {
        guard end - start >= p.count else { return false }
        return (0..<p.count).allSatisfy { bytes[start + $0] == p[$0] }
    }

    /// The line ends in `"h":"<64 hex>"}` as every written line does.
    static func endsWithHash(_ bytes: UnsafeBufferPointer<UInt8>, start: Int, end: Int) -> Bool {
        let n = JournalLine.hashSuffixLength
        guard end - start >= n else { return false }
        let s = end - n
        guard startsWith(bytes, at: s, end: end, hashPrefix), bytes[end - 2] == UInt8(ascii: "\""),
              bytes[end - 1] == UInt8(ascii: "}") else { return false }
        return (s + 5..<end - 2).allSatisfy { (bytes[$0] >= 0x30 && bytes[$0] <= 0x39) || (bytes[$0] >= 0x61 && bytes[$0] <= 0x66) }
    }

    /// True when some `{"seq":` inside `line` starts a complete record whose hash matches.
    static func embedsValidRecord(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        let marker = seqPrefix
        guard line.count > marker.count else { return false }
        var i = 1
        while i + marker.count <= line.count {
            if line[i] == marker[0] && (0..<marker.count).allSatisfy({ line[i + $0] == marker[$0] }) {
                var j = i + marker.count
                // Each candidate end: a closing brace followed by nothing or a further record.
                while j < line.count {
                    if line[j] == UInt8(ascii: "}") {
                        let candidate = JournalLine.decode(UnsafeBufferPointer(rebasing: line[i...j]))
                        if candidate.hashValid { return true }
                    }
                    j += 1
                }
            }
            i += 1
        }
        return false
    }

    /// Whether a decoded line is a complete, valid header (`number` 0) or record on its own.
    static func isSelfValid(_ decoded: JournalLine.Decoded, time: Date?, number: Int, terminated: Bool) -> Bool {
        guard terminated, decoded.hashValid else { return false }
        if number == 0 {
            return decoded.members.map { if case .success = JournalHeader.decode($0) { true } else { false } } ?? false
        }
        return decoded.seq.map { $0 >= 1 } == true && time != nil && decoded.type.map { !$0.isEmpty } == true
            && decoded.clerk != nil && decoded.prevText?.isHash == true
    }

    /// Decodes and checks one line of a file, outside any scan (the last lines of a file, say).
    static func line(_ bytes: UnsafeBufferPointer<UInt8>, number: Int, offset: Int, terminated: Bool, fieldsToo: Bool) -> Line {
        let decoded = JournalLine.decode(bytes, fieldsToo: fieldsToo)
        let time = decoded.time
        return Line(number: number, offset: offset, length: bytes.count, terminated: terminated, decoded: decoded, time: time,
                    selfValid: isSelfValid(decoded, time: time, number: number, terminated: terminated))
    }

    // MARK: - The checks, line by line

    private let expectation: Expectation?
    private let keepMembers: Bool
    private let watchSeq: Int?
    /// The chain so far: the hash the next line must name, the highest seq, the last time.
    private var chainHash: JournalLine.HashText?
    private var maxSeq: Int?
    private var chainTime: Date?
    /// The first line that is not good (self-valid and continuing the chain): the end of the intact prefix.
    private var firstBad: (number: Int, offset: Int)?
    /// A self-valid record after the first bad line: damage, not a crash's torn tail.
    private var corrupted = false
    /// Findings of the lines from the first bad one on, held until it is known whether they are
    /// one torn tail (reported once) or corruption (reported line by line).
    private var pending: [(number: Int, offset: Int, seq: Int?, unreadable: Bool, findings: [JournalFinding])] = []
    // Hashes and times stay undecoded until the end: text for every line would cost an allocation each.
    private var previous: (hash: JournalLine.HashText?, seq: Int?)
    private var lastValid: (hash: JournalLine.HashText?, seq: Int)?
    private var firstSeqAt: (number: Int, seq: Int)?
    private var firstTimeAt: (number: Int, ts: String)?
    private var intactLast: (seq: Int?, ts: JournalLine.CompactText?)
    private var anyLast: (seq: Int?, ts: JournalLine.CompactText?)

    private init(expectation: Expectation?, keepMembers: Bool, watchSeq: Int?) {
        self.expectation = expectation
        self.keepMembers = keepMembers
        self.watchSeq = watchSeq
    }

    /// Decodes one line and checks it on its own (not yet against the line before): the part
    /// of the work that lines can share out among cores.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, number: Int, offset: Int, terminated: Bool, keepMembers: Bool,
                       keepTypes: Set<String>? = nil) -> Line {
        var decoded = JournalLine.decode(bytes, fieldsToo: keepMembers || number == 0)
        if !keepMembers, number > 0, let keepTypes, decoded.hashValid, let type = decoded.type, keepTypes.contains(type) {
            decoded = JournalLine.decode(bytes, fieldsToo: true)
        }
        let time = decoded.time
        let selfValid = isSelfValid(decoded, time: time, number: number, terminated: terminated)
        var line = Line(number: number, offset: offset, length: bytes.count, terminated: terminated, decoded: decoded, time: time,
                        selfValid: selfValid)
        if !decoded.parsed {
            let end = bytes.count
            line.embedsValidRecord = embedsValidRecord(bytes)
            let hashAtEnd = endsWithHash(bytes, start: 0, end: end)
            line.startsLikeRecord = startsWith(bytes, at: 0, end: end, seqPrefix) || startsWith(bytes, at: 0, end: end, headerPrefix) || hashAtEnd
            if hashAtEnd { line.rawHash = String(decoding: UnsafeBufferPointer(rebasing: bytes[(end - 66)..<(end - 2)]), as: UTF8.self) }
        }
        return line
    }

    private mutating func add(_ bytes: UnsafeBufferPointer<UInt8>, offset: Int, terminated: Bool,
                              eachRecord: (Line, JournalHeader, UnsafeBufferPointer<UInt8>) throws -> Void) rethrows {
        try add(Self.decode(bytes, number: lineCount, offset: offset, terminated: terminated, keepMembers: keepMembers), bytes,
                eachRecord: eachRecord)
    }

    /// Checks `line` (decoded by `decode`, the next line of the file) against the lines before it.
    private mutating func add(_ line: Line, _ bytes: UnsafeBufferPointer<UInt8>,
                              eachRecord: (Line, JournalHeader, UnsafeBufferPointer<UInt8>) throws -> Void) rethrows {
        let (number, offset) = (line.number, line.offset)
        lineCount += 1
        let decoded = line.decoded
        let (time, selfValid, terminated) = (line.time, line.selfValid, line.terminated)
        var found: [JournalFinding] = []
        if number == 0 {
            headerLine = line
            if let members = decoded.members, case .success(let h) = JournalHeader.decode(members) { header = h }
            if let header {
                var problem: String?
                if !decoded.hashValid { problem = "先頭行のハッシュが内容と合いません" }
                if let e = expectation {
                    if header.terminal != e.terminal { problem = "先頭行の端末が \(header.terminal) です" }
                    else if header.date != e.date { problem = "先頭行の日付 \(header.date.iso) がフォルダの日付と違います" }
                    else if header.segment != e.segment { problem = "先頭行のセグメント \(header.segment) がファイル名と違います" }
                }
                if let problem { found.append(finding(.badHeader, line, problem)) }
                chainHash = JournalLine.HashText(header.hash)
                maxSeq = header.prevSeq
            } else {
                let reason = decoded.syntaxError == nil ? "ジャーナルの先頭行ではありません" : "先頭行が読めません（JSON として不正）"
                found.append(finding(.badHeader, line, reason))
                chainHash = decoded.hashText
            }
            if !terminated { found.append(finding(.tornTail, line, "先頭行が書きかけです")) }
        } else {
            let d = decoded
            if !terminated {
                found.append(finding(.tornTail, line, "最後の行が書きかけです（\(line.length) バイト）"))
            } else if !d.parsed {
                found.append(finding(.badRecord, line, "読めない行です（JSON として不正）"))
                // One line is one record: the next is expected to follow it.
                if let h = line.rawHash { chainHash = JournalLine.HashText(h) }
                maxSeq = maxSeq.map { $0 + 1 }
            }
            if d.parsed {
                if terminated && !selfValid && d.hashValid { found.append(finding(.badRecord, line, "記録の必須項目がないか不正です")) }
                if !d.hashValid { found.append(finding(.hashMismatch, line, "行の内容がハッシュ h と合いません")) }
                if let expected = chainHash, d.prevText != expected {
                    found.append(finding(.chainBreak, line, "prev が前の行のハッシュと違います"))
                }
                if let seq = d.seq, let m = maxSeq {
                    if seq > m + 1 { found.append(finding(.seqGap, line, "seq \(m) の次が seq \(seq) です")) }
                    if seq <= m { found.append(finding(.seqDup, line, "seq \(m) の次が seq \(seq) です")) }
                }
                if let t = time, let last = chainTime, t < last { found.append(finding(.timeRegression, line, "前の記録より前の時刻です")) }
                if let h = d.hashText { chainHash = h }
                if let seq = d.seq { maxSeq = max(maxSeq ?? seq, seq) } else if terminated { maxSeq = maxSeq.map { $0 + 1 } }
                if let t = time { chainTime = t }
            }
            if let seq = d.seq, firstSeqAt == nil { firstSeqAt = (number, seq) }
            if firstTimeAt == nil, let ts = d.ts { firstTimeAt = (number, ts) }
        }
        let good = selfValid && !found.contains { $0.severity == .failure || $0.code == .tornTail }
        if firstBad == nil && !good {
            firstBad = (number, offset)
            intactEnd = offset
            if number > 0 {
                intactLastHash = previous.hash?.text
                intactLastSeq = number == 1 ? header?.prevSeq : previous.seq
            }
        }
        if firstBad != nil && !corrupted && (selfValid || (terminated && line.embedsValidRecord)) {
            corrupted = true
            for held in pending { findings += held.findings }
            pending = []
        }
        if firstBad == nil || corrupted {
            findings += found
        } else {
            let unreadable = !terminated || (!decoded.parsed && !line.startsLikeRecord)
            pending.append((number, offset, decoded.seq, unreadable, found))
        }
        if number > 0 {
            anyLast = (decoded.seq ?? anyLast.seq, decoded.tsText ?? anyLast.ts)
            if firstBad == nil { intactLast = anyLast }
        }
        previous = (decoded.hashText, decoded.seq)
        if selfValid {
            let seq = number == 0 ? (header?.prevSeq ?? 0) : (decoded.seq ?? 0)
            lastValid = (decoded.hashText, max(lastValid?.seq ?? 0, seq))
            if number > 0 {
                if watched == nil, let watchSeq, decoded.seq == watchSeq { watched = line }
                if let header { try eachRecord(line, header, bytes) }
            }
        }
    }

    /// Classifies the damage once every line is in; `size` is the file's length in bytes.
    private mutating func finish(size: Int) {
        guard lineCount > 0 else {
            damage = .tornTail(record: 0, offset: 0)
            findings.append(JournalFinding(code: .tornTail, record: 0, offset: 0, detail: "空のファイルです（先頭行がありません）"))
            intactEnd = 0
            return
        }
        var end = lineCount
        if let bad = firstBad {
            if corrupted {
                damage = .corrupted(record: bad.number, offset: bad.offset)
            } else {
                // Unreadable or incomplete lines at the end are one torn tail.
                damage = .tornTail(record: bad.number, offset: bad.offset)
                end = bad.number
                var tornReported = false
                for held in pending {
                    if held.unreadable {
                        if !tornReported {
                            findings.append(JournalFinding(code: .tornTail, record: held.number, offset: held.offset, seq: held.seq, detail:
                                "ここから末尾まで書きかけか読めません: \(lineCount - held.number) 行、\(size - held.offset) バイト"))
                        }
                        tornReported = true
                    } else {
                        findings += held.findings
                    }
                }
                pending = []
            }
        } else {
            intactEnd = size
            intactLastHash = previous.hash?.text
            intactLastSeq = lineCount == 1 ? header?.prevSeq : previous.seq
        }
        if let lastValid {
            lastValidHash = lastValid.hash?.text
            lastValidSeq = lastValid.seq
        }
        recordEnd = end
        firstSeq = firstSeqAt.flatMap { $0.number < end ? $0.seq : nil }
        firstTime = firstTimeAt.flatMap { $0.number < end ? $0.ts : nil }
        let last = end == lineCount ? anyLast : intactLast
        (lastSeq, lastTime) = (last.seq, last.ts?.text)
    }

    private func finding(_ code: JournalFinding.Code, _ line: Line, _ detail: String) -> JournalFinding {
        JournalFinding(code: code, record: line.number, offset: line.offset, seq: line.decoded.seq, detail: detail)
    }
}
