import ArgumentParser
import CounterCore
import Foundation
import JapaneseKit

/// `madoguchi access-history ID`: every access to one resident (本人開示), for a resident who
/// asks who looked at their record.
struct AccessHistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "access-history",
        abstract: "Every access to one resident (by 宛名番号) across all journals: who, when, terminal, what (本人開示).",
        discussion: """
        Reads this counter's journal and every folder of journal_dirs in config.yaml. The range is one \
        year back to today unless --from and --to are given. The lookup itself is written to the journal \
        (an access record, action history) before anything is shown. --pdf also writes the アクセス履歴 \
        to hand to the resident. Needs a supervisor: --clerk and their PIN.
        Exit status: 0 shown, 1 refused, 2 bad usage.
        """
    )

    @Argument(help: "宛名番号.") var id: String
    @Option(help: ArgumentHelp("First day (default: a year before --to).", valueName: "date")) var from: String?
    @Option(help: ArgumentHelp("Last day (default: today).", valueName: "date")) var to: String?
    @Flag(help: "Print the history as JSON on stdout.") var json = false
    @Option(help: ArgumentHelp("Also write the アクセス履歴 as a PDF.", valueName: "file")) var pdf: String?
    @OptionGroup var options: SupervisorOptions

    func run() throws {
        let last = try CounterSession.date(to, option: "--to")
        let yearBefore = CivilDate(year: last.year - 1, month: last.month, day: last.day) ?? last.adding(days: -365)
        let (first, _) = try CounterSession.range(from: from ?? yearBefore.iso, to: last.iso)
        let (app, supervisor) = try options.signIn()
        let history = try CounterSession.refusing { try app.accessHistory(resident: id, from: first, to: last, supervisor: supervisor) }
        if json {
            print(try RegistryAccess.json(history))
        } else {
            print(ReviewReport.text(history, cityName: app.config.cityName, printedBy: supervisor).joined(separator: "\n"))
        }
        if let pdf {
            try CounterSession.refusing { try app.printAccessHistory(history, supervisor: supervisor, to: .file(URL(fileURLWithPath: pdf))) }
        }
    }
}
