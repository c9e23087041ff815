import Foundation
import JapaneseKit

/// What a `day_closed` record seals: per terminal the records, last seq and hash, payments
/// and net it covered, and the day's totals. Checked against the records it seals by
/// `journal verify` and by the daily report: a sealed day whose records disagree with its
/// seal was changed after the close.
public struct DaySeal: Equatable, Sendable {
    public struct Terminal: Equatable, Sendable {
        public var terminal: String
        public var records: Int
        public var lastSeq: Int
        public var lastHash: String
        public var payments: Int
        public var net: Int
    }

    public var date: CivilDate
    public var terminals: [Terminal]
    public var payments: Int
    public var sales: Int
    public var voids: Int
    public var voided: Int
    public var net: Int

    /// The seal in a `day_closed` record's fields; nil when they are not a seal.
    public init?(fields: [String: JournalValue]) {
        guard let date = fields["date"]?.stringValue.flatMap(CivilDate.init(iso:)),
              case .array(let list)? = fields["terminals"],
              let payments = fields["payments"]?.intValue, let sales = fields["sales"]?.intValue,
              let voids = fields["voids"]?.intValue, let voided = fields["voided"]?.intValue,
              let net = fields["net"]?.intValue else { return nil }
        var terminals: [Terminal] = []
        for item in list {
            guard let t = item["terminal"]?.stringValue, let records = item["records"]?.intValue,
                  let lastSeq = item["last_seq"]?.intValue, let lastHash = item["last_hash"]?.stringValue,
                  let p = item["payments"]?.intValue, let n = item["net"]?.intValue else { return nil }
            terminals.append(Terminal(terminal: t, records: records, lastSeq: lastSeq, lastHash: lastHash, payments: p, net: n))
        }
        self.date = date
        self.terminals = terminals
        self.payments = payments
        self.sales = sales
        self.voids = voids
        self.voided = voided
        self.net = net
    }

    /// One way the records disagree with the seal, in Japanese.
    public struct Discrepancy: Equatable, Sendable {
        public var terminal: String?
        public var message: String
    }

    /// What in `ledger` (the sealed day's records, gathered from the journals at hand)
    /// disagrees with the seal. Terminals of the seal whose journal is not among the records
    /// are in `unchecked`, not in the discrepancies: their files are elsewhere.
    public func check(_ ledger: DayLedger) -> (discrepancies: [Discrepancy], unchecked: [String]) {
        check(ledger) { terminal, lastSeq in
            guard let chain = ledger.chains[terminal] else { return nil }
            let covered = chain.filter { $0.seq <= lastSeq }
            return (covered.count, covered.last(where: { $0.seq == lastSeq })?.hash)
        }
    }

    /// `check(_:)` with each terminal's chain told by `coverage`: how many of its records have a
    /// seq up to `lastSeq`, and the hash of the last record with `lastSeq` (nil: none); nil for
    /// a terminal with no records at hand. The ledger's payments and voids are what it counts.
    func check(_ ledger: DayLedger, coverage: (_ terminal: String, _ lastSeq: Int) throws -> (records: Int, lastHash: String?)?)
        rethrows -> (discrepancies: [Discrepancy], unchecked: [String]) {
        var found: [Discrepancy] = []
        var unchecked: [String] = []
        var allChecked = true
        var totals = (payments: 0, sales: 0, voids: 0, voided: 0)
        for sealed in terminals {
            guard let covered = try coverage(sealed.terminal, sealed.lastSeq) else {
                if sealed.records > 0 { unchecked.append(sealed.terminal); allChecked = false }
                continue
            }
            func say(_ text: String) { found.append(Discrepancy(terminal: sealed.terminal, message: text)) }
            if covered.records != sealed.records {
                say("端末 \(sealed.terminal) の記録が \(covered.records) 件です（締めの時点では \(sealed.records) 件）。")
            }
            if sealed.records > 0 {
                if let lastHash = covered.lastHash {
                    if lastHash != sealed.lastHash {
                        say("端末 \(sealed.terminal) の seq \(sealed.lastSeq) の記録が締めの時点と違います（ハッシュ不一致）。")
                    }
                } else {
                    say("端末 \(sealed.terminal) に締めの最後の記録 seq \(sealed.lastSeq) がありません。")
                }
            }
            let payments = ledger.payments.filter { $0.terminal == sealed.terminal && $0.seq <= sealed.lastSeq }
            let voids = ledger.voids.filter { $0.terminal == sealed.terminal && $0.seq <= sealed.lastSeq }
            let sales = payments.reduce(0) { $0 + $1.amount }, voided = voids.reduce(0) { $0 + $1.amount }
            if payments.count != sealed.payments || sales - voided != sealed.net {
                say("端末 \(sealed.terminal) の支払が \(payments.count) 件・差引 \(sales - voided) 円です（締めでは \(sealed.payments) 件・\(sealed.net) 円）。")
            }
            totals.payments += payments.count; totals.sales += sales; totals.voids += voids.count; totals.voided += voided
        }
        if allChecked && (totals.payments != payments || totals.sales != sales || totals.voids != voids
                          || totals.voided != voided || totals.sales - totals.voided != net) {
            found.append(Discrepancy(terminal: nil, message:
                "合計が締めと違います: 支払 \(totals.payments) 件 \(totals.sales) 円・取消返品 \(totals.voids) 件 \(totals.voided) 円"
                + "（締めでは \(payments) 件 \(sales) 円・\(voids) 件 \(voided) 円、差引 \(net) 円）。"))
        }
        return (found, unchecked)
    }

    /// Payments, voids and cases of the day that the seal does not cover: recorded after the
    /// close on a terminal it covered, or on a terminal it did not include.
    public func uncovered(_ ledger: DayLedger) -> [DailyReport.AfterSeal] {
        let limits = Dictionary(terminals.map { ($0.terminal, $0.lastSeq) }, uniquingKeysWith: max)
        func outside(_ terminal: String, _ seq: Int) -> Bool { limits[terminal].map { seq > $0 } ?? true }
        let terminalsSeen = Set(ledger.payments.map(\.terminal)).union(ledger.voids.map(\.terminal))
        return terminalsSeen.sorted().compactMap { t in
            let p = ledger.payments.filter { $0.terminal == t && outside(t, $0.seq) }
            let v = ledger.voids.filter { $0.terminal == t && outside(t, $0.seq) }
            guard !p.isEmpty || !v.isEmpty else { return nil }
            let sales = p.reduce(0) { $0 + $1.amount }, voided = v.reduce(0) { $0 + $1.amount }
            return DailyReport.AfterSeal(terminal: t, sealed: limits[t] != nil, payments: p.count, sales: sales,
                                         voids: v.count, voided: voided, net: sales - voided,
                                         receipts: p.map(\.receipt))
        }
    }
}
