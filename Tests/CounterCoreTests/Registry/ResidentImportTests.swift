import CounterCore
import Foundation
import GRDB
import Testing

@Suite struct ResidentImportTests {
    /// Runs an import expected to fail; checks the registry is byte-for-byte unchanged and
    /// returns the printed lines.
    func refused(_ dir: TempDir, _ file: URL, options: ImportOptions = ImportOptions()) throws -> [String] {
        let before = try Fixture.liveBytes(dir)
        var messages: [String] = []
        do {
            _ = try ResidentImporter(dataDirectory: dir.data).run(file: file, options: options)
            Issue.record("import was accepted")
        } catch {
            messages = error.messages
        }
        #expect(try Fixture.liveBytes(dir) == before)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.data.appendingPathComponent("registry").path)
        #expect(leftovers == ["residents.sqlite"])
        return messages
    }

    func row(_ changes: [Int: String], base: Int = 0) -> [String] {
        var r = Fixture.rows[base]
        for (i, v) in changes { r[i] = v }
        return r
    }

    @Test func importsAndCountsHouseholds() throws {
        let dir = TempDir()
        let summary = try ResidentImporter(dataDirectory: dir.data).run(file: dir.file("a.csv", Fixture.csv()))
        #expect(summary.imported == 4)
        #expect(summary.households == 2)
        #expect(summary.encoding == .utf8)
        let db = try DatabaseQueue(path: ResidentRegistry.databaseURL(dataDirectory: dir.data).path)
        let birth = try db.read { try Int.fetchOne($0, sql: "SELECT birth FROM resident WHERE id = '1002'") }
        #expect(birth == CivilDateCheck.dayNumber(1952, 3, 2))
    }

    @Test func unbalancedQuotes() throws {
        let dir = TempDir()
        try Fixture.importBaseline(dir)
        let text = Fixture.csv() + "1005,503,\"未完 の,ミカン,1990-01-01,1,世帯主,1,,x,0\r\n"
        let messages = try refused(dir, dir.file("b.csv", text))
        #expect(messages.first?.hasPrefix("line 6:") == true)
        #expect(messages.first?.contains("引用符") == true)
    }

    @Test func wrongEncoding() throws {
        let dir = TempDir()
        try Fixture.importBaseline(dir)
        let bytes = try #require(CP932.encode(Fixture.csv()))
        let messages = try refused(dir, dir.file("c.csv", bytes: bytes), options: ImportOptions(encoding: .utf8))
        #expect(messages.first?.hasPrefix("line 1:") == true)
        #expect(messages.first?.contains("--encoding") == true)
        // Detected, the same bytes import.
        let summary = try ResidentImporter(dataDirectory: dir.data).run(file: dir.url.appendingPathComponent("c.csv"))
        #expect(summary.encoding == .cp932)
        #expect(summary.imported == 4)
    }

    @Test func missingRequiredColumn() throws {
        let dir = TempDir()
        try Fixture.importBaseline(dir)
        let header = Fixture.header.filter { $0 != "生年月日" }
        let rows = Fixture.rows.map { r in r.enumerated().filter { $0.offset != 4 }.map(\.element) }
        let messages = try refused(dir, dir.file("d.csv", Fixture.csv(header: header, rows: rows)))
        #expect(messages == ["line 1, column 生年月日: 必須の列がありません。見出しを確認するか --mapping で列名を対応づけてください。"])
    }

    @Test func unknownColumn() throws {
        let dir = TempDir()
        try Fixture.importBaseline(dir)
        let messages = try refused(dir, dir.file("e.csv", Fixture.csv(header: Fixture.header + ["備考"],
                                                                     rows: Fixture.rows.map { $0 + [""] })))
        #expect(messages.count == 1)
        #expect(messages[0].hasPrefix("line 1, column 備考: 取込形式にない列です"))
    }

    @Test func heiseiAfterItsEndAndFebruary30() throws {
        let dir = TempDir()
        try Fixture.importBaseline(dir)
        let rows = [Fixture.rows[0], row([0: "1009", 4: "平成31年5月1日"]), row([0: "1010", 4: "2019-02-30"]),
                    row([0: "1011", 4: "令和2年2月30日"])]
        let messages = try refused(dir, dir.file("f.csv", Fixture.csv(rows: rows)))
        #expect(messages[0].hasPrefix("line 3, column 生年月日: 日付「平成31年5月1日」を読めません"))
        #expect(messages[1].hasPrefix("line 4, column 生年月日: 日付「2019-02-30」を読めません"))
        #expect(messages[2].hasPrefix("line 5, column 生年月日: 日付「令和2年2月30日」を読めません"))
        #expect(messages.last?.contains("--skip-invalid") == true)
    }

    @Test func duplicateID() throws {
        let dir = TempDir()
        try Fixture.importBaseline(dir)
        let rows = Fixture.rows + [row([2: "山田 次郎", 3: "ヤマダ ジロウ", 6: "子"])]
        let messages = try refused(dir, dir.file("g.csv", Fixture.csv(rows: rows)))
        // Neither row is known to be the current one: both are named.
        #expect(messages[0].hasPrefix("line 2, column 宛名番号: 宛名番号 1001 が 6 行目にもあります。"))
        #expect(messages[1] == "line 6, column 宛名番号: 宛名番号 1001 が重複しています（2 行目と同じ）。")
    }

    @Test func memberOfAHouseholdWithoutAHead() throws {
        let dir = TempDir()
        try Fixture.importBaseline(dir)
        let rows = Fixture.rows + [row([0: "1020", 1: "599", 6: "妻"]), row([0: "1021", 1: "599", 6: "子"])]
        let messages = try refused(dir, dir.file("h.csv", Fixture.csv(rows: rows)))
        #expect(messages[0] == "line 6, column 世帯番号: 世帯番号 599 に世帯主（続柄「世帯主」、現住または死亡）がいません。")
        #expect(messages[1].hasPrefix("line 7, column 世帯番号"))
    }

    /// After a death the register keeps the deceased head until the 世帯主変更届: the family's
    /// household still has its head, and the おくやみ counter needs exactly this record.
    @Test func deceasedHeadWithFamilyRemainingImports() throws {
        let dir = TempDir()
        var rows = Fixture.rows
        rows[0][7] = "3"
        rows[0][8] = "2026-11-20"
        let summary = try ResidentImporter(dataDirectory: dir.data).run(file: dir.file("d.csv", Fixture.csv(rows: rows)))
        #expect(summary.imported == 4)
        #expect(summary.households == 2)
    }

    @Test func fieldOverOneKilobyte() throws {
        let dir = TempDir()
        try Fixture.importBaseline(dir)
        let rows = Fixture.rows + [row([0: "1030", 9: String(repeating: "平", count: 400)])]
        let messages = try refused(dir, dir.file("i.csv", Fixture.csv(rows: rows)))
        #expect(messages[0] == "line 6, column 住所: 値が長すぎます（1200 バイト、上限 1024 バイト）。")
    }

    @Test func emptyFile() throws {
        let dir = TempDir()
        try Fixture.importBaseline(dir)
        #expect(try refused(dir, dir.file("j.csv", ""))[0].contains("ファイルが空です"))
        #expect(try refused(dir, dir.file("k.csv", "\u{FEFF}\r\n\r\n"))[0].contains("ファイルが空です"))
        #expect(try refused(dir, dir.file("l.csv", Fixture.csv(rows: [])))[0].contains("ファイルが空です"))
    }

    @Test func controlCharactersInNamesAreStoredAsGiven() throws {
        let dir = TempDir()
        let rows = [row([2: "山田\u{1B}[31m 太郎"]), Fixture.rows[1]]
        let summary = try ResidentImporter(dataDirectory: dir.data).run(file: dir.file("m.csv", Fixture.csv(rows: rows)))
        #expect(summary.imported == 2)
        let db = try DatabaseQueue(path: ResidentRegistry.databaseURL(dataDirectory: dir.data).path)
        let name = try db.read { try String.fetchOne($0, sql: "SELECT name FROM resident WHERE id = '1001'") }
        #expect(name == "山田\u{1B}[31m 太郎")
    }

    @Test func myNumberColumnIsRefusedOrDropped() throws {
        let dir = TempDir()
        try Fixture.importBaseline(dir)
        for header in ["個人番号", "マイナンバー", "個人番号（マイナンバー）", "個人 番号"] {
            let file = dir.file("n.csv", Fixture.csv(header: Fixture.header + [header],
                                                    rows: Fixture.rows.map { $0 + ["123456789018"] }))
            let messages = try refused(dir, file)
            #expect(messages == ["line 1, column \(header): 個人番号（マイナンバー）の列は取り込めません。列を除くか --drop-mynumber を指定してください。"])
        }
        let file = dir.file("o.csv", Fixture.csv(header: Fixture.header + ["個人番号"], rows: Fixture.rows.map { $0 + ["123456789018"] }))
        let summary = try ResidentImporter(dataDirectory: dir.data).run(file: file, options: ImportOptions(dropMyNumber: true))
        #expect(summary.imported == 4)
        #expect(summary.warnings.count == 1)
        let bytes = try Fixture.liveBytes(dir)
        #expect(bytes.range(of: Data("123456789018".utf8)) == nil)
        // The card itself is a membership, not a number.
        #expect(!ResidentColumn.isMyNumberHeader("マイナンバーカード"))
    }

    @Test func cardNumbersAndPersonalNumbersInCellsAreRefused() throws {
        let dir = TempDir()
        try Fixture.importBaseline(dir)
        let rows = Fixture.rows + [row([0: "1050", 9: "いわき市平 4111-1111-1111-1111"]), row([0: "123456789018"]),
                                   row([0: "1051", 9: "いわき市平字田町123456789012番地"])]
        let messages = try refused(dir, dir.file("t.csv", Fixture.csv(rows: rows)))
        #expect(messages[0].hasPrefix("line 6, column 住所: カード番号または個人番号と同じ形"))
        // A 宛名番号 in plain digits is an id whatever its check digit (ResidentIDNumberTests);
        // 123456789012 has no valid check digit: accepted.
        #expect(messages.count == 2)
    }

    @Test func skipInvalidWritesRejectsWithReasons() throws {
        let dir = TempDir()
        let rows = Fixture.rows + [row([0: "1040", 4: "2019-02-30"]), row([0: "1041", 1: "599", 6: "妻"]),
                                   row([0: "1042", 7: "5"])]
        let reject = dir.url.appendingPathComponent("rejects.csv")
        let summary = try ResidentImporter(dataDirectory: dir.data).run(
            file: dir.file("p.csv", Fixture.csv(rows: rows)), options: ImportOptions(skipInvalid: true, rejectFile: reject))
        #expect(summary.imported == 4)
        #expect(summary.rejected == 3)
        let text = try String(contentsOf: reject, encoding: .utf8)
        let lines = text.split(separator: "\r\n")
        #expect(lines.count == 4)
        #expect(lines[1].hasPrefix("6,生年月日: 日付「2019-02-30」を読めません"))
        #expect(lines[2].hasPrefix("7,世帯番号: 世帯番号 599 に世帯主（続柄「世帯主」、現住または死亡）がいません"))
        #expect(lines[3].hasPrefix("8,住民状態: 住民状態「5」は"))
        #expect(lines[3].hasSuffix(",1042,501,山田 太郎,ヤマダ タロウ,1950-04-01,1,世帯主,5,,いわき市平字田町1,0"))
    }

    @Test func mappingFileRenamesColumns() throws {
        let dir = TempDir()
        let mapping = dir.file("map.yaml", "columns:\n  住民番号: 宛名番号\n  カナ氏名: 氏名フリガナ\nignore:\n  - 備考\n")
        var header = Fixture.header
        header[0] = "住民番号"
        header[3] = "カナ氏名"
        let file = dir.file("q.csv", Fixture.csv(header: header + ["備考"], rows: Fixture.rows.map { $0 + ["メモ"] }))
        let options = ImportOptions(mapping: try ColumnMapping.load(url: mapping))
        #expect(try ResidentImporter(dataDirectory: dir.data).run(file: file, options: options).imported == 4)

        let bad = dir.file("bad.yaml", "columns:\n  住民番号: 住民コード\n")
        #expect(throws: ImportError.self) { _ = try ColumnMapping.load(url: bad) }
        // A card number typed as a column name is refused without being echoed.
        let card = dir.file("card.yaml", "columns:\n  住民番号: \"4111 1111 1111 1111\"\n")
        do {
            _ = try ColumnMapping.load(url: card)
            Issue.record("a mapping to a card number was accepted")
        } catch {
            #expect(!error.messages.joined().contains("4111"), "\(error.messages)")
        }
    }

    @Test func hiraganaAndHalfWidthKanaAreStoredAsKatakana() throws {
        let dir = TempDir()
        let rows = [row([3: "やまだ　たろう"]), row([0: "1002", 2: "山田 花子", 3: "ﾔﾏﾀﾞ ﾊﾅｺ", 6: "妻"]),
                    row([0: "1003", 3: "Yamada", 6: "子"])]
        let messages = try (try? Fixture.importBaseline(dir)).map { _ in try refused(dir, dir.file("r.csv", Fixture.csv(rows: rows))) }
        #expect(messages?.count == 2)
        #expect(messages?[0].hasPrefix("line 4, column 氏名フリガナ: フリガナ「Yamada」") == true)
        let ok = try ResidentImporter(dataDirectory: dir.data).run(file: dir.file("s.csv", Fixture.csv(rows: Array(rows.prefix(2)))))
        #expect(ok.imported == 2)
        let db = try DatabaseQueue(path: ResidentRegistry.databaseURL(dataDirectory: dir.data).path)
        let kana = try db.read { try String.fetchAll($0, sql: "SELECT kana FROM resident ORDER BY id") }
        #expect(kana == ["ヤマダ タロウ", "ヤマダ ハナコ"])
    }
}

enum CivilDateCheck {
    static func dayNumber(_ y: Int, _ m: Int, _ d: Int) -> Int? {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = TimeZone(identifier: "UTC")!
        guard let date = c.date(from: DateComponents(year: y, month: m, day: d)) else { return nil }
        return Int(date.timeIntervalSince1970 / 86_400)
    }
}

/// What an import says about a broken file: the real line, one message for one cause,
/// nothing raw or unbounded on the terminal, nothing left behind.
@Suite struct ImportMessageTests {
    func refused(_ dir: TempDir, _ file: URL, options: ImportOptions = ImportOptions()) throws -> [String] {
        do {
            _ = try ResidentImporter(dataDirectory: dir.data).run(file: file, options: options)
        } catch {
            return error.messages
        }
        Issue.record("import was accepted")
        return []
    }

    /// Household heads 5000…, one per household, all valid.
    func heads(_ count: Int) -> [[String]] {
        (0..<count).map { i in
            [String(5000 + i), String(7000 + i), "山田 \(i)", "ヤマダ", "1950-04-01", "1", "世帯主", "1", "", "いわき市平", "0"]
        }
    }

    @Test func aBrokenByteOnLine51OfAUTF8FileIsNamedThere() throws {
        let dir = TempDir()
        var bytes = Array(Fixture.csv(rows: heads(49)).utf8)  // header + lines 2…50
        bytes += Array("5100,7100,山田 ".utf8) + [0xFF] + Array(",ヤマダ,1950-04-01,1,世帯主,1,,いわき市平,0\n".utf8)
        let messages = try refused(dir, dir.file("broken.csv", bytes: Data(bytes)))
        #expect(messages.count == 1)
        let message = try #require(messages.first)
        #expect(message.hasPrefix("line 51:"), "\(message)")
        #expect(message.contains("UTF-8"))
        #expect(!message.contains("CP932") && !message.contains("cp932"), "\(message)")
        // Without the broken byte the same file imports as UTF-8.
        bytes.removeAll { $0 == 0xFF }
        let summary = try ResidentImporter(dataDirectory: dir.data).run(file: dir.file("fixed.csv", bytes: Data(bytes)))
        #expect(summary.encoding == .utf8)
        #expect(summary.imported == 50)
    }

    @Test func anASCIIHeaderLetsTheFirstJapaneseLineDecide() throws {
        let dir = TempDir()
        // An ASCII header through a mapping; the CP932 text starts on line 2.
        let ascii = ["id", "hh", "name", "kana", "birth", "sex", "rel", "status", "date", "addr", "kouki"]
        let mapping = ColumnMapping(columns: Dictionary(uniqueKeysWithValues: zip(ascii, Fixture.header)))
        let text = Fixture.csv(header: ascii)
        let bytes = try #require(CP932.encode(text))
        let summary = try ResidentImporter(dataDirectory: dir.data).run(file: dir.file("sjis.csv", bytes: bytes),
                                                                       options: ImportOptions(mapping: mapping))
        #expect(summary.encoding == .cp932)
        #expect(summary.imported == 4)
    }

    @Test func aFileWithoutAHeaderIsOneMessage() throws {
        let dir = TempDir()
        let rows = Fixture.rows.map { CSVCell.line($0.map(CSVCell.quoted)) }.joined()
        let messages = try refused(dir, dir.file("noheader.csv", rows))
        #expect(messages.count == 1)
        #expect(messages.first?.hasPrefix("line 1:") == true)
        #expect(messages.first?.contains("見出し行がありません") == true)
    }

    @Test func controlCharactersInCellsAreShownNotSent() throws {
        let dir = TempDir()
        var bad = Fixture.rows[0]
        bad[5] = "\u{1B}[31m\u{07}"     // 性別
        bad[4] = "1950\u{1B}]0;x\u{07}"  // 生年月日
        let messages = try refused(dir, dir.file("ctl.csv", Fixture.csv(rows: [bad])))
        #expect(!messages.isEmpty)
        for message in messages {
            #expect(!message.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }, "\(message.debugDescription)")
        }
        #expect(messages.contains { $0.contains("␛[31m␇") })
        // A header cell with control characters is shown the same way.
        let header = Fixture.header + ["列\u{1B}[2J"]
        let headed = try refused(dir, dir.file("ctlhead.csv", Fixture.csv(header: header, rows: Fixture.rows.map { $0 + [""] })))
        #expect(headed.contains { $0.contains("列␛[2J") })
        #expect(!headed.joined().unicodeScalars.contains { $0.value == 0x1B })
    }

    @Test func aColumnNamedLikeACardNumberIsNotEchoed() throws {
        let dir = TempDir()
        let header = Fixture.header + ["4111111111111111"]
        let messages = try refused(dir, dir.file("cardhead.csv", Fixture.csv(header: header, rows: Fixture.rows.map { $0 + [""] })))
        #expect(messages.contains { $0.contains("\(header.count)列目") }, "\(messages)")
        #expect(!messages.joined().contains("4111"))
    }

    /// 住所 and 方書 are shown and printed as one line: a number split across them is refused.
    @Test func aCardNumberSplitAcrossAddressAndKatagakiIsRefused() throws {
        let dir = TempDir()
        let header = Fixture.header + ["方書"]
        var rows = Fixture.rows.map { $0 + [""] }
        rows[0][9] = "いわき市平 4111 1111 111"
        rows[0][11] = "11111"
        let messages = try refused(dir, dir.file("split.csv", Fixture.csv(header: header, rows: rows)))
        #expect(messages.contains { $0.contains("方書") }, "\(messages)")
        #expect(!messages.joined().contains("4111"))
        rows[0][11] = "101号"   // an ordinary 方書 beside the same address still imports
        #expect(throws: Never.self) {
            _ = try ResidentImporter(dataDirectory: dir.data).run(file: dir.file("ok.csv", Fixture.csv(header: header, rows: rows)))
        }
    }

    @Test func aHugeHeaderCellIsEchoedCut() throws {
        let dir = TempDir()
        let huge = String(repeating: "長", count: 300_000)  // 900 KB in one header cell
        let messages = try refused(dir, dir.file("huge.csv", Fixture.csv(header: Fixture.header + [huge], rows: Fixture.rows.map { $0 + [""] })))
        #expect(!messages.isEmpty)
        for message in messages { #expect(message.utf8.count < 1_000, "\(message.utf8.count) bytes") }
        #expect(messages.contains { $0.contains(String(repeating: "長", count: 20) + "・・・") })
    }

    @Test func temporariesOfKilledImportsAreRemovedOnTheNextImportAndOpen() throws {
        let dir = TempDir()
        try Fixture.importBaseline(dir)
        let folder = dir.data.appendingPathComponent("registry")
        // A process id that no process has (beyond any pid_max), ours (alive), and an earlier version's name.
        let gone = "residents.sqlite.import-in-progress-2147483000"
        let goneJournal = gone + "-journal"
        let old = ".residents.sqlite.importing-2147483001"
        let running = "residents.sqlite.import-in-progress-\(getpid())"
        for name in [gone, goneJournal, old, running] {
            try Data("partial".utf8).write(to: folder.appendingPathComponent(name))
        }
        _ = try ResidentImporter(dataDirectory: dir.data).run(file: dir.file("again.csv", Fixture.csv()))
        var left = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        // Our own pid's file is the one this import used and removed again.
        #expect(left == ["residents.sqlite"])

        // Opening the registry cleans up too; a temporary of a live process stays.
        let other = Process()
        other.executableURL = URL(fileURLWithPath: "/bin/sleep")
        other.arguments = ["30"]
        try other.run()
        defer { other.terminate() }
        let alive = "residents.sqlite.import-in-progress-\(other.processIdentifier)"
        for name in [gone, alive] { try Data("partial".utf8).write(to: folder.appendingPathComponent(name)) }
        let trail = try AccessTrail(dir)
        _ = try ResidentRegistry(dataDirectory: dir.data, accessLog: trail.log)
        left = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(left == ["residents.sqlite", alive])
    }
}
