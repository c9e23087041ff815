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
        for (path, kind) in sensitiveRuns(under: root) {
            Issue.record("a \(kind) run was written to \(path)")
        }
        try? FileManager.default.removeItem(at: root)
    }
    return try body(root.appendingPathComponent("journal"))
}

/// Every file under `root` whose bytes (read as text) hold a card-number-like run or a 個人番号.
func sensitiveRuns(under root: URL) -> [(String, SensitiveNumbers.Kind)] {
    var found: [(String, SensitiveNumbers.Kind)] = []
    guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { return [] }
    for case let url as URL in walker {
        guard let data = FileManager.default.contents(atPath: url.path) else { continue }
        let text = String(decoding: data, as: UTF8.self)
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
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
