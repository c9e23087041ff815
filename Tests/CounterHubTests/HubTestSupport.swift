@testable import CounterHub
import CounterCore
import Foundation
import JapaneseKit
import Testing

/// One test's hub: a fresh database on the shared (or a private) cluster, initialized.
struct TestHub {
    let cluster: PostgresCluster
    let database: String
    let root: URL

    init(cluster: PostgresCluster? = nil) throws {
        self.cluster = try cluster ?? PostgresCluster.require()
        database = try self.cluster.createDatabase()
        root = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("hub-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let hub = try connect(terminal("init").dataDirectory)
        defer { hub.close() }
        try HubSchema.initialize(hub)
    }

    /// A terminal's data directory configured for this hub (created on first use).
    func terminal(_ name: String) throws -> TestTerminal {
        let dir = root.appendingPathComponent(name)
        try cluster.configure(dataDirectory: dir, database: database, terminal: name)
        return TestTerminal(name: name, dataDirectory: dir, endpoint: try HubEndpoint(settings: AppConfig.load(dataDirectory: dir).hub!, dataDirectory: dir))
    }

    func connect(_ dataDirectory: URL) throws -> HubConnection {
        try HubConnection.open(HubEndpoint(settings: AppConfig.load(dataDirectory: dataDirectory).hub!, dataDirectory: dataDirectory))
    }

    func sql(_ text: String) throws -> String { try cluster.psql(database, text) }

    func remove() { try? FileManager.default.removeItem(at: root) }
}

/// A terminal: its data directory, journal and shipper.
struct TestTerminal {
    let name: String
    let dataDirectory: URL
    let endpoint: HubEndpoint

    var journalDirectory: URL { dataDirectory.appendingPathComponent("journal") }
    var shipper: JournalShipper { JournalShipper(dataDirectory: dataDirectory, terminal: name) }

    func openJournal(clock: any WallClock = SystemClock()) throws -> Journal {
        try Journal.open(directory: journalDirectory, terminalID: name, mode: .live, clock: clock)
    }

    /// Appends `count` access records (as the counter writes them).
    @discardableResult
    func append(_ count: Int, to journal: Journal, note: String = "view") throws -> [AppendedRecord] {
        try (0..<count).map { i in
            try journal.append(.access, clerk: "k01", fields: ["action": .string(note), "resident": .string("10000\(i % 10)")])
        }
    }

    func ship() throws -> JournalShipper.Report {
        let hub = try HubConnection.open(endpoint)
        defer { hub.close() }
        return try shipper.ship(over: hub)
    }

    func compare(from: CivilDate = SystemClock().today(), to: CivilDate = SystemClock().today()) throws -> HubJournal.Comparison {
        let hub = try HubConnection.open(endpoint)
        defer { hub.close() }
        return try HubJournal.compare(journalDirectory: journalDirectory, terminal: name, from: from, to: to, over: hub)
    }

    /// Today's journal file of this terminal.
    var todayFile: URL {
        let iso = SystemClock().today().iso
        return journalDirectory.appendingPathComponent("\(iso.prefix(4))/\(iso.dropFirst(5).prefix(2))/\(iso.suffix(2))/\(name).jsonl")
    }

    /// The local chain lines.
    func lines() throws -> [JournalChainLine] { try JournalChainLine.lines(directory: journalDirectory, terminal: name) }
}
