import Foundation
import JapaneseKit

/// The day's figures (日計): totals per method and brand, per form, per clerk, cases and
/// handling times per procedure, voids listed; for all terminals together and per terminal.
public struct DailyReport: Codable, Equatable, Sendable {
    public var date: String
    /// Counter terminals whose journals hold records of the day.
    public var terminals: [String]
    public var total: Totals
    public var perTerminal: [TerminalTotals]
    /// The seal, when the day is closed.
    public var seal: SealInfo?
    /// How the records disagree with the seal (they were changed after the close); empty when they agree.
    public var sealProblems: [String] = []
    /// Payments and voids the seal does not cover: made after the close on a terminal it
    /// covered, or on a terminal whose journal it did not include. Shown loudly: the day's
    /// sealed figures and the money taken differ by these.
    public var afterSeal: [AfterSeal] = []
    /// What is wrong in the day's journal files (`file 行n（CODE）`): unreadable lines are left
    /// out of these figures, records missing before a line are not in them. Empty when none.
    public var damaged: [String] = []

    public struct AfterSeal: Codable, Equatable, Sendable {
        public var terminal: String
        /// False when the seal did not include this terminal at all.
        public var sealed: Bool
        public var payments: Int
        public var sales: Int
        public var voids: Int
        public var voided: Int
        public var net: Int
        public var receipts: [String]
    }

    public struct TerminalTotals: Codable, Equatable, Sendable {
        public var terminal: String
        public var records: Int
        public var lastSeq: Int
        public var lastHash: String
        public var totals: Totals
    }

    public struct SealInfo: Codable, Equatable, Sendable {
        public var terminal: String
        public var seq: Int
        public var hash: String
        public var clerk: String
    }

    /// Figures over a set of records.
    public struct Totals: Codable, Equatable, Sendable {
        public var payments: Int
        /// Sum of the day's payments.
        public var sales: Int
        public var voids: Int
        /// Sum taken back by the day's voids and refunds.
        public var voided: Int
        /// sales − voided.
        public var net: Int
        public var byMethod: [MethodLine]
        public var byForm: [FormLine]
        public var byClerk: [ClerkLine]
        public var casesOpened: Int
        public var casesClosed: Int
        public var handling: [ProcedureLine]
        public var voidList: [VoidLine]
    }

    public struct MethodLine: Codable, Equatable, Sendable {
        public var method: String
        public var methodName: String
        /// Empty for cash.
        public var brand: String
        public var payments: Int
        public var sales: Int
        public var voids: Int
        public var voided: Int
        public var net: Int
    }

    /// Net of voids: a voided payment's items are taken back.
    public struct FormLine: Codable, Equatable, Sendable {
        public var form: String
        public var title: String
        /// Payments that include the form.
        public var count: Int
        public var copies: Int
        public var yen: Int
    }

    public struct ClerkLine: Codable, Equatable, Sendable {
        public var clerk: String
        public var payments: Int
        public var sales: Int
        public var voids: Int
        public var voided: Int
        public var net: Int
        public var casesOpened: Int
    }

    /// Handling time of cases closed the same day, by nearest rank (seconds).
    public struct ProcedureLine: Codable, Equatable, Sendable {
        public var procedure: String
        public var opened: Int
        public var closed: Int
        public var medianSeconds: Double?
        public var p90Seconds: Double?
    }

    public struct VoidLine: Codable, Equatable, Sendable {
        /// 取消 or 返品.
        public var kind: String
        public var terminal: String
        public var seq: Int
        public var time: String
        public var clerk: String
        public var originalTerminal: String
        public var originalSeq: Int
        public var originalDate: String
        public var caseID: String
        public var method: String
        public var brand: String
        public var amount: Int
        public var reason: String
    }

    /// The day's report from its ledger. `catalog` gives method names (ids are used without).
    public init(ledger: DayLedger, catalog: PaymentMethodCatalog?) {
        date = ledger.date.iso
        let names = Dictionary((catalog?.methods ?? []).map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let order = Dictionary((catalog?.methods ?? []).enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        let allTerminals = Set(ledger.recordCounts.keys)
        terminals = allTerminals.sorted()
        total = Totals(cases: ledger.cases, payments: ledger.payments, voids: ledger.voids, names: names, order: order)
        perTerminal = terminals.map { t in
            TerminalTotals(terminal: t, records: ledger.recordCounts[t] ?? 0, lastSeq: ledger.lastSeqs[t] ?? 0,
                           lastHash: ledger.lastHashes[t] ?? "",
                           totals: Totals(cases: ledger.cases.filter { $0.terminal == t },
                                          payments: ledger.payments.filter { $0.terminal == t },
                                          voids: ledger.voids.filter { $0.terminal == t }, names: names, order: order))
        }
        seal = ledger.seal.map { SealInfo(terminal: $0.terminal, seq: $0.seq, hash: $0.hash, clerk: $0.clerk) }
        damaged = ledger.damaged.map { "\($0.file.relativePath) 行\($0.finding.record)（\($0.finding.code.rawValue)）" }
        if let sealed = ledger.seal?.sealed { apply(sealed, to: ledger) }
    }

    /// Checks the records against `sealed` and notes what it does not cover.
    mutating func apply(_ sealed: DaySeal, to ledger: DayLedger) {
        sealProblems = sealed.check(ledger).discrepancies.map(\.message)
        afterSeal = sealed.uncovered(ledger)
    }

    /// Nearest-rank percentile of `sorted` values (p in 0...1): the smallest value with at
    /// least p of the values at or below it.
    public static func nearestRank(_ sorted: [Double], _ p: Double) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let rank = Int((p * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }
}

extension DailyReport.Totals {
    init(cases: [DayLedger.Case], payments: [PaymentEntry], voids: [VoidEntry], names: [String: String], order: [String: Int]) {
        self.payments = payments.count
        sales = payments.reduce(0) { $0 + $1.amount }
        self.voids = voids.count
        voided = voids.reduce(0) { $0 + $1.amount }
        net = sales - voided

        struct MethodKey: Hashable { var method: String; var brand: String }
        var methods: [MethodKey: DailyReport.MethodLine] = [:]
        func methodLine(_ key: MethodKey) -> DailyReport.MethodLine {
            methods[key] ?? DailyReport.MethodLine(method: key.method, methodName: names[key.method] ?? key.method, brand: key.brand,
                                                   payments: 0, sales: 0, voids: 0, voided: 0, net: 0)
        }
        var forms: [String: DailyReport.FormLine] = [:]
        var clerks: [String: DailyReport.ClerkLine] = [:]
        func clerkLine(_ id: String) -> DailyReport.ClerkLine {
            clerks[id] ?? DailyReport.ClerkLine(clerk: id, payments: 0, sales: 0, voids: 0, voided: 0, net: 0, casesOpened: 0)
        }
        for p in payments {
            let key = MethodKey(method: p.method, brand: p.brand ?? "")
            var line = methodLine(key)
            line.payments += 1; line.sales += p.amount; line.net += p.amount
            methods[key] = line
            var clerk = clerkLine(p.clerk)
            clerk.payments += 1; clerk.sales += p.amount; clerk.net += p.amount
            clerks[p.clerk] = clerk
            for item in p.items {
                var f = forms[item.form] ?? DailyReport.FormLine(form: item.form, title: item.title, count: 0, copies: 0, yen: 0)
                f.count += 1; f.copies += item.copies; f.yen += item.yen
                forms[item.form] = f
            }
        }
        for v in voids {
            let key = MethodKey(method: v.method, brand: v.brand ?? "")
            var line = methodLine(key)
            line.voids += 1; line.voided += v.amount; line.net -= v.amount
            methods[key] = line
            var clerk = clerkLine(v.clerk)
            clerk.voids += 1; clerk.voided += v.amount; clerk.net -= v.amount
            clerks[v.clerk] = clerk
            for item in v.items {
                var f = forms[item.form] ?? DailyReport.FormLine(form: item.form, title: item.title, count: 0, copies: 0, yen: 0)
                f.count -= 1; f.copies -= item.copies; f.yen -= item.yen
                forms[item.form] = f
            }
        }
        for c in cases {
            var clerk = clerkLine(c.clerk)
            clerk.casesOpened += 1
            clerks[c.clerk] = clerk
        }
        byMethod = methods.values.sorted {
            (order[$0.method] ?? Int.max, $0.method, $0.brand) < (order[$1.method] ?? Int.max, $1.method, $1.brand)
        }
        byForm = forms.values.sorted { $0.form < $1.form }
        byClerk = clerks.values.sorted { $0.clerk < $1.clerk }

        casesOpened = cases.count
        casesClosed = cases.filter { $0.closed != nil }.count
        var perProcedure: [String: [DayLedger.Case]] = [:]
        for c in cases { perProcedure[c.procedure, default: []].append(c) }
        handling = perProcedure.keys.sorted().map { procedure in
            let group = perProcedure[procedure]!
            let times = group.compactMap(\.handlingSeconds).sorted()
            return DailyReport.ProcedureLine(procedure: procedure, opened: group.count, closed: times.count,
                                             medianSeconds: DailyReport.nearestRank(times, 0.5),
                                             p90Seconds: DailyReport.nearestRank(times, 0.9))
        }
        voidList = voids.map { v in
            DailyReport.VoidLine(kind: v.kind.rawValue, terminal: v.terminal, seq: v.seq, time: DailyReport.clockTime(v.timestamp),
                                 clerk: v.clerk, originalTerminal: v.originalTerminal, originalSeq: v.originalSeq,
                                 originalDate: v.originalDate?.iso ?? "", caseID: v.caseID, method: v.method,
                                 brand: v.brand ?? "", amount: v.amount, reason: v.reason)
        }
    }
}

extension DailyReport {
    /// `HH:MM:SS` in Japan.
    static func clockTime(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down)) + 9 * 3600
        let inDay = ((seconds % 86_400) + 86_400) % 86_400
        return String(format: "%02d:%02d:%02d", inDay / 3600, inDay / 60 % 60, inDay % 60)
    }
}
