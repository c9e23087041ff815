import CounterCore
import Foundation

/// Ships the journal on a thread of its own, so that an append at the counter only raises a
/// flag: the clerk never waits for the hub, and a hub that is down costs nothing but a retry
/// every `retryInterval` until it answers again. Appends that come within `gathering` of the
/// first, or while a shipment runs, are coalesced into one shipment, which reads only the lines
/// written since the last one. The thread runs at a lower priority than the clerk's, so the
/// little work a shipment does never delays an append or a key.
public final class HubBackgroundShipper: @unchecked Sendable {
    // Safe: every mutable property below is read and written only while holding `condition`.
    private let condition = NSCondition()
    private var pending = false
    private var busy = false
    /// The thread waits for a kick: only then does a kick need to wake it.
    private var idle = false
    private var stopped = false
    private var connection: HubConnection?
    private var report: JournalShipper.Report?
    private var failure: HubError?
    private var shipments = 0

    public let endpoint: HubEndpoint
    public let shipper: JournalShipper
    public let retryInterval: TimeInterval
    /// How long after a kick the shipment waits for the appends that follow (a visit writes
    /// several records at once); far below the second a supervisor may wait for a record.
    public let gathering: TimeInterval
    /// Called on the shipping thread after each shipment the hub answered (what `bench hub` measures lag with).
    let onShipped: (@Sendable (JournalShipper.Report) -> Void)?

    public init(endpoint: HubEndpoint, shipper: JournalShipper, retryInterval: TimeInterval = 5, gathering: TimeInterval = 0.02,
                onShipped: (@Sendable (JournalShipper.Report) -> Void)? = nil) {
        self.endpoint = endpoint
        self.shipper = shipper
        self.retryInterval = retryInterval
        self.gathering = gathering
        self.onShipped = onShipped
        let thread = Thread { [weak self] in self?.loop() }
        thread.name = "madoguchi.hub-shipper"
        thread.start()
    }

    /// Something was appended: ship soon. Returns at once.
    public func kick() {
        condition.lock()
        pending = true
        if idle { condition.broadcast() }
        condition.unlock()
    }

    /// Waits until nothing is left to ship, or `timeout` passes; true when everything was shipped
    /// (a command line about to exit gives its last records a moment to leave).
    @discardableResult
    public func drain(timeout: TimeInterval) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        condition.lock()
        defer { condition.unlock() }
        while (pending || busy) && failure == nil {
            if !condition.wait(until: deadline) { return false }
        }
        return !pending && !busy && failure == nil
    }

    /// The last shipment's report and the last failure (nil once the hub answers again).
    public var state: (report: JournalShipper.Report?, failure: HubError?, shipments: Int) {
        condition.lock()
        defer { condition.unlock() }
        return (report, failure, shipments)
    }

    /// Stops the thread after the shipment in progress.
    public func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
    }

    private func loop() {
        #if os(Linux)
        // On Linux the nice value belongs to the calling thread: only this one yields to the clerk's.
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 10)
        #endif
        // Where the hub's chain ended after the last shipment: the next one reads on from there.
        var resume: JournalChainLine.Resume?
        while true {
            condition.lock()
            idle = true
            while !pending && !stopped {
                if failure != nil {
                    // Retry a hub that was down, even if nothing new was appended.
                    if !condition.wait(until: Date().addingTimeInterval(retryInterval)) { pending = true }
                } else {
                    condition.wait()
                }
            }
            idle = false
            if stopped {
                condition.unlock()
                connection?.close()
                return
            }
            busy = true
            if gathering > 0, failure == nil {
                // Appends that follow this one go in the same shipment (stop ends the wait).
                let deadline = Date().addingTimeInterval(gathering)
                while !stopped, condition.wait(until: deadline) {}
            }
            pending = false
            var hub = connection
            condition.unlock()

            var result: Result<JournalShipper.Report, HubError>
            do throws(HubError) {
                if hub == nil || hub!.isClosed { hub = try HubConnection.open(endpoint) }
                let report = try shipper.ship(over: hub!, resume: &resume)
                onShipped?(report)
                result = .success(report)
            } catch {
                result = .failure(error)
                hub?.close()
                hub = nil
            }

            condition.lock()
            connection = hub
            busy = false
            shipments += 1
            switch result {
            case .success(let r): report = r; failure = nil
            case .failure(let e): failure = e
            }
            condition.broadcast()
            condition.unlock()
        }
    }
}
