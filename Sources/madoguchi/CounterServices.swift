import CounterCore
import Foundation

/// Everything the counter screen's Runtime works with, built once at start-up: the data
/// directory and its config, the journal, the registry, the form library, the payment engine
/// and the clock. Opening it never scans the registry (start-up stays fast at any size).
struct CounterServices: Sendable {
    let dataDirectory: URL
    let formsDirectory: URL
    let config: AppConfig
    let clock: any WallClock
    let journal: Journal
    /// nil when no registry has been imported; `registryProblem` says what to do.
    let registry: ResidentRegistry?
    let registryProblem: String?
    let forms: FormLibrary
    let catalog: PaymentMethodCatalog
    let payments: PaymentService
    /// The bereavement rules and case store (おくやみ).
    let okuyami: OkuyamiEngines
    /// Demo mode: the journal is TRAINING and the payment terminal is simulated.
    let training: Bool
    /// Wrong PINs in a row, per clerk, for this run.
    let attempts = PINAttempts()

    static func open(dataDirectory: URL, formsDirectory: URL, mode: JournalMode, clock: any WallClock) throws -> CounterServices {
        let config: AppConfig
        do { config = try AppConfig.load(dataDirectory: dataDirectory) } catch let ConfigError.unreadable(path, reason) {
            throw CommandFailure.refused("設定ファイルを読めません: \(path)（\(reason)）。YAML の書式を確認してください。")
        }
        let journal: Journal
        do {
            journal = try Journal.open(directory: dataDirectory.appendingPathComponent("journal"), terminalID: config.terminalID,
                                       mode: mode, clock: clock, appVersion: Madoguchi.version,
                                       witnessDirectories: config.witnessDirectories(dataDirectory: dataDirectory))
        } catch {
            throw CommandFailure.refused(JournalCommand.message(for: error))
        }
        var registry: ResidentRegistry?
        var problem: String?
        do { registry = try ResidentRegistry(dataDirectory: dataDirectory, accessLog: journal) } catch { problem = error.message }
        let forms = FormLibrary.load(directory: formsDirectory)
        if forms.forms.isEmpty {
            throw CommandFailure.refused("帳票定義が見つかりません: \(formsDirectory.path)/procedures。--forms でフォルダを指定してください。")
        }
        let catalog: PaymentMethodCatalog
        do { catalog = try PaymentMethodCatalog.load(formsDirectory: formsDirectory) } catch {
            throw CommandFailure.refused(error.message)
        }
        return CounterServices(dataDirectory: dataDirectory, formsDirectory: formsDirectory, config: config, clock: clock,
                               journal: journal, registry: registry, registryProblem: problem, forms: forms, catalog: catalog,
                               payments: PaymentService(journal: journal, catalog: catalog, forms: forms, clock: clock),
                               okuyami: try OkuyamiEngines.open(dataDirectory: dataDirectory, formsDirectory: formsDirectory, forms: forms,
                                                                clock: clock, journal: journal),
                               training: mode == .training)
    }

    /// `<data-dir>/spool`: where printed forms go as PDF when no printer is configured.
    var spoolDirectory: URL { dataDirectory.appendingPathComponent("spool") }
}

/// Counts wrong PINs per clerk id.
final class PINAttempts: Sendable {
    private let counts = Mutex<[String: Int]>([:])

    /// One more wrong PIN for `id`; the count so far.
    func fail(_ id: String) -> Int { counts.withLock { $0[id, default: 0] += 1; return $0[id]! } }

    func reset(_ id: String) { counts.withLock { $0[id] = nil } }
}

import Synchronization
