import Foundation

/// A clerk who may sign in at the counter, as kept in `config.yaml` under `clerks:`.
public struct ClerkAccount: Codable, Equatable, Sendable {
    /// What a clerk may do.
    public enum Role: String, Codable, Sendable, CaseIterable {
        case clerk
        case supervisor

        /// 職員 or 管理者, as every face lists it.
        public var title: String { self == .supervisor ? "管理者" : "職員" }
    }

    /// 無効, ロック中 or 有効, as every face lists it.
    public var stateTitle: String { disabled ? "無効" : (locked ? "ロック中" : "有効") }

    /// The id written to the journal (ASCII letters, digits, `-`, `_`, `.`).
    public var id: String
    /// The name in the title bar and on printed forms.
    public var name: String
    public var role: Role
    /// `PINHash` encoding; never the PIN.
    public var pinHash: String
    /// Disabled by `madoguchi clerk disable`.
    public var disabled: Bool
    /// Locked after too many wrong PINs; `madoguchi clerk unlock` clears it.
    public var locked: Bool
    /// Wrong PINs since the last right one, kept across restarts; `maxFailedAttempts` lock.
    public var failedPINs: Int
    /// The clerk's own 宛名番号 (optional): the review lists every access to their own household.
    public var residentID: String?

    public init(id: String, name: String, role: Role = .clerk, pinHash: String, disabled: Bool = false, locked: Bool = false,
                failedPINs: Int = 0) {
        self.id = id
        self.name = name
        self.role = role
        self.pinHash = pinHash
        self.disabled = disabled
        self.locked = locked
        self.failedPINs = failedPINs
    }

    enum CodingKeys: String, CodingKey {
        case id, name, role, pinHash = "pin_hash", disabled, locked, failedPINs = "failed_pins", residentID = "resident_id"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        name = try c.decodeIfPresent(String.self, forKey: .name) ?? id
        role = try c.decodeIfPresent(Role.self, forKey: .role) ?? .clerk
        pinHash = try c.decode(String.self, forKey: .pinHash)
        disabled = try c.decodeIfPresent(Bool.self, forKey: .disabled) ?? false
        locked = try c.decodeIfPresent(Bool.self, forKey: .locked) ?? false
        failedPINs = try c.decodeIfPresent(Int.self, forKey: .failedPINs) ?? 0
        residentID = try c.decodeIfPresent(String.self, forKey: .residentID)
    }

    /// Whether `id` is usable as a clerk id (it goes into journal records).
    public static func isValidID(_ id: String) -> Bool {
        (1...32).contains(id.utf8.count) && id.utf8.allSatisfy {
            ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A)
                || $0 == 0x2D || $0 == 0x5F || $0 == 0x2E
        }
    }

    /// Wrong PINs in a row that lock a clerk.
    public static let maxFailedAttempts = 5
}
