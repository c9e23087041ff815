import Foundation
import JapaneseKit

/// Where the engine gets "now". Injected everywhere so tests run on a fixed clock.
public protocol WallClock: Sendable {
    func now() -> Date
}

extension WallClock {
    /// Today in Japan.
    public func today() -> CivilDate { CivilDate(now()) }
}

/// The real clock.
public struct SystemClock: WallClock {
    public init() {}
    public func now() -> Date { Date() }
}

/// A clock that stands still (or moves only when told), for tests and demos.
public final class FixedClock: WallClock, @unchecked Sendable {
    // Safe: every access to `current` holds `lock`.
    private let lock = NSLock()
    private var current: Date

    public init(_ date: Date) { current = date }

    /// A clock at `iso` (e.g. `2026-11-25T09:00:00+09:00`).
    public convenience init(iso: String) {
        let formatter = ISO8601DateFormatter()
        guard let date = formatter.date(from: iso) else { preconditionFailure("bad ISO date-time: \(iso)") }
        self.init(date)
    }

    public func now() -> Date { lock.withLock { current } }

    public func advance(seconds: TimeInterval) { lock.withLock { current += seconds } }

    public func set(_ date: Date) { lock.withLock { current = date } }
}
