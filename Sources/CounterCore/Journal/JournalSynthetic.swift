import Foundation
import JapaneseKit

/// A valid, hash-chained journal day file built in memory and written in one go (no fsync
/// per record), for benchmarks and demos. Never used for real records: `Journal` is the only
/// writer of those.
public struct SyntheticJournalFile {
    /// Where `write()` puts the file: `<directory>/YYYY/MM/DD/<terminalID>.jsonl`.
    public let url: URL
    /// The seq of the last record appended.
    public private(set) var seq = 0
    /// The hash of the last line: where the terminal's next file continues.
    public var lastHash: String { prev }
    private var out: [UInt8]
    private var prev: String

    /// Starts a file with its header, created at `created`; `continuing` is the seq and hash
    /// that the terminal's previous file ended with (its header links to them, as the writer's does).
    public init(directory: URL, terminalID: String, date: CivilDate, created: Date, mode: JournalMode = .training,
                expectedBytes: Int = 0, continuing: (seq: Int, hash: String)? = nil) throws {
        guard JournalLayout.isValidTerminalID(terminalID) else { throw JournalError.invalidTerminalID(terminalID) }
        url = JournalLayout.ref(directory, terminal: terminalID, date: date, segment: 1).url
        var header = JournalHeader(terminal: terminalID, date: date, segment: 1, mode: mode, app: "synthetic",
                                   fileID: String(repeating: "0", count: 32), created: JournalTimestamp.format(created),
                                   continues: nil, prevSeq: continuing?.seq ?? 0,
                                   prev: continuing?.hash ?? JournalHeader.genesisHash, hash: "")
        seq = continuing?.seq ?? 0
        out = header.line()
        out.reserveCapacity(expectedBytes)
        prev = header.hash
    }

    /// Appends one record chained to the one before.
    public mutating func append(_ type: JournalRecordType, at time: Date, clerk: String, fields: [String: JournalValue]) {
        seq += 1
        let (line, hash) = JournalLine.record(seq: seq, ts: JournalTimestamp.format(time), type: type.rawValue,
                                              clerk: clerk, fields: fields, prev: prev)
        out += line
        prev = hash
    }

    /// Writes the file (creating its directories); returns its URL.
    @discardableResult
    public func write() throws -> URL {
        try JournalIO.makeDirectories(url.deletingLastPathComponent().path)
        try Data(out).write(to: url)
        return url
    }
}

/// A day of typical records (access, form_printed, payment), for benchmarks of the verifier.
public enum JournalSynthetic {
    /// Writes `records` typical records spread over `date`. Returns the file.
    @discardableResult
    public static func writeDay(directory: URL, terminalID: String, date: CivilDate, records: Int,
                                mode: JournalMode = .training) throws -> URL {
        try writeDay(directory: directory, terminalID: terminalID, date: date, records: records, mode: mode, continuing: nil).url
    }

    /// Writes `days` consecutive days from `first` for each of `terminals` (`T01`, `T02`…),
    /// `records` a day each, every terminal's files chained day to day as the writer chains
    /// them. Returns the files written.
    @discardableResult
    public static func writeDays(directory: URL, terminals: Int, first: CivilDate, days: Int, records: Int,
                                 mode: JournalMode = .training) throws -> [URL] {
        var ends: [String: (seq: Int, hash: String)] = [:]
        var urls: [URL] = []
        for d in 0..<days {
            for t in 1...max(terminals, 1) {
                let id = String(format: "T%02d", t)
                let file = try writeDay(directory: directory, terminalID: id, date: first.adding(days: d), records: records,
                                        mode: mode, continuing: ends[id])
                ends[id] = (file.seq, file.lastHash)
                urls.append(file.url)
            }
        }
        return urls
    }

    private static func writeDay(directory: URL, terminalID: String, date: CivilDate, records: Int, mode: JournalMode,
                                 continuing: (seq: Int, hash: String)?) throws -> SyntheticJournalFile {
        let start = date.startDate().addingTimeInterval(8.5 * 3600)
        var file = try SyntheticJournalFile(directory: directory, terminalID: terminalID, date: date, created: start,
                                            mode: mode, expectedBytes: records * 330, continuing: continuing)
        let step = records > 0 ? 9 * 3600 / Double(records) : 0
        for i in 0..<records {
            let resident = JournalValue.string(String(1_000_000 + (i * 7919) % 9_000_000))
            let (type, fields): (JournalRecordType, [String: JournalValue])
            switch i % 4 {
            case 0: (type, fields) = (.access, ["action": "search", "query": "やまだ はなこ", "results": 3])
            case 1: (type, fields) = (.access, ["action": "view", "resident": resident])
            case 2: (type, fields) = (.formPrinted, ["form": "juminhyo", "subject": resident, "items": ["本籍", "続柄"], "copies": 2])
            default: (type, fields) = (.payment, ["method": "paypay", "amount": 600, "slip": .string(String(i)), "last4": .null])
            }
            file.append(type, at: start.addingTimeInterval(Double(i) * step), clerk: "k0123", fields: fields)
        }
        try file.write()
        return file
    }
}
