import ArgumentParser
import CounterCore
import Foundation
import JapaneseKit

/// `madoguchi review` and `madoguchi review sign`: the supervisor's access-log review (点検)
/// over every journal source, and its signed 点検記録.
struct ReviewCommand: ParsableCommand {
    static let exitStatus = """
        Exit status: 0 no open findings (none, or all reviewed), 1 refused (not a supervisor, wrong PIN, \
        unreadable journal or rules), 2 bad usage, 3 open (unreviewed) findings.
        """

    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "Review the access log (点検) over a date range: findings by severity; sign them (review sign).",
        discussion: """
        Reads this counter's journal and every folder of journal_dirs in config.yaml, runs the rules \
        of Forms/review-rules.yaml (支援措置 subjects, views without business, off-hours work, many \
        residents in a short time, repeated views, one clerk on two terminals, prints without a case, \
        the clerk's own household, the watch list, journal integrity) and lists the findings, highest \
        severity first, each with its id (#…) and the journal records behind it. A finding signed in an \
        earlier review shows its disposition. Needs a supervisor: --clerk and their PIN.
        \(exitStatus)
        """,
        subcommands: [Run.self, Sign.self],
        defaultSubcommand: Run.self
    )

    /// `--from` / `--to` of a review.
    struct Range: ParsableArguments {
        @Option(help: ArgumentHelp("First day (2026-11-25, R8.11.25…).", valueName: "date")) var from: String
        @Option(help: ArgumentHelp("Last day.", valueName: "date")) var to: String
    }

    // MARK: - review

    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run",
            abstract: "List the review's findings (the default: madoguchi review --from D --to D).",
            discussion: """
            Text by default; --json prints the review (findings, their evidence, each terminal's last hash); \
            --pdf also writes the unsigned list of findings. A line per day on stderr while reading a long \
            range on a terminal.
            \(ReviewCommand.exitStatus)
            """
        )

        @OptionGroup var range: Range
        @Flag(help: "Print the review as JSON on stdout.") var json = false
        @Option(help: ArgumentHelp("Also write the findings as a PDF.", valueName: "file")) var pdf: String?
        @OptionGroup var options: SupervisorOptions

        func run() throws {
            let (app, _, review) = try ReviewCommand.review(range, options)
            let lines = ReviewReport.text(review, cityName: app.config.cityName)
            if json {
                print(try RegistryAccess.json(review))
            } else {
                print(lines.joined(separator: "\n"))
            }
            if let pdf {
                try CounterSession.refusing {
                    try app.printText(lines, title: "点検結果 \(review.from.iso)〜\(review.to.iso)",
                                      name: "tenken-\(review.from.iso)-\(review.to.iso)", to: .file(URL(fileURLWithPath: pdf)))
                }
            }
            let open = review.open.count
            if open > 0 {
                throw CommandFailure(code: 3, message: "未点検の指摘が \(open) 件あります。madoguchi review sign で処置を付けて署名してください。")
            }
        }
    }

    // MARK: - review sign

    struct Sign: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sign",
            abstract: "Mark each finding and sign the review: a review journal record and the 点検記録 printed.",
            discussion: """
            Runs the review of the range again, then records the supervisor's disposition of each finding \
            as a hash-chained review record and prints the 点検記録 (range, reviewer, findings, dispositions, \
            verification, each terminal's last hash) to --pdf FILE or the counter's printer.
            --mark ID=DISPOSITION[:comment] (repeatable) marks one finding by the id review prints after #; \
            --all DISPOSITION marks every open finding not marked one by one. DISPOSITION is 問題なし, \
            要聞き取り or 報告済 (no_issue, interview, reported). Every open finding must be marked.
            Prints the record's seq and hash. Exit status: 0 signed, 1 refused, 2 bad usage.
            """
        )

        @OptionGroup var range: Range
        @Option(help: ArgumentHelp("ID=DISPOSITION[:comment] (repeatable).", valueName: "mark")) var mark: [String] = []
        @Option(help: ArgumentHelp("The disposition of every open finding not marked with --mark.", valueName: "disposition"))
        var all: String?
        @Option(help: ArgumentHelp("Write the 点検記録 to this PDF instead of the counter's printer.", valueName: "file")) var pdf: String?
        @OptionGroup var options: SupervisorOptions

        func run() throws {
            var entries = try mark.map(ReviewCommand.entry)
            let everyOpen = try all.map(ReviewCommand.disposition)
            let (app, supervisor, review) = try ReviewCommand.review(range, options)
            if let everyOpen {
                let marked = Set(entries.map(\.findingID))
                entries += review.open.filter { !marked.contains($0.id) }
                    .map { ReviewSignOff.Entry(findingID: $0.id, disposition: everyOpen) }
            }
            let record = try CounterSession.refusing { try app.signReview(review, entries: entries, supervisor: supervisor) }
            print("点検記録 seq \(record.seq)  \(record.hash)")
            let printout = try CounterSession.refusing {
                try app.printReviewRecord(review, entries: entries, record: record, supervisor: supervisor,
                                          to: pdf.map { .file(URL(fileURLWithPath: $0)) } ?? .counter)
            }
            let printer = printout.printer.map { "（プリンタ \(DisplaySanitizer.sanitize($0)) に送りました）" } ?? ""
            CounterSession.say("点検記録を \(DisplaySanitizer.sanitize(printout.file.path)) に書きました\(printer)。")
        }
    }

    // MARK: - Shared

    /// Opens the data directory, signs in the supervisor and runs the review of the range.
    static func review(_ range: Range, _ options: SupervisorOptions) throws -> (app: CounterApp, supervisor: String, review: Review) {
        let (from, to) = try CounterSession.range(from: range.from, to: range.to)
        let (app, supervisor) = try options.signIn()
        // A line per day, for a person watching a long range; never into a pipe or a file.
        var progress: (@Sendable (CivilDate) -> Void)?
        if isatty(STDERR_FILENO) == 1, from < to {
            progress = { @Sendable day in CounterSession.say("点検中 \(day.iso)") }
        }
        let review = try CounterSession.refusing { try app.review(from: from, to: to, supervisor: supervisor, progress: progress) }
        return (app, supervisor, review)
    }

    /// `ID=DISPOSITION[:comment]`.
    static func entry(_ text: String) throws -> ReviewSignOff.Entry {
        guard let eq = text.firstIndex(of: "=") else {
            throw CommandFailure.usage("--mark は 指摘ID=処置[:コメント] の形で指定してください（例: --mark 3fa2c1=問題なし:本人の申出）。")
        }
        let id = String(text[..<eq]).trimmingCharacters(in: .whitespaces)
        let rest = text[text.index(after: eq)...]
        let word = rest.firstIndex(of: ":").map { String(rest[..<$0]) } ?? String(rest)
        let comment = rest.firstIndex(of: ":").map { String(rest[rest.index(after: $0)...]) } ?? ""
        guard !id.isEmpty, id.unicodeScalars.allSatisfy({ CharacterSet.alphanumerics.contains($0) && $0.isASCII }) else {
            throw CommandFailure.usage("--mark の指摘ID は review が # のあとに表示する英数字です。")
        }
        guard !comment.unicodeScalars.contains(where: DisplaySanitizer.isForbidden) else {
            throw CommandFailure.usage("--mark のコメントに制御文字があります。文字だけで書いてください。")
        }
        return ReviewSignOff.Entry(findingID: id, disposition: try disposition(word),
                                   comment: comment.trimmingCharacters(in: .whitespaces).precomposedStringWithCanonicalMapping)
    }

    /// 問題なし・要聞き取り・報告済 (or no_issue, interview, reported).
    static func disposition(_ word: String) throws -> ReviewDisposition {
        guard let found = ReviewDisposition(word: word.trimmingCharacters(in: .whitespaces)) else {
            throw CommandFailure.usage("処置は 問題なし・要聞き取り・報告済（no_issue・interview・reported）のどれかです。")
        }
        return found
    }
}
