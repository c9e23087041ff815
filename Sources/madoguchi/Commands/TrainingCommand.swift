import ArgumentParser
import CounterCore
import Foundation
import JapaneseKit

/// `madoguchi training`: the 研修 scenarios and the marked attempts (in the demo's data directory).
struct TrainingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "training",
        abstract: "研修: list and check the scenarios (Forms/training); mark and list trainees' attempts.",
        discussion: """
        Attempts are played with madoguchi demo and kept in the demo's data directory (never live data):
        --data-dir, else the live default with -demo appended. Marking reads only the attempt's TRAINING \
        journal records. Exit status: 0 ok, 1 refused or problems found, 2 bad usage.
        """,
        subcommands: [List.self, Check.self, Score.self, Results.self]
    )

    /// The demo's directory opened for reading the attempts.
    static func open(_ dataDir: DataDirOption, forms: FormsOption) throws -> CounterApp {
        let dir = DataDirectory(dataDir.path.map { URL(fileURLWithPath: $0) } ?? DemoCommand.defaultDirectory())
        guard dir.isDemo else {
            throw CommandFailure.refused("\(dir.url.path) は研修用のデータではありません。madoguchi demo で研修を行うか、--data-dir で研修用のフォルダを指定してください。")
        }
        return try CounterSession.open(dir, forms: forms, purpose: .training)
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the scenarios: id, decision, title, summary.")
        @OptionGroup var forms: FormsOption

        func run() throws {
            let (scenarios, problems) = TrainingScenarioLoader.loadAll(formsDirectory: forms.url, forms: FormLibrary.load(directory: forms.url))
            for s in scenarios {
                print(DisplaySanitizer.sanitize("\(s.id)  [\(s.decision.label)]  \(s.title) — \(s.summary)"))
            }
            if !problems.isEmpty {
                throw CommandFailure.refused("研修シナリオに問題があります。madoguchi training check で確かめてください。")
            }
            if scenarios.isEmpty {
                throw CommandFailure.refused("研修シナリオがありません。\(forms.url.path)/training に *.yaml を置いてください（Forms/README.md）。")
            }
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check Forms/training/*.yaml against the forms and bereavement rules.")
        @OptionGroup var forms: FormsOption

        func run() throws {
            let check = FormsCheck(directory: forms.url)
            for problem in check.trainingProblems { print(DisplaySanitizer.sanitize(problem.description)) }
            guard check.trainingProblems.isEmpty else { throw ExitCode(1) }
            print("研修シナリオ \(check.scenarios.count) 件に問題はありません。")
        }
    }

    struct Score: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Mark one attempt afresh from the journal (T20261202-42).")
        @Argument(help: ArgumentHelp("The attempt's number (madoguchi training results).", valueName: "attempt")) var attempt: String
        @Flag(help: "JSON output.") var json = false
        @Option(help: ArgumentHelp("Also write the 研修記録 PDF to this file.", valueName: "file")) var pdf: String?
        @OptionGroup var dataDir: DataDirOption
        @OptionGroup var forms: FormsOption

        func run() throws {
            let app = try TrainingCommand.open(dataDir, forms: forms)
            let result = try CounterSession.refusing { try app.scoreTraining(attempt) }
            if let pdf {
                _ = try CounterSession.refusing { try app.printTrainingRecord(attempt, to: .file(URL(fileURLWithPath: pdf))) }
            }
            if json { CounterSession.printJSON(result.json) } else { result.lines.forEach { print(DisplaySanitizer.sanitize($0)) } }
        }
    }

    struct Results: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the kept attempts (研修結果), filtered; --csv for a spreadsheet.")
        @Option(help: ArgumentHelp("Only this day (2026-12-02).", valueName: "date")) var date: String?
        @Option(help: ArgumentHelp("Only trainees whose name holds this.", valueName: "name")) var trainee: String?
        @Option(help: ArgumentHelp("Only this scenario (its id, or words of its title).", valueName: "scenario")) var scenario: String?
        @Flag(help: "CSV (UTF-8 with BOM, CRLF) instead of text.") var csv = false
        @Flag(help: "Also list the replays of model answers (demo --play, F6 on a 採点結果).") var replays = false
        @OptionGroup var dataDir: DataDirOption
        @OptionGroup var forms: FormsOption

        func run() throws {
            let app = try TrainingCommand.open(dataDir, forms: forms)
            let day = try date.map { try CounterSession.date($0).iso }
            let filter = TrainingResult.Filter(date: day, trainee: trainee, scenario: scenario)
            let results = try CounterSession.refusing { try app.trainingResults(replays: replays) }.filter(filter.admits)
            if csv { FileHandle.standardOutput.write(Data(TrainingResult.csv(results).utf8)); return }
            if results.isEmpty { print("研修結果はありません。"); return }
            for r in results {
                let line = "\(r.attempt)  \(r.date)  \(r.trainee)  \(r.scenarioTitle)  \(r.score)点 \(r.passed ? "合格" : "不合格")"
                    + (r.failed.isEmpty ? "" : "  重大な誤り \(r.failed.count)件") + "  \(r.elapsedText)"
                print(DisplaySanitizer.sanitize(line))
            }
        }
    }
}
