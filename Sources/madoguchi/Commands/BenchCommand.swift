import ArgumentParser
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `madoguchi bench <topic>`: speed figures a city can size its hardware by.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure speed: median, p95/p99 and peak memory for one topic.",
        discussion: "Figures are only meaningful on an otherwise idle machine.",
        subcommands: [BenchChecklistCommand.self]
    )
}

/// Timing statistics over many samples.
struct BenchStatistics {
    var samples: [Double]  // seconds

    func percentile(_ p: Double) -> Double {
        guard !samples.isEmpty else { return 0 }
        let sorted = samples.sorted()
        let index = min(sorted.count - 1, max(0, Int((p * Double(sorted.count)).rounded(.up)) - 1))
        return sorted[index]
    }

    var median: Double { percentile(0.5) }

    /// "median 0.123 ms  p95 0.200 ms  p99 0.310 ms".
    var summary: String {
        String(format: "median %.3f ms  p95 %.3f ms  p99 %.3f ms", median * 1000, percentile(0.95) * 1000,
               percentile(0.99) * 1000)
    }

    /// Peak resident memory of this process, in MiB.
    static func peakMemoryMiB() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024  // ru_maxrss is in KiB on Linux
    }
}
