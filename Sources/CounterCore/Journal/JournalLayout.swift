import Foundation
import JapaneseKit

/// Where journal files live: `<journal>/YYYY/MM/DD/<terminal-id>.jsonl`, and after a
/// corrupted file `<terminal-id>.2.jsonl`, `.3.jsonl`… for the same day.
public struct JournalFileRef: Hashable, Sendable, Comparable {
    public let url: URL
    public let terminal: String
    public let date: CivilDate
    /// 1 for `<terminal-id>.jsonl`, n for `<terminal-id>.n.jsonl`.
    public let segment: Int

    public static func < (a: JournalFileRef, b: JournalFileRef) -> Bool {
        (a.date, a.terminal, a.segment) < (b.date, b.terminal, b.segment)
    }

    /// `YYYY/MM/DD/<name>`, the path shown to people.
    public var relativePath: String {
        let iso = date.iso
        return "\(iso.prefix(4))/\(iso.dropFirst(5).prefix(2))/\(iso.suffix(2))/\(url.lastPathComponent)"
    }
}

enum JournalLayout {
    static func dayDirectory(_ root: URL, _ date: CivilDate) -> URL {
        let iso = date.iso
        return root.appendingPathComponent(String(iso.prefix(4)), isDirectory: true)
            .appendingPathComponent(String(iso.dropFirst(5).prefix(2)), isDirectory: true)
            .appendingPathComponent(String(iso.suffix(2)), isDirectory: true)
    }

    static func fileName(terminal: String, segment: Int) -> String {
        segment == 1 ? "\(terminal).jsonl" : "\(terminal).\(segment).jsonl"
    }

    static func ref(_ root: URL, terminal: String, date: CivilDate, segment: Int) -> JournalFileRef {
        JournalFileRef(url: dayDirectory(root, date).appendingPathComponent(fileName(terminal: terminal, segment: segment)),
                       terminal: terminal, date: date, segment: segment)
    }

    /// A terminal id usable in a file name: ASCII letters, digits, `-` and `_`, 1–64 long.
    static func isValidTerminalID(_ id: String) -> Bool {
        !id.isEmpty && id.utf8.count <= 64 && id.utf8.allSatisfy { b in
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x2D || b == 0x5F
        }
    }

    /// `(terminal, segment)` for a journal file name; nil for anything else (torn copies too).
    static func parseFileName(_ name: String) -> (terminal: String, segment: Int)? {
        guard name.hasSuffix(".jsonl") else { return nil }
        let parts = name.dropLast(6).split(separator: ".", omittingEmptySubsequences: false)
        let terminal = String(parts[0])
        guard isValidTerminalID(terminal) else { return nil }
        if parts.count == 1 { return (terminal, 1) }
        guard parts.count == 2, let n = Int(parts[1]), n >= 2, String(n) == parts[1] else { return nil }
        return (terminal, n)
    }

    /// Journal files of one day, in (terminal, segment) order.
    static func files(_ root: URL, on date: CivilDate) -> [JournalFileRef] {
        let dir = dayDirectory(root, date)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir.path) else { return [] }
        return names.compactMap { name in
            parseFileName(name).map {
                JournalFileRef(url: dir.appendingPathComponent(name), terminal: $0.terminal, date: date, segment: $0.segment)
            }
        }.sorted()
    }

    /// Days that have a directory, newest first, on or before `date`.
    static func days(_ root: URL, onOrBefore date: CivilDate) -> [CivilDate] {
        func numbered(_ url: URL, digits: Int) -> [Int] {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: url.path) else { return [] }
            return names.compactMap { $0.count == digits && $0.allSatisfy(\.isASCII) ? Int($0) : nil }.sorted(by: >)
        }
        var result: [CivilDate] = []
        for y in numbered(root, digits: 4) where y <= date.year {
            let yURL = root.appendingPathComponent(String(format: "%04d", y))
            for m in numbered(yURL, digits: 2) {
                let mURL = yURL.appendingPathComponent(String(format: "%02d", m))
                for d in numbered(mURL, digits: 2) {
                    if let civil = CivilDate(year: y, month: m, day: d), civil <= date { result.append(civil) }
                }
            }
        }
        return result
    }

    /// The newest file of `terminal` strictly before `ref` (an earlier segment of the same
    /// day, else the last segment of the newest earlier day), or nil.
    static func predecessor(_ root: URL, of ref: JournalFileRef) -> JournalFileRef? {
        if ref.segment > 1 {
            let sameDay = files(root, on: ref.date).filter { $0.terminal == ref.terminal && $0.segment < ref.segment }
            if let last = sameDay.last { return last }
        }
        return latest(root, terminal: ref.terminal, onOrBefore: ref.date.adding(days: -1))
    }

    /// The newest file (highest segment of the newest day) of `terminal` on or before `date`.
    static func latest(_ root: URL, terminal: String, onOrBefore date: CivilDate) -> JournalFileRef? {
        for day in days(root, onOrBefore: date) {
            if let last = files(root, on: day).filter({ $0.terminal == terminal }).last { return last }
        }
        return nil
    }
}
