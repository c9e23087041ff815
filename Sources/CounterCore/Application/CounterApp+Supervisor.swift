import Foundation
import JapaneseKit

/// The supervisor's use cases (管理者モード and the `review`, `access-history`, `workload`
/// commands): every one refuses an id that is not an active supervisor's, and reads the same
/// journal sources whichever face asks.
extension CounterApp {
    // MARK: - Sources

    /// This counter's journal (with its witness), then each folder of `journal_dirs` (copies of
    /// other terminals' journals, checked as files only), then the hub's copy when attached.
    public func journalSources() -> JournalSources {
        var sources: [any JournalSource] = [DirectoryJournalSource(label: "この端末", directory: directory.journalDirectory,
                                                                   witnessDirectories: config.witnessDirectories(dataDirectory: directory.url),
                                                                   isCopy: false)]
        for url in config.journalDirectories(dataDirectory: directory.url)
        where url.standardizedFileURL != directory.journalDirectory.standardizedFileURL {
            sources.append(DirectoryJournalSource(label: url.path, directory: url, witnessDirectories: []))
        }
        return JournalSources(sources + attachedJournalSources)
    }

    /// `journalSources()` made ready for `from`…`to`, as they are now: refused while a folder of
    /// `journal_dirs` is missing or the hub cannot be read. A review, a total, a seal, an access
    /// history or a workload made without them would look complete and not be.
    public func readySources(from: CivilDate, to: CivilDate) throws(CounterAppError) -> JournalSources {
        let sources = journalSources()
        try engine { try sources.prepare(from: from, to: to) }
        return sources
    }

    /// `readySources` over this terminal and the folders `copies` only (`--journal-dir`), or
    /// every source when nil.
    func readySources(from: CivilDate, to: CivilDate, copies: [URL]?) throws(CounterAppError) -> JournalSources {
        guard let copies else { return try readySources(from: from, to: to) }
        let own = directory.journalDirectory.standardizedFileURL
        let sources = JournalSources(Array(journalSources().sources.prefix(1))
                                     + JournalSources(directories: copies.filter { $0.standardizedFileURL != own }).sources)
        try engine { try sources.prepare(from: from, to: to) }
        return sources
    }

    /// Refuses `id` unless it is an active supervisor's (the caller has checked the PIN).
    public func requireSupervisor(_ id: String) throws(CounterAppError) {
        let current = (try? AppConfig.load(dataDirectory: directory.url)) ?? config
        guard let account = current.clerk(id: id), account.role == .supervisor, !account.disabled, !account.locked else {
            throw .signIn(.notSupervisor(id: id))
        }
    }

    // MARK: - Review (点検)

    /// `Forms/review-rules.yaml` (the defaults when the city has none).
    public func reviewRules() throws(CounterAppError) -> ReviewRules {
        do { return try ReviewRules.load(formsDirectory: formsDirectory) } catch { throw .engine(error.message) }
    }

    /// What the review needs besides the journals: opening hours, the watch list, each clerk's
    /// household, who is under 支援措置 now, the おくやみ cases known.
    public func reviewContext() -> ReviewContext {
        let current = (try? AppConfig.load(dataDirectory: directory.url)) ?? config
        let registry = try? registry()
        var households: [String: Set<String>] = [:]
        for clerk in config.clerks {
            guard let id = clerk.residentID, !id.isEmpty else { continue }
            let members = (try? registry?.household(of: id))?.map(\.id) ?? []
            households[clerk.id] = Set(members + [id])
        }
        let support = Set((try? registry?.supportMeasureIDs()) ?? [])
        let store = try? cases()
        return ReviewContext(openingHours: config.openingHours, watchList: Set(config.watchList), households: households,
                             supportMeasure: support,
                             isKnownCase: { number in (try? store?.load(number: number)) != nil },
                             today: clock.today(),
                             supervisors: Set(current.clerks.filter { $0.role == .supervisor }.map(\.id)))
    }

    /// The review of `from`…`to` over every source, each finding marked with the disposition
    /// of an earlier signed review.
    public func review(from: CivilDate, to: CivilDate, supervisor: String,
                       progress: (@Sendable (CivilDate) -> Void)? = nil) throws(CounterAppError) -> Review {
        try requireSupervisor(supervisor)
        guard from <= to else { throw .refused("期間の始め（\(from.iso)）が終わり（\(to.iso)）より後です。") }
        let sources = try readySources(from: from, to: to)
        let engine = ReviewEngine(sources: sources, rules: try reviewRules(), context: reviewContext())
        var review = try self.engine { try engine.run(from: from, to: to, progress: progress) }
        // Signed reviews are read from this counter's own journal only: a copy in a shared
        // folder is checked as a file only, and a `review` record planted there would mark
        // findings as reviewed.
        let own = JournalSources(Array(sources.sources.prefix(1)))
        let signed = try self.engine {
            try own.records(from: from, to: max(to, clock.today()), containing: "\"type\":\"review\"")
        }
        ReviewSignOff.apply(ReviewSignOff.marks(from: signed), to: &review.findings)
        return review
    }

    /// Signs `review` with a disposition for each finding: a `review` record, written before
    /// the 点検記録 is printed. Every finding still open must be marked.
    @discardableResult
    public func signReview(_ review: Review, entries: [ReviewSignOff.Entry], supervisor: String) throws(CounterAppError) -> AppendedRecord {
        try requireSupervisor(supervisor)
        let marked = Set(entries.map(\.findingID))
        let unmarked = review.open.filter { !marked.contains($0.id) }
        guard unmarked.isEmpty else {
            throw .refused("処置を選んでいない指摘が \(unmarked.count) 件あります（\(unmarked.prefix(3).map(\.id).joined(separator: "、"))）。すべてに 問題なし・要聞き取り・報告済 のどれかを付けてください。")
        }
        let known = Set(review.findings.map(\.id))
        if let stray = entries.first(where: { !known.contains($0.findingID) }) {
            throw .refused("指摘 \(stray.findingID) はこの期間の点検にありません。")
        }
        return try engine { try journal.append(.review, clerk: supervisor, fields: ReviewSignOff.fields(review, entries: entries)) }
    }

    /// The resident a finding names, opened by the supervisor reviewing it: a view record whose
    /// `query` names the finding (`点検 #id`), written before anything is returned; the next
    /// review does not count it as a view without business.
    public func reviewResident(of finding: ReviewFinding,
                               supervisor: String) throws(CounterAppError) -> (resident: Resident, household: [Resident]) {
        try requireSupervisor(supervisor)
        // Only the resident the finding itself names: the view record names the finding, so it
        // must be the finding's own resident.
        guard let id = finding.resident else { throw .refused("この指摘には住民が含まれていません。") }
        return try registryCall { registry throws(RegistryError) in
            try registry.residentWithHousehold(id: id, clerk: supervisor, purpose: ReviewContext.findingQueryPrefix + finding.id)
        }
    }

    /// The stored line of a record behind a finding, as written.
    public func storedLine(_ evidence: ReviewEvidence) throws(CounterAppError) -> String {
        let sources = journalSources()
        guard let file = sources.file(label: evidence.source, relativePath: evidence.file),
              let line = try engine({ try sources.line(of: file, record: evidence.record) }) else {
            throw .refused("記録 \(evidence.file) の \(evidence.record) 行目が見つかりません。")
        }
        return line
    }

    // MARK: - アクセス履歴 (本人開示)

    /// Every access to `resident` in `from`…`to`, across all sources. Looking it up is itself
    /// an access record (`history`), written before anything is returned.
    public func accessHistory(resident: String, from: CivilDate, to: CivilDate,
                              supervisor: String) throws(CounterAppError) -> AccessHistory {
        try requireSupervisor(supervisor)
        if SensitiveNumbers.residentID(resident, isRegistered: { ResidentRegistry.isRegistered($0, dataDirectory: directory.url) }) != nil {
            throw .registry(.sensitiveQuery)
        }
        guard from <= to else { throw .refused("期間の始め（\(from.iso)）が終わり（\(to.iso)）より後です。") }
        let sources = try readySources(from: from, to: to)
        // Marked like every access to a 支援措置 subject, so the lookup itself reaches the review.
        let support = ((try? registry().supportMeasureIDs()) ?? []).contains(resident) ? [resident] : []
        try engine { try journal.recordAccess(clerk: supervisor, residentIDs: [resident], supportMeasure: support, action: .history, query: nil) }
        return try engine { try AccessHistory.read(sources, resident: resident, from: from, to: to) }
    }

    // MARK: - 本日の状況

    /// Each terminal's day so far: from every source.
    public func terminalStatus(on day: CivilDate? = nil) throws(CounterAppError) -> [TerminalStatus] {
        let day = day ?? clock.today()
        let sources = try readySources(from: day, to: day)
        return try engine { try TerminalStatus.read(sources, on: day) }
    }

    // MARK: - 業務量

    public func workload(from: CivilDate, to: CivilDate, supervisor: String) throws(CounterAppError) -> Workload {
        try requireSupervisor(supervisor)
        guard from <= to else { throw .refused("期間の始め（\(from.iso)）が終わり（\(to.iso)）より後です。") }
        let sources = try readySources(from: from, to: to)
        var ledgers: [DayLedger] = []
        var day = from
        while day <= to {
            ledgers.append(try engine { try DayLedger.read(sources, date: day) })
            day = day.adding(days: 1)
        }
        return Workload(from: from, to: to, ledgers: ledgers)
    }

    /// Writes `workload`'s CSV as `<data-dir>/spool/workload-FROM-TO.csv` (0600, the folder 0700)
    /// and returns where.
    public func writeWorkloadCSV(_ workload: Workload) throws(CounterAppError) -> URL {
        let file = directory.spoolDirectory.appendingPathComponent("workload-\(workload.from.iso)-\(workload.to.iso).csv")
        try engine { try CounterPrinter.write(Data(workload.csv.utf8), to: file) }
        return file
    }
}

// MARK: - 日計, printing

extension CounterApp {
    /// The daily report of `date` over every source (this terminal, `journal_dirs`, the hub).
    public func dailyReport(_ date: CivilDate) throws(CounterAppError) -> DailyReport {
        let today = clock.today()
        let sources = try readySources(from: date, to: max(date, today))
        return try engine { try DayCloser.report(sources, date: date, today: today, catalog: try? catalog()) }
    }

    /// The settlement files in `settlement_dir`, newest first.
    public func settlementFiles() throws(CounterAppError) -> [URL] {
        guard let folder = config.settlementDirectory(dataDirectory: directory.url) else {
            throw .refused("精算ファイルのフォルダが決まっていません。config.yaml に settlement_dir: を書いてください。")
        }
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: folder.path) } catch {
            throw .refused("精算ファイルのフォルダ \(folder.path) を読めません（\(CounterMessage.reason(for: error))）。")
        }
        return names.filter { $0.lowercased().hasSuffix(".csv") }.sorted(by: >).map { folder.appendingPathComponent($0) }
    }

    /// The day's cashless records matched against a settlement file.
    public func reconcile(_ date: CivilDate, settlement: URL) throws(CounterAppError) -> Reconciler.Result {
        let sources = try readySources(from: date, to: date)
        return try engine { try Reconciler.reconcile(sources, date: date, settlement: settlement, catalog: try? catalog()) }
    }

    /// Prints text laid out as on the terminal (日計表, 点検記録, アクセス履歴).
    public func printText(_ lines: [String], title: String, name: String,
                          to destination: Destination = .counter) throws(CounterAppError) -> CounterPrinter.Printout {
        try printPDF(TextPDF.document(title: title, lines: lines, created: clock.now()).data(), name: name, to: destination)
    }

    /// Writes `pdf` to the counter's printer (as `<name>.pdf` in the spool) or to a file.
    public func printPDF(_ pdf: Data, name: String, to destination: Destination = .counter) throws(CounterAppError) -> CounterPrinter.Printout {
        try destination.check()
        switch destination {
        case .counter: return try engine { try printer.print(pdf, name: name) }
        case .file(let url):
            try engine { try CounterPrinter.write(pdf, to: url) }
            return CounterPrinter.Printout(file: url, printer: nil)
        }
    }

    /// The 日計表 of `report`: the same laid-out PDF (totals, seal hash, stamp boxes) the
    /// supervisor stamps, whichever face prints it.
    public func printDailyReport(_ report: DailyReport, to destination: Destination = .counter) throws(CounterAppError) -> CounterPrinter.Printout {
        try printPDF(DailyReportPDF.document(report, cityName: config.cityName, created: clock.now()).data(),
                     name: "nikkei-\(report.date)", to: destination)
    }

    /// The 点検記録 of a signed review (after `signReview`).
    public func printReviewRecord(_ review: Review, entries: [ReviewSignOff.Entry], record: AppendedRecord, supervisor: String,
                                  to destination: Destination = .counter) throws(CounterAppError) -> CounterPrinter.Printout {
        let name = config.clerk(id: supervisor).map { "\($0.name)（\(supervisor)）" } ?? supervisor
        let lines = ReviewReport.text(review, cityName: config.cityName, entries: entries,
                                      signed: (name, record, JournalTimestamp.format(clock.now())))
        return try printText(lines, title: "点検記録 \(review.from.iso)〜\(review.to.iso)",
                             name: "tenken-\(review.from.iso)-\(review.to.iso)-\(record.seq)", to: destination)
    }

    /// The アクセス履歴 of one resident (after `accessHistory`, which journaled the lookup).
    public func printAccessHistory(_ history: AccessHistory, supervisor: String,
                                   to destination: Destination = .counter) throws(CounterAppError) -> CounterPrinter.Printout {
        let lines = ReviewReport.text(history, cityName: config.cityName, printedBy: supervisor)
        return try printText(lines, title: "アクセス履歴 \(history.resident)", name: "access-\(history.resident)", to: destination)
    }
}
