import CounterCore
import Foundation
import JapaneseKit
import Testing
@testable import CounterUI

/// The 管理者モード effects over a real data directory (config.yaml, journal, spool) with a
/// second terminal's journal under `journal_dirs`: the records and files they leave.
@Suite struct SupervisorEffectRunnerTests {
    struct Counter {
        let root: URL
        let data: URL
        let other: URL
        let app: CounterApp
        var runner: CounterEffects { CounterEffects(app: app) }

        init(settlement: Bool = true) throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("supervisor-effects-\(UUID().uuidString)")
            data = root.appendingPathComponent("data")
            other = root.appendingPathComponent("mado-02")
            try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
            try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
            try SyntheticCounterDay.write(directory: other, terminalID: "mado-02", date: SupervisorFixtures.day, cases: 10, seed: 3,
                                          mode: .live)
            let hash = PINHash.make(pin: "246810", iterations: PINHash.minimumIterations)
            var config = "city_name: いわき市\nterminal_id: mado-01\njournal_dirs:\n  - \(other.path)\n"
            if settlement { config += "settlement_dir: \(root.appendingPathComponent("settle").path)\n" }
            config += "clerks:\n"
            for (id, role, locked) in [("sup1", "supervisor", false), ("c01", "clerk", false), ("c02", "clerk", true)] {
                config += "  - id: \(id)\n    name: 試験 \(id)\n    role: \(role)\n    pin_hash: \"\(hash)\"\n    locked: \(locked)\n"
            }
            try config.write(to: data.appendingPathComponent("config.yaml"), atomically: true, encoding: .utf8)
            app = try CounterApp.open(directory: DataDirectory(data), formsDirectory: ClerkFixtures.formsDirectory, purpose: .live,
                                      clock: FixedClock(morning))
        }

        func run(_ effect: SupervisorEffect, as clerk: String = "sup1") -> SupervisorResult? {
            var context = SupervisorFixtures.context
            context.clerkID = clerk
            guard case .supervisor(let result)? = runner.perform(.supervisor(effect), context: context).first else { return nil }
            return result
        }

        /// Every line this terminal's journal holds.
        func journalLines() throws -> [String] {
            let dir = DataDirectory(data).journalDirectory
            let files = FileManager.default.enumerator(at: dir, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? []
            return try files.filter { $0.pathExtension == "jsonl" }.flatMap {
                try String(contentsOf: $0, encoding: .utf8).split(separator: "\n").map(String.init)
            }
        }

        func remove() { try? FileManager.default.removeItem(at: root) }
    }

    @Test func theStatusCoversEveryJournalSource() throws {
        let counter = try Counter()
        defer { counter.remove() }
        guard case let .status(rows, at)? = counter.run(.status) else { Issue.record("no status"); return }
        #expect(at == morning)
        let other = try #require(rows.first { $0.terminal == "mado-02" })
        #expect(other.records > 0 && other.payments > 0)
        #expect(other.verify == "PASS")
        #expect(!other.dayClosed)
    }

    @Test func aClerkIsRefusedEveryEffect() throws {
        let counter = try Counter()
        defer { counter.remove() }
        for effect in [SupervisorEffect.status, .clerks, .closeDay(SupervisorFixtures.day), .unlockClerk(clerk: "c02")] {
            guard case .failed(let message)? = counter.run(effect, as: "c01") else { Issue.record("not refused: \(effect)"); continue }
            #expect(message.contains("管理者"), "\(message)")
        }
        #expect(try !counter.journalLines().contains { $0.contains("day_closed") || $0.contains("clerk_changed") })
    }

    @Test func closingTheDayWritesTheSealAndPrintsTheReport() throws {
        let counter = try Counter()
        defer { counter.remove() }
        guard case let .dayClosed(report, printed)? = counter.run(.closeDay(SupervisorFixtures.day)) else {
            Issue.record("not closed")
            return
        }
        let seal = try #require(report.seal)
        #expect(report.terminals.contains("mado-02"))
        #expect(printed == "spool/nikkei-2026-11-25.pdf")
        let pdf = DataDirectory(counter.data).spoolDirectory.appendingPathComponent("nikkei-2026-11-25.pdf")
        let attributes = try FileManager.default.attributesOfItem(atPath: pdf.path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect(try Data(contentsOf: pdf).starts(with: Data("%PDF".utf8)))
        let sealLine = try #require(try counter.journalLines().first { $0.contains("\"type\":\"day_closed\"") })
        #expect(sealLine.contains("\"clerk\":\"sup1\""))
        #expect(sealLine.contains("\"date\":\"2026-11-25\""))
        #expect(seal.clerk == "sup1" && seal.terminal == "mado-01")
        // The same day is not closed twice.
        guard case .failed(let again)? = counter.run(.closeDay(SupervisorFixtures.day)) else { Issue.record("closed twice"); return }
        #expect(again.contains("締め"), "\(again)")
        // The report read afterwards carries the seal, and the status says the day is closed.
        guard case .dailyReport(let read)? = counter.run(.dailyReport(nil)) else { Issue.record("no report"); return }
        #expect(read.seal?.hash == seal.hash)
        guard case .status(let rows, _)? = counter.run(.status) else { Issue.record("no status"); return }
        #expect(rows.allSatisfy { $0.dayClosed })
    }

    @Test func clerksAreUnlockedAndDisabledWithTheRecordsTheCommandWrites() throws {
        let counter = try Counter()
        defer { counter.remove() }
        guard case .clerks(let rows)? = counter.run(.clerks) else { Issue.record("no clerks"); return }
        #expect(rows.map(\.id) == ["c02", "c01", "sup1"])
        guard case let .clerkChanged(done, after)? = counter.run(.unlockClerk(clerk: "c02")) else { Issue.record("not unlocked"); return }
        #expect(done.contains("c02"))
        #expect(after.first { $0.id == "c02" }?.locked == false)
        #expect(try AppConfig.load(dataDirectory: counter.data).clerk(id: "c02")?.locked == false)
        guard case .failed(let last)? = counter.run(.disableClerk(clerk: "sup1")) else { Issue.record("last supervisor disabled"); return }
        #expect(last.contains("最後の管理者"), "\(last)")
        #expect(try AppConfig.load(dataDirectory: counter.data).clerk(id: "sup1")?.disabled == false)
        guard case .clerkChanged? = counter.run(.disableClerk(clerk: "c01")) else { Issue.record("not disabled"); return }
        #expect(try AppConfig.load(dataDirectory: counter.data).clerk(id: "c01")?.disabled == true)
        let changes = try counter.journalLines().filter { $0.contains("\"type\":\"clerk_changed\"") }
        #expect(changes.count == 2)
        #expect(changes[0].contains("\"change\":\"unlocked\"") && changes[0].contains("\"id\":\"c02\"") && changes[0].contains("\"clerk\":\"sup1\""))
        #expect(changes[1].contains("\"change\":\"disabled\"") && changes[1].contains("\"id\":\"c01\""))
    }

    @Test func theWorkloadCSVIsWrittenPrivatelyIntoTheSpool() throws {
        let counter = try Counter()
        defer { counter.remove() }
        guard case .workload(let workload)? = counter.run(.workload(from: nil, to: nil)) else { Issue.record("no workload"); return }
        #expect(workload.from == SupervisorFixtures.day && workload.to == SupervisorFixtures.day)
        #expect(workload.rows.reduce(0) { $0 + $1.cases } == 10)
        guard case .workloadWritten(let path)? = counter.run(.writeWorkload(from: workload.from, to: workload.to)) else {
            Issue.record("not written")
            return
        }
        #expect(path.hasSuffix("/spool/workload-2026-11-25-2026-11-25.csv"))
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(workload.csv.utf8))
    }

    @Test func settlementFilesAreListedAndMatched() throws {
        let counter = try Counter()
        defer { counter.remove() }
        let folder = counter.root.appendingPathComponent("settle")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let ledger = try DayLedger.read(directories: [counter.other], date: SupervisorFixtures.day)
        let journal = Reconciler.journalSide(ledger, catalog: ClerkFixtures.catalog)
        #expect(journal.count >= 2)
        var csv = SettlementFile.header.joined(separator: ",") + "\n"
        for (i, j) in journal.dropFirst().enumerated() {
            csv += "2026-11-25,\(j.time),\(j.paymentTerminal),\(j.brand),\(j.slip),\(j.approval),\(i == 0 ? j.amount + 100 : j.amount),\(j.kind.rawValue)\n"
        }
        try csv.write(to: folder.appendingPathComponent("2026-11-25.csv"), atomically: true, encoding: .utf8)
        guard case .settlementFiles(let names)? = counter.run(.settlementFiles) else { Issue.record("no files"); return }
        #expect(names == ["2026-11-25.csv"])
        guard case let .reconciled(file, result)? = counter.run(.reconcile(SupervisorFixtures.day, file: "2026-11-25.csv")) else {
            Issue.record("not reconciled")
            return
        }
        #expect(file == "2026-11-25.csv")
        #expect(result.onlyInJournal.count == 1)
        #expect(result.amountDiffers.count == 1)
        #expect(result.matched.count == journal.count - 2)
        guard case .printed(_, let destination)? = counter.run(.printReconciliation(SupervisorFixtures.day, file: "2026-11-25.csv")) else {
            Issue.record("not printed")
            return
        }
        #expect(destination == "spool/shogo-2026-11-25.pdf")
        // Only a file the folder lists is read.
        guard case .failed(let stray)? = counter.run(.reconcile(SupervisorFixtures.day, file: "../config.yaml")) else {
            Issue.record("stray file read")
            return
        }
        #expect(stray.contains("見つかりません"))
    }

    @Test func signingOutFromTheMenuJournalsWhoLeft() throws {
        let counter = try Counter()
        defer { counter.remove() }
        var model = SupervisorFixtures.model([])
        let effects = model.update(.key(.function(10)))
        #expect(model.context.clerkID == nil)
        for effect in effects {
            for msg in counter.runner.perform(effect, context: model.context) { _ = model.update(msg) }
        }
        // No alert: the record was written for the supervisor the session no longer names.
        #expect(model.popup == nil)
        let logout = try #require(try counter.journalLines().first { $0.contains("\"type\":\"logout\"") })
        #expect(logout.contains("\"clerk\":\"sup1\""))
    }

    @Test func noSettlementFolderIsTheApplicationsMessage() throws {
        let counter = try Counter(settlement: false)
        defer { counter.remove() }
        guard case .failed(let message)? = counter.run(.settlementFiles) else { Issue.record("not refused"); return }
        #expect(message.contains("settlement_dir"))
    }
}
