@testable import CounterCore
import Foundation
import JapaneseKit
import Testing

/// A fresh journal directory for one test; on exit every file written under it is scanned
/// for card numbers and 個人番号 (none may ever reach the disk), then it is removed.
func withJournalDirectory<T>(_ body: (URL) throws -> T) throws -> T {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("journal-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    defer {
        let planted = TestInputs.shared.take(root)
        for (path, kind) in sensitiveRuns(under: root, ignoring: planted) {
            Issue.record("a \(kind) run was written to \(path)")
        }
        try? FileManager.default.removeItem(at: root)
    }
    return try body(root.appendingPathComponent("journal"))
}

/// Lines a test wrote itself (damaged copies in fault tests): a flipped bit can turn a hash
/// into something card-like, and that is the test's doing, not the journal's.
final class TestInputs: @unchecked Sendable {
    // Safe: `lines` is only touched while holding `lock`.
    private let lock = NSLock()
    private var lines: [String: Set<String>] = [:]
    static let shared = TestInputs()

    /// Records the lines of `bytes`, written by a test under the journal directory `dir`.
    func plant(_ bytes: [UInt8], in dir: URL) {
        let key = dir.deletingLastPathComponent().path
        let text = String(decoding: bytes, as: UTF8.self).split(separator: "\n").map(String.init)
        lock.withLock { lines[key, default: []].formUnion(text) }
    }

    func take(_ root: URL) -> Set<String> { lock.withLock { lines.removeValue(forKey: root.path) ?? [] } }
}

/// Every file under `root` whose bytes (read as text) hold a card-number-like run or a 個人番号,
/// leaving out lines a test planted itself.
func sensitiveRuns(under root: URL, ignoring planted: Set<String> = []) -> [(String, SensitiveNumbers.Kind)] {
    var found: [(String, SensitiveNumbers.Kind)] = []
    guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { return [] }
    for case let url as URL in walker {
        guard let data = FileManager.default.contents(atPath: url.path) else { continue }
        let text = String(decoding: data, as: UTF8.self)
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) where !planted.contains(String(line)) {
            if let kind = SensitiveNumbers.firstKind(in: String(line)) { found.append((url.path, kind)) }
        }
    }
    return found
}

/// 2026-11-25 09:00 in Japan.
func morningClock() -> FixedClock { FixedClock(iso: "2026-11-25T09:00:00+09:00") }

let november25 = CivilDate(year: 2026, month: 11, day: 25)!

func fileBytes(_ url: URL) -> [UInt8] { Array(FileManager.default.contents(atPath: url.path) ?? Data()) }

func lines(of url: URL) -> [String] {
    String(decoding: fileBytes(url), as: UTF8.self).split(separator: "\n").map(String.init)
}
