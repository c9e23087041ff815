import ArgumentParser
import CounterCore
import Foundation

/// `madoguchi bench import`: the time and memory of importing synthetic residents.
struct BenchImport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import N synthetic residents into a scratch data directory: seconds, rows/s, peak memory."
    )

    @Option(help: "Number of residents.") var residents = 400_000
    @Option(help: "Seed of the synthetic town.") var seed: UInt64 = 1
    @Option(help: "Keep the scratch data directory here (default: a temporary one, removed).") var keep: String?

    mutating func run() throws {
        let scratch = keep.map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("madoguchi-bench-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { if keep == nil { try? FileManager.default.removeItem(at: scratch) } }
        let csv = scratch.appendingPathComponent("residents.csv")
        var clock = ContinuousClock.now
        try SyntheticResidents(count: residents, seed: seed).write(to: csv)
        let generated = ContinuousClock.now - clock
        let size = (try? FileManager.default.attributesOfItem(atPath: csv.path)[.size] as? Int) ?? 0
        print(String(format: "generated %d residents (%.1f MB CSV) in %.2f s", residents, Double(size) / 1e6,
                     generated.seconds))
        clock = ContinuousClock.now
        let summary: ImportSummary
        do {
            summary = try ResidentImporter(dataDirectory: scratch.appendingPathComponent("data")).run(file: csv)
        } catch {
            throw CommandFailure.refused(error.messages.joined(separator: "\n"))
        }
        let elapsed = (ContinuousClock.now - clock).seconds
        let db = ResidentRegistry.databaseURL(dataDirectory: scratch.appendingPathComponent("data"))
        let dbSize = (try? FileManager.default.attributesOfItem(atPath: db.path)[.size] as? Int) ?? 0
        print(String(format: "imported %d residents, %d households in %.2f s (%.0f rows/s), database %.1f MB",
                     summary.imported, summary.households, elapsed, Double(summary.imported) / elapsed, Double(dbSize) / 1e6))
        print(String(format: "peak memory %.1f MiB (whole process, generation included)", Bench.peakMemoryMiB()))
        print("targets at 400,000: ≤ 20 s, ≤ 300 MB. Figures are distorted while other builds run.")
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
