import Foundation
import JapaneseKit

/// Writes valid journal files quickly (no fsync per record), for benchmarks and demos.
/// Never used for real records: `Journal` is the only writer of those.
public enum JournalSynthetic {
    /// Writes `<directory>/YYYY/MM/DD/<terminalID>.jsonl` with a header and `records` typical
    /// records (access, form_printed, payment) spread over the day. Returns the file.
    @discardableResult
    public static func writeDay(directory: URL, terminalID: String, date: CivilDate, records: Int,
                                mode: JournalMode = .training) throws -> URL {
        guard JournalLayout.isValidTerminalID(terminalID) else { throw JournalError.invalidTerminalID(terminalID) }
        let ref = JournalLayout.ref(directory, terminal: terminalID, date: date, segment: 1)
        try JournalIO.makeDirectories(ref.url.deletingLastPathComponent().path)
        let start = date.startDate().addingTimeInterval(8.5 * 3600)
        var header = JournalHeader(terminal: terminalID, date: date, segment: 1, mode: mode, app: "synthetic",
                                   fileID: String(repeating: "0", count: 32), created: JournalTimestamp.format(start),
                                   continues: nil, prevSeq: 0, prev: JournalHeader.genesisHash, hash: "")
        var out = header.line()
        out.reserveCapacity(records * 330)
        var prev = header.hash
        let step = records > 0 ? 9 * 3600 / Double(records) : 0
        for i in 0..<records {
            let ts = JournalTimestamp.format(start.addingTimeInterval(Double(i) * step))
            let resident = JournalValue.string(String(1_000_000 + (i * 7919) % 9_000_000))
            let (type, fields): (JournalRecordType, [String: JournalValue])
            switch i % 4 {
            case 0: (type, fields) = (.access, ["action": "search", "query": "やまだ はなこ", "results": 3])
            case 1: (type, fields) = (.access, ["action": "view", "resident": resident])
            case 2: (type, fields) = (.formPrinted, ["form": "juminhyo", "subject": resident, "items": ["本籍", "続柄"], "copies": 2])
            default: (type, fields) = (.payment, ["method": "paypay", "amount": 600, "slip": .string(String(i)), "last4": .null])
            }
            let (line, hash) = JournalLine.record(seq: i + 1, ts: ts, type: type.rawValue, clerk: "k0123", fields: fields, prev: prev)
            out += line
            prev = hash
        }
        try Data(out).write(to: ref.url)
        return ref.url
    }
}
