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

    /// Each terminal's `day` from `sources` (the verification: status, last record) and
    /// `directories` (the day's ledger: record counts, cases, payments, the seal). Two reads of
    /// the day's files, not three: the status refreshes on a tick.
    public static func read(_ sources: JournalSources, directories: [URL], on day: CivilDate) throws -> [TerminalStatus] {
        let verification = try sources.verify(from: day, to: day)
        let ledger = try DayLedger.read(directories: directories, date: day)
        return of(verification: verification.map(\.report), ledger: ledger)
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
