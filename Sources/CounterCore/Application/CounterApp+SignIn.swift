import Foundation

/// Sign-in, for the counter screen and for every command that records an act: the PIN is
/// checked against config.yaml (read afresh), every refusal is journaled, and wrong PINs are
/// counted in config.yaml so the count survives a restart; `ClerkAccount.maxFailedAttempts`
/// in a row lock the clerk until a supervisor unlocks them.
extension CounterApp {
    /// Checks `pin` for clerk `id`. `supervisor` demands the 管理者 role. `screen` writes the
    /// screen's `login` record (a command's records carry the clerk whose PIN it checked).
    ///
    /// Unknown ids and wrong PINs get one answer, so the counter never tells which ids exist;
    /// only the right PIN learns that its clerk is locked or disabled.
    @discardableResult
    public func signIn(id: String, pin: String, supervisor: Bool = false, screen: Bool = false,
                       unlocking: Bool = false) throws(CounterAppError) -> ClerkAccount {
        let config = (try? AppConfig.load(dataDirectory: directory.url)) ?? self.config
        let account = ClerkAccount.isValidID(id) ? config.clerk(id: id) : nil
        // The same slow hash for an unknown id, so timing does not tell either.
        let right = PINHash.verify(pin: pin, encoded: account?.pinHash ?? Self.decoyHash)
        guard var account, right else {
            try refuse(id: id, reason: "pin")
            // A locked clerk's wrong PINs still count: the supervisor sees every guess.
            if let account, !account.disabled { try countFailure(of: account.id) }
            throw .signIn(.wrongIDOrPIN)
        }
        // Read again under the lock: a lock set by a guess running alongside this one counts.
        try updateClerk(id) { current in
            account = current
            current.failedPINs = current.locked || current.disabled ? current.failedPINs : 0
        }
        if account.disabled {
            try refuse(id: id, reason: "disabled")
            throw .signIn(.disabled(id: id))
        }
        if account.locked {
            try refuse(id: id, reason: "locked")
            throw .signIn(.locked(id: id))
        }
        if supervisor, account.role != .supervisor {
            try refuse(id: id, reason: "not_supervisor")
            throw .signIn(.notSupervisor(id: id))
        }
        if screen {
            try engine {
                try journal.append(.login, clerk: id, fields: ["role": .string(account.role.rawValue), "unlock": .bool(unlocking)])
            }
        }
        return account
    }

    /// A well-formed hash no PIN matches (its digest is all zeros), at the default cost: checking
    /// an unknown id costs one PBKDF2, as a known one does. A constant, so no first use pays
    /// for making it (a lazily made decoy would cost an unknown id a second PBKDF2).
    static let decoyHash = "pbkdf2-sha256$\(PINHash.defaultIterations)$" + Data(count: 16).base64EncodedString()
        + "$" + Data(count: 32).base64EncodedString()

    private func refuse(id: String, reason: String) throws(CounterAppError) {
        let shown = ClerkAccount.isValidID(id) && SensitiveNumbers.firstKind(in: id) == nil ? id : "-"
        try engine {
            try journal.append(.signInRefused, clerk: Journal.systemClerk, fields: ["id": .string(shown), "reason": .string(reason)])
        }
    }

    /// One more wrong PIN for `id`; the lock (config.yaml and a `lock` record) at the limit.
    private func countFailure(of id: String) throws(CounterAppError) {
        var failures = 0
        var lockedNow = false
        try updateClerk(id) { account in
            account.failedPINs += 1
            failures = account.failedPINs
            if failures >= ClerkAccount.maxFailedAttempts, !account.locked {
                account.locked = true
                lockedNow = true
            }
        }
        if lockedNow {
            try engine { try journal.append(.lock, clerk: id, fields: ["reason": "pin_failures", "failures": .int(failures)]) }
        }
    }

    /// Changes one clerk in config.yaml (read afresh) and saves it, holding `.config.lock` so
    /// that guesses run side by side each count (none is lost to a concurrent rewrite); refuses
    /// an unknown id. Nothing is written when the change leaves the clerk as it was.
    public func updateClerk(_ id: String, refusing refusal: (AppConfig) -> CounterAppError? = { _ in nil },
                            _ change: (inout ClerkAccount) -> Void) throws(CounterAppError) {
        let lockFile = openLockFile(directory.url.appendingPathComponent(".config.lock").path)
        if lockFile >= 0 { flock(lockFile, LOCK_EX) }
        defer {
            if lockFile >= 0 {
                flock(lockFile, LOCK_UN)
                closeLockFile(lockFile)
            }
        }
        var config: AppConfig
        do { config = try AppConfig.load(dataDirectory: directory.url) } catch {
            throw .config(error as? ConfigError ?? .unreadable(path: directory.configFile.path, reason: CounterMessage.reason(for: error)))
        }
        guard let i = config.clerks.firstIndex(where: { $0.id == id }) else { throw .refused(SignInRefusal.unknownClerk.message) }
        if let refused = refusal(config) { throw refused }
        let before = config.clerks[i]
        change(&config.clerks[i])
        guard config.clerks[i] != before else { return }
        do { try config.save(dataDirectory: directory.url) } catch {
            throw .config(error as? ConfigError ?? .unwritable(path: directory.configFile.path, reason: CounterMessage.reason(for: error)))
        }
    }
}

/// Why a sign-in was refused.
public enum SignInRefusal: Error, Equatable, Sendable {
    /// Unknown id or wrong PIN (one answer for both).
    case wrongIDOrPIN
    /// The right PIN, but the clerk is locked after wrong PINs.
    case locked(id: String)
    /// The right PIN, but the clerk is disabled.
    case disabled(id: String)
    /// The act needs a supervisor (管理者).
    case notSupervisor(id: String)
    /// No PIN was given where one is needed.
    case noPIN
    /// A clerk the supervisor named is not registered.
    case unknownClerk

    public var message: String {
        switch self {
        case .wrongIDOrPIN:
            "担当者IDまたは暗証番号が違います。\(ClerkAccount.maxFailedAttempts) 回続けて間違えるとロックされます。"
        case .locked(let id):
            "担当者 \(id) は暗証番号の誤りが続いたためロックされています。管理者の解除（madoguchi clerk unlock \(id)）が必要です。"
        case .disabled(let id):
            "担当者 \(id) は無効になっています。管理者に確認してください。"
        case .notSupervisor(let id):
            "この操作には管理者の暗証番号が必要です（担当者 \(id) は管理者ではありません）。"
        case .noPIN:
            "暗証番号が必要です。"
        case .unknownClerk:
            "その担当者は登録されていません。madoguchi clerk list で確かめてください。"
        }
    }
}

extension CounterApp {
    /// What happened to a clerk account (`madoguchi clerk …`), for the supervisor's review.
    public enum ClerkChange: String, Sendable {
        case added, pinChanged = "pin_changed", unlocked, disabled
    }

    /// A `clerk_changed` record: which account, what changed, its role; `by` signed for it
    /// (`Journal.systemClerk` for the first clerk of a new data directory, whom nobody can sign for).
    public func recordClerkChange(_ change: ClerkChange, id: String, role: ClerkAccount.Role?, by signer: String) throws(CounterAppError) {
        var fields: [String: JournalValue] = ["id": .string(id), "change": .string(change.rawValue)]
        if let role { fields["role"] = .string(role.rawValue) }
        try engine { try journal.append(.clerkChanged, clerk: signer, fields: fields) }
    }

    /// Unlocks clerk `id` after wrong PINs (the count starts again), signed by `supervisor`: the
    /// change in config.yaml, then its `clerk_changed` record. `madoguchi clerk unlock` and the
    /// 担当者 screen both come here.
    public func unlockClerk(_ id: String, supervisor: String) throws(CounterAppError) {
        try requireSupervisor(supervisor)
        try updateClerk(id) { account in
            account.locked = false
            account.failedPINs = 0
        }
        try recordClerkChange(.unlocked, id: id, role: nil, by: supervisor)
    }

    /// Stops clerk `id` from signing in, signed by `supervisor`; refused for the last active
    /// supervisor (without one, nobody could sign for the clerks again). The check and the
    /// change run under the same config lock.
    public func disableClerk(_ id: String, supervisor: String) throws(CounterAppError) {
        try requireSupervisor(supervisor)
        try updateClerk(id, refusing: { config in
            guard config.clerk(id: id)?.role == .supervisor,
                  !config.clerks.contains(where: { $0.id != id && $0.role == .supervisor && !$0.disabled }) else { return nil }
            return .lastSupervisor(id: id)
        }) { $0.disabled = true }
        try recordClerkChange(.disabled, id: id, role: nil, by: supervisor)
    }

    /// The screen's `logout` record.
    public func signOut(clerk: String) throws(CounterAppError) {
        try engine { try journal.append(.logout, clerk: clerk, fields: [:]) }
    }

    /// The screen's `lock` record (`reason`: idle, or what locked it).
    public func lockScreen(clerk: String, reason: String) throws(CounterAppError) {
        try engine { try journal.append(.lock, clerk: clerk, fields: ["reason": .string(reason)]) }
    }
}

// File scope, where `open` and `close` are the system's, not `CounterApp`'s.
private func openLockFile(_ path: String) -> Int32 { open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600) }
private func closeLockFile(_ fd: Int32) { close(fd) }
