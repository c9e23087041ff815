import ArgumentParser
import CounterCore
import Foundation
import JapaneseKit

/// `madoguchi bench report`: the daily report over many cases and terminals.
struct BenchReport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Daily report over 3,000 cases and 10 terminals (target ≤ 200 ms)."
    )

    @Option(help: "Cases in the day, spread over the terminals.") var cases = 3000
    @Option(help: "Terminals, each with its own journal directory.") var terminals = 10
    @Option(help: "Timed runs.") var runs = 15

    func run() throws {
        let base = try Bench.temporaryDirectory("report")
        defer { try? FileManager.default.removeItem(at: base) }
        let day = CivilDate(year: 2026, month: 11, day: 25)!
        var directories: [URL] = []
        var bytes = 0
        for t in 0..<max(terminals, 1) {
            let dir = base.appendingPathComponent("counter\(t + 1)/journal")
            let perTerminal = cases / terminals + (t < cases % terminals ? 1 : 0)
            let file = try SyntheticCounterDay.write(directory: dir, terminalID: String(format: "T%02d", t + 1), date: day,
                                                     cases: perTerminal, seed: UInt64(t + 1))
            bytes += (try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int) ?? 0
            directories.append(dir)
        }
        let catalog = try? PaymentMethodCatalog.load(formsDirectory: DataLocations.formsDirectory(option: nil))
        var times: [Double] = []
        var report: DailyReport?
        let cpuBefore = Self.cpuSeconds()
        for _ in 0..<max(runs, 1) {
            let start = Bench.now()
            let r = try DayCloser.report(directories: directories, date: day, today: day, catalog: catalog)
            _ = DailyReportRenderer.text(r)
            times.append((Bench.now() - start) * 1000)
            report = r
        }
        let cpuPerRun = (Self.cpuSeconds() - cpuBefore) / Double(max(runs, 1)) * 1000
        guard let report, report.total.casesOpened == cases else {
            throw CommandFailure.refused("合成データの集計が合いません。")
        }
        print("bench report: \(cases) cases, \(terminals) terminals, \(report.perTerminal.reduce(0) { $0 + $1.records }) records, "
              + "\(Bench.format(Double(bytes) / 1_048_576, 1)) MiB, \(runs) runs (read + verify hashes + total + render text)")
        print("  time median \(Bench.format(Bench.quantile(times, 0.5), 1)) ms  p95 \(Bench.format(Bench.quantile(times, 0.95), 1)) ms  "
              + "p99 \(Bench.format(Bench.quantile(times, 0.99), 1)) ms  (target ≤ 200 ms)")
        print("  CPU time per run \(Bench.format(cpuPerRun, 1)) ms (user + system, all threads; directories are read in parallel)")
        print("  payments \(report.total.payments)  net \(DailyReportRenderer.yen(report.total.net))")
        print("  peak memory \(Bench.format(Bench.peakMemoryMiB(), 1)) MiB")
    }

    /// User + system CPU seconds of this process so far: less distorted than wall time when
    /// other work shares the machine.
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
    }
}
