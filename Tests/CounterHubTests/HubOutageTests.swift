@testable import CounterHub
import CounterCore
import CounterTestSupport
import Foundation
import JapaneseKit
import Testing

@Suite(.serialized) struct HubOutageTests {
    @Test func aTerminalKeepsWorkingWhileTheHubIsDownAndShipsEverythingAfter() throws {
        // A cluster of its own: this test stops and restarts the server.
        let cluster = try PostgresCluster()
        try cluster.start()
        defer { cluster.destroy() }
        let hub = try TestHub(cluster: cluster)
        defer { hub.remove() }
        let a = try hub.terminal("mado-a")
        let journal = try a.openJournal()
        let background = HubBackgroundShipper(endpoint: a.endpoint, shipper: a.shipper, retryInterval: 0.2)
        defer { background.stop() }
        journal.whenAppended { background.kick() }
        try a.append(5, to: journal)
        #expect(background.drain(timeout: 20))

        cluster.stop()
        var slowest = 0.0
        for i in 0..<50 {
            let start = Date()
            try journal.append(.access, clerk: "k01", fields: ["action": "view", "resident": .string("20000\(i % 10)")])
            slowest = max(slowest, Date().timeIntervalSince(start))
        }
        // The clerk never waits for the hub (fsync is most of an append).
        #expect(slowest < 0.5)
        #expect(background.drain(timeout: 5) == false)
        #expect(background.state.failure != nil)

        try cluster.start()
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline, (try? a.compare().unshipped.isEmpty) != true { usleep(100_000) }
        let comparison = try a.compare()
        #expect(comparison.agrees && comparison.unshipped.isEmpty)
        #expect(comparison.matching == 56)
        // Rebuilt from the hub, the chain verifies.
        let source = HubJournalSource(endpoint: a.endpoint, scratch: a.dataDirectory)
        let today = SystemClock().today()
        #expect(try source.verify(from: today, to: today).files.allSatisfy { $0.status == .pass })
    }

    @Test func killedWhileShippingItLosesAndDuplicatesNothing() throws {
        let hub = try TestHub()
        defer { hub.remove() }
        let a = try hub.terminal("mado-a")
        let journal = try a.openJournal()
        try a.append(6000, to: journal)
        journal.close()
        let environment = ["LANG": "C.UTF-8", "PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory()]
        var kills = 0
        var partial = false
        for _ in 0..<4 {
            let before = Int(try hub.sql("SELECT count(*) FROM hub_journal")) ?? -1
            guard before < 6001 else { break }
            let process = Process()
            process.executableURL = Binary.url
            process.arguments = ["hub", "sync", "--data-dir", a.dataDirectory.path]
            process.environment = environment
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            // Killed as soon as the hub has taken part of what it is sent.
            while process.isRunning, (Int(try hub.sql("SELECT count(*) FROM hub_journal")) ?? -1) == before { usleep(5_000) }
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                kills += 1
            }
            process.waitUntilExit()
            let now = Int(try hub.sql("SELECT count(*) FROM hub_journal")) ?? -1
            if now > before && now < 6001 { partial = true }
        }
        // A killed sync's connection may still be ending on the server (a commit it had sent): count after it has gone.
        let deadline = Date().addingTimeInterval(30)
        while try hub.sql("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()") != "0",
              Date() < deadline { usleep(20_000) }
        let held = Int(try hub.sql("SELECT count(*) FROM hub_journal")) ?? -1
        #expect(held <= 6001)
        let report = try a.ship()
        #expect(report.isClean)
        #expect(report.shipped == 6001 - held)
        #expect(try hub.sql("SELECT count(*) FROM hub_journal") == "6001")
        #expect(try hub.sql("SELECT count(DISTINCT seq) FROM hub_journal WHERE line > 0") == "6000")
        #expect(try a.compare().agrees)
        #expect(try hub.sql("SELECT count(*) FROM hub_forks") == "0")
        // The kills landed while shipping was under way, or the test proves nothing.
        #expect(kills > 0 && partial)
    }
}
