/// The demo's stand-in for the card terminal on the counter: for a case it "approves" the
/// payment and shows the slip's numbers, which the trainee then types as on a real slip.
///
/// Numbers are derived from the demo session's seed and the case number, so a session
/// replays the same way and two cases never share a slip.
public struct SimulatedPaymentTerminal: Equatable, Sendable {
    public var seed: UInt64
    /// The simulated terminal's 端末番号.
    public static let terminalID = "SIM-01"

    public init(seed: UInt64) { self.seed = seed }

    /// (伝票番号, 承認番号) for `caseID`.
    public func slip(for caseID: String) -> (slip: String, approval: String) {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325 ^ seed
        for byte in caseID.utf8 {
            h ^= UInt64(byte)
            h = h &* 0x0000_0100_0000_01B3
        }
        // SplitMix64 finalizer for well-spread digits.
        var z = h &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        let approval = String(100_000 + z % 900_000)
        let slip = String(10_000 + (z >> 32) % 90_000)
        return (slip, approval)
    }
}
