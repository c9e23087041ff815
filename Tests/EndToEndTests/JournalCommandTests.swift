import CounterCore
import Foundation
import JapaneseKit
import Testing

@Suite struct JournalCommandTests {
    /// A data directory with one terminal's journal for 2026-11-25 (three records).
    static func dataDirectory() throws -> (URL, URL) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("journal-cli-\(UUID().uuidString)")
        let clock = FixedClock(iso: "2026-11-25T09:00:00+09:00")
        let journal = try Journal.open(directory: root.appendingPathComponent("journal"), terminalID: "mado-01",
                                       mode: .live, clock: clock)
        try journal.append(.access, clerk: "k0123", fields: ["resident": "1234567", "action": "view"])
        clock.advance(seconds: 60)
        try journal.append(.formPrinted, clerk: "k0123", fields: ["form": "juminhyo", "copies": 2,
                                                                  "memo": "\u{1B}[2J\u{9B}31m\u{202E}逆"])
        clock.advance(seconds: 60)
        try journal.append(.payment, clerk: "k0123", fields: ["amount": 300, "method": "paypay"])
        journal.close()
        return (root, root.appendingPathComponent("journal/2026/11/25/mado-01.jsonl"))
    }

    @Test func verifyPassesWarnsAndFailsWithItsExitStatus() throws {
        let (root, file) = try Self.dataDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let pass = try Binary.run(["journal", "verify", "--date", "2026-11-25", "--data-dir", root.path])
        #expect(pass.status == 0, "\(pass.stderr)")
        #expect(pass.stdout.contains("PASS  2026/11/25/mado-01.jsonl  LIVE  3件  seq 1–3  09:00:00–09:02:00  last "))
        // 和暦 works too.
        #expect(try Binary.run(["journal", "verify", "--date", "R8.11.25", "--data-dir", root.path]).stdout == pass.stdout)

        // A crash leaves half a line: WARN, exit 1, and verify changes nothing.
        let original = try Data(contentsOf: file)
        let torn = original + Data("{\"seq\":4,\"ts\":\"2026-11-25T09:0".utf8)
        try torn.write(to: file)
        let warn = try Binary.run(["journal", "verify", "--from", "2026-11-24", "--to", "2026-11-25", "--data-dir", root.path])
        #expect(warn.status == 1)
        #expect(warn.stdout.contains("WARN TORN_TAIL  record 4  offset \(original.count)"))
        #expect(try Data(contentsOf: file) == torn)

        // A changed byte in record 2: FAIL, exit 2, named with its offset.
        var bytes = [UInt8](original)
        let lineStarts = [0] + bytes.indices.filter { bytes[$0] == 0x0A }.map { $0 + 1 }
        let target = bytes[lineStarts[2]...].firstIndex(of: UInt8(ascii: "2"))!  // inside "copies":2 … or the ts
        bytes[target] = UInt8(ascii: "3")
        try Data(bytes).write(to: file)
        let fail = try Binary.run(["journal", "verify", "--data-dir", root.path, "--date", "2026-11-25", "--json"])
        #expect(fail.status == 2)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(fail.stdout.utf8)) as? [String: Any])
        #expect(json["status"] as? String == "FAIL")
        let files = try #require(json["files"] as? [[String: Any]])
        let findings = try #require(files.first?["findings"] as? [[String: Any]])
        #expect(findings.first?["code"] as? String == "HASH_MISMATCH")
        #expect(findings.first?["record"] as? Int == 2)
        #expect(findings.first?["offset"] as? Int == lineStarts[2])
        #expect(files.first?["records"] as? Int == 3)
    }

    @Test func verifyRefusesBadUsage() throws {
        let (root, _) = try Self.dataDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let both = try Binary.run(["journal", "verify", "--date", "2026-11-25", "--from", "2026-11-01", "--to", "2026-11-25", "--data-dir", root.path])
        #expect(both.status == 2)
        #expect(both.stdout.isEmpty)
        let bad = try Binary.run(["journal", "verify", "--date", "2026-13-01", "--data-dir", root.path])
        #expect(bad.status == 2)
        #expect(!bad.stderr.isEmpty)
        let empty = try Binary.run(["journal", "verify", "--date", "2026-11-20", "--data-dir", root.path])
        #expect(empty.status == 0)
        #expect(empty.stdout.contains("ありません"))
    }

    @Test func showListsRecordsSanitized() throws {
        let (root, _) = try Self.dataDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        try TestClerks.write(to: root, terminalID: "mado-01", clerks: ["k0123"])
        // The records say who looked at whom: a clerk is refused, a supervisor signs in.
        let clerk = try Binary.run(["journal", "show", "--date", "2026-11-25", "--data-dir", root.path, "--clerk", "k0123"])
        #expect(clerk.status == 1 && clerk.stdout.isEmpty)
        #expect(clerk.stderr.contains("管理者の暗証番号が必要です"), "\(clerk.stderr)")
        let shown = try Binary.run(["journal", "show", "--date", "2026-11-25", "--data-dir", root.path, "--clerk", "sup1"])
        #expect(shown.status == 0)
        let rows = shown.stdout.split(separator: "\n")
        #expect(rows.count == 3)
        #expect(rows[0] == "09:00:00.000  mado-01  #1  access  k0123  action=view resident=1234567")
        #expect(rows[1].contains("memo=␛[2J<U+009B>31m<U+202E>逆"))
        #expect(!shown.stdout.unicodeScalars.contains { DisplaySanitizer.isForbidden($0) && $0 != "\n" })

        let payments = try Binary.run(["journal", "show", "--date", "2026-11-25", "--type", "payment", "--json", "--data-dir", root.path,
                                       "--clerk", "sup1"])
        #expect(payments.status == 0)
        let lines = payments.stdout.split(separator: "\n")
        #expect(lines.count == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(object["seq"] as? Int == 3)
        #expect((object["fields"] as? [String: Any])?["amount"] as? Int == 300)

        let unknown = try Binary.run(["journal", "show", "--type", "nope", "--data-dir", root.path, "--clerk", "sup1"])
        #expect(unknown.status == 2)
    }
}
