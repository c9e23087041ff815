import CounterCore
import Foundation

/// The demo's data directory (`madoguchi demo`): marker first, config with the demo clerk and
/// the simulated payment terminal, and on first run a synthetic registry with the households
/// of every 研修 scenario (Forms/training) under their fixed 宛名番号 — so every attempt starts
/// from the same residents.
public enum DemoData {
    /// The demo clerk's id and PIN (documented in `madoguchi demo --help`).
    public static let clerkID = DataDirectory.demoClerkID
    public static let clerkPIN = "0000"

    /// Readies `dir`; `progress` hears what is being built. Never touches a directory that is
    /// not the demo's (the checks of `DataDirectory` run first).
    public static func prepare(_ dir: DataDirectory, residents: Int, seed: UInt64, forms: URL,
                               progress: @escaping @Sendable (String) -> Void = { _ in }) throws(CounterAppError) {
        do { try dir.createDemo() } catch { throw .directory(error) }
        let fm = FileManager.default
        if !fm.fileExists(atPath: dir.configFile.path) {
            let config = AppConfig(terminalID: "demo-01", cityName: AppConfig.defaultCityName, idleLockMinutes: 10,
                                   paymentTerminal: SimulatedPaymentTerminal.terminalID,
                                   clerks: [ClerkAccount(id: clerkID, name: "研修 太郎", pinHash: PINHash.make(pin: clerkPIN))])
            do { try config.save(dataDirectory: dir.url) } catch { throw .engine(CounterMessage.text(for: error)) }
        }
        guard !fm.fileExists(atPath: dir.registryFile.path) else { return }
        do { try dir.markDemoRegistry() } catch { throw .directory(error) }
        let scenarios = TrainingScenarioLoader.loadAll(formsDirectory: forms, forms: FormLibrary.load(directory: forms)).scenarios
        let people = scenarios.flatMap(\.residents)
        progress("研修用の住民データを作成しています（\(residents) 人と研修シナリオの \(people.count) 人、seed \(seed)）…")
        let csv = dir.url.appendingPathComponent("demo-residents.csv")
        defer { try? fm.removeItem(at: csv) }
        do { try SyntheticResidents(count: residents, seed: seed).write(to: csv, adding: people) } catch {
            throw .engine(CounterMessage.text(for: error))
        }
        do {
            let summary = try ResidentImporter(dataDirectory: dir.url).run(file: csv) { rows in
                if rows % 1000 == 0 { progress("  \(rows) 人…") }
            }
            progress("住民 \(summary.imported) 人・世帯 \(summary.households) を取り込みました。")
        } catch {
            throw .refused(error.messages.joined(separator: "\n"))
        }
    }
}
