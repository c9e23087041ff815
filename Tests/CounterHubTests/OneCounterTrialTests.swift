@testable import CounterHub
import CounterCore
import CounterTestSupport
import Foundation
import JapaneseKit
import Testing

/// One counter on one PostgreSQL, as a city runs it: two clerks' terminals and a supervisor's
/// station, each its own data directory, driven through the command line the way each person
/// works. A family's おくやみ case is opened at one window and finished at the other; the
/// supervisor reads both terminals' day from the hub; the hub is unplugged while both windows
/// keep working, and afterwards nothing is missing anywhere.
@Suite(.serialized) struct OneCounterTrialTests {
    static let forms = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Forms")

    /// A data directory of the counter: the city's residents imported, the clerks, the hub.
    struct Station {
        let name: String
        let directory: URL

        init(_ name: String, on hub: TestHub) throws {
            self.name = name
            directory = hub.root.appendingPathComponent(name)
            try TestClerks.write(to: directory, terminalID: name, clerks: ["k01", "k02"], supervisors: ["sup1"])
            _ = try hub.terminal(name)
            let csv = hub.root.appendingPathComponent("\(name)-residents.csv")
            try ([TestResidents.header] + TestResidents.rows).joined(separator: "\n").appending("\n").write(to: csv, atomically: true, encoding: .utf8)
            let imported = try run(["import", "residents", csv.path], as: "k01")
            #expect(imported.status == 0, "\(imported.stderr)")
        }

        @discardableResult
        func run(_ arguments: [String], as clerk: String) throws -> Binary.Result {
            try Binary.run(arguments, environment: ["MADOGUCHI_DATA_DIR": directory.path, "MADOGUCHI_CLERK": clerk,
                                                    "MADOGUCHI_FORMS_DIR": OneCounterTrialTests.forms.path])
        }

        /// `review` exits 3 while findings are open (activity outside opening hours, when the test runs at night).
        func json<T: Decodable>(_ type: T.Type, _ arguments: [String], as clerk: String, exits: Set<Int32> = [0]) throws -> T {
            let result = try run(arguments, as: clerk)
            #expect(exits.contains(result.status), "\(arguments): \(result.stderr)")
            return try JSONDecoder().decode(T.self, from: Data(result.stdout.utf8))
        }

        /// A 住民票 paid in cash at this window.
        func sell(_ count: Int) throws {
            for _ in 0..<count {
                let paid = try run(["pay", "--method", "cash", "--amount", "300", "--item", "juminhyo:1"], as: "k01")
                #expect(paid.status == 0, "\(paid.stderr)")
            }
        }

        var journal: URL { directory.appendingPathComponent("journal") }
    }

    /// The records of `terminal`'s journal files today (the header not counted).
    static func records(in station: Station) throws -> Int {
        let today = SystemClock().today()
        return try JournalChainLine.lines(directory: station.journal, terminal: station.name, from: today).filter { $0.line > 0 }.count
    }

    @Test func aCaseMovesBetweenWindowsTheSupervisorReadsTheDayFromTheHubAndAnOutageLosesNothing() throws {
        // A cluster of its own: the hub is unplugged (stopped) and plugged in again.
        let cluster = try PostgresCluster()
        try cluster.start()
        defer { cluster.destroy() }
        let hub = try TestHub(cluster: cluster)
        defer { hub.remove() }
        let a = try Station("mado-a", on: hub), b = try Station("mado-b", on: hub), station = try Station("kanri-1", on: hub)
        let today = SystemClock().today()
        let death = today.adding(days: -3).iso

        // Window A opens the family's case and does the first procedure.
        struct Opened: Decodable { let `case`: String; let items: [Item]; struct Item: Decodable { let id: String; let status: String? } }
        let opened = try a.json(Opened.self, ["okuyami", "--deceased", "1000001", "--date-of-death", death, "--json"], as: "k01")
        let first = try #require(opened.items.first { $0.id == "shibou_todoke" })
        #expect(try a.run(["okuyami", "case", opened.case, "--set", "\(first.id)=完了"], as: "k01").status == 0)
        try a.sell(2)

        // The family comes back to window B: the case is there with A's mark, and B finishes it.
        struct Case: Decodable { let items: [Item]; struct Item: Decodable { let id: String; let status: String } }
        let resumed = try b.json(Case.self, ["okuyami", "case", opened.case, "--json"], as: "k02")
        #expect(resumed.items.first { $0.id == first.id }?.status == "done")
        let rest = resumed.items.filter { $0.status == "todo" }.map(\.id)
        #expect(!rest.isEmpty)
        let finished = try b.run(["okuyami", "case", opened.case] + rest.flatMap { ["--set", "\($0)=完了"] }, as: "k02")
        #expect(finished.status == 0, "\(finished.stderr)")
        let done = try a.json(Case.self, ["okuyami", "case", opened.case, "--json"], as: "k01")
        #expect(done.items.filter { $0.status == "todo" }.isEmpty)
        try b.sell(1)

        // The supervisor's station holds no counter work of its own: the day is read from the hub.
        let before = try station.json(DailyReport.self, ["report", "daily", "--format", "json"], as: "sup1")
        #expect(before.perTerminal.first { $0.terminal == "mado-a" }?.totals.payments == 2)
        #expect(before.perTerminal.first { $0.terminal == "mado-b" }?.totals.payments == 1)
        #expect(before.total.sales == 900)
        let reviewed = try station.json(Review.self, ["review", "--json", "--from", today.iso, "--to", today.iso], as: "sup1", exits: [0, 3])
        #expect(reviewed.sources.contains("ハブ"))
        #expect(Set(reviewed.terminals.map(\.terminal)).isSuperset(of: ["mado-a", "mado-b"]))
        #expect(reviewed.status == "PASS", "\(reviewed.terminals)")
        #expect(!reviewed.findings.contains { $0.rule == .integrity }, "\(reviewed.findings.map { $0.detail })")

        // The hub is unplugged. Both windows go on; the supervisor is told, not given a short total.
        cluster.stop()
        for _ in 0..<3 {
            try a.sell(1)
            try b.sell(1)
            #expect(try a.run(["search", "やまだ"], as: "k01").status == 0)
        }
        let offline = try station.run(["report", "daily", "--format", "json"], as: "sup1")
        #expect(offline.status != 0)
        #expect(offline.stderr.contains("ハブから読めません"), "\(offline.stderr)")
        let closeOffline = try station.run(["close-day", "--json"], as: "sup1")
        #expect(closeOffline.status != 0)
        #expect(closeOffline.stderr.contains("ハブから読めません"), "\(closeOffline.stderr)")

        // Plugged in again: each window ships what it kept, and every record is on the hub.
        try cluster.start()
        for window in [a, b] {
            let synced = try window.run(["hub", "sync"], as: "k01")
            #expect(synced.status == 0, "\(synced.stdout)\(synced.stderr)")
            let verified = try window.run(["hub", "verify"], as: "k01")
            #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")
        }
        let onHub = try #require(Int(try hub.sql("SELECT count(*) FROM hub_journal WHERE terminal IN ('mado-a', 'mado-b') AND line > 0")))
        #expect(onHub == (try Self.records(in: a)) + (try Self.records(in: b)))

        // The supervisor's figures now hold the outage's sales, and the day is closed over both windows.
        let after = try station.json(DailyReport.self, ["report", "daily", "--format", "json"], as: "sup1")
        #expect(after.perTerminal.first { $0.terminal == "mado-a" }?.totals.payments == 5)
        #expect(after.perTerminal.first { $0.terminal == "mado-b" }?.totals.payments == 4)
        #expect(after.total.sales == 2_700)
        struct Closed: Decodable { let seal: DailyReport.SealInfo?; let perTerminal: [DailyReport.TerminalTotals] }
        let closed = try station.json(Closed.self, ["close-day", "--json"], as: "sup1")
        #expect(closed.seal != nil)
        #expect(Set(closed.perTerminal.map(\.terminal)).isSuperset(of: ["mado-a", "mado-b"]))
        let final = try station.json(Review.self, ["review", "--json", "--from", today.iso, "--to", today.iso], as: "sup1", exits: [0, 3])
        #expect(final.status == "PASS", "\(final.terminals)")
        #expect(!final.findings.contains { $0.rule == .integrity }, "\(final.findings.map { $0.detail })")
        #expect(final.records >= onHub)
    }
}
