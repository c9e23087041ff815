import ArgumentParser
import Foundation

/// `madoguchi bench <topic>`: speed figures so a city can size its hardware. Each topic makes
/// its own synthetic data and prints median, p95/p99 and peak memory. Figures are only
/// comparable on an otherwise idle machine.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks on synthetic data (median, p95/p99, peak memory).",
        subcommands: [BenchRender.self, BenchJournalVerify.self, BenchJournalAppend.self, BenchImport.self, BenchPrefill.self, BenchSearch.self, BenchChecklistCommand.self, BenchReport.self, BenchReviewCommand.self, BenchKeysCommand.self, BenchPIN.self, BenchHubCommand.self]
    )
}

/// Shared arithmetic and measurements for the benchmark topics.
enum Bench {
    /// The `q`-quantile (0…1) of `samples` by the nearest-rank method.
    static func quantile(_ samples: [Double], _ q: Double) -> Double {
        guard !samples.isEmpty else { return .nan }
        let sorted = samples.sorted()
        let rank = Int((q * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }

    /// Peak resident memory of this process so far, in MiB: `VmHWM` of /proc/self/status,
    /// which starts afresh when a program is executed (getrusage's ru_maxrss keeps the peak of
    /// the process that spawned it, so a measurement in a fresh process would show the
    /// generator's memory); ru_maxrss where /proc is not there.
    static func peakMemoryMiB() -> Double {
        if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
           let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
           let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "") {
            return kilobytes / 1024
        }
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024  // kilobytes on Linux
    }

    /// CPU time (user + system, every thread) of this process so far, in seconds: less
    /// distorted by other work on the machine than wall-clock time.
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    static func format(_ value: Double, _ digits: Int = 2) -> String { String(format: "%.\(digits)f", value) }

    /// A fresh temporary directory for synthetic data; removed by the caller.
    static func temporaryDirectory(_ topic: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("madoguchi-bench-\(topic)-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// Timing statistics over many samples, in seconds.
struct BenchStatistics {
    var samples: [Double]

    func percentile(_ p: Double) -> Double { samples.isEmpty ? 0 : Bench.quantile(samples, p) }

    var median: Double { percentile(0.5) }

    /// "median 0.123 ms  p95 0.200 ms  p99 0.310 ms".
    var summary: String {
        String(format: "median %.3f ms  p95 %.3f ms  p99 %.3f ms", median * 1000, percentile(0.95) * 1000,
               percentile(0.99) * 1000)
    }
}
