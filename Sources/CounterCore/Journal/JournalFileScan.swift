import Foundation
import JapaneseKit

/// One pass over a journal file's bytes: every line decoded and checked against the one
/// before it. Recovery, the reader and the verifier all start from this.
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
        /// Self-valid and continuing the chain and sequence from the line before.
        var good: Bool
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
    var lines: [Line] = []
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

    /// Indices in `lines` of the record lines outside a torn tail.
    var recordRange: Range<Int> {
        let end: Int
        if case .tornTail(let record, _) = damage { end = record } else { end = lines.count }
        return min(1, end)..<end
    }

    /// Record lines outside a torn tail.
    var recordLines: ArraySlice<Line> { lines[recordRange] }

    /// Forgets the record lines' own members (kept by `keepMembers`), as a scan without them.
    mutating func dropMembers() {
        for i in lines.indices where i > 0 { lines[i].decoded.members = lines[i].decoded.members.map { _ in [] } }
    }

    static func scan(_ bytes: [UInt8], expecting expectation: Expectation? = nil, keepMembers: Bool = false) -> JournalFileScan {
        bytes.withUnsafeBufferPointer { scan($0, expecting: expectation, keepMembers: keepMembers) }
    }

    static func scan(_ bytes: UnsafeBufferPointer<UInt8>, expecting expectation: Expectation?, keepMembers: Bool) -> JournalFileScan {
        var result = JournalFileScan()
        var newlines = 0
        if let base = bytes.baseAddress {
            var p = UnsafeRawPointer(base)
            let end = UnsafeRawPointer(base + bytes.count)
            while p < end, let hit = memchr(p, 0x0A, end - p) { newlines += 1; p = UnsafeRawPointer(hit) + 1 }
        }
        result.lines.reserveCapacity(newlines + 1)
        // Split into lines.
        var start = 0
        var number = 0
        while start < bytes.count {
            var end = bytes.count
            if let hit = memchr(bytes.baseAddress! + start, 0x0A, bytes.count - start) {
                end = UnsafeRawPointer(hit) - UnsafeRawPointer(bytes.baseAddress!)
            }
            let terminated = end < bytes.count
            var decoded = JournalLine.decode(UnsafeBufferPointer(rebasing: bytes[start..<end]),
                                             fieldsToo: keepMembers || number == 0)
            let time = decoded.time
            let shapeOK: Bool
            if number == 0 {
                shapeOK = decoded.members.map { if case .success = JournalHeader.decode($0) { true } else { false } } ?? false
            } else {
                shapeOK = decoded.seq.map { $0 >= 1 } == true && time != nil && decoded.type.map { !$0.isEmpty } == true
                    && decoded.clerk != nil && decoded.prevText?.isHash == true
            }
            let selfValid = terminated && decoded.hashValid && shapeOK
            if number == 0, let members = decoded.members, case .success(let h) = JournalHeader.decode(members) {
                result.header = h
            }
            let embeds = !decoded.parsed && embedsValidRecord(UnsafeBufferPointer(rebasing: bytes[start..<end]))
            if !keepMembers && number > 0 { decoded.members = decoded.members.map { _ in [] } }
            result.lines.append(Line(number: number, offset: start, length: end - start, terminated: terminated,
                                     decoded: decoded, time: time, selfValid: selfValid, good: false,
                                     embedsValidRecord: embeds,
                                     startsLikeRecord: !decoded.parsed
                                        && (startsWith(bytes, at: start, end: end, seqPrefix)
                                            || startsWith(bytes, at: start, end: end, headerPrefix)
                                            || endsWithHash(bytes, start: start, end: end)),
                                     rawHash: !decoded.parsed && endsWithHash(bytes, start: start, end: end)
                                        ? String(decoding: UnsafeBufferPointer(rebasing: bytes[(end - 66)..<(end - 2)]), as: UTF8.self)
                                        : nil))
            number += 1
            start = end + 1
        }
        result.check(expectation)
        return result
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

    // MARK: - Checks

    private mutating func check(_ expectation: Expectation?) {
        guard !lines.isEmpty else {
            damage = .tornTail(record: 0, offset: 0)
            findings.append(JournalFinding(code: .tornTail, record: 0, offset: 0, detail: "空のファイルです（先頭行がありません）"))
            intactEnd = 0
            return
        }
        var perLine: [[JournalFinding]] = Array(repeating: [], count: lines.count)
        var lastHash: JournalLine.HashText?
        var maxSeq: Int?
        var lastTime: Date?

        // The header.
        let first = lines[0]
        if let header {
            var problem: String?
            if !first.decoded.hashValid { problem = "先頭行のハッシュが内容と合いません" }
            if let e = expectation {
                if header.terminal != e.terminal { problem = "先頭行の端末が \(header.terminal) です" }
                else if header.date != e.date { problem = "先頭行の日付 \(header.date.iso) がフォルダの日付と違います" }
                else if header.segment != e.segment { problem = "先頭行のセグメント \(header.segment) がファイル名と違います" }
            }
            if let problem { perLine[0].append(finding(.badHeader, first, problem)) }
            lastHash = JournalLine.HashText(header.hash)
            maxSeq = header.prevSeq
        } else {
            let reason = first.decoded.syntaxError == nil ? "ジャーナルの先頭行ではありません" : "先頭行が読めません（JSON として不正）"
            perLine[0].append(finding(.badHeader, first, reason))
            lastHash = first.decoded.hashText
        }
        if !first.terminated { perLine[0].append(finding(.tornTail, first, "先頭行が書きかけです")) }

        // The records.
        for i in lines.indices.dropFirst() {
            let line = lines[i]
            let d = line.decoded
            if !line.terminated {
                perLine[i].append(finding(.tornTail, line, "最後の行が書きかけです（\(line.length) バイト）"))
            } else if !d.parsed {
                perLine[i].append(finding(.badRecord, line, "読めない行です（JSON として不正）"))
                // One line is one record: the next is expected to follow it.
                if let h = line.rawHash { lastHash = JournalLine.HashText(h) }
                maxSeq = maxSeq.map { $0 + 1 }
            }
            if d.parsed {
                if line.terminated && !line.selfValid && d.hashValid {
                    perLine[i].append(finding(.badRecord, line, "記録の必須項目がないか不正です"))
                }
                if !d.hashValid { perLine[i].append(finding(.hashMismatch, line, "行の内容がハッシュ h と合いません")) }
                if let expected = lastHash, d.prevText != expected {
                    perLine[i].append(finding(.chainBreak, line, "prev が前の行のハッシュと違います"))
                }
                if let seq = d.seq, let m = maxSeq {
                    if seq > m + 1 { perLine[i].append(finding(.seqGap, line, "seq \(m) の次が seq \(seq) です")) }
                    if seq <= m { perLine[i].append(finding(.seqDup, line, "seq \(m) の次が seq \(seq) です")) }
                }
                if let t = line.time, let last = lastTime, t < last {
                    perLine[i].append(finding(.timeRegression, line, "前の記録より前の時刻です"))
                }
                if let h = d.hashText { lastHash = h }
                if let seq = d.seq { maxSeq = max(maxSeq ?? seq, seq) } else if line.terminated { maxSeq = maxSeq.map { $0 + 1 } }
                if let t = line.time { lastTime = t }
            }
        }
        for i in lines.indices {
            lines[i].good = lines[i].selfValid && !perLine[i].contains { $0.severity == .failure || $0.code == .tornTail }
        }

        // Classify damage.
        if let firstBad = lines.firstIndex(where: { !$0.good }) {
            let corrupted = lines[firstBad...].contains { $0.selfValid || ($0.terminated && $0.embedsValidRecord) }
            if corrupted {
                damage = .corrupted(record: firstBad, offset: lines[firstBad].offset)
            } else {
                // Unreadable or incomplete lines at the end are one torn tail.
                damage = .tornTail(record: firstBad, offset: lines[firstBad].offset)
                var tornReported = false
                for i in firstBad..<lines.count {
                    let unreadable = !lines[i].terminated || (!lines[i].decoded.parsed && !lines[i].startsLikeRecord)
                    if unreadable {
                        perLine[i] = tornReported ? [] : [finding(.tornTail, lines[i], "ここから末尾まで書きかけか読めません: \(lines.count - i) 行、\(lines.last!.offset + lines.last!.length + (lines.last!.terminated ? 1 : 0) - lines[i].offset) バイト")]
                        tornReported = true
                    }
                }
            }
            intactEnd = lines[firstBad].offset
            if firstBad > 0 {
                let last = lines[firstBad - 1]
                intactLastHash = last.decoded.hash
                intactLastSeq = firstBad == 1 ? header?.prevSeq : last.decoded.seq
            }
        } else {
            let last = lines[lines.count - 1]
            intactEnd = last.offset + last.length + 1
            intactLastHash = last.decoded.hash
            intactLastSeq = lines.count == 1 ? header?.prevSeq : last.decoded.seq
        }
        // The last valid line, and the highest valid seq, wherever they are.
        if let lastValid = lines.last(where: { $0.selfValid }) {
            lastValidHash = lastValid.decoded.hash
            var highest = lines[0].selfValid ? (header?.prevSeq ?? 0) : 0
            for line in lines.dropFirst() where line.selfValid { highest = max(highest, line.decoded.seq ?? 0) }
            lastValidSeq = highest
        }
        findings = perLine.flatMap { $0 }
    }

    private func finding(_ code: JournalFinding.Code, _ line: Line, _ detail: String) -> JournalFinding {
        JournalFinding(code: code, record: line.number, offset: line.offset, seq: line.decoded.seq, detail: detail)
    }
}
