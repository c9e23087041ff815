import ArgumentParser
import CounterCore
import CounterUI
import Foundation

/// `madoguchi demo`: the counter screen on practice data, in its own data directory.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Open the counter screen in 研修モード on synthetic residents (never the live data).",
        discussion: """
        Uses its own data directory: --data-dir, else the live default with -demo appended \
        (~/.local/share/madoguchi-demo). On first run it builds a synthetic registry (seeded) with the \
        households of the 研修 scenarios (Forms/training) under their fixed 宛名番号, \
        signs in the demo clerk (id demo, PIN 0000), marks the journal TRAINING and shows a \
        simulated payment terminal (F9 on the payment screen). --reset starts over. \
        The demo uses only an empty folder or one it created itself (it writes a marker first):
        a folder holding live data of any kind (a LIVE journal, residents, cases, clerks), the \
        live data directory itself, or a link to either is refused before anything is written, \
        and --reset deletes only a folder the demo created.

        It opens on the 研修メニュー: 1 自由練習 (unmarked practice), 2 シナリオ練習 (the trainee's name \
        once, or --trainee; a scenario played on the counter screens, F11 質問する asks the visitor \
        and ends the attempt, closing the case ends it too; then the 採点結果 with F5 研修記録 and \
        F6 模範解答), 3 研修結果 (every attempt, filtered, F5 CSV into spool/).

        --play SCENARIO replays a scenario's model answer on the counter screens with captions (space \
        pauses, q stops) and shows its marking; madoguchi training results lists the attempts.
        """
    )

    @Flag(help: "Delete the demo data and start over.") var reset = false
    @Option(help: ArgumentHelp("Replay this 研修 scenario's model answer on the counter screens, with captions (madoguchi training list).",
                               valueName: "scenario")) var play: String?
    @Option(help: ArgumentHelp("Milliseconds between replayed keys (with --play, and F6 on a 採点結果).", valueName: "ms")) var pace = 600
    @Option(help: ArgumentHelp("The trainee's name for シナリオ練習 (else the 研修メニュー asks once).", valueName: "name"))
    var trainee: String?
    @Option(help: "Residents to generate on first run.") var residents = 3000
    @Option(help: "Seed for the residents and the simulated payment terminal.") var seed: UInt64 = 1
    /// `--data-dir`: here the demo's own directory (default: the live default with -demo).
    @OptionGroup var dataDir: DataDirOption
    @OptionGroup var forms: FormsOption

    static let clerkID = DemoData.clerkID
    static let clerkPIN = DemoData.clerkPIN

    /// The live default with `-demo` appended.
    static func defaultDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        let live = DataLocations.dataDirectory(option: nil, environment: environment)
        return URL(fileURLWithPath: live.standardizedFileURL.path + "-demo")
    }

    mutating func run() throws {
        guard residents > 0, residents <= 1_000_000 else { throw CommandFailure.usage("--residents は 1〜1000000 にしてください。") }
        let live = DataDirectory(DataLocations.dataDirectory(option: nil))
        let dir = DataDirectory(dataDir.path.map { URL(fileURLWithPath: $0) } ?? Self.defaultDirectory())
        // Every check runs before anything is written or deleted.
        try Self.refusing { () throws(DataDirectoryError) in try dir.checkDemo(live: live) }
        if reset, FileManager.default.fileExists(atPath: dir.url.path) {
            try Self.refusing { () throws(DataDirectoryError) in try dir.deleteDemo(live: live) }
            FileHandle.standardError.write(Data("研修データを消去しました: \(dir.url.path)\n".utf8))
        }
        try Self.prepare(dir, residents: residents, seed: seed, forms: forms.url)
        let clock = SystemClock()
        let app = try CounterSession.open(dir, forms: forms, purpose: .training, clock: clock)
        _ = try CounterSession.refusing { try app.requireForms() }
        let config = app.config
        guard let clerk = config.clerk(id: Self.clerkID) else {
            throw CommandFailure.refused("研修用の担当者 demo が \(dir.url.path)/config.yaml にありません。madoguchi demo --reset でやり直してください。")
        }
        var context = CounterContext(cityName: config.cityName, terminalID: config.terminalID, clerk: clerk.name, clerkID: clerk.id,
                                     idleLockSeconds: config.idleLockMinutes * 60, paymentTerminal: config.paymentTerminal,
                                     demoSeed: seed)
        do { try context.useTerminalSettings(of: config, environment: ProcessInfo.processInfo.environment) } catch {
            throw CommandFailure.refused(error.message)
        }
        do {
            try app.journal.append(.login, clerk: clerk.id, fields: ["role": .string(clerk.role.rawValue), "demo": true])
        } catch {
            throw CommandFailure.refused(CounterMessage.text(for: error))
        }
        context.role = clerk.role
        if let trainee {
            if let problem = CounterApp.traineeNameProblem(trainee) { throw CommandFailure.usage("--trainee: " + problem) }
            context.trainee = trainee.trimmingCharacters(in: .whitespaces)
        }
        if let play {
            guard (50...10_000).contains(pace) else { throw CommandFailure.usage("--pace は 50〜10000（ミリ秒）にしてください。") }
            let scenario = try CounterSession.refusing { try app.trainingScenario(play) }
            try Runtime.withTerminal { terminal in
                if let failure = TrainingPlayback(app: app, scenario: scenario, context: context, pace: pace).run(on: terminal) {
                    throw CommandFailure.refused(failure)
                }
            }
            return
        }
        try Runtime(model: .signedIn(context: context, now: clock.now(), mode: .trainer, role: clerk.role), app: app, pace: pace).run()
    }

    /// A refusal of the demo, with the command line's way out (never `--reset` on data it did not make).
    static func refusing(_ body: () throws(DataDirectoryError) -> Void) throws {
        do { try body() } catch {
            throw CommandFailure.refused(error.message + "研修用には別の --data-dir（空のフォルダか、研修モードが作ったフォルダ）を指定してください。")
        }
    }

    /// The demo directory (DemoData): refusals with the command line's way out.
    static func prepare(_ dir: DataDirectory, residents: Int, seed: UInt64, forms: URL) throws {
        let err = FileHandle.standardError
        do {
            try DemoData.prepare(dir, residents: residents, seed: seed, forms: forms) { err.write(Data(($0 + "\n").utf8)) }
        } catch {
            if case .directory(let refusal) = error {
                throw CommandFailure.refused(refusal.message + "研修用には別の --data-dir（空のフォルダか、研修モードが作ったフォルダ）を指定してください。")
            }
            throw CommandFailure.refused(error.message)
        }
    }
}
