import ArgumentParser
import CounterCore
import Foundation

/// `madoguchi bench pin`: the cost of one PIN check, and from it what guessing every PIN of
/// the policy's shortest length costs offline (README, "Sign-in and PINs").
struct BenchPIN: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pin",
        abstract: "Time one PIN check (PBKDF2) and the offline cost of trying every shortest PIN on one core."
    )

    @Option(help: "Checks to time.") var samples = 20

    func run() throws {
        guard samples > 0 else { throw CommandFailure.usage("--samples は 1 以上にしてください。") }
        let encoded = PINHash.make(pin: "000000")
        var times: [Double] = []
        for i in 0..<samples {
            let start = Bench.now()
            _ = PINHash.verify(pin: String(format: "%06d", i + 1), encoded: encoded)
            times.append(Bench.now() - start)
        }
        let stats = BenchStatistics(samples: times)
        let space = pow(10, Double(PINHash.minimumLength))
        print("PIN check (PBKDF2-HMAC-SHA256, \(PINHash.defaultIterations) iterations): \(stats.summary)")
        print("every \(PINHash.minimumLength)-digit PIN on one core: \(Bench.format(space * stats.median / 3600, 1)) hours")
    }
}
