@testable import CounterHub
import CounterCore
import Foundation
import Testing

/// A shipper that keeps where the hub's chain ended reads only what was written since.
@Suite(.serialized) struct HubResumeTests {
    @Test func readingOnAfterALineGivesTheLinesAfterItInTheFullRead() throws {
        let hub = try TestHub()
        defer { hub.remove() }
        let a = try hub.terminal("mado-a")
        let journal = try a.openJournal()
        try a.append(4, to: journal)
        let first = try JournalChainLine.read(directory: a.journalDirectory, terminal: a.name)
        #expect(first.lines.count == 5)
        let resume = first.resume(after: 2)
        try a.append(3, to: journal)
        let all = try a.lines()
        let after = try #require(try JournalChainLine.read(directory: a.journalDirectory, terminal: a.name, after: resume))
        #expect(after.lines == Array(all.dropFirst(3)))
        // Reading on from the last line read gives only what came after it.
        let end = after.resume(after: after.lines.count - 1)
        #expect(try JournalChainLine.read(directory: a.journalDirectory, terminal: a.name, after: end)?.lines == [])
    }

    @Test func aFileThatNoLongerEndsTheLineThereIsReadAgainWhole() throws {
        let hub = try TestHub()
        defer { hub.remove() }
        let a = try hub.terminal("mado-a")
        let journal = try a.openJournal()
        try a.append(4, to: journal)
        let read = try JournalChainLine.read(directory: a.journalDirectory, terminal: a.name)
        var wrong = read.resume(after: 3)
        wrong.hash = String(repeating: "0", count: 64)
        #expect(try JournalChainLine.read(directory: a.journalDirectory, terminal: a.name, after: wrong) == nil)
        // Cut short before the end of the line the resume names.
        let resume = read.resume(after: 4)
        journal.close()
        let bytes = try Data(contentsOf: a.todayFile)
        try bytes.prefix(bytes.count - 10).write(to: a.todayFile)
        #expect(try JournalChainLine.read(directory: a.journalDirectory, terminal: a.name, after: resume) == nil)
    }

    @Test func shippingOnFromTheLastShipmentSendsOnlyTheNewLines() throws {
        let hub = try TestHub()
        defer { hub.remove() }
        let a = try hub.terminal("mado-a")
        let journal = try a.openJournal()
        try a.append(3, to: journal)
        let connection = try HubConnection.open(a.endpoint)
        defer { connection.close() }
        var resume: JournalChainLine.Resume?
        let first = try a.shipper.ship(over: connection, resume: &resume)
        #expect(first.shipped == 4 && first.isClean)
        #expect(resume?.position == first.head?.position)
        try a.append(2, to: journal)
        let more = try a.shipper.ship(over: connection, resume: &resume)
        // The hub's last line is not sent again: only the two new ones.
        #expect(more.shipped == 2 && more.duplicates == 0 && more.isClean)
        #expect(more.head?.seq == 5 && resume?.position == more.head?.position)
        let none = try a.shipper.ship(over: connection, resume: &resume)
        #expect(none.shipped == 0 && none.duplicates == 0 && none.isClean)
        #expect(try a.compare().agrees)
        #expect(try hub.sql("SELECT count(*) FROM hub_journal") == "6")
    }

    @Test func aHubThatLostItsLastLineSinceTheLastShipmentIsFoundAndFilledAgain() throws {
        let hub = try TestHub()
        defer { hub.remove() }
        let a = try hub.terminal("mado-a")
        let journal = try a.openJournal()
        try a.append(3, to: journal)
        let connection = try HubConnection.open(a.endpoint)
        defer { connection.close() }
        var resume: JournalChainLine.Resume?
        _ = try a.shipper.ship(over: connection, resume: &resume)
        // Restored from an older backup between two shipments: its last record is gone.
        try hub.sql("ALTER TABLE hub_journal DISABLE TRIGGER hub_journal_append_only; DELETE FROM hub_journal WHERE seq = 3 AND line > 0; ALTER TABLE hub_journal ENABLE TRIGGER hub_journal_append_only")
        try a.append(1, to: journal)
        let report = try a.shipper.ship(over: connection, resume: &resume)
        #expect(report.hubLost == 3...3)
        #expect(report.shipped == 2)
        #expect(try a.compare().agrees)
    }
}
