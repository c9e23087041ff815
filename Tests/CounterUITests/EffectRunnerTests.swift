import CounterCore
import Foundation
import Testing
@testable import CounterUI

/// The counter's effect runner over a real data directory: engine refusals come back as the
/// layer's words plus the screen's remedy, never a Swift description or a command-line flag.
@Suite struct EffectRunnerTests {
    static func directory(registry: Data? = nil) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("effects-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try "terminal_id: T01\n".write(to: dir.appendingPathComponent("config.yaml"), atomically: true, encoding: .utf8)
        if let registry {
            try FileManager.default.createDirectory(at: dir.appendingPathComponent("registry"), withIntermediateDirectories: true)
            try registry.write(to: ResidentRegistry.databaseURL(dataDirectory: dir))
        }
        return dir
    }

    static func failure(of effect: Effect, in dir: URL) throws -> String {
        let app = try CounterApp.open(directory: DataDirectory(dir), formsDirectory: ClerkFixtures.formsDirectory, purpose: .live,
                                      clock: FixedClock(morning))
        let answer = CounterEffects(app: app).perform(effect, context: ClerkFixtures.context)
        guard case .clerk(.failed(let message))? = answer.first else {
            Issue.record("not a failure: \(answer)")
            return ""
        }
        return message
    }

    @Test func aMissingRegistryAsksTheSupervisorNotForAFlag() throws {
        let dir = try Self.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let message = try Self.failure(of: .clerk(.search("やまだ")), in: dir)
        #expect(message.contains("住民データがまだ取り込まれていません") && message.contains("管理者に"))
        #expect(!message.contains("--"))
    }

    @Test func aDamagedRegistryIsWordedNotDescribed() throws {
        let dir = try Self.directory(registry: Data("not a database".utf8))
        defer { try? FileManager.default.removeItem(at: dir) }
        let message = try Self.failure(of: .clerk(.openResident(id: "1")), in: dir)
        #expect(message.contains("ファイルが壊れています"), "\(message)")
        for raw in ["SQLite error", "DatabaseError", "code:", "Error Domain", "operation:"] { #expect(!message.contains(raw), "\(message)") }
    }
}
