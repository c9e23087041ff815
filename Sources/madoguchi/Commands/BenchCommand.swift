import ArgumentParser

/// `madoguchi bench <topic>`: speed figures a city can size its hardware with.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks: median, p95/p99 and peak memory on synthetic data.",
        discussion: "Figures are distorted while other work runs on the machine; run on an idle machine for sizing.",
        subcommands: [BenchChecklistCommand.self]
    )
}
