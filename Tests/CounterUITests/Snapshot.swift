import Foundation
import Testing
import TerminalKit

/// Whole-screen snapshots: the rows as text and the style mask, stored under Snapshots/.
/// Set MADOGUCHI_RECORD_SNAPSHOTS=1 to (re)record on purpose; otherwise a missing or
/// different snapshot fails.
enum Snapshot {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")

    static var recording: Bool { ProcessInfo.processInfo.environment["MADOGUCHI_RECORD_SNAPSHOTS"] == "1" }

    /// The snapshot text of `grid`: its rows, a separator, its style mask.
    static func text(of grid: CellGrid) -> String {
        (grid.rows + ["--- styles ---"] + grid.styleMask).joined(separator: "\n") + "\n"
    }

    static func assertMatches(_ grid: CellGrid, named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = directory.appendingPathComponent("\(name).txt")
        let actual = text(of: grid)
        if recording {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try actual.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            Issue.record("no snapshot \(url.lastPathComponent): run with MADOGUCHI_RECORD_SNAPSHOTS=1 to record it",
                         sourceLocation: sourceLocation)
            return
        }
        #expect(actual == expected, "snapshot \(name) differs", sourceLocation: sourceLocation)
    }

    /// Overwrites `rect` with `#` in the normal style so a changing value (a clock) does not
    /// make the snapshot flaky.
    static func mask(_ rect: Rect, in grid: inout CellGrid) {
        grid.put(String(repeating: "#", count: rect.width), at: rect.origin, maxWidth: rect.width, style: .muted)
    }
}
