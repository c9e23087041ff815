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
        Uses its own data directory: --data-dir, else the live default with -demo appended
        (~/.local/share/madoguchi-demo). On first run it builds a synthetic registry (seeded),
        signs in the demo clerk (id demo, PIN 0000), marks the journal TRAINING and shows a
        simulated payment terminal (F9 on the payment screen). --reset starts over.
        The demo uses only an empty folder or one it created itself (it writes a marker first):
        a folder holding live data of any kind (a LIVE journal, residents, cases, clerks), the
        live data directory itself, or a link to either is refused before anything is written,
        and --reset deletes only a folder the demo created.
        """
    )

    @Flag(help: "Delete the demo data and start over.") var reset = false
    @Option(help: "Residents to generate on first run.") var residents = 3000
    @Option(help: "Seed for the residents and the simulated payment terminal.") var seed: UInt64 = 1
    /// `--data-dir`: here the demo's own directory (default: the live default with -demo).
    @OptionGroup var dataDir: DataDirOption
    @OptionGroup var forms: FormsOption

    static let clerkID = DataDirectory.demoClerkID
    static let clerkPIN = "0000"

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
        try Self.prepare(dir, residents: residents, seed: seed)
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
        try Runtime(model: .signedIn(context: context, now: clock.now(), mode: .trainer, role: clerk.role), app: app).run()
    }

    /// A refusal of the demo, with the command line's way out (never `--reset` on data it did not make).
    static func refusing(_ body: () throws(DataDirectoryError) -> Void) throws {
        do { try body() } catch {
            throw CommandFailure.refused(error.message + "研修用には別の --data-dir（空のフォルダか、研修モードが作ったフォルダ）を指定してください。")
        }
    }

    /// The demo directory with its marker (written first), config (demo clerk, simulated
    /// payment terminal) and, on first run, a synthetic registry.
    static func prepare(_ dir: DataDirectory, residents: Int, seed: UInt64) throws {
        try Self.refusing { () throws(DataDirectoryError) in try dir.createDemo() }
        let fm = FileManager.default
        if !fm.fileExists(atPath: dir.configFile.path) {
            let config = AppConfig(terminalID: "demo-01", cityName: AppConfig.defaultCityName, idleLockMinutes: 10,
                                   paymentTerminal: SimulatedPaymentTerminal.terminalID,
                                   clerks: [ClerkAccount(id: Self.clerkID, name: "研修 太郎", pinHash: PINHash.make(pin: Self.clerkPIN))])
            do { try config.save(dataDirectory: dir.url) } catch { throw CommandFailure.refused(CounterMessage.text(for: error)) }
        }
        guard !fm.fileExists(atPath: dir.registryFile.path) else { return }
        try Self.refusing { () throws(DataDirectoryError) in try dir.markDemoRegistry() }
        let err = FileHandle.standardError
        err.write(Data("研修用の住民データを作成しています（\(residents) 人、seed \(seed)）…\n".utf8))
        let csv = dir.url.appendingPathComponent("demo-residents.csv")
        do { try SyntheticResidents(count: residents, seed: seed).write(to: csv) } catch {
            throw CommandFailure.refused(CounterMessage.text(for: error))
        }
        do {
            let summary = try ResidentImporter(dataDirectory: dir.url).run(file: csv) { rows in
                if rows % 1000 == 0 { err.write(Data("  \(rows) 人…\n".utf8)) }
            }
            err.write(Data("住民 \(summary.imported) 人・世帯 \(summary.households) を取り込みました。\n".utf8))
        } catch {
            throw CommandFailure.refused(error.messages.joined(separator: "\n"))
        }
        try? fm.removeItem(at: csv)
    }
}
