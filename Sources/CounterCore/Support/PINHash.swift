import _CryptoExtras
import Crypto
import Foundation

/// A clerk's PIN as a salted slow hash (PBKDF2-HMAC-SHA256): the PIN itself is never stored.
///
/// Encoded as `pbkdf2-sha256$<iterations>$<salt base64>$<hash base64>`, so the iteration
/// count can be raised later without invalidating existing hashes.
public enum PINHash {
    /// Iterations for new hashes.
    public static let defaultIterations = 120_000
    /// Hashes with fewer iterations than this are refused as too weak.
    public static let minimumIterations = 100_000

    /// Digits of a new PIN, at least (a million PINs to guess; README, "PINs").
    public static let minimumLength = 6
    public static let maximumLength = 12

    /// A new PIN is 6 to 12 ASCII digits. (The demo's own clerk keeps its documented 0000.)
    public static func isAcceptable(_ pin: String) -> Bool {
        (minimumLength...maximumLength).contains(pin.utf8.count) && pin.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    /// The encoded hash of `pin` with a fresh random salt.
    public static func make(pin: String, iterations: Int = defaultIterations) -> String {
        var salt = [UInt8](repeating: 0, count: 16)
        var generator = SystemRandomNumberGenerator()
        for i in salt.indices { salt[i] = UInt8.random(in: 0...255, using: &generator) }
        let hash = derive(pin: pin, salt: salt, iterations: iterations)
        return "pbkdf2-sha256$\(iterations)$\(Data(salt).base64EncodedString())$\(Data(hash).base64EncodedString())"
    }

    /// Whether `pin` matches `encoded`; false for anything malformed or too weak.
    public static func verify(pin: String, encoded: String) -> Bool {
        let parts = encoded.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "pbkdf2-sha256", let iterations = Int(parts[1]),
              iterations >= minimumIterations, iterations <= 10_000_000,
              let salt = Data(base64Encoded: String(parts[2])), let expected = Data(base64Encoded: String(parts[3])),
              !salt.isEmpty, expected.count == 32 else { return false }
        let actual = derive(pin: pin, salt: [UInt8](salt), iterations: iterations)
        guard actual.count == expected.count else { return false }
        // Constant-time comparison.
        var difference: UInt8 = 0
        for (a, b) in zip(actual, expected) { difference |= a ^ b }
        return difference == 0
    }

    /// PBKDF2 (RFC 8018) with HMAC-SHA256, 32 bytes, by swift-crypto (BoringSSL).
    static func derive(pin: String, salt: [UInt8], iterations: Int) -> [UInt8] {
        let key = try? KDF.Insecure.PBKDF2.deriveKey(from: Array(pin.utf8), salt: salt, using: .sha256, outputByteCount: 32,
                                                    unsafeUncheckedRounds: max(1, iterations))
        return key.map { $0.withUnsafeBytes { Array($0) } } ?? []
    }
}
