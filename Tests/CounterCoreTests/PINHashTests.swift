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
}
