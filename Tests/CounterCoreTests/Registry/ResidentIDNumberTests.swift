@testable import CounterCore
import Foundation
import GRDB
import JapaneseKit
import Testing

/// A 宛名番号 is not a 個人番号: 12- and 15-digit 宛名番号 whose digits pass the 個人番号 check
/// digit or Luhn are imported, found, viewed and journaled as ids; the same digits anywhere
/// else are refused.
@Suite struct ResidentIDNumberTests {
    /// Passes the 個人番号 check digit.
    static let twelve = "100000000005"
    /// Passes Luhn.
    static let fifteen = "100000000000009"
    /// Passes the check digit but is nobody's 宛名番号.
    static let stranger = "100000000013"

    func registry(_ dir: TempDir) throws -> (ResidentRegistry, AccessTrail) {
        let rows = [
            [Self.twelve, Self.twelve, "山田 太郎", "ヤマダ タロウ", "1950-04-01", "1", "世帯主", "1", "", "いわき市平字田町1", "0"],
            [Self.fifteen, Self.twelve, "山田 花子", "ヤマダ ハナコ", "1952-03-02", "2", "妻", "1", "", "いわき市平字田町1", "0"],
            ["１２３４５６７", "200000000001", "髙橋 ハル", "タカハシ ハル", "1940-07-07", "2", "世帯主", "1", "", "いわき市小名浜", "1"],
        ]
        let summary = try ResidentImporter(dataDirectory: dir.data).run(file: dir.file("ids.csv", Fixture.csv(rows: rows)))
        #expect(summary.imported == 3)
        let trail = try AccessTrail(dir)
        return (try ResidentRegistry(dataDirectory: dir.data, accessLog: trail.log), trail)
    }

    @Test func twelveAndFifteenDigitResidentIDsAreImportedFoundAndJournaled() throws {
        #expect(SensitiveNumbers.firstKind(in: Self.twelve) == .myNumber)
        #expect(SensitiveNumbers.firstKind(in: Self.fifteen) == .cardNumber)
        let dir = TempDir()
        let (registry, trail) = try registry(dir)
        #expect(try registry.search(Self.twelve, clerk: "k1").map(\.id) == [Self.twelve])
        let fullWidth = String(String.UnicodeScalarView(Self.fifteen.unicodeScalars.map { Unicode.Scalar($0.value - 0x30 + 0xFF10)! }))
        #expect(try registry.search(fullWidth, clerk: "k1").map(\.id) == [Self.fifteen])
        #expect(try registry.resident(id: Self.fifteen, clerk: "k1").name == "山田 花子")
        let viewed = try registry.residentWithHousehold(id: Self.twelve, clerk: "k1")
        #expect(viewed.household.map(\.id) == [Self.twelve, Self.fifteen])
        #expect(try trail.records() == [
            .init(clerk: "k1", action: "search", query: Self.twelve, residents: [Self.twelve]),
            .init(clerk: "k1", action: "search", query: Self.fifteen, residents: [Self.fifteen]),
            .init(clerk: "k1", action: "view", query: nil, residents: [Self.fifteen]),
            .init(clerk: "k1", action: "view", query: nil, residents: [Self.twelve, Self.fifteen]),
        ])
        // Issuance and case records name the subject by the same id.
        try trail.journal.append(.formPrinted, clerk: "k1", fields: ["subject": .string(Self.twelve), "form": "juminhyo"])
        try trail.journal.append(.caseOpened, clerk: "k1", fields: ["subject": .string(Self.fifteen), "applicant": .string(Self.twelve)])
    }

    @Test func theSameDigitsOutsideAResidentIDFieldOrUnregisteredAreRefused() throws {
        let dir = TempDir()
        let (registry, trail) = try registry(dir)
        let before = trail.journal.lastSeq
        let refusals: [([String: JournalValue], String, SensitiveNumbers.Kind)] = [
            (["reason": .string(Self.twelve)], "reason", .myNumber),
            (["memo": .string("宛名番号 " + Self.fifteen)], "memo", .cardNumber),
            (["subject": .string(Self.stranger)], "subject", .myNumber),
            (["subject": .string("1000 0000 0005")], "subject", .myNumber),
            (["residents": .array([.string(Self.twelve), .string(Self.stranger)])], "residents[1]", .myNumber),
            (["subject": .object(["note": .string(Self.twelve)])], "subject.note", .myNumber),
        ]
        for (fields, path, kind) in refusals {
            #expect(throws: JournalError.sensitiveNumber(field: path, kind: kind)) {
                try trail.journal.append(.access, clerk: "k1", fields: fields)
            }
        }
        #expect(trail.journal.lastSeq == before)
        // A 個人番号 typed where a 宛名番号 goes is neither searched, logged nor echoed.
        #expect(throws: RegistryError.sensitiveQuery) { try registry.search(Self.stranger, clerk: "k1") }
        #expect(throws: RegistryError.sensitiveQuery) { try registry.resident(id: Self.stranger, clerk: "k1") }
        #expect(throws: RegistryError.sensitiveQuery) { try registry.residentWithHousehold(id: Self.stranger, clerk: "k1") }
        #expect(!RegistryError.sensitiveQuery.message.contains("0000"))
        #expect(try trail.records().isEmpty)
        // An ordinary unknown id is still logged and named.
        #expect(throws: RegistryError.notFound(id: "9999")) { try registry.resident(id: "9999", clerk: "k1") }
        #expect(try trail.records().count == 1)
    }

    @Test func theRejectFileNeverCopiesARefusedValueAndGuardsFormulas() throws {
        let dir = TempDir()
        let header = Fixture.header + ["個人番号", "備考"]
        let good = Fixture.rows.map { $0 + ["123456789018", ""] }
        var card = Fixture.rows[0]; card[0] = "1050"; card[9] = "いわき市平 4111 1111 1111 1111"
        var memo = Fixture.rows[0]; memo[0] = "1051"; memo[4] = "2019-02-30"
        var formula = Fixture.rows[0]; formula[0] = "1052"; formula[4] = "=HYPERLINK(\"http://x\")"
        // A card number spread over neighbouring cells, which a spreadsheet row shows as one.
        var spread = Fixture.rows[0]; spread[0] = "1053"; spread[4] = "5555"; spread[5] = "5555"; spread[6] = "5555"; spread[7] = "4444"
        let rows = good + [card + ["987654321093", ""], memo + ["", "カード No4577-1200-5678-3047"], formula + ["", "@SUM(A1)"],
                           spread + ["", ""]]
        let reject = dir.url.appendingPathComponent("r.rejected.csv")
        let summary = try ResidentImporter(dataDirectory: dir.data).run(
            file: dir.file("r.csv", Fixture.csv(header: header, rows: rows)),
            options: ImportOptions(mapping: ColumnMapping(ignore: ["備考"]), skipInvalid: true, dropMyNumber: true, rejectFile: reject))
        #expect(summary.imported == 4)
        #expect(summary.rejected == 4)
        let text = try String(contentsOf: reject, encoding: .utf8)
        #expect(!text.contains("5555,5555") && !text.contains(",4444"), "\(text)")
        for digits in ["4111", "123456789018", "987654321093", "4577", "3047"] { #expect(!text.contains(digits), "\(digits)") }
        #expect(!text.contains("個人番号,"))
        #expect(text.contains(ResidentImporter.removedCell))
        #expect(text.contains("'=HYPERLINK") && text.contains("'@SUM(A1)"))
        #expect(!text.contains(",=") && !text.contains(",@"))
        let mode = try FileManager.default.attributesOfItem(atPath: reject.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        // A reject file left from before, readable by others, is replaced by a private one.
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: reject.path)
        _ = try ResidentImporter(dataDirectory: dir.data).run(
            file: dir.file("r.csv", Fixture.csv(header: header, rows: rows)),
            options: ImportOptions(mapping: ColumnMapping(ignore: ["備考"]), skipInvalid: true, dropMyNumber: true, rejectFile: reject))
        #expect(try FileManager.default.attributesOfItem(atPath: reject.path)[.posixPermissions] as? Int == 0o600)
    }

    @Test func aHeaderCellWithASensitiveNumberIsNamedByPosition() throws {
        let dir = TempDir()
        let file = dir.file("h.csv", Fixture.csv(header: Fixture.header + ["4577-1200-5678-3047"], rows: Fixture.rows.map { $0 + [""] }))
        do {
            _ = try ResidentImporter(dataDirectory: dir.data).run(file: file)
            Issue.record("accepted")
        } catch {
            #expect(error.messages == ["line 1, column 12列目: " + ImportReason.sensitiveNumber.message])
        }
    }

    /// When most 12-digit 宛名番号 carry a valid 個人番号 check digit the column may hold
    /// 個人番号: the import says so (a city whose ids use the same check digit can go on).
    @Test func manyMyNumberShapedIDsAreWarnedAbout() throws {
        func rows(_ ids: [String]) -> [[String]] {
            ids.map { [$0, $0, "山田 太郎", "ヤマダ タロウ", "1950-04-01", "1", "世帯主", "1", "", "いわき市平", "0"] }
        }
        let valid = (100_000_000_000..<100_000_001_000).map { String($0) }.filter { SensitiveNumbers.firstKind(in: $0) == .myNumber }
        let ordinary = (200_000_000_000..<200_000_000_100).map { String($0) }.filter { SensitiveNumbers.firstKind(in: $0) == nil }
        let dir = TempDir()
        let shaped = try ResidentImporter(dataDirectory: dir.data).run(file: dir.file("a.csv", Fixture.csv(rows: rows(Array(valid.prefix(30))))))
        #expect(shaped.imported == 30)
        #expect(shaped.warnings.count == 1 && shaped.warnings[0].contains("30 件のうち 30 件"))
        let mixed = Array(valid.prefix(3)) + Array(ordinary.prefix(27))
        let chance = try ResidentImporter(dataDirectory: dir.data).run(file: dir.file("b.csv", Fixture.csv(rows: rows(mixed))))
        #expect(chance.imported == 30 && chance.warnings.isEmpty)
    }
}
