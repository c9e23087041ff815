import Foundation
import JapaneseKit

/// Checks journal files without changing them: every line's hash, the chain within and
/// across files (days and segments), sequence numbers, time order, headers and modes.
public struct JournalVerifier: Sendable {
    /// The `<data-dir>/journal` directory.
    public let directory: URL

    public init(directory: URL) {
        self.directory = directory
    }

    /// Verifies every file dated `from` through `to`. The first file of each terminal is also
    /// checked against the last file before the range, when there is one.
    public func verify(from: CivilDate, to: CivilDate) throws -> JournalVerification {
        let refs = JournalReader(directories: [directory], from: from, to: to).files()
        var reports: [JournalFileReport] = []
        var lastLink: [String: (hash: String?, seq: Int?)] = [:]
        var directoryMode: JournalMode?
        for ref in refs {
            let bytes = try JournalIO.readAll(ref.url.path)
            let scan = JournalFileScan.scan(bytes, expecting: .init(terminal: ref.terminal, date: ref.date, segment: ref.segment))
            var findings = scan.findings
            if let header = scan.header {
                // The link to the file before (in range, or the newest one before the range).
                var link = lastLink[ref.terminal]
                if link == nil, let predecessor = JournalLayout.predecessor(directory, of: ref) {
                    let previous = JournalFileScan.scan(try JournalIO.readAll(predecessor.url.path), expecting: nil)
                    link = (previous.lastValidHash, previous.lastValidSeq)
                }
                if let link {
                    if let hash = link.hash, header.prev != hash {
                        findings.insert(JournalFinding(code: .chainBreak, record: 0, offset: 0,
                                                       detail: "header prev is not the last hash of the previous file"), at: 0)
                    }
                    if let seq = link.seq, header.prevSeq != seq {
                        findings.insert(JournalFinding(code: header.prevSeq > seq ? .seqGap : .seqDup, record: 0, offset: 0,
                                                       detail: "header prev_seq \(header.prevSeq), previous file ends at \(seq)"), at: 0)
                    }
                }
                if let mode = directoryMode, header.mode != mode {
                    findings.insert(JournalFinding(code: .modeMismatch, record: 0, offset: 0,
                                                   detail: "\(header.mode.rawValue) file among \(mode.rawValue) files"), at: 0)
                }
                directoryMode = directoryMode ?? header.mode
            }
            lastLink[ref.terminal] = (scan.lastValidHash, scan.lastValidSeq)
            let records = scan.recordRange
            let lines = scan.lines[records]
            reports.append(JournalFileReport(
                file: ref, mode: scan.header?.mode, records: records.count,
                firstSeq: lines.lazy.compactMap(\.decoded.seq).first, lastSeq: lines.reversed().lazy.compactMap(\.decoded.seq).first,
                firstTime: lines.lazy.compactMap(\.decoded.ts).first, lastTime: lines.reversed().lazy.compactMap(\.decoded.ts).first,
                lastHash: scan.lastValidHash, findings: findings.sorted { ($0.record, $0.offset) < ($1.record, $1.offset) }))
        }
        return JournalVerification(files: reports)
    }

    /// Verifies one day.
    public func verify(date: CivilDate) throws -> JournalVerification { try verify(from: date, to: date) }
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
    public let findings: [JournalFinding]

    public var status: JournalStatus {
        if findings.contains(where: { $0.severity == .failure }) { return .fail }
        return findings.isEmpty ? .pass : .warn
    }
}

/// The result of verifying a range of files.
public struct JournalVerification: Sendable, Equatable {
    public let files: [JournalFileReport]

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
