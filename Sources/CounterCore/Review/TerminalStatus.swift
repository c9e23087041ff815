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

    /// Each terminal's `day` from `sources` (records and verification) and `directories` (the
    /// day's ledger: cases, payments, the seal).
    public static func read(_ sources: JournalSources, directories: [URL], on day: CivilDate) throws -> [TerminalStatus] {
        let records = try sources.records(on: day)
        let verification = try sources.verify(from: day, to: day)
        let ledger = try DayLedger.read(directories: directories, date: day)
        return of(records: records, verification: verification.map(\.report), ledger: ledger)
    }

    static func of(records: [JournalRecord], verification: [JournalFileReport], ledger: DayLedger) -> [TerminalStatus] {
        let terminals = Set(records.map(\.terminal)).union(verification.map(\.file.terminal))
        return terminals.sorted().map { t in
            let own = records.filter { $0.terminal == t }
            let status = verification.filter { $0.file.terminal == t }.map(\.status).max() ?? .pass
            return TerminalStatus(terminal: t, lastRecord: own.last?.ts, records: own.count,
                                  openCases: ledger.cases.filter { $0.terminal == t && $0.closed == nil }.count,
                                  payments: ledger.payments.filter { $0.terminal == t }.count,
                                  voids: ledger.voids.filter { $0.terminal == t }.count,
                                  verify: status.rawValue, dayClosed: ledger.isClosed)
        }
    }
}
