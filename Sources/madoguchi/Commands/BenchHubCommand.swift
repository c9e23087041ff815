import ArgumentParser
import CounterCore
import CounterHub
import Foundation

/// `madoguchi bench hub`: what shipping to the hub costs at the counter and how fast the hub keeps up.
struct BenchHubCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hub",
        abstract: "Hub shipping: append latency with and without shipping, catch-up of one day, many terminals at once.",
        discussion: """
        Needs a scratch PostgreSQL database (it is initialized and filled with synthetic terminals
        named bench-…; a database already holding other terminals' journals is refused):
          madoguchi bench hub --url 'postgresql://madoguchi@localhost/bench?host=/run/postgresql' [--password-file F]
        Prints: append latency (median, p95, p99) without and with the background shipper, the
        catch-up time of --catch-up records, and for --terminals terminals appending --rate records/s
        each for --seconds, the lag from append to the hub's acknowledgment (median, p99, max).
        """
    )

    @Option(help: "The scratch database's URL (as hub.url in config.yaml).") var url: String
    @Option(name: .customLong("password-file"), help: "A 0600 file with its password.") var passwordFile: String?
    @Option(help: "Appends per latency measurement.") var appends = 2000
    @Option(name: .customLong("catch-up"), help: "Records of one terminal's day to ship at once.") var catchUp = 3000
    @Option(help: "Terminals appending at once.") var terminals = 20
    @Option(help: "Records per second per terminal.") var rate = 10.0
    @Option(help: "How long the terminals append, in seconds.") var seconds = 60.0

    func run() throws {
        let base = try Bench.temporaryDirectory("hub")
        defer { try? FileManager.default.removeItem(at: base) }
        let settings = HubSettings(url: url, passwordFile: passwordFile.map { URL(fileURLWithPath: $0).standardizedFileURL.path })
        let endpoint: HubEndpoint
        do { endpoint = try HubEndpoint(settings: settings, dataDirectory: base) } catch { throw CommandFailure.refused(error.message) }
        let hub = try HubCommand.connect(endpoint)
        defer { hub.close() }
        try HubCommand.hub { () throws(HubError) in try HubSchema.initialize(hub) }
        let others = try HubCommand.hub { () throws(HubError) in try HubStatus.read(hub) }.terminals.filter { !$0.terminal.hasPrefix("bench-") }
        guard others.isEmpty else {
            throw CommandFailure.refused("このデータベースには端末 \(others.map(\.terminal).prefix(3).joined(separator: ", ")) の記録があります。bench hub には空の試験用データベースを指定してください。")
        }
        let run = "bench-\(String(UInt32.random(in: 0...UInt32.max), radix: 36))"
        print("bench hub: \(endpoint.description), terminals \(run)-*")

        // 1. Append latency, without and with the shipper, in alternating blocks.
        let dirA = base.appendingPathComponent("a")
        let journal = try Journal.open(directory: dirA.appendingPathComponent("journal"), terminalID: "\(run)-a", mode: .live,
                                       clock: SystemClock(), appVersion: Madoguchi.version)
        let shipper = HubBackgroundShipper(endpoint: endpoint, shipper: JournalShipper(dataDirectory: dirA, terminal: "\(run)-a"))
        defer { shipper.stop() }
        let shipping = ShippingSwitch()
        journal.whenAppended { if shipping.on { shipper.kick() } }
        var plain: [Double] = [], shipped: [Double] = []
        let block = 100
        for i in 0..<max(appends, block) {
            let on = (i / block) % 2 == 1
            shipping.on = on
            let start = Bench.now()
            try journal.append(.access, clerk: "k0123", fields: ["action": "view", "resident": .string(String(1_000_000 + i % 1000))])
            let elapsed = Bench.now() - start
            if on { shipped.append(elapsed) } else { plain.append(elapsed) }
        }
        shipping.on = true
        shipper.kick()
        let drained = shipper.drain(timeout: 60)
        let p = BenchStatistics(samples: plain), s = BenchStatistics(samples: shipped)
        print("  append without shipping: \(p.summary)  (\(plain.count) appends)")
        print("  append with shipping:    \(s.summary)  (\(shipped.count) appends)")
        print("  p99 overhead: \(Bench.format((s.percentile(0.99) - p.percentile(0.99)) * 1000, 3)) ms; all shipped: \(drained ? "yes" : "NO")")

        // 2. Catch-up: one terminal's day shipped at once.
        let dirB = base.appendingPathComponent("b")
        let day = try Journal.open(directory: dirB.appendingPathComponent("journal"), terminalID: "\(run)-b", mode: .live,
                                   clock: SystemClock(), appVersion: Madoguchi.version)
        for i in 0..<catchUp {
            try day.append(.access, clerk: "k0123", fields: ["action": "view", "resident": .string(String(1_000_000 + i % 1000))])
        }
        let started = Bench.now()
        let report = try HubCommand.hub { () throws(HubError) in try JournalShipper(dataDirectory: dirB, terminal: "\(run)-b").ship(over: hub) }
        print("  catch-up: \(report.shipped) lines in \(Bench.format(Bench.now() - started, 3)) s\(report.isClean ? "" : " (NOT clean)")")

        // 3. Many terminals appending at once.
        let lags = LagLog()
        var fleet: [(journal: Journal, shipper: HubBackgroundShipper)] = []
        for t in 0..<terminals {
            let name = "\(run)-t\(t)"
            let dir = base.appendingPathComponent("t\(t)")
            let j = try Journal.open(directory: dir.appendingPathComponent("journal"), terminalID: name, mode: .live,
                                     clock: SystemClock(), appVersion: Madoguchi.version)
            let bg = HubBackgroundShipper(endpoint: endpoint, shipper: JournalShipper(dataDirectory: dir, terminal: name)) { report in
                if let seq = report.head?.seq { lags.shipped(terminal: t, upTo: seq, at: Bench.now()) }
            }
            j.whenAppended { bg.kick() }
            fleet.append((j, bg))
        }
        let members = fleet
        let interval = 1 / rate
        let total = Int(seconds * rate)
        let begin = Bench.now()
        let failures = LagLog.Counter()
        DispatchQueue.concurrentPerform(iterations: terminals) { t in
            let (j, _) = members[t]
            for n in 0..<total {
                let due = begin + Double(n) * interval + Double(t) * interval / Double(terminals)
                let wait = due - Bench.now()
                if wait > 0 { usleep(UInt32(wait * 1e6)) }
                do {
                    // Lag counts from the start of the append (the shipment may finish before it returns).
                    let start = Bench.now()
                    let record = try j.append(.access, clerk: "k0123", fields: ["action": "view", "resident": .string(String(1_000_000 + n % 1000))])
                    lags.appended(terminal: t, seq: record.seq, at: start)
                } catch {
                    failures.add()
                }
            }
        }
        let allDrained = fleet.allSatisfy { $0.shipper.drain(timeout: 30) }
        for member in fleet { member.shipper.stop() }
        let lag = BenchStatistics(samples: lags.lags())
        print("  \(terminals) terminals × \(Bench.format(rate, 0)) rec/s for \(Bench.format(seconds, 0)) s: \(lag.samples.count) records, lag \(lag.summary)  max \(Bench.format((lag.samples.max() ?? 0) * 1000, 1)) ms; all shipped: \(allDrained ? "yes" : "NO"); failed appends \(failures.value)")
        print("  peak memory \(Bench.format(Bench.peakMemoryMiB(), 1)) MiB")
    }
}

/// Whether appends kick the shipper (the latency benchmark alternates).
private final class ShippingSwitch: @unchecked Sendable {
    // Safe: `value` is read and written only while holding `lock`.
    private let lock = NSLock()
    private var value = false
    var on: Bool {
        get { lock.withLock { value } }
        set { lock.withLock { value = newValue } }
    }
}

/// When each record was appended and when the hub acknowledged it.
private final class LagLog: @unchecked Sendable {
    // Safe: every property is read and written only while holding `lock`.
    private let lock = NSLock()
    private var appendedAt: [Int: [Int: Double]] = [:]
    private var shippedAt: [Int: [(seq: Int, at: Double)]] = [:]

    func appended(terminal: Int, seq: Int, at time: Double) { lock.withLock { appendedAt[terminal, default: [:]][seq] = time } }
    func shipped(terminal: Int, upTo seq: Int, at time: Double) { lock.withLock { shippedAt[terminal, default: []].append((seq, time)) } }

    /// Per record: the first acknowledgment covering its seq, minus its append.
    func lags() -> [Double] {
        lock.withLock {
            var result: [Double] = []
            for (terminal, records) in appendedAt {
                let acks = shippedAt[terminal] ?? []
                for (seq, at) in records {
                    if let ack = acks.first(where: { $0.seq >= seq && $0.at >= at }) { result.append(ack.at - at) }
                }
            }
            return result
        }
    }

    final class Counter: @unchecked Sendable {
        // Safe: `count` is read and written only while holding `lock`.
        private let lock = NSLock()
        private var count = 0
        func add() { lock.withLock { count += 1 } }
        var value: Int { lock.withLock { count } }
    }
}
