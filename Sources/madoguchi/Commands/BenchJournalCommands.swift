import ArgumentParser
import CounterCore
import Foundation
import JapaneseKit

/// `madoguchi bench verify`: journal verification throughput.
struct BenchJournalVerify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Journal verify throughput in records/s (target ≥ 100,000/s)."
    )

    @Option(help: "Records in the synthetic day file.") var records = 200_000
    @Option(help: "Timed runs.") var runs = 7
    @Option(help: "Directory for the synthetic journal (default: a temporary one, removed after).")
    var directory: String?

    func run() throws {
        let base = try directory.map { URL(fileURLWithPath: $0) } ?? Bench.temporaryDirectory("verify")
        defer { if directory == nil { try? FileManager.default.removeItem(at: base) } }
        let journal = base.appendingPathComponent("journal")
        let day = CivilDate(year: 2026, month: 11, day: 25)!
        let file = try JournalSynthetic.writeDay(directory: journal, terminalID: "bench", date: day, records: records)
        let size = (try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int) ?? 0
        let verifier = JournalVerifier(directory: journal)
        var rates: [Double] = []
        var times: [Double] = []
        for _ in 0..<max(runs, 1) {
            let start = Bench.now()
            let result = try verifier.verify(date: day)
            let elapsed = Bench.now() - start
            guard result.status == .pass, result.files.first?.records == records else {
                throw CommandFailure.refused("合成ジャーナルの検証に失敗しました: \(result.status.rawValue)")
            }
            times.append(elapsed)
            rates.append(Double(records) / elapsed)
        }
        print("bench verify: \(records) records, \(Bench.format(Double(size) / 1_048_576, 1)) MiB, \(runs) runs")
        print("  time     median \(Bench.format(Bench.quantile(times, 0.5) * 1000, 1)) ms  p95 \(Bench.format(Bench.quantile(times, 0.95) * 1000, 1)) ms")
        print("  records/s median \(Int(Bench.quantile(rates, 0.5)))  worst \(Int(rates.min() ?? 0))  (target ≥ 100000)")
        print("  peak memory \(Bench.format(Bench.peakMemoryMiB(), 1)) MiB")
    }
}

/// `madoguchi bench append`: latency of one durable append (write + fsync).
struct BenchJournalAppend: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "append",
        abstract: "Journal append latency with fsync (median, p95, p99)."
    )

    @Option(help: "Records to append.") var count = 1000
    @Option(help: "Directory for the journal (default: a temporary one, removed after). Put it on the disk you mean to measure.")
    var directory: String?

    func run() throws {
        let base = try directory.map { URL(fileURLWithPath: $0) } ?? Bench.temporaryDirectory("append")
        defer { if directory == nil { try? FileManager.default.removeItem(at: base) } }
        let journal = try Journal.open(directory: base.appendingPathComponent("journal"), terminalID: "bench",
                                       mode: .training, clock: SystemClock(), appVersion: Madoguchi.version)
        var latencies: [Double] = []
        latencies.reserveCapacity(count)
        for i in 0..<count {
            let start = Bench.now()
            try journal.append(.access, clerk: "k0123", fields: ["action": "view", "resident": .string(String(1_000_000 + i))])
            latencies.append((Bench.now() - start) * 1000)
        }
        print("bench append: \(count) appends (write + fsync each)")
        print("  latency median \(Bench.format(Bench.quantile(latencies, 0.5), 3)) ms  p95 \(Bench.format(Bench.quantile(latencies, 0.95), 3)) ms  p99 \(Bench.format(Bench.quantile(latencies, 0.99), 3)) ms  max \(Bench.format(latencies.max() ?? 0, 3)) ms")
        print("  throughput \(Int(Double(count) / (latencies.reduce(0, +) / 1000))) appends/s")
        print("  peak memory \(Bench.format(Bench.peakMemoryMiB(), 1)) MiB")
    }
}
