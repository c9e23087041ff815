import CounterTestSupport
import Foundation
import Testing

/// `madoguchi prefill` against a registry imported from a small CSV.
@Suite struct PrefillCommandTests {
    static let header = "宛名番号,世帯番号,氏名,氏名フリガナ,旧氏,生年月日,性別,続柄,世帯主氏名,郵便番号,住所,方書,本籍,筆頭者,"
        + "住民となった日,住民状態,異動日,支援措置,国民健康保険,後期高齢者医療,介護保険,要介護認定,国民年金,年金受給,障害者手帳,"
        + "児童手当受給者,印鑑登録,マイナンバーカード,固定資産納税義務者,軽自動車税,市営住宅名義人,水道契約者"
    static let rows = [
        "1001,2001,山田 太郎,ヤマダ タロウ,,1950-04-01,1,世帯主,山田 太郎,970-8686,いわき市平字梅本21番地,梅本ハイツ101,いわき市平字梅本21番地,山田 太郎,1950-04-01,1,,0,1,0,0,0,0,0,0,0,1,0,0,0,0,0",
        "1002,2001,山田 花子,ヤマダ ハナコ,,1952-08-15,2,妻,山田 太郎,970-8686,いわき市平字梅本21番地,梅本ハイツ101,いわき市平字梅本21番地,山田 太郎,1952-08-15,1,,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0",
        "1003,2002,高橋 恵,タカハシ メグミ,,1990-09-09,2,世帯主,高橋 恵,970-8026,いわき市内郷1番地,,,,2010-04-01,1,,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0",
        "1004,2003,鈴木 次郎,スズキ ジロウ,,1940-02-29,1,夫,鈴木 和子,971-8101,いわき市小名浜1丁目2番3号,,いわき市小名浜1丁目,鈴木 次郎,1940-02-29,3,2026-11-20,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0",
        "1005,2003,鈴木 和子,スズキ カズコ,,1945-05-05,2,世帯主,鈴木 和子,971-8101,いわき市小名浜1丁目2番3号,,いわき市小名浜1丁目,鈴木 次郎,1945-05-05,1,,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0",
    ]
    static let forms = FormsCommandTests.formsDirectory
    static let complete = ["--set", "copies=2", "--set", "certificate_kind=住民票の写し", "--set", "scope=世帯全員",
                           "--set", "item_head_relation=記載する", "--set", "item_honseki=記載しない",
                           "--set", "item_my_number=記載しない", "--set", "item_juminhyo_code=記載しない"]

    /// A data directory with the residents imported; removed by the caller.
    func dataDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("prefill-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try TestClerks.write(to: dir, terminalID: "mado-01", clerks: ["k001"])
        let csv = dir.appendingPathComponent("residents.csv")
        try ([Self.header] + Self.rows).joined(separator: "\n").appending("\n").write(to: csv, atomically: true, encoding: .utf8)
        let imported = try Binary.run(["import", "residents", csv.path, "--data-dir", dir.path])
        guard imported.status == 0 else { throw PrefillTestError(message: imported.stderr) }
        return dir
    }

    func prefill(_ arguments: [String], _ dir: URL) throws -> Binary.Result {
        try Binary.run(["prefill"] + arguments + ["--data-dir", dir.path, "--forms", Self.forms, "--clerk", "k001"])
    }

    @Test func jsonHasTheDocumentedShapeAndRegistryValues() throws {
        let dir = try dataDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try prefill(["juminhyo", "--subject", "1001", "--json", "--set", "copies=2"], dir)
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["form"] as? String == "juminhyo")
        #expect(object["fee"] as? Int == 300)
        #expect((object["eligible"] as? [String: Any])?["ok"] as? Bool == true)
        let fields = try #require(object["fields"] as? [[String: Any]])
        func field(_ key: String) -> [String: Any]? { fields.first { $0["key"] as? String == key } }
        #expect(field("subject_name")?["value"] as? String == "山田 太郎")
        #expect(field("subject_name")?["source"] as? String == "registry")
        #expect(field("subject_birthdate")?["value"] as? String == "昭和25年4月1日")
        #expect(field("copies")?["source"] as? String == "entered")
        #expect(field("scope")?["missing"] as? Bool == true)
        #expect(field("signature")?["source"] as? String == "handwritten")
    }

    @Test func requesterFromTheRegistryIsASpouse() throws {
        let dir = try dataDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try prefill(["koseki", "--subject", "1001", "--requester", "1002", "--json"], dir)
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect((object["eligible"] as? [String: Any])?["requester_relation"] as? String == "spouse_lineal")
    }

    @Test func requesterRelationSelfPrintsTheSubjectAsRequester() throws {
        let dir = try dataDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let pdf = dir.appendingPathComponent("self.pdf")
        let result = try prefill(["juminhyo", "--subject", "1001", "--requester-relation", "本人", "--json", "--pdf", pdf.path] + Self.complete, dir)
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let fields = try #require(object["fields"] as? [[String: Any]])
        func field(_ key: String) -> [String: Any]? { fields.first { $0["key"] as? String == key } }
        #expect(field("requester_name")?["value"] as? String == "山田 太郎")
        #expect(field("requester_address")?["value"] as? String == "いわき市平字梅本21番地 梅本ハイツ101")
        #expect(FileManager.default.fileExists(atPath: pdf.path))
    }

    @Test func anEmptyAddressDetailIsFromTheRegistry() throws {
        let dir = try dataDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // 鈴木 和子 (1005) has no 方書 on record.
        let result = try prefill(["juminhyo", "--subject", "1005", "--json"], dir)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let fields = try #require(object["fields"] as? [[String: Any]])
        let detail = try #require(fields.first { $0["key"] as? String == "subject_address_detail" })
        #expect(detail["source"] as? String == "registry")
        let text = try prefill(["juminhyo", "--subject", "1005"], dir)
        let line = try #require(text.stdout.split(separator: "\n").first { $0.contains("方書") })
        #expect(line.contains("[住民記録]"), "\(line)")
    }

    @Test func refusalsExitThree() throws {
        let dir = try dataDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let agent = try prefill(["juminhyo", "--subject", "1001", "--requester-relation", "agent", "--json"], dir)
        #expect(agent.status == 3)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(agent.stdout.utf8)) as? [String: Any])
        let eligible = try #require(object["eligible"] as? [String: Any])
        #expect(eligible["ok"] as? Bool == false)
        #expect((eligible["reasons"] as? [String])?.first?.contains("委任状") == true)
        let withLetter = try prefill(["juminhyo", "--subject", "1001", "--requester-relation", "代理人", "--set", "ininjo=あり"], dir)
        #expect(withLetter.status == 0)

        let protected = try prefill(["juminhyo", "--subject", "1003"], dir)
        #expect(protected.status == 3)
        #expect(protected.stderr.contains("上司"))

        let deceased = try prefill(["inkan_shomei", "--subject", "1004", "--requester", "1005", "--set", "inkan_card=あり"], dir)
        #expect(deceased.status == 3)
        let removedCopy = try prefill(["juminhyo", "--subject", "1004", "--requester", "1005"], dir)
        #expect(removedCopy.status == 0)
        #expect(removedCopy.stdout.contains("除票"))
    }

    @Test func badUsageExitsTwo() throws {
        let dir = try dataDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try prefill(["juminhyo", "--subject", "1001", "--set", "novalue"], dir).status == 2)
        // A mistyped key is refused with the form's keys, not silently dropped.
        let typo = try prefill(["juminhyo", "--subject", "1001", "--set", "copeis=2"], dir)
        #expect(typo.status == 2)
        #expect(typo.stderr.contains("copeis") && typo.stderr.contains("copies") && typo.stderr.contains("scope"), "\(typo.stderr)")
        #expect(!typo.stderr.contains("signature"))  // a handwritten box takes no typed value
        // A card number typed as a key is refused (exit 1, as every sensitive number is) without being echoed.
        let card = try prefill(["juminhyo", "--subject", "1001", "--set", "4111111111111111=2"], dir)
        #expect(card.status == 1)
        #expect(!card.stderr.contains("4111") && !card.stdout.contains("4111"), "\(card.stderr)")
        #expect(try prefill(["kokuho_sousaihi", "--subject", "1004", "--requester", "1005", "--set", "funeral_date=2026-11-23"], dir).status != 2)
        #expect(try prefill(["juminhyo", "--subject", "1001", "--requester-relation", "友人"], dir).status == 2)
        #expect(try prefill(["nosuchform", "--subject", "1001"], dir).status == 1)
        #expect(try prefill(["juminhyo", "--subject", "9999"], dir).status == 1)
    }

    @Test func pdfIsPrintedOnlyWhenCompleteAndJournaled() throws {
        let dir = try dataDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let pdf = dir.appendingPathComponent("out.pdf")
        let incomplete = try prefill(["juminhyo", "--subject", "1001", "--pdf", pdf.path], dir)
        #expect(incomplete.status == 1)
        #expect(incomplete.stderr.contains("scope"))
        #expect(!FileManager.default.fileExists(atPath: pdf.path))

        let printed = try prefill(["juminhyo", "--subject", "1001", "--pdf", pdf.path] + Self.complete, dir)
        #expect(printed.status == 0, "\(printed.stderr)")
        let text = try PDFText.text(ofFile: pdf)
        #expect(text.contains("山田 太郎"))
        #expect(text.contains("600円"))

        let journal = try Binary.run(["journal", "show", "--type", "form_printed", "--json", "--data-dir", dir.path, "--clerk", "sup1"])
        #expect(journal.status == 0)
        let records = journal.stdout.split(separator: "\n")
        #expect(records.count == 1, "\(journal.stderr)")
        let line = try #require(records.first)
        let record = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        let fields = try #require(record["fields"] as? [String: Any])
        #expect(fields["form"] as? String == "juminhyo")
        #expect(fields["subject"] as? String == "1001")
        #expect(fields["copies"] as? Int == 2)
        #expect((fields["items"] as? [String: Any])?["item_my_number"] as? String == "記載しない")
        #expect(record["clerk"] as? String == "k001")
        // As at the counter screen, the printed form belongs to a case opened for it (and only
        // once it could be printed: the refused try above opened none).
        let cases = try Binary.run(["journal", "show", "--type", "case_opened", "--json", "--data-dir", dir.path, "--clerk", "sup1"])
        let opened = cases.stdout.split(separator: "\n")
        #expect(opened.count == 1, "\(cases.stdout)")
        let caseLine = try #require(opened.first)
        let caseRecord = try #require(try JSONSerialization.jsonObject(with: Data(caseLine.utf8)) as? [String: Any])
        let caseID = "\(try #require(caseRecord["terminal"] as? String))-C\(try #require(caseRecord["seq"] as? Int))"  // <terminal>-C<seq>
        #expect(fields["case"] as? String == caseID)
        #expect(text.contains(caseID))
    }
}

struct PrefillTestError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
