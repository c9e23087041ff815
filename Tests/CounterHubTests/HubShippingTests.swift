@testable import CounterHub
import CounterCore
import Foundation
import JapaneseKit
import Testing

@Suite(.serialized) struct HubShippingTests {
    @Test func initCreatesTheSchemaOnceAndAgainChangesNothing() throws {
        let hub = try TestHub()
        defer { hub.remove() }
        let connection = try hub.connect(try hub.terminal("a").dataDirectory)
        defer { connection.close() }
        #expect(try HubSchema.version(connection) == HubSchema.current)
        #expect(try HubSchema.initialize(connection) == [])
        #expect(try hub.sql("SELECT count(*) FROM hub_schema_version") == "\(HubSchema.current)")
    }

    @Test func twoTerminalsShipToOneHubAndTheHubVerifiesBoth() throws {
        let hub = try TestHub()
        defer { hub.remove() }
        let a = try hub.terminal("mado-a"), b = try hub.terminal("mado-b")
        let ja = try a.openJournal(), jb = try b.openJournal()
        try a.append(5, to: ja)
        try b.append(7, to: jb)
        let ra = try a.ship(), rb = try b.ship()
        #expect(ra.isClean && rb.isClean)
        #expect(ra.shipped == 6 && rb.shipped == 8)  // the header and the records
        #expect(try a.compare().agrees && b.compare().agrees)
        #expect(try a.compare().matching == 6)

        // A supervisor station reads both terminals' day from the hub, verified as files.
        let station = try hub.terminal("kanri")
        let source = HubJournalSource(endpoint: station.endpoint, scratch: station.dataDirectory)
        let today = SystemClock().today()
        let files = source.files(from: today, to: today)
        #expect(Set(files.map(\.terminal)) == ["mado-a", "mado-b"])
        let verification = try source.verify(from: today, to: today)
        #expect(verification.files.count == 2)
        #expect(verification.files.allSatisfy { $0.status == .pass })
        let records = try JournalSources([source]).records(on: today)
        #expect(records.count == 12)
        #expect(Set(records.map(\.terminal)) == ["mado-a", "mado-b"])
    }

    @Test func shippingAgainSendsNothingAndResumesFromWhatTheHubHas() throws {
        let hub = try TestHub()
        defer { hub.remove() }
        let a = try hub.terminal("mado-a")
        let journal = try a.openJournal()
        try a.append(3, to: journal)
        #expect(try a.ship().shipped == 4)
        let again = try a.ship()
        #expect(again.shipped == 0 && again.duplicates == 1 && again.isClean)
        try a.append(2, to: journal)
        let more = try a.ship()
        #expect(more.shipped == 2 && more.isClean)
        #expect(more.head?.seq == 5)
        #expect(try hub.sql("SELECT count(*) FROM hub_journal") == "6")
    }

    @Test func aForgedRecordIsRefusedAsAForkAndTheHubKeepsItsCopy() throws {
        let hub = try TestHub()
        defer { hub.remove() }
        let a = try hub.terminal("mado-a")
        let journal = try a.openJournal()
        try a.append(4, to: journal)
        #expect(try a.ship().isClean)
        journal.close()
        // Rewrite the last record and re-seal it, as someone with the files could.
        let lines = try a.lines()
        let last = lines.last!
        let text = String(decoding: last.bytes, as: UTF8.self).replacingOccurrences(of: "\"view\"", with: "\"edit\"")
        let forged = reseal(text)
        var file = String(decoding: try Data(contentsOf: a.todayFile), as: UTF8.self).split(separator: "\n").map(String.init)
        file[file.count - 1] = forged
        try Data((file.joined(separator: "\n") + "\n").utf8).write(to: a.todayFile)

        let report = try a.ship()
        #expect(report.refused?.kind == .differs)
        #expect(report.refused?.seq == 4)
        #expect(try hub.sql("SELECT count(*) FROM hub_forks WHERE kind = 'differs'") == "1")
        // The hub's copy is the original.
        #expect(try hub.sql("SELECT hash FROM hub_journal WHERE seq = 4 AND line = 4") == last.hash)
        #expect(try a.compare().differing.count == 1)
        let statusConnection = try hub.connect(a.dataDirectory)
        defer { statusConnection.close() }
        let status = try HubStatus.read(statusConnection)
        #expect(status.findings.contains { $0.kind == "differs" && $0.terminal == "mado-a" })

        // The supervisor's screens read the hub: the terminal is FAIL on 本日の状況, and the review
        // lists the fork under journal integrity, with the refused seq.
        let station = try hub.terminal("kanri-1")
        let source = HubJournalSource(endpoint: station.endpoint, scratch: station.dataDirectory)
        let today = SystemClock().today()
        try source.prepare(from: today, to: today)
        let verification = try source.verify(from: today, to: today)
        let fork = try #require(verification.files.flatMap(\.findings).first { $0.code == .fork })
        #expect(fork.seq == 4 && fork.detail.contains("中身が違います"))
        let rows = try TerminalStatus.read(JournalSources([source]), on: today)
        #expect(rows.first { $0.terminal == "mado-a" }?.verify == "FAIL")
        let review = try ReviewEngine(sources: JournalSources([source]), rules: ReviewRules(), context: ReviewContext(today: today))
            .run(from: today, to: today)
        #expect(review.findings.contains { $0.rule == .integrity && $0.detail.contains("FORK") && $0.terminal == "mado-a" },
                "\(review.findings.map { $0.detail })")
    }

    @Test func copiesOfTheHubLeftByAKilledProcessAreRemovedAndALiveOnesAreNot() throws {
        let hub = try TestHub()
        defer { hub.remove() }
        let station = try hub.terminal("kanri-1")
        let state = station.dataDirectory.appendingPathComponent("state")
        // A process that has ended: its pid names no process now.
        let ended = Process()
        ended.executableURL = URL(fileURLWithPath: "/bin/true")
        try ended.run()
        ended.waitUntilExit()
        let stale = state.appendingPathComponent("hub-copy-\(ended.processIdentifier)-1")
        let live = state.appendingPathComponent("hub-copy-\(getpid())-2")
        for folder in [stale, live] {
            try FileManager.default.createDirectory(at: folder.appendingPathComponent("2026/12/03"), withIntermediateDirectories: true)
            try Data("{}\n".utf8).write(to: folder.appendingPathComponent("2026/12/03/mado-a.jsonl"))
        }
        _ = HubJournalSource(endpoint: station.endpoint, scratch: state)
        #expect(!FileManager.default.fileExists(atPath: stale.path))
        #expect(FileManager.default.fileExists(atPath: live.path))
    }

    @Test func reorderedRecordsAreRefusedAsAFork() throws {
        let hub = try TestHub()
        defer { hub.remove() }
        let a = try hub.terminal("mado-a")
        let journal = try a.openJournal()
        try a.append(2, to: journal)
        #expect(try a.ship().isClean)
        try a.append(2, to: journal)
        journal.close()
        var file = String(decoding: try Data(contentsOf: a.todayFile), as: UTF8.self).split(separator: "\n").map(String.init)
        file.swapAt(3, 4)
        try Data((file.joined(separator: "\n") + "\n").utf8).write(to: a.todayFile)
        let report = try a.ship()
        // The swapped line 3 does not verify where it stands; what the hub was offered does not continue its chain.
        #expect(report.refused?.kind == .chain)
        #expect(report.refused?.seq == 4)
        #expect(try hub.sql("SELECT count(*) FROM hub_journal") == "3")
    }

    @Test func theHubChecksEveryLineItselfWhateverTheTerminalSends() throws {
        let hub = try TestHub()
        defer { hub.remove() }
        let a = try hub.terminal("mado-a")
        let journal = try a.openJournal()
        try a.append(3, to: journal)
        var lines = try a.lines()
        let connection = try hub.connect(a.dataDirectory)
        defer { connection.close() }
        // Out of order: record 2 before record 1.
        let swapped = [lines[0], lines[2], lines[1]]
        let outcome = try a.shipper.send(swapped, over: connection)
        #expect(outcome.accepted == 1 && outcome.refusal?.kind == .chain)
        // A changed byte under the same hash.
        lines[1].bytes[lines[1].bytes.count - 80] ^= 0x01
        let tampered = try a.shipper.send([lines[1]], over: connection)
        #expect(tampered.refusal?.kind == .unsealed)
        #expect(try hub.sql("SELECT count(*) FROM hub_journal") == "1")
        // The hub's table takes no update or delete.
        #expect(throws: (any Error).self) { try hub.sql("DELETE FROM hub_journal") }
    }

    @Test func aHubThatLostItsLastRecordsIsFoundByTheTerminal() throws {
        let hub = try TestHub()
        defer { hub.remove() }
        let a = try hub.terminal("mado-a")
        let journal = try a.openJournal()
        try a.append(10, to: journal)
        #expect(try a.ship().isClean)
        // Restored from an older backup, say: the last three records are gone.
        try hub.sql("ALTER TABLE hub_journal DISABLE TRIGGER hub_journal_append_only; DELETE FROM hub_journal WHERE seq > 7 AND line > 0; ALTER TABLE hub_journal ENABLE TRIGGER hub_journal_append_only")
        let report = try a.ship()
        #expect(report.hubLost == 8...10)
        #expect(report.shipped == 3)
        #expect(try a.compare().agrees)
        #expect(try hub.sql("SELECT kind || ' ' || from_seq || ' ' || to_seq FROM hub_reports") == "hub_lost 8 10")
        // The supervisor sees the loss as part of the terminal's verification.
        let today = SystemClock().today()
        let source = HubJournalSource(endpoint: a.endpoint, scratch: a.dataDirectory)
        try source.prepare(from: today, to: today)
        let missing = try source.verify(from: today, to: today).files.flatMap(\.findings).filter { $0.code == .recordsMissing }
        #expect(missing.count == 1 && missing[0].detail.contains("8〜10") && missing[0].detail.contains("ハブから"))
        // Reported once; shipping again finds nothing more.
        #expect(try a.ship().isClean)
    }

    @Test func aTerminalThatLostItsLastRecordsIsFoundByTheHub() throws {
        let hub = try TestHub()
        defer { hub.remove() }
        let a = try hub.terminal("mado-a")
        let journal = try a.openJournal()
        try a.append(10, to: journal)
        #expect(try a.ship().isClean)
        journal.close()
        var file = String(decoding: try Data(contentsOf: a.todayFile), as: UTF8.self).split(separator: "\n").map(String.init)
        file.removeLast(3)
        try Data((file.joined(separator: "\n") + "\n").utf8).write(to: a.todayFile)
        let report = try a.ship()
        #expect(report.terminalLacks == 8...10)
        #expect(try a.compare().missingInFiles.count == 3)
        // Reopened, the journal continues after the seqs its witness saw; the hub refuses the
        // new records that do not continue its chain and keeps the ones it holds.
        let reopened = try a.openJournal()
        try a.append(1, to: reopened)
        let after = try a.ship()
        #expect(after.terminalLacks == 8...10)
        #expect(after.shipped == 0)
        #expect(try hub.sql("SELECT max(seq) FROM hub_journal") == "10")
    }

    @Test func appendsShipInTheBackgroundWithoutWaitingForTheHub() throws {
        let hub = try TestHub()
        defer { hub.remove() }
        let a = try hub.terminal("mado-a")
        let journal = try a.openJournal()
        let background = HubBackgroundShipper(endpoint: a.endpoint, shipper: a.shipper)
        defer { background.stop() }
        journal.whenAppended { background.kick() }
        try a.append(20, to: journal)
        #expect(background.drain(timeout: 20))
        #expect(try a.compare().agrees)
        #expect(try a.compare().unshipped.isEmpty)
    }

    // MARK: - Helpers

    /// Re-seals a record line after its content was changed (new `h` over the bytes before it).
    func reseal(_ line: String) -> String {
        let cut = line.range(of: "\"h\":\"")!.lowerBound
        let body = String(line[..<cut])
        let hash = sha256Hex(Array(body.utf8))
        return body + "\"h\":\"" + hash + "\"}"
    }
}

import Crypto

func sha256Hex(_ bytes: [UInt8]) -> String {
    SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
}
