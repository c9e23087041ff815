import Foundation
import Testing

@Suite struct CommandLineTests {
    @Test func versionAndBadUsage() throws {
        let version = try Binary.run(["--version"])
        #expect(version.status == 0)
        #expect(version.stdout.contains("0.1.0"))
        let bad = try Binary.run(["--no-such-option"])
        #expect(bad.status == 2)
        #expect(bad.stdout.isEmpty)
    }
}
