import Foundation
import Testing

/// `madoguchi okuyami` over a registry imported from a small CSV written here.
@Suite struct OkuyamiCommandTests {
    static let header = TestResidents.header
    static let rows = TestResidents.rows

    struct Setup {
        let dir: URL
        var env: [String: String] { ["MADOGUCHI_DATA_DIR": dir.path, "MADOGUCHI_CLERK": "k01", "MADOGUCHI_FORMS_DIR": forms.path] }
        let forms = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Forms")

        /// `rows` imported, clerks k01 and k02 and supervisor sup1 on terminal mado-01; `extra`
        /// further lines of config.yaml.
        init(rows: [String] = OkuyamiCommandTests.rows, extra: String = "") throws {
            dir = FileManager.default.temporaryDirectory.appendingPathComponent("okuyami-e2e-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            let csv = dir.appendingPathComponent("residents.csv")
            try ([OkuyamiCommandTests.header] + rows).joined(separator: "\n").appending("\n")
                .write(to: csv, atomically: true, encoding: .utf8)
            let imported = try Binary.run(["import", "residents", csv.path], environment: env)
            #expect(imported.status == 0, "\(imported.stderr)")
            try TestClerks.write(to: dir, terminalID: "mado-01", clerks: ["k01", "k02"], extra: extra)
        }

        func remove() { try? FileManager.default.removeItem(at: dir) }
    }

    /// What a refusal quotes back (an answer, a question key, an item, a case number) reaches
    /// the terminal with its controls made visible: no escape sequence, no extra line.
    @Test func refusalsQuoteTypedTextWithoutControls() throws {
        let s = try Setup()
        defer { s.remove() }
        let opened = try Binary.run(["okuyami", "--deceased", "1000001", "--date-of-death", "2026-11-10", "--json"], environment: s.env)
        #expect(opened.status == 0, "\(opened.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(opened.stdout.utf8)) as? [String: Any])
        let number = try #require(object["case"] as? String)
        let tries: [[String]] = [
            ["okuyami", "case", number, "--answer", "inu=\u{1B}]0;owned\u{07}"],
            ["okuyami", "case", number, "--answer", "\u{1B}[2Jinu=はい"],
            ["okuyami", "case", number, "--set", "\u{1B}[31mx\u{202E}=完了"],
            ["okuyami", "case", "OK\u{1B}[2J\u{0A}偽の行", "--json"],
        ]
        for arguments in tries {
            let run = try Binary.run(arguments, environment: s.env)
            #expect(run.status != 0, "\(arguments)")
            #expect(!run.stderr.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x202E }, "\(arguments): \(run.stderr)")
            #expect(run.stderr.contains("␛"), "\(arguments): \(run.stderr)")
            #expect(!run.stderr.contains("\n偽の行"), "\(arguments): \(run.stderr)")
        }
    }

    @Test func checklistFromTheRecordOpensACaseThatResumesAndUpdates() throws {
        let s = try Setup()
        defer { s.remove() }
        let run = try Binary.run(["okuyami", "--deceased", "1000001", "--date-of-death", "2026-11-10", "--funeral-date", "R8.11.13",
                                  "--answer", "kousei_jukyu=いいえ", "--answer", "seikei_doitsu=はい", "--json", "--explain"], environment: s.env)
        #expect(run.status == 0, "\(run.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(object["deceased_id"] as? String == "1000001")
        #expect(object["date_of_death"] as? String == "2026-11-10")
        let number = try #require(object["case"] as? String)
        #expect(number.hasPrefix("OK2") && number.hasSuffix("-0001"))
        let items = try #require(object["items"] as? [[String: Any]])
        var dues: [String: String] = [:]
        var open: [String: [String]] = [:]
        for item in items where item["context"] as? Bool != true {
            let questions = (item["questions"] as? [[String: Any]] ?? []).compactMap { $0["key"] as? String }
            if questions.isEmpty { dues[item["id"] as! String] = item["due"] as? String ?? "null" } else { open[item["id"] as! String] = questions }
        }
        #expect(dues == ["shibou_todoke": "2026-11-16", "setainushi_henko": "2026-11-24", "kouki_soushitsu": "2026-11-24",
                         "kaigo_soushitsu": "2026-11-24", "nenkin_shibou": "2026-11-24", "kouki_sousaihi": "2028-11-13",
                         "mishikyu_nenkin": "2031-11-10", "kougaku_ryoyohi": "null", "kouki_hokenryo": "null", "kaigo_hokenryo": "null"])
        // What the family was not asked stays 要確認 with its question; what they answered is decided.
        #expect(open["inu_touroku"] == ["inu"])
        #expect(open["nenkin_shibou_kousei"] == nil && open["nenkin_shibou"] == nil)
        #expect(items.first { $0["id"] as? String == "setainushi_henko" }?["reason"] as? String == "世帯主で、15歳以上の世帯員が2人残るため")
        #expect(items.first { $0["id"] as? String == "setainushi_henko" }?["form"] as? String == "setainushi_henko")
        let skipped = try #require(object["not_applicable"] as? [[String: Any]])
        #expect(skipped.contains { $0["id"] as? String == "kokuho_soushitsu" })

        let update = try Binary.run(["okuyami", "case", number, "--set", "setainushi_henko=完了", "--set", "kouki_sousaihi=later", "--json"],
                                    environment: s.env)
        #expect(update.status == 0, "\(update.stderr)")
        let resumed = try Binary.run(["okuyami", "case", number, "--json"], environment: s.env)
        let c = try #require(try JSONSerialization.jsonObject(with: Data(resumed.stdout.utf8)) as? [String: Any])
        let statuses = Dictionary(uniqueKeysWithValues: (c["items"] as! [[String: Any]]).map { ($0["id"] as! String, $0["status"] as! String) })
        #expect(statuses["setainushi_henko"] == "done")
        #expect(statuses["kouki_sousaihi"] == "later")
        #expect(statuses["shibou_todoke"] == "todo")
        #expect((c["history"] as? [[String: Any]])?.count == 2)

        // The journal holds the accesses, the case and both changes, and verifies.
        let journal = try Binary.run(["journal", "verify"], environment: s.env)
        #expect(journal.status == 0, "\(journal.stdout)\(journal.stderr)")
        let lines = try Self.journalLines(in: s.dir)
        let types = lines.compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["type"] as? String
        }
        #expect(types.filter { $0 == "case_opened" }.count == 1)
        #expect(types.filter { $0 == "case_item_status" }.count == 2)
        // The registry view before the checklist, and each `okuyami case` view.
        #expect(types.filter { $0 == "access" }.count == 3)
        #expect(types.firstIndex(of: "access")! < types.firstIndex(of: "case_opened")!)
    }

    static func journalLines(in dataDirectory: URL) throws -> [String] {
        let root = dataDirectory.appendingPathComponent("journal")
        var lines: [String] = []
        let files = FileManager.default.enumerator(atPath: root.path)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".jsonl") } ?? []
        for file in files.sorted() {
            lines += try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8).split(separator: "\n").map(String.init)
        }
        return lines
    }

    @Test func answersGivenLaterChangeTheCaseAndBadAnswersAreRefused() throws {
        let s = try Setup()
        defer { s.remove() }
        let run = try Binary.run(["okuyami", "--deceased", "1000001", "--date-of-death", "2026-11-10"], environment: s.env)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("年金受給権者死亡届（厚生年金）  [nenkin_shibou_kousei]"))
        #expect(run.stdout.contains("要確認: 亡くなった方は、厚生年金（共済年金を含む）を受けていましたか"))
        #expect(run.stdout.contains("--answer kousei_jukyu=はい|いいえ"))
        let number = try #require(run.stdout.split(separator: " ").dropFirst().first.map(String.init))
        let answered = try Binary.run(["okuyami", "case", number, "--answer", "kousei_jukyu=はい", "--json"], environment: s.env)
        #expect(answered.status == 0, "\(answered.stderr)")
        let c = try #require(try JSONSerialization.jsonObject(with: Data(answered.stdout.utf8)) as? [String: Any])
        let ids = (c["items"] as! [[String: Any]]).map { $0["id"] as! String }
        #expect(ids.contains("nenkin_shibou_kousei") && !ids.contains("nenkin_shibou"))
        #expect(c["answers"] as? [String: String] == ["kousei_jukyu": "はい"])
        let types = try Self.journalLines(in: s.dir).compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["type"] as? String
        }
        #expect(types.contains("case_answers"))

        let unknown = try Binary.run(["okuyami", "case", number, "--answer", "cat=はい"], environment: s.env)
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("質問「cat」はありません。使える質問:"))
        let wrong = try Binary.run(["okuyami", "--deceased", "1000001", "--date-of-death", "2026-11-10", "--answer", "inu=たぶん"],
                                   environment: s.env)
        #expect(wrong.status == 1)
        #expect(wrong.stderr.contains("質問「inu」に「たぶん」とは答えられません。はい・いいえのどれかにしてください。"))
        let shape = try Binary.run(["okuyami", "case", number, "--answer", "inu"], environment: s.env)
        #expect(shape.status == 2)
        #expect(shape.stderr.contains("--answer は 質問キー=答え の形"))
    }

    @Test func theDateOfDeathComesFromTheRecordOrTheOption() throws {
        let s = try Setup()
        defer { s.remove() }
        let missing = try Binary.run(["okuyami", "--deceased", "1000004"], environment: s.env)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("--date-of-death"))
        let bad = try Binary.run(["okuyami", "--deceased", "1000004", "--date-of-death", "2026-02-30"], environment: s.env)
        #expect(bad.status == 2)
        // From the record: 2026-04-28, the day before Golden Week. 14 days from 4/29 end on 5/12 (火);
        // 死亡届's 7th day 5/4 moves past 5/4–5/6 (みどりの日, こどもの日, 振替休日) to 5/7.
        let given = try Binary.run(["okuyami", "--deceased", "1000005", "--pdf", s.dir.appendingPathComponent("h.pdf").path],
                                   environment: s.env)
        #expect(given.status == 0, "\(given.stderr)")
        #expect(given.stdout.contains("受付番号 OK2"))
        #expect(given.stdout.contains("国民健康保険 資格喪失届  [kokuho_soushitsu]  期限 令和8年5月12日（火）2026-05-12"))
        #expect(given.stdout.contains("死亡届・火葬許可申請  [shibou_todoke]  期限 令和8年5月7日（木）2026-05-07"))
        #expect(FileManager.default.fileExists(atPath: s.dir.appendingPathComponent("h.pdf").path))
    }

    @Test func unknownCaseOrStatusIsRefused() throws {
        let s = try Setup()
        defer { s.remove() }
        let unknown = try Binary.run(["okuyami", "case", "OK20991231-0001"], environment: s.env)
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("OK20991231-0001"))
        let opened = try Binary.run(["okuyami", "--deceased", "1000005", "--json"], environment: s.env)
        let number = try #require((try JSONSerialization.jsonObject(with: Data(opened.stdout.utf8)) as? [String: Any])?["case"] as? String)
        let badStatus = try Binary.run(["okuyami", "case", number, "--set", "suido=済み"], environment: s.env)
        #expect(badStatus.status == 2)
        let badItem = try Binary.run(["okuyami", "case", number, "--set", "kokuho_soushitsu=done", "--set", "nope=done"], environment: s.env)
        #expect(badItem.status == 1)
        let after = try Binary.run(["okuyami", "case", number, "--json"], environment: s.env)
        #expect(!after.stdout.contains("\"done\""))  // nothing was changed by the refused command
    }
}
