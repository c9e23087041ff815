import CounterCore
import Foundation

/// The built `madoguchi` binary, run as a user would.
public enum Binary {
    /// The binary beside the test bundle in the build directory.
    public static var url: URL {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        // On Linux the test runner is `<build>/madoguchiPackageTests.xctest`; on macOS a bundle.
        while !FileManager.default.isExecutableFile(atPath: dir.appendingPathComponent("madoguchi").path),
              dir.path != "/" {
            dir.deleteLastPathComponent()
        }
        return dir.appendingPathComponent("madoguchi")
    }

    public struct Result {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// Runs the binary with `arguments`, `environment` added to a clean one, and `stdin`.
    public static func run(_ arguments: [String], environment: [String: String] = [:], stdin: String? = nil,
                    executable: URL? = nil) throws -> Result {
        let process = Process()
        process.executableURL = executable ?? url
        process.arguments = arguments
        // Commands that record an act check the acting clerk's PIN: every test clerk has
        // `TestClerks.pin`, passed the documented way for scripts (an environment may set "").
        var env = ["LANG": "C.UTF-8", "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
                   "HOME": ProcessInfo.processInfo.environment["HOME"] ?? "/tmp", "MADOGUCHI_PIN": TestClerks.pin]
        env.merge(environment) { $1 }
        process.environment = env
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        // Read both pipes before waiting so a large output cannot block the child.
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }
}

/// The clerks of a test's data directory: all with one PIN, which `Binary.run` passes as
/// `MADOGUCHI_PIN` the way a script would.
public enum TestClerks {
    public static let pin = "246810"
    /// Hashed once per test run, at the lowest cost the counter accepts (tests stay quick).
    public static let hash = PINHash.make(pin: pin, iterations: PINHash.minimumIterations)

    /// Writes `<dir>/config.yaml` with `clerks` (role clerk) and `supervisors`, creating `dir`.
    public static func write(to dir: URL, terminalID: String, clerks: [String], supervisors: [String] = ["sup1"], extra: String = "") throws {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        var text = "terminal_id: \(terminalID)\n" + extra + "clerks:\n"
        for (id, role) in clerks.map({ ($0, "clerk") }) + supervisors.map({ ($0, "supervisor") }) {
            text += "  - id: \(id)\n    name: 試験 \(id)\n    role: \(role)\n    pin_hash: \"\(hash)\"\n"
        }
        try text.write(to: dir.appendingPathComponent("config.yaml"), atomically: true, encoding: .utf8)
    }
}
