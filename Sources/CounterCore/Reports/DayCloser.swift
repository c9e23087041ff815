import Foundation
import JapaneseKit

/// Closes a day (日計締め): totals every terminal's records of the day and writes the
/// `day_closed` seal (counts, totals, each chain's last hash) into this terminal's journal.
/// After that, `PaymentService` takes no more payments, voids or cases for that date.
public struct DayCloser: Sendable {
    public let journal: Journal
    /// Every journal to total: this terminal's own first, then the other terminals' (folders, the hub).
    public let sources: JournalSources
    public let catalog: PaymentMethodCatalog?
    public let clock: WallClock

    /// `sources` without this terminal's own journal folder get it in front.
    public init(journal: Journal, sources: JournalSources, catalog: PaymentMethodCatalog?, clock: WallClock) {
        self.journal = journal
        let own = journal.directory.standardizedFileURL
        let holdsOwn = sources.sources.contains { ($0 as? DirectoryJournalSource)?.directory.standardizedFileURL == own }
        self.sources = holdsOwn ? sources
            : JournalSources([DirectoryJournalSource(label: "この端末", directory: journal.directory, witnessDirectories: [], isCopy: false)]
                             + sources.sources)
        self.catalog = catalog
        self.clock = clock
    }

    /// Over this terminal's journal and the folders `directories` (copies of other terminals').
    public init(journal: Journal, directories: [URL], catalog: PaymentMethodCatalog?, clock: WallClock) {
        let own = journal.directory.standardizedFileURL
        self.init(journal: journal, sources: JournalSources(directories: directories.filter { $0.standardizedFileURL != own }),
                  catalog: catalog, clock: clock)
    }

    /// What closing produced: the report (with its seal) and the seal record.
    public struct Result: Sendable {
        public var report: DailyReport
        public var seal: AppendedRecord
    }

    /// How many days after a date its seal is looked for (a day is closed on the day or soon after).
    public static let sealLookaheadDays = 31

    /// Reads the day from every source, with its seal if one was written (on the day or, for a
    /// day closed late, in a later day's file).
    public static func report(_ sources: JournalSources, date: CivilDate, today: CivilDate, catalog: PaymentMethodCatalog?) throws -> DailyReport {
        let ledger = try DayLedger.read(sources, date: date)
        var report = DailyReport(ledger: ledger, catalog: catalog)
        if report.seal == nil, let seal = try laterSeal(sources, date: date, today: today) {
            report.seal = DailyReport.SealInfo(terminal: seal.terminal, seq: seal.seq, hash: seal.hash, clerk: seal.clerk)
            if let sealed = DaySeal(fields: seal.fields) { report.apply(sealed, to: ledger) }
        }
        return report
    }

    /// `report(_:date:today:catalog:)` over journal folders, one after another.
    public static func report(directories: [URL], date: CivilDate, today: CivilDate, catalog: PaymentMethodCatalog?) throws -> DailyReport {
        try report(JournalSources(directories: directories), date: date, today: today, catalog: catalog)
    }

    static func laterSeal(_ sources: JournalSources, date: CivilDate, today: CivilDate) throws -> JournalRecord? {
        guard date < today else { return nil }
        let last = min(today.dayNumber, date.dayNumber + sealLookaheadDays)
        let records = try sources.read(from: date.adding(days: 1), to: CivilDate(dayNumber: last), types: [.dayClosed]).records
        return records.first { $0["date"]?.stringValue == date.iso }
    }

    /// Closes `date` (today by default). Refused for a future date or a date already closed.
    /// The check and the seal run under the journal's append lock: no payment of this
    /// terminal slips in between.
    public func close(date: CivilDate? = nil, clerk: String) throws -> Result {
        guard !clerk.isEmpty else { throw PaymentRefusal.missingClerk }
        if let kind = SensitiveNumbers.firstKind(in: clerk) { throw PaymentRefusal.sensitiveNumber(field: "担当者", kind: kind) }
        let today = clock.today()
        let day = date ?? today
        guard day <= today else { throw PaymentRefusal.notClosable(day, today: today) }
        return try journal.exclusively { journal in
            var report = try DayCloser.report(sources, date: day, today: today, catalog: catalog)
            if report.seal != nil { throw PaymentRefusal.dayClosed(day) }
            if day < today {
                // Today's own file may already hold a late seal of that day (found above only up to
                // the lookahead), so it is checked explicitly too.
                let todays = try sources.read(from: today, to: today, types: [.dayClosed]).records
                if todays.contains(where: { $0["date"]?.stringValue == day.iso }) { throw PaymentRefusal.dayClosed(day) }
            }
            let fields = Self.sealFields(report, date: day)
            let seal = try journal.append(.dayClosed, clerk: clerk, fields: fields)
            report.seal = DailyReport.SealInfo(terminal: self.journal.terminalID, seq: seal.seq, hash: seal.hash, clerk: clerk)
            return Result(report: report, seal: seal)
        }
    }

    /// The `day_closed` record's fields for `report` (the day's records as read before the
    /// close): what `DaySeal` reads back and `journal verify` checks.
    public static func sealFields(_ report: DailyReport, date: CivilDate) -> [String: JournalValue] {
        let t = report.total
        let terminals: [JournalValue] = report.perTerminal.map { pt in
            ["terminal": .string(pt.terminal), "records": .int(pt.records), "last_seq": .int(pt.lastSeq),
             "last_hash": .string(pt.lastHash), "payments": .int(pt.totals.payments), "net": .int(pt.totals.net)]
        }
        return [
            "date": .string(date.iso),
            "terminals": .array(terminals),
            "payments": .int(t.payments), "sales": .int(t.sales), "voids": .int(t.voids), "voided": .int(t.voided), "net": .int(t.net),
            "cases_opened": .int(t.casesOpened), "cases_closed": .int(t.casesClosed),
            "by_method": .array(t.byMethod.map { m in
                ["method": .string(m.method), "brand": .string(m.brand), "payments": .int(m.payments), "sales": .int(m.sales),
                 "voids": .int(m.voids), "voided": .int(m.voided), "net": .int(m.net)]
            }),
            "by_form": .array(t.byForm.map { f in
                ["form": .string(f.form), "count": .int(f.count), "copies": .int(f.copies), "yen": .int(f.yen)]
            }),
            // Damaged lines left out of these figures: the close says it was made without them.
            "damaged_lines": .int(report.damaged.count),
        ]
    }
}
