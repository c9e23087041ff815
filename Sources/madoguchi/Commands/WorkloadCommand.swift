import ArgumentParser
import CounterCore
import Foundation
import JapaneseKit

/// `madoguchi workload`: handling times per procedure, clerk and hour (業務量調査).
struct WorkloadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workload",
        abstract: "Handling times per procedure, clerk and hour over a date range (業務量調査).",
        discussion: """
        Each case from its opening to its closing, over this counter's journal and every folder of \
        journal_dirs in config.yaml. csv is UTF-8 with BOM and CRLF for Excel, cells guarded against \
        formula injection. Needs a supervisor: --clerk and their PIN.
        Exit status: 0 shown, 1 refused, 2 bad usage.
        """
    )

    @Option(help: ArgumentHelp("First day (2026-11-25, R8.11.25…).", valueName: "date")) var from: String
    @Option(help: ArgumentHelp("Last day.", valueName: "date")) var to: String
    @Option(help: ArgumentHelp("csv, json or text.", valueName: "format")) var format = "csv"
    @OptionGroup var options: SupervisorOptions

    func run() throws {
        guard ["csv", "json", "text"].contains(format) else { throw CommandFailure.usage("--format は csv・json・text のどれかです。") }
        let (first, last) = try CounterSession.range(from: from, to: to)
        let (app, supervisor) = try options.signIn()
        let workload = try CounterSession.refusing { try app.workload(from: first, to: last, supervisor: supervisor) }
        switch format {
        case "csv": FileHandle.standardOutput.write(Data(workload.csv.utf8))
        case "json": print(try RegistryAccess.json(workload))
        default: print(Self.text(workload), terminator: "")
        }
    }

    /// One line per procedure, clerk and hour, times in minutes and seconds.
    static func text(_ workload: Workload) -> String {
        let time = DailyReportRenderer.duration
        var out = "業務量 \(workload.from.iso) 〜 \(workload.to.iso)\n"
        if workload.rows.isEmpty { return out + "この期間の受付はありません。\n" }
        for r in workload.rows {
            let line = "\(r.procedure)  \(r.clerk)  \(r.hour)時台  \(r.cases)件（完了 \(r.closed)）  中央値 \(time(r.medianSeconds))  90% \(time(r.p90Seconds))"
            out += DisplaySanitizer.sanitize(line) + "\n"
        }
        return out
    }
}
