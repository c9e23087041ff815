#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import JapaneseKit

/// An independent note of where a terminal's journal ended when it was last acknowledged:
/// the file, the seq and the hash of the last line written (record or header).
///
/// The journal's own files cannot show that their last lines were cut off: a shorter file
/// is still a valid chain. The witness can. It is kept outside the journal directory
/// (`<data-dir>/state/witness/` by default, and in every `witness_dir` configured), one file
/// per terminal and mode, `<terminal-id>.<live|training>.witness`, written 0600 after each
/// line is durable in the journal, so it is never ahead of what was acknowledged.
///
/// The file holds two 512-byte slots, each one hash-sealed JSON line; a record of seq n goes
/// into slot n % 2 and a header into the slot of the record after it, so a write cut short
/// leaves the other slot, one line behind, intact. The witness is not fsynced: after a power
/// loss it may be behind the journal (never ahead), which it is allowed to be.
///
/// What it can and cannot prove is in README.md: someone who can rewrite every file as the
/// counter's user can rewrite the witness too; a witness on another machine or user's share,
/// the printed seal hash and (later) the hub are what such a person cannot reach.
public struct JournalWitness: Sendable {
    /// Where the journal ended: the last line acknowledged.
    public struct Entry: Equatable, Sendable {
        public var terminal: String
        public var mode: JournalMode
        public var date: CivilDate
        public var segment: Int
        /// The record's seq, or for a header its `prev_seq`.
        public var seq: Int
        public var hash: String
        /// True when the line is a file's header (no record written in that file yet).
        public var header: Bool

        /// Later entries win: a higher seq, or the header that follows the record of the same seq.
        func isAfter(_ other: Entry) -> Bool { (seq, header ? 1 : 0) > (other.seq, other.header ? 1 : 0) }

        var slot: Int { (header ? seq + 1 : seq) % 2 }
    }

    /// What reading one witness file found.
    public enum Reading: Equatable, Sendable {
        case absent
        /// The file exists but neither slot holds a sealed entry.
        case unreadable
        case entry(Entry)
    }

    static let slotSize = 512

    /// `<data-dir>/state/witness` for the journal `<data-dir>/journal`.
    public static func defaultDirectory(journal: URL) -> URL {
        journal.standardizedFileURL.deletingLastPathComponent().appendingPathComponent("state/witness", isDirectory: true)
    }

    /// The default directory, then each of `extra` not already named.
    public static func directories(journal: URL, extra: [URL] = []) -> [URL] {
        var result = [defaultDirectory(journal: journal)]
        for url in extra.map(\.standardizedFileURL) where !result.contains(url) { result.append(url) }
        return result
    }

    static func fileURL(in directory: URL, terminal: String, mode: JournalMode) -> URL {
        directory.appendingPathComponent("\(terminal).\(mode.rawValue.lowercased()).witness")
    }

    /// The witness of `terminal` in `directory`.
    public static func read(directory: URL, terminal: String, mode: JournalMode) -> Reading {
        read(fileURL(in: directory, terminal: terminal, mode: mode).path)
    }

    static func read(_ path: String) -> Reading {
        guard let bytes = try? JournalIO.readAll(path), !bytes.isEmpty else { return .absent }
        var best: Entry?
        var start = 0
        while start < bytes.count {
            let end = min(bytes.count, start + slotSize)
            if let entry = decode(Array(bytes[start..<end])), best.map({ entry.isAfter($0) }) ?? true { best = entry }
            start = end
        }
        return best.map(Reading.entry) ?? .unreadable
    }

    /// The latest entry over several witness files, and whether any was there but unreadable.
    static func latest(_ readings: [Reading]) -> Entry? {
        var best: Entry?
        for case .entry(let e) in readings where best.map({ e.isAfter($0) }) ?? true { best = e }
        return best
    }

    static func encode(_ e: Entry) -> [UInt8] {
        let members: [(String, JournalValue)] = [
            ("witness", "madoguchi"), ("terminal", .string(e.terminal)), ("mode", .string(e.mode.rawValue)),
            ("date", .string(e.date.iso)), ("segment", .int(e.segment)), ("seq", .int(e.seq)),
            ("line_hash", .string(e.hash)), ("header", .bool(e.header)),
        ]
        var line = JournalLine.seal(members, prev: JournalHeader.genesisHash).line
        line.removeLast()  // the newline goes at the end of the slot
        line += [UInt8](repeating: 0x20, count: max(0, slotSize - 1 - line.count))
        line.append(0x0A)
        return line
    }

    static func decode(_ slot: [UInt8]) -> Entry? {
        var end = slot.count
        while end > 0, slot[end - 1] == 0x20 || slot[end - 1] == 0x0A { end -= 1 }
        guard end > 0 else { return nil }
        let d = slot.withUnsafeBufferPointer { JournalLine.decode(UnsafeBufferPointer(rebasing: $0[0..<end])) }
        guard d.hashValid, let members = d.members else { return nil }
        var m: [String: JournalValue] = [:]
        for (k, v) in members { m[k] = v }
        guard m["witness"]?.stringValue == "madoguchi", let terminal = m["terminal"]?.stringValue,
              let mode = m["mode"]?.stringValue.flatMap(JournalMode.init(rawValue:)),
              let date = m["date"]?.stringValue.flatMap(CivilDate.init(iso:)), let segment = m["segment"]?.intValue,
              let seq = m["seq"]?.intValue, let hash = m["line_hash"]?.stringValue, JournalLine.isHash(hash),
              case .bool(let header)? = m["header"] else { return nil }
        return Entry(terminal: terminal, mode: mode, date: date, segment: segment, seq: seq, hash: hash, header: header)
    }

    /// Keeps the witness files of one journal up to date. Used only under the journal's lock.
    final class Writer {
        private var files: [(path: String, fd: Int32)] = []
        /// The latest entry known to be on disk; nothing older is ever written over it.
        private var floor: Entry?
        /// Witness files that could not be opened or written (the journal goes on; verify warns).
        private(set) var problems: [String] = []

        init(directories: [URL], terminal: String, mode: JournalMode) {
            for dir in directories {
                let path = JournalWitness.fileURL(in: dir, terminal: terminal, mode: mode).path
                do {
                    try JournalIO.makeDirectories(dir.path, permissions: 0o700)
                    let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
                    guard fd >= 0 else { throw JournalIO.Failure(operation: "open", path: path, code: errno) }
                    files.append((path, fd))
                } catch {
                    problems.append(path)
                }
            }
        }

        deinit { for file in files { closeDescriptor(file.fd) } }

        /// At least one witness file is open.
        var isKept: Bool { !files.isEmpty }

        /// The latest entry over every witness file (re-read: another process may have written).
        func latest() -> Entry? {
            let found = JournalWitness.latest(files.map { JournalWitness.read($0.path) })
            if let found, floor.map({ found.isAfter($0) }) ?? true { floor = found }
            return found
        }

        /// Writes `entry` unless the witness already holds a later one (a header linking back to
        /// fewer records than the witness saw must not hide them).
        func write(_ entry: Entry) {
            if let floor, !entry.isAfter(floor) { return }
            floor = entry
            let bytes = JournalWitness.encode(entry)
            let offset = off_t(entry.slot * JournalWitness.slotSize)
            for file in files {
                let n = bytes.withUnsafeBytes { pwrite(file.fd, $0.baseAddress, $0.count, offset) }
                if n != bytes.count, !problems.contains(file.path) { problems.append(file.path) }
            }
        }
    }
}
