import Foundation
import JapaneseKit

/// One terminal's day so far (本日の状況): its last record, how much it did, whether its
/// journal verifies and whether the day is closed.
public struct TerminalStatus: Codable, Equatable, Sendable {
    public var terminal: String
    /// `ts` of the terminal's last record today, as written.
    public var lastRecord: String?
    public var records: Int
    public var openCases: Int
    public var payments: Int
    public var voids: Int
    /// PASS, WARN or FAIL.
    public var verify: String
    public var dayClosed: Bool

    public init(terminal: String, lastRecord: String?, records: Int, openCases: Int, payments: Int, voids: Int, verify: String,
                dayClosed: Bool) {
        self.terminal = terminal
        self.lastRecord = lastRecord
        self.records = records
        self.openCases = openCases
        self.payments = payments
        self.voids = voids
        self.verify = verify
        self.dayClosed = dayClosed
    }

    /// Each terminal's `day` from `sources`: the verification (status, last record) and, from
    /// the same read, the day's ledger (record counts, cases, payments, the seal). One read of
    /// the day's files from a single source, only the ledger's records decoded in full: the
    /// status refreshes on a tick.
    public static func read(_ sources: JournalSources, on day: CivilDate) throws -> [TerminalStatus] {
        if sources.sources.count == 1 {
            var ledger = DayLedger(date: day, records: [])
            let verification = try sources.sources[0].verify(from: day, to: day, eachLedger: { _, read in ledger = read })
            return of(verification: verification.files, ledger: ledger)
        }
        var records: [JournalRecord] = []
        let verification = try sources.verify(from: day, to: day) { _, read in records = read }
        // The ledger counts in the order the files hold the records, not in time order.
        records.sort { ($0.terminal, $0.file.segment, $0.record) < ($1.terminal, $1.file.segment, $1.record) }
        // A terminal's journal copied into a shared folder too: each (terminal, seq) counts once.
        var seen = Set<String>()
        records.removeAll { !seen.insert("\($0.terminal)#\($0.seq)").inserted }
        return of(verification: verification.map(\.report), ledger: DayLedger(date: day, records: records))
    }

    static func of(verification: [JournalFileReport], ledger: DayLedger) -> [TerminalStatus] {
        let terminals = Set(ledger.recordCounts.keys).union(verification.map(\.file.terminal))
        return terminals.sorted().map { t in
            let files = verification.filter { $0.file.terminal == t }
            let status = files.map(\.status).max() ?? .pass
            let last = files.sorted { $0.file < $1.file }.last { $0.lastTime != nil }?.lastTime
            return TerminalStatus(terminal: t, lastRecord: last, records: ledger.recordCounts[t] ?? 0,
                                  openCases: ledger.cases.filter { $0.terminal == t && $0.closed == nil }.count,
                                  payments: ledger.payments.filter { $0.terminal == t }.count,
                                  voids: ledger.voids.filter { $0.terminal == t }.count,
                                  verify: status.rawValue, dayClosed: ledger.isClosed)
        }
    }
}
