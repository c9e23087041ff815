import ArgumentParser
import CounterCore
import Foundation
import JapaneseKit

/// `madoguchi report daily`: the day's totals over one or several terminals' journals.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Reports from the journal.",
        subcommands: [Daily.self]
    )

    struct Daily: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "daily",
            abstract: "The day's totals per method and brand, form, clerk and terminal; handling times; voids.",
            discussion: """
            Reads this counter's journal and every folder of journal_dirs in config.yaml; --journal-dir \
            (repeatable: a shared folder where each counter's journal lands) reads those folders instead. \
            The terminals are totalled together and one by one. CSV is UTF-8 with BOM and CRLF \
            for Excel, with cells guarded against formula injection. \
            A closed day is checked against its seal: records changed after the close, payments \
            the seal does not cover (taken after it, or on a terminal it did not include) and \
            damaged journal lines left out are shown at the top of the text (on stderr for csv \
            and json, which carry them as sealProblems, afterSeal and damaged).
            """
        )

        @OptionGroup var dataDir: DataDirOption
        @OptionGroup var forms: FormsOption
        @Option(help: ArgumentHelp("The day (2026-11-25, R8.11.25…); default today.", valueName: "date")) var date: String?
        @Option(help: ArgumentHelp("text, csv or json.", valueName: "format")) var format = "text"
        @Option(name: .customLong("journal-dir"), help: ArgumentHelp("A journal directory (repeatable).", valueName: "dir"))
        var journalDirs: [String] = []
        @Option(help: ArgumentHelp("Also write the 日計表 as a PDF.", valueName: "file")) var pdf: String?

        func run() throws {
            guard ["text", "csv", "json"].contains(format) else {
                throw CommandFailure.usage("--format は text・csv・json のどれかです。")
            }
            let day = try CounterSession.date(date)
            let report: DailyReport
            let city: String
            var app: CounterApp?
            if journalDirs.isEmpty {
                let opened = try CounterSession.open(dataDir, forms: forms)
                app = opened
                city = opened.config.cityName
                report = try CounterSession.refusing { try opened.dailyReport(day) }
            } else {
                let catalog = try? PaymentMethodCatalog.load(formsDirectory: forms.url)
                city = (try? dataDir.config())?.cityName ?? AppConfig.defaultCityName
                report = try CounterSession.reading {
                    try DayCloser.report(directories: journalDirs.map { URL(fileURLWithPath: $0) }, date: day,
                                         today: SystemClock().today(), catalog: catalog)
                }
            }
            // The text puts these at its top; CSV and JSON carry them as data, and they are said here too.
            let warnings = DailyReportRenderer.warnings(report)
            if format != "text" && !warnings.isEmpty { FileHandle.standardError.write(Data(warnings.utf8)) }
            switch format {
            case "csv": FileHandle.standardOutput.write(Data(DailyReportRenderer.csv(report).utf8))
            case "json": print(try DailyReportRenderer.json(report))
            default: print(DailyReportRenderer.text(report, cityName: city), terminator: "")
            }
            if let pdf {
                let url = URL(fileURLWithPath: pdf)
                if let app {
                    try CounterSession.refusing { try app.printDailyReport(report, to: .file(url)) }
                } else {
                    try CounterSession.reading { try CounterPrinter.write(DailyReportPDF.document(report, cityName: city, created: Date()).data(), to: url) }
                }
            }
        }
    }
}

/// `madoguchi close-day [--date D]`: the day's seal and the 日計表 to stamp.
struct CloseDayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "close-day",
        abstract: "Close the day (日計締め): write the seal and print the 日計表 with its hash.",
        discussion: """
        Totals every terminal's records of the day (this data directory's journal and the folders of \
        journal_dirs in config.yaml, or --journal-dir, repeatable, with this journal always included), writes the day_closed seal (counts, totals, each terminal's \
        last hash) and prints the 日計表 for the supervisor's stamp. After that this terminal takes \
        no more payments that day. Another terminal closed through --journal-dir cannot see the \
        seal: what it records afterwards is listed loudly by report daily over both journals. \
        Damaged journal lines are left out of the totals and named. Refused for a future date \
        or a day already closed. Needs a supervisor: --clerk names them and their PIN is checked \
        (typed, or $MADOGUCHI_PIN).
        """
    )

    @OptionGroup var dataDir: DataDirOption
    @OptionGroup var forms: FormsOption
    @OptionGroup var clerk: ClerkOption
    @Option(help: ArgumentHelp("The day; default today.", valueName: "date")) var date: String?
    @Option(name: .customLong("journal-dir"), help: ArgumentHelp("Another journal directory (repeatable).", valueName: "dir"))
    var journalDirs: [String] = []
    @Option(help: ArgumentHelp("Also write the 日計表 as a PDF.", valueName: "file")) var pdf: String?
    @Flag(help: "Machine-readable output (the report with its seal).") var json = false

    func run() throws {
        let day = try CounterSession.date(date)
        let app = try CounterSession.open(dataDir, forms: forms)
        let supervisor = try CounterSession.signIn(app, clerk, supervisor: true).id
        let result = try CounterSession.refusing {
            try app.closeDay(day, others: journalDirs.isEmpty ? nil : journalDirs.map { URL(fileURLWithPath: $0) }, supervisor: supervisor)
        }
        if json {
            print(try DailyReportRenderer.json(result.report))
        } else {
            print(DailyReportRenderer.text(result.report, cityName: app.config.cityName), terminator: "")
        }
        if let pdf {
            try CounterSession.refusing { try app.printDailyReport(result.report, to: .file(URL(fileURLWithPath: pdf))) }
        }
    }
}

/// `madoguchi reconcile --date D --settlement FILE`: exit 0 only when everything matches.
struct ReconcileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reconcile",
        abstract: "Match the day's cashless records against the acquirer's settlement CSV.",
        discussion: """
        The file has the header date,time,terminal,brand,slip,approval,amount,type (type 売上, 取消 \
        or 返品), in UTF-8 or CP932. Lines are matched by payment terminal, 伝票番号, 承認番号 and \
        type, then amounts compared. The journal side is this counter's journal and the folders of \
        journal_dirs in config.yaml, or --journal-dir (repeatable) instead. Exit 0 when everything \
        matches; else 1 with the differences.
        """
    )

    @OptionGroup var dataDir: DataDirOption
    @OptionGroup var forms: FormsOption
    @Option(help: ArgumentHelp("The day.", valueName: "date")) var date: String
    @Option(help: ArgumentHelp("The settlement CSV.", valueName: "file")) var settlement: String
    @Option(name: .customLong("journal-dir"), help: ArgumentHelp("A journal directory (repeatable).", valueName: "dir"))
    var journalDirs: [String] = []
    @Flag(help: "Machine-readable output.") var json = false

    func run() throws {
        let day = try CounterSession.date(date)
        let file = URL(fileURLWithPath: settlement)
        let result: Reconciler.Result
        if journalDirs.isEmpty {
            let app = try CounterSession.open(dataDir, forms: forms)
            result = try CounterSession.refusing { try app.reconcile(day, settlement: file) }
        } else {
            let catalog = try? PaymentMethodCatalog.load(formsDirectory: forms.url)
            result = try CounterSession.reading {
                try Reconciler.reconcile(JournalSources(directories: journalDirs.map { URL(fileURLWithPath: $0) }), date: day, settlement: file,
                                         catalog: catalog)
            }
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(result), as: UTF8.self))
        } else {
            print(Reconciler.text(result), terminator: "")
        }
        if !result.isClean { throw ExitCode(1) }
    }
}
