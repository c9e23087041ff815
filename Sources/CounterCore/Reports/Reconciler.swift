import Foundation
import JapaneseKit

/// Matches the journal's cashless payments, voids and refunds of a day against the
/// acquirer's settlement lines, record by record (payment terminal, 伝票番号, 承認番号, kind),
/// then compares amounts.
public enum Reconciler {
    /// A journal record as the settlement should show it.
    public struct JournalSide: Equatable, Sendable, Codable {
        public var counterTerminal: String
        public var seq: Int
        public var time: String
        public var paymentTerminal: String
        public var brand: String
        public var slip: String
        public var approval: String
        public var amount: Int
        public var kind: SettlementLine.Kind
    }

    public struct Pair: Equatable, Sendable, Codable {
        public var journal: JournalSide
        public var settlement: SettlementLine
    }

    public struct Result: Equatable, Sendable, Codable {
        public var date: String
        public var matched: [Pair]
        public var amountDiffers: [Pair]
        public var onlyInJournal: [JournalSide]
        public var onlyInSettlement: [SettlementLine]
        public var problems: [SettlementProblem]
        /// Settlement lines of other dates, left out.
        public var otherDates: Int

        /// True when every line matched with the same amount and nothing was unreadable.
        public var isClean: Bool { amountDiffers.isEmpty && onlyInJournal.isEmpty && onlyInSettlement.isEmpty && problems.isEmpty }
    }

    /// The journal side of `ledger`: cashless payments (with a payment terminal), voids and refunds.
    public static func journalSide(_ ledger: DayLedger, catalog: PaymentMethodCatalog?) -> [JournalSide] {
        func isCash(_ method: String) -> Bool { catalog?.method(id: method)?.isCash ?? (method == "cash") }
        var sides: [JournalSide] = []
        for p in ledger.payments where !isCash(p.method) {
            guard let pt = p.paymentTerminal else { continue }
            sides.append(JournalSide(counterTerminal: p.terminal, seq: p.seq, time: DailyReport.clockTime(p.timestamp), paymentTerminal: pt,
                                     brand: p.brand ?? "", slip: p.slip ?? p.transaction ?? "", approval: p.approval ?? "",
                                     amount: p.amount, kind: .sale))
        }
        for v in ledger.voids where !isCash(v.method) {
            guard let pt = v.paymentTerminal else { continue }
            sides.append(JournalSide(counterTerminal: v.terminal, seq: v.seq, time: DailyReport.clockTime(v.timestamp), paymentTerminal: pt,
                                     brand: v.brand ?? "", slip: v.slip ?? v.transaction ?? "", approval: v.approval ?? "",
                                     amount: v.amount, kind: v.kind == .void ? .void : .refund))
        }
        return sides
    }

    /// The cashless records of `date` in `sources` matched against the settlement file at `url`.
    public static func reconcile(_ sources: JournalSources, date: CivilDate, settlement url: URL,
                                 catalog: PaymentMethodCatalog?) throws -> Result {
        let (lines, problems) = try SettlementFile.load(url: url)
        let ledger = try DayLedger.read(sources, date: date)
        return reconcile(date: date, journal: journalSide(ledger, catalog: catalog), lines: lines, problems: problems)
    }

    /// Matches `journal` against the settlement `lines` of `date`.
    public static func reconcile(date: CivilDate, journal: [JournalSide], lines: [SettlementLine],
                                 problems: [SettlementProblem] = []) -> Result {
        struct Key: Hashable { var terminal: String; var slip: String; var approval: String; var kind: SettlementLine.Kind }
        var pool: [Key: [JournalSide]] = [:]
        for side in journal {
            pool[Key(terminal: side.paymentTerminal, slip: ReferenceRule.slipKey(side.slip), approval: side.approval, kind: side.kind), default: []]
                .append(side)
        }
        var result = Result(date: date.iso, matched: [], amountDiffers: [], onlyInJournal: [], onlyInSettlement: [],
                            problems: problems, otherDates: 0)
        for line in lines {
            guard line.date == date else { result.otherDates += 1; continue }
            let key = Key(terminal: line.terminal, slip: ReferenceRule.slipKey(line.slip), approval: line.approval, kind: line.kind)
            guard var candidates = pool[key], !candidates.isEmpty else { result.onlyInSettlement.append(line); continue }
            let index = candidates.firstIndex { $0.amount == line.amount } ?? 0
            let side = candidates.remove(at: index)
            pool[key] = candidates
            if side.amount == line.amount {
                result.matched.append(Pair(journal: side, settlement: line))
            } else {
                result.amountDiffers.append(Pair(journal: side, settlement: line))
            }
        }
        result.onlyInJournal = pool.values.flatMap { $0 }.sorted { ($0.counterTerminal, $0.seq) < ($1.counterTerminal, $1.seq) }
        return result
    }

    /// The differences for a supervisor, one per line; empty when clean.
    public static func text(_ result: Result) -> String {
        func s(_ t: String) -> String { DisplaySanitizer.sanitize(t) }
        func side(_ j: JournalSide) -> String {
            "\(j.kind.rawValue) 決済端末 \(s(j.paymentTerminal)) 伝票 \(s(j.slip)) 承認 \(s(j.approval.isEmpty ? "なし" : j.approval)) \(s(j.brand)) \(DailyReportRenderer.yen(j.amount))（\(s(j.counterTerminal)) 記録 \(j.seq)）"
        }
        func line(_ l: SettlementLine) -> String {
            "\(l.kind.rawValue) 決済端末 \(s(l.terminal)) 伝票 \(s(l.slip)) 承認 \(s(l.approval.isEmpty ? "なし" : l.approval)) \(s(l.brand)) \(DailyReportRenderer.yen(l.amount))（精算ファイル \(l.line)行目）"
        }
        var out = "照合 \(result.date): 一致 \(result.matched.count)件  金額相違 \(result.amountDiffers.count)件  "
            + "記録のみ \(result.onlyInJournal.count)件  精算のみ \(result.onlyInSettlement.count)件"
            + (result.problems.isEmpty ? "" : "  読めない行 \(result.problems.count)件") + "\n"
        for p in result.amountDiffers {
            out += "金額相違: \(side(p.journal)) ／ 精算 \(DailyReportRenderer.yen(p.settlement.amount))（\(p.settlement.line)行目）\n"
        }
        for j in result.onlyInJournal { out += "記録のみ: \(side(j))\n" }
        for l in result.onlyInSettlement { out += "精算のみ: \(line(l))\n" }
        for p in result.problems { out += "読めない行: \(p.line)行目 \(p.reason.rawValue)\n" }
        if result.otherDates > 0 { out += "（別の日付の行 \(result.otherDates)件は対象外）\n" }
        if result.isClean { out += "すべて一致しました。\n" }
        return out
    }
}
