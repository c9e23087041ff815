import Foundation
import Testing
@testable import CounterCore

@Suite struct PINHashTests {
    /// RFC 7914 §11 / widely published PBKDF2-HMAC-SHA256 vector: "passwd", "salt", 1 iteration.
    @Test func derivationMatchesThePublishedVector() {
        let key = PINHash.derive(pin: "passwd", salt: Array("salt".utf8), iterations: 1)
        #expect(key.map { String(format: "%02x", $0) }.joined() == "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc")
    }

    /// Computed with Python's hashlib.pbkdf2_hmac for PIN 1234.
    @Test func verifiesAHashMadeElsewhere() {
        let encoded = "pbkdf2-sha256$100000$bWFkb2d1Y2hpLWUyZS0xNg==$uLBQs4nCV8HCXZod0jccc1X4VpvS/Ve6sq6VDZ19r5M="
        #expect(PINHash.verify(pin: "1234", encoded: encoded))
        #expect(!PINHash.verify(pin: "1235", encoded: encoded))
    }

    @Test func freshHashesAreSaltedAndWeakOnesRefused() {
        let a = PINHash.make(pin: "0000", iterations: 100_000)
        let b = PINHash.make(pin: "0000", iterations: 100_000)
        #expect(a != b)
        #expect(PINHash.verify(pin: "0000", encoded: a))
        let weak = "pbkdf2-sha256$1000$" + a.split(separator: "$")[2] + "$" + a.split(separator: "$")[3]
        #expect(!PINHash.verify(pin: "0000", encoded: weak))
        #expect(!PINHash.isAcceptable("12a4"))
        #expect(!PINHash.isAcceptable("0000"))
        #expect(!PINHash.isAcceptable("12345"))
        #expect(PINHash.isAcceptable("000000"))
    }

    @Test func configWithClerksRoundTripsAtomically() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cfg-\(UUID().uuidString)")
        let config = AppConfig(terminalID: "mado-01", idleLockMinutes: 0.5, paymentTerminal: "PT-1",
                               clerks: [ClerkAccount(id: "c1", name: "山田", role: .supervisor, pinHash: "x", locked: true)])
        try config.save(dataDirectory: dir)
        let loaded = try AppConfig.load(dataDirectory: dir)
        #expect(loaded == config)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty)
    }

    @Test func savingWritesJapaneseAndIntegersAndKeepsTheCitysOtherKeys() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cfg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("config.yaml")
        try """
        terminal_id: mado-01
        city_name: 会津若松市
        counter_label: 本庁舎1階 総合窓口
        idle_lock_minutes: 10
        printer: lp-1f
        receipt_footer:
          - 会津若松市役所 市民課
          - "0242-39-1111"
        """.write(to: url, atomically: true, encoding: .utf8)
        var config = try AppConfig.load(dataDirectory: dir)
        config.printer = nil
        config.clerks.append(ClerkAccount(id: "k07", name: "佐藤 花子", role: .supervisor, pinHash: "x"))
        try config.save(dataDirectory: dir)
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(!text.contains("\\u"), "\(text)")
        #expect(text.contains("city_name: 会津若松市"))
        #expect(text.contains("name: 佐藤 花子"))
        #expect(text.contains("idle_lock_minutes: 10\n"), "\(text)")
        #expect(!text.contains("e+"))
        // The city's own keys stay, in their place; the removed printer is gone.
        #expect(text.contains("counter_label: 本庁舎1階 総合窓口"))
        #expect(text.contains("- 会津若松市役所 市民課"))
        #expect(text.contains("0242-39-1111"))
        #expect(!text.contains("printer"))
        let order = ["terminal_id", "city_name", "counter_label", "idle_lock_minutes", "receipt_footer", "clerks"]
            .map { text.range(of: $0 + ":")?.lowerBound }
        #expect(order.allSatisfy { $0 != nil })
        #expect(order.compactMap { $0 } == order.compactMap { $0 }.sorted())
        #expect(try AppConfig.load(dataDirectory: dir) == config)
        // A fraction stays a fraction; a number-like string stays a string.
        let other = AppConfig(terminalID: "1e+1", idleLockMinutes: 0.5)
        try other.save(dataDirectory: dir)
        #expect(try AppConfig.load(dataDirectory: dir) == other)
    }
}
