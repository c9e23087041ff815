import ArgumentParser
import CounterCore
import Foundation

/// `madoguchi bench import`: the time and memory of importing synthetic residents.
struct BenchImport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import N synthetic residents into a scratch data directory: seconds, rows/s, peak memory, beside sqlite3 .import."
    )

    @Option(help: "Number of residents.") var residents = 400_000
    @Option(help: "Seed of the synthetic town.") var seed: UInt64 = 1
    @Option(help: "Keep the scratch data directory here (default: a temporary one, removed).") var keep: String?
    @Option(help: "import (the import format) or standard (a standard 住民記録 export through its mapping file, beside sqlite3 .import).")
    var layout = "import"
    @Option(help: "With --layout standard: runs of each, interleaved.") var runs = 3

    mutating func run() throws {
        let scratch = keep.map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("madoguchi-bench-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { if keep == nil { try? FileManager.default.removeItem(at: scratch) } }
        switch layout {
        case "import": break
        case "standard": return try BenchStandardImport(residents: residents, seed: seed, runs: runs).run(scratch: scratch)
        default: throw CommandFailure.usage("--layout は import か standard です。")
        }
        let csv = scratch.appendingPathComponent("residents.csv")
        var clock = ContinuousClock.now
        try SyntheticResidents(count: residents, seed: seed).write(to: csv)
        let generated = ContinuousClock.now - clock
        let size = (try? FileManager.default.attributesOfItem(atPath: csv.path)[.size] as? Int) ?? 0
        print(String(format: "generated %d residents (%.1f MB CSV) in %.2f s", residents, Double(size) / 1e6,
                     generated.seconds))
        clock = ContinuousClock.now
        let cpuStart = Bench.cpuSeconds()
        let summary: ImportSummary
        do {
            summary = try ResidentImporter(dataDirectory: scratch.appendingPathComponent("data")).run(file: csv)
        } catch {
            throw CommandFailure.refused(error.messages.joined(separator: "\n"))
        }
        let elapsed = (ContinuousClock.now - clock).seconds
        let cpu = Bench.cpuSeconds() - cpuStart
        let db = ResidentRegistry.databaseURL(dataDirectory: scratch.appendingPathComponent("data"))
        let dbSize = (try? FileManager.default.attributesOfItem(atPath: db.path)[.size] as? Int) ?? 0
        print(String(format: "imported %d residents, %d households in %.2f s (%.0f rows/s), database %.1f MB",
                     summary.imported, summary.households, elapsed, Double(summary.imported) / elapsed, Double(dbSize) / 1e6))
        print(String(format: "import CPU time %.2f s (user + system, both threads)", cpu))
        print(String(format: "peak memory %.1f MiB (whole process, generation included)", Bench.peakMemoryMiB()))
        if let sqlite3 = BenchJournalVerify.executable("sqlite3") {
            // The reference: the same CSV into one table with two indexes, by sqlite3 itself.
            let reference = scratch.appendingPathComponent("reference.sqlite")
            let process = Process()
            process.executableURL = URL(fileURLWithPath: sqlite3)
            process.arguments = [reference.path, "-cmd", ".mode csv", ".import \(csv.path) r",
                                 #"CREATE INDEX r_kana ON r("氏名フリガナ"); CREATE INDEX r_birth ON r("生年月日");"#]
            process.standardOutput = FileHandle.nullDevice
            let start = Bench.now()
            try process.run()
            process.waitUntilExit()
            let seconds = Bench.now() - start
            guard process.terminationStatus == 0 else { throw CommandFailure.refused("sqlite3 .import が失敗しました（終了コード \(process.terminationStatus)）。") }
            // (Its peak memory is not shown: a child's ru_maxrss starts from this process's.)
            print(String(format: "sqlite3 .import of the same CSV + two indexes: %.2f s", seconds))
            print(String(format: "import / sqlite3 .import: %.2f× (target ≤ 2×)", elapsed / seconds))
        } else {
            print("sqlite3 is not installed: no reference figure (install sqlite3 to compare)")
        }
        print("targets at 400,000: ≤ 20 s, ≤ 300 MB. Figures are comparable only on an otherwise idle machine.")
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

/// `madoguchi bench search`: search latency with the access record written (and fsynced)
/// to a real journal, per kind of query.
struct BenchSearch: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search N synthetic residents: median, p95, p99 per query kind (journal write included)."
    )

    @Option(help: "Number of residents.") var residents = 400_000
    @Option(help: "Seed of the synthetic town.") var seed: UInt64 = 1
    @Option(help: "Queries per kind.") var queries = 2_000
    @Option(help: "Results per query.") var limit = 50
    @Option(help: "Use (and keep) this scratch directory; an existing registry there is reused.") var keep: String?

    mutating func run() throws {
        let scratch = keep.map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("madoguchi-bench-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { if keep == nil { try? FileManager.default.removeItem(at: scratch) } }
        let data = scratch.appendingPathComponent("data")
        let town = SyntheticResidents(count: residents, seed: seed)
        if !FileManager.default.fileExists(atPath: ResidentRegistry.databaseURL(dataDirectory: data).path) {
            let csv = scratch.appendingPathComponent("residents.csv")
            try town.write(to: csv)
            do { _ = try ResidentImporter(dataDirectory: data).run(file: csv) } catch {
                throw CommandFailure.refused(error.messages.joined(separator: "\n"))
            }
            try? FileManager.default.removeItem(at: csv)
        }
        // Queries drawn from the same synthetic town, spread over it.
        var rng = SplitMix64(seed: seed ^ 0x5EA2C4)
        var kana: [String] = [], dates: [String] = [], ids: [String] = []
        let step = max(1, residents / queries)
        for (i, r) in town.enumerated() where i % step == 0 {
            let parts = r.kana.split(separator: " ")
            let family = String(parts[0])
            switch rng.below(3) {
            case 0: kana.append(String(family.prefix(2)))
            case 1: kana.append(family)
            default: kana.append(family + " " + String(parts.count > 1 ? parts[1].prefix(1) : ""))
            }
            if let code = r.birthdate.code7 { dates.append(code) }
            ids.append(r.id)
        }
        let journal = try Journal.open(directory: data.appendingPathComponent("journal"), terminalID: "bench",
                                       mode: .training, clock: SystemClock())
        let registry = try ResidentRegistry(dataDirectory: data, accessLog: journal)
        // The same searches without the access record, to show how much of the time is the
        // journal's fsync (this variant is never used outside this benchmark).
        let lookupOnly = try ResidentRegistry(dataDirectory: data, accessLog: UnloggedForBenchmark())
        print("\(residents) residents, \(queries) queries per kind, limit \(limit), journal fsync per search")
        for (name, list) in [("kana prefix", kana), ("7-digit date", dates), ("宛名番号", ids)] {
            for (label, reg) in [("with journal", registry), ("lookup only", lookupOnly)] {
                var samples: [Double] = []
                var hits = 0
                for q in list.prefix(queries) {
                    let start = ContinuousClock.now
                    hits += try reg.search(q, limit: limit, clerk: "bench").count
                    samples.append((ContinuousClock.now - start).seconds)
                }
                let stats = BenchStatistics(samples: samples)
                print("\(name), \(label): \(stats.summary)  "
                      + String(format: "(%.1f results/query)", Double(hits) / Double(max(1, samples.count))))
            }
        }
        print(String(format: "peak memory %.1f MiB", Bench.peakMemoryMiB()))
        print("targets: p95 ≤ 5 ms, p99 ≤ 20 ms. Figures are comparable only on an otherwise idle machine.")
    }
}

/// Bench-only: measures lookups without the journal write. Never used to serve a clerk.
private struct UnloggedForBenchmark: AccessLog {
    func recordAccess(clerk: String, residentIDs: [String], supportMeasure: [String], action: AccessAction, query: String?) throws {}
}
