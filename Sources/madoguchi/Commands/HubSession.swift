import CounterCore
import CounterHub
import Foundation

/// Connects an opened counter to its hub (`hub:` in config.yaml): every acknowledged append
/// asks the background shipper to ship, the supervisor's sources gain the hub's copy of every
/// terminal, and bereavement cases are kept on the hub (shared by every terminal). Without
/// `hub:` nothing changes. The demo never uses a hub.
enum HubSession {
    nonisolated(unsafe) private static var shipper: HubBackgroundShipper?
    private static let lock = NSLock()

    static func attach(_ app: CounterApp) {
        guard let settings = app.config.hub, !app.isTraining else { return }
        let endpoint: HubEndpoint
        do { endpoint = try HubEndpoint(settings: settings, dataDirectory: app.directory.url) } catch {
            CounterSession.say("注意: \(error.message) 記録はこの端末に残り、設定を直すと送られます。")
            return
        }
        let background = HubBackgroundShipper(endpoint: endpoint,
                                              shipper: JournalShipper(dataDirectory: app.directory.url, terminal: app.config.terminalID))
        lock.withLock { shipper = background }
        app.journal.whenAppended { background.kick() }
        background.kick()
        app.attach(journalSource: HubJournalSource(endpoint: endpoint, scratch: app.directory.url.appendingPathComponent("state")))
        app.attach(caseStore: HubCaseStore(endpoint: endpoint, clock: app.clock, journal: app.journal, terminal: app.config.terminalID))
    }

    /// Before the process exits: a moment (at most `timeout`) for the last records to leave.
    /// A hub that is down answers at once and costs nothing; what is left ships next time.
    static func finish(timeout: TimeInterval = 3) {
        guard let background = lock.withLock({ shipper }) else { return }
        background.drain(timeout: timeout)
        background.stop()
    }
}
