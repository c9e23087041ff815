import ArgumentParser
import CounterCore
import CounterUI
import Foundation
import JapaneseKit

/// The root command: with no subcommand it opens the counter screen.
struct Madoguchi: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "madoguchi",
        abstract: "窓口: the one-stop counter of a Japanese city hall (書かない窓口・おくやみ窓口・キャッシュレス決済).",
        discussion: """
        With no subcommand, opens the counter screen in this terminal.

        Conventions shared by every command:
          --data-dir DIR  data directory (default $MADOGUCHI_DATA_DIR,
                          else ~/.local/share/madoguchi)
          --forms DIR     forms (default $MADOGUCHI_FORMS_DIR, else ./Forms,
                          else the copy installed with the binary)
          --clerk ID      the clerk who acts (default $MADOGUCHI_CLERK, else the
                          login name); commands that record an act check their
                          PIN: $MADOGUCHI_PIN, else typed (not shown), else a
                          line of standard input
          --json          machine-readable output on stdout; messages always go
                          to stderr

        The terminal id and city name come from <data-dir>/config.yaml (defaults: host name, いわき市). \
        Commands that write refuse a folder that is not a data directory yet; clerk add and \
        import residents create one.

        Exit status: 0 ok, 1 refused (not allowed, or data failed validation), 2 bad usage; \
        review exits 3 while findings are open (madoguchi review --help). \
        A card number or 個人番号 in any argument is refused (exit 1) before the command runs and \
        never echoed; a registered 宛名番号 is accepted where a 宛名番号 goes (README: Card numbers and 個人番号).
        """,
        version: version,
        subcommands: [
            DemoCommand.self,
            TrainingCommand.self,
            ClerkCommand.self,
            SearchCommand.self,
            ResidentCommand.self,
            PrefillCommand.self,
            OkuyamiCommand.self,
            PayCommand.self,
            VoidCommand.self,
            CaseCommand.self,
            ReportCommand.self,
            CloseDayCommand.self,
            ReconcileCommand.self,
            ReviewCommand.self,
            AccessHistoryCommand.self,
            WorkloadCommand.self,
            JournalCommand.self,
            HubCommand.self,
            ImportCommand.self,
            DemoDataCommand.self,
            FormsCommand.self,
            DateCommand.self,
            HolidaysCommand.self,
            BenchCommand.self,
        ]
    )

    @OptionGroup var dataDir: DataDirOption
    @OptionGroup var forms: FormsOption

    mutating func run() throws {
        let config = try dataDir.config()
        guard config.clerks.contains(where: { !$0.disabled }) else {
            throw CommandFailure.refused("""
                担当者が登録されていないため、窓口画面を開けません。
                まず担当者を登録してください: madoguchi clerk add ID --name 氏名 [--supervisor]
                （データディレクトリ: \(dataDir.url.path)）
                試しに使うだけなら madoguchi demo で研修モードを開けます。
                """)
        }
        let clock = SystemClock()
        let app = try CounterSession.open(dataDir, forms: forms, clock: clock)
        _ = try CounterSession.refusing { (try app.requireForms(), try app.catalog()) }
        var context = CounterContext(cityName: config.cityName, terminalID: config.terminalID,
                                     idleLockSeconds: config.idleLockMinutes * 60, paymentTerminal: config.paymentTerminal)
        do { try context.useTerminalSettings(of: config, environment: ProcessInfo.processInfo.environment) } catch {
            throw CommandFailure.refused(error.message)
        }
        try Runtime(model: .signIn(context: context, now: clock.now()), app: app).run()
    }
}

@main
enum Main {
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if let refusal = SensitiveArguments.check(environment: ProcessInfo.processInfo.environment) {
            exit(with: CommandFailure.refused(refusal.message), parsing: true)
        }
        let deferred: [(field: String, value: String)]
        switch SensitiveArguments.check(arguments) {
        case .failure(let refusal): exit(with: CommandFailure.refused(refusal.message), parsing: true)
        case .success(let values): deferred = values
        }
        do {
            var command = try Madoguchi.parseAsRoot(arguments)
            if let refusal = SensitiveArguments.verify(deferred, in: command) {
                exit(with: CommandFailure.refused(refusal.message), parsing: true)
            }
            do {
                try command.run()
            } catch {
                HubSession.finish()
                exit(with: error, parsing: false)
            }
        } catch {
            exit(with: error, parsing: true)
        }
        HubSession.finish()
        Foundation.exit(0)
    }

    /// Prints `error` the way the conventions say and exits with its status: help and
    /// version exit 0, a parse error 2, a CommandFailure its own code.
    static func exit(with error: Error, parsing: Bool) -> Never {
        if let failure = error as? CommandFailure {
            // A refusal may quote what was typed or read (an answer, an item, a case number):
            // nothing in it reaches the terminal as a control, each line of it stays a line.
            let lines = failure.message.split(separator: "\n", omittingEmptySubsequences: false).map { DisplaySanitizer.sanitize(String($0)) }
            FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
            Foundation.exit(failure.code)
        }
        let code = Madoguchi.exitCode(for: error)
        var message = Madoguchi.fullMessage(for: error)
        // A card number or 個人番号 typed where an option was expected is never echoed back.
        if SensitiveNumbers.firstKind(in: message) != nil {
            message = "カード番号または個人番号のような数字を含む引数があります（表示しません）。madoguchi --help で使い方を確認してください。"
        }
        if code == .success {
            if !message.isEmpty { print(message) }
            Foundation.exit(0)
        }
        if parsing, !message.isEmpty {
            // The parser's own words are English: say in Japanese what happened first.
            message = "コマンドの指定が正しくありません。次の英語の説明と madoguchi <コマンド> --help で確かめてください。\n" + message
        }
        if !message.isEmpty { FileHandle.standardError.write(Data((message + "\n").utf8)) }
        if let exitCode = error as? ExitCode { Foundation.exit(exitCode.rawValue) }
        Foundation.exit(parsing || code == .validationFailure ? 2 : code.rawValue)
    }
}
