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
        A directory whose journal is LIVE is refused.
        """
    )

    @Flag(help: "Delete the demo data and start over.") var reset = false
    @Option(help: "Residents to generate on first run.") var residents = 3000
    @Option(help: "Seed for the residents and the simulated payment terminal.") var seed: UInt64 = 1
    /// `--data-dir`: here the demo's own directory (default: the live default with -demo).
    @OptionGroup var dataDir: DataDirOption
    @OptionGroup var forms: FormsOption

    static let marker = ".madoguchi-demo"
    static let clerkID = "demo"
    static let clerkPIN = "0000"

    /// The live default with `-demo` appended.
    static func defaultDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        let live = DataLocations.dataDirectory(option: nil, environment: environment)
        return URL(fileURLWithPath: live.standardizedFileURL.path + "-demo")
    }

    mutating func run() throws {
        guard residents > 0, residents <= 1_000_000 else { throw CommandFailure.usage("--residents は 1〜1000000 にしてください。") }
        let live = DataLocations.dataDirectory(option: nil).standardizedFileURL
        let dir = (dataDir.path.map { URL(fileURLWithPath: $0) } ?? Self.defaultDirectory()).standardizedFileURL
        if dir.path == live.path {
            throw CommandFailure.refused("研修モードは本番のデータディレクトリ（\(live.path)）では使えません。別の --data-dir を指定してください。")
        }
        try Self.refuseLive(dir)
        let fm = FileManager.default
        if reset, fm.fileExists(atPath: dir.path) {
            let entries = (try? fm.contentsOfDirectory(atPath: dir.path)) ?? []
            guard entries.isEmpty || fm.fileExists(atPath: dir.appendingPathComponent(Self.marker).path) else {
                throw CommandFailure.refused("\(dir.path) は研修用のフォルダではないため消去しません。研修用の --data-dir を指定してください。")
            }
            try fm.removeItem(at: dir)
            FileHandle.standardError.write(Data("研修データを消去しました: \(dir.path)\n".utf8))
        }
        try prepare(dir)
        let clock = SystemClock()
        let services = try CounterServices.open(dataDirectory: dir, formsDirectory: forms.url, mode: .training, clock: clock)
        let config = services.config
        guard let clerk = config.clerk(id: Self.clerkID) else {
            throw CommandFailure.refused("研修用の担当者 demo が \(dir.path)/config.yaml にありません。madoguchi demo --reset でやり直してください。")
        }
        do {
            try services.journal.append(.login, clerk: clerk.id, fields: ["role": .string(clerk.role.rawValue), "demo": true])
        } catch {
            throw CommandFailure.refused(JournalCommand.message(for: error))
        }
        let context = CounterContext(cityName: config.cityName, terminalID: config.terminalID, clerk: clerk.name, clerkID: clerk.id,
                                     idleLockSeconds: config.idleLockMinutes * 60, paymentTerminal: config.paymentTerminal,
                                     demoSeed: seed)
        try Runtime(model: .signedIn(context: context, now: clock.now(), mode: .trainer), services: services).run()
    }

    /// Refuses a directory holding any LIVE journal file.
    static func refuseLive(_ dir: URL) throws {
        let journal = dir.appendingPathComponent("journal")
        guard let walker = FileManager.default.enumerator(at: journal, includingPropertiesForKeys: nil) else { return }
        for case let url as URL in walker where !url.hasDirectoryPath {
            guard let handle = try? FileHandle(forReadingFrom: url) else { continue }
            let head = (try? handle.read(upToCount: 4096)) ?? Data()
            try? handle.close()
            if String(decoding: head, as: UTF8.self).contains("\"LIVE\"") {
                throw CommandFailure.refused("\(dir.path) には本番（LIVE）のジャーナルがあるため、研修モードでは使えません。別の --data-dir を指定してください。")
            }
        }
    }

    /// The demo directory with its marker, config (demo clerk, simulated payment terminal)
    /// and, on first run, a synthetic registry.
    private func prepare(_ dir: URL) throws {
        let fm = FileManager.default
        try fm.createDirectory(at: dir, withIntermediateDirectories: true)
        let marker = dir.appendingPathComponent(Self.marker)
        if !fm.fileExists(atPath: marker.path) {
            try Data("madoguchi demo data: safe to delete with madoguchi demo --reset\n".utf8).write(to: marker)
        }
        if !fm.fileExists(atPath: dir.appendingPathComponent("config.yaml").path) {
            let config = AppConfig(terminalID: "demo-01", cityName: AppConfig.defaultCityName, idleLockMinutes: 10,
                                   paymentTerminal: SimulatedPaymentTerminal.terminalID,
                                   clerks: [ClerkAccount(id: Self.clerkID, name: "研修 太郎", pinHash: PINHash.make(pin: Self.clerkPIN))])
            try config.save(dataDirectory: dir)
        }
        let database = ResidentRegistry.databaseURL(dataDirectory: dir)
        guard !fm.fileExists(atPath: database.path) else { return }
        let err = FileHandle.standardError
        err.write(Data("研修用の住民データを作成しています（\(residents) 人、seed \(seed)）…\n".utf8))
        let csv = dir.appendingPathComponent("demo-residents.csv")
        try SyntheticResidents(count: residents, seed: seed).write(to: csv)
        do {
            let summary = try ResidentImporter(dataDirectory: dir).run(file: csv) { rows in
                if rows % 1000 == 0 { err.write(Data("  \(rows) 人…\n".utf8)) }
            }
            err.write(Data("住民 \(summary.imported) 人・世帯 \(summary.households) を取り込みました。\n".utf8))
        } catch {
            throw CommandFailure.refused(error.messages.joined(separator: "\n"))
        }
        try? fm.removeItem(at: csv)
    }
}
