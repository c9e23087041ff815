import CounterCore
import Foundation
import JapaneseKit
import Testing

/// A city's standard 住民記録 export, imported through one mapping file: history rows, codes,
/// split addresses, the days two eras share, 不詳日, 外字, variant kanji, 通称, several 元号
/// schemes, CP932 and UTF-8.
@Suite struct StandardExportImportTests {
    static let today = CivilDate(year: 2026, month: 12, day: 2)!
    static let yoshi = GaijiTable(characters: [Unicode.Scalar(0xE000)!: "𠮷"])

    static func messages(_ error: any Error) -> [String] { (error as? ImportError)?.messages ?? ["\(error)"] }

    func importExport(_ dir: TempDir, _ export: StandardExport, encoding: ImportEncoding, mapping: ColumnMapping? = nil,
                      skipInvalid: Bool = false) throws -> ImportSummary {
        let file = dir.url.appendingPathComponent("export.csv")
        try export.write(to: file, encoding: encoding)
        let map = try mapping ?? ColumnMapping.load(url: dir.file("map.yaml", export.mappingYAML))
        return try ResidentImporter(dataDirectory: dir.data).run(
            file: file, options: ImportOptions(mapping: map, skipInvalid: skipInvalid, gaiji: Self.yoshi, today: Self.today))
    }

    func everyone(_ dir: TempDir, _ ids: [String]) throws -> [String: Resident] {
        let trail = try AccessTrail(dir)
        let registry = try ResidentRegistry(dataDirectory: dir.data, accessLog: trail.log)
        var out: [String: Resident] = [:]
        for id in ids { out[id] = try registry.resident(id: id, clerk: "k1") }
        return out
    }

    @Test(arguments: [
        (StandardExport.EraScheme.standard, ColumnMapping.DateFormat.iso, ImportEncoding.utf8),
        (.nenkin, .wareki7, .cp932),
        (.standard, .ymd8, .cp932),
        (.nenkin, .iso, .utf8),
    ])
    func everyResidentImportsExactly(scheme: StandardExport.EraScheme, format: ColumnMapping.DateFormat, encoding: ImportEncoding) throws {
        let dir = TempDir()
        let export = StandardExport(town: SyntheticResidents(count: 200, seed: 5), eraScheme: scheme, dateFormat: format,
                                    gaijiForYoshi: encoding == .cp932)
        let summary = try importExport(dir, export, encoding: encoding)
        let expected = export.expected(encoding: encoding)
        #expect(summary.imported == expected.count)
        #expect(summary.filtered > 0, "history rows are left out by where")
        #expect(summary.encoding == encoding)
        let found = try everyone(dir, expected.map(\.id))
        for r in expected {
            let got = try #require(found[r.id])
            #expect(got == r, "\(r.id): \(got) ≠ \(r)")
        }
        // Spot checks in the words a clerk reads.
        let special = found
        #expect(special["0000123"]?.birthdateWareki == "明治45年7月30日")
        #expect(special["0000124"]?.birthdateWareki == "大正15年12月25日")
        #expect(special["0000125"]?.relationship == "子の妻")
        #expect(special["0000125"]?.supportMeasure == true)
        #expect(special["0000125"]?.birthdateWareki == "昭和10年頃")
        #expect(special["0000125"]?.addressDetail == "梅本荘 101号室")
        #expect(special["0000126"]?.name == "𠮷田 髙志")
        #expect(special["0000126"]?.birthdateWareki == "平成3年2月29日")
        #expect(special["0000126"]?.birthdateISO == nil)
        #expect(special["0000127"]?.statusDateWareki == "令和6年12月上旬頃")
        #expect(special["0000128"]?.nameWithAlias == "ワン シャオミン（通称 王 小明）")
        #expect(special["0000123"]?.address == "いわき市平字梅本21番地")
        #expect(special["0000123"]?.honseki == "福島県いわき市平字梅本21番地")
    }

    /// The 30-second path: the shipped mapping file and the shipped Forms/, one command's worth.
    @Test func theShippedMappingImportsTheStandardExport() throws {
        let dir = TempDir()
        let forms = ShippedForms.directory
        let (gaiji, problems) = GaijiTable.load(formsDirectory: forms)
        #expect(problems.isEmpty, "\(problems)")
        let export = StandardExport(town: SyntheticResidents(count: 100, seed: 2))
        let file = dir.url.appendingPathComponent("export.csv")
        try export.write(to: file)
        let mapping = try ColumnMapping.load(url: forms.appendingPathComponent("import/standard.yaml"))
        let summary = try ResidentImporter(dataDirectory: dir.data).run(
            file: file, options: ImportOptions(mapping: mapping, gaiji: gaiji, today: Self.today))
        #expect(summary.imported == export.expected().count)
        let found = try everyone(dir, ["0000125"])
        #expect(found["0000125"]?.supportMeasure == true)
    }

    // MARK: - Safety

    /// The 区分 column left out while nothing carries 支援措置: refused, never imported as unprotected.
    @Test func anIgnoredSupportColumnRefusesTheFile() throws {
        let dir = TempDir()
        let export = StandardExport(town: SyntheticResidents(count: 20, seed: 1))
        let yaml = export.mappingYAML.replacingOccurrences(of: "  支援措置区分: 支援措置\n", with: "")
            .replacingOccurrences(of: "  支援措置区分: {\"\": \"0\", \"*\": \"1\"}\n", with: "")
        do {
            _ = try importExport(dir, export, encoding: .utf8, mapping: try ColumnMapping.load(url: dir.file("m.yaml", yaml)))
            Issue.record("imported without 支援措置")
        } catch {
            let text = Self.messages(error).joined(separator: "\n")
            #expect(text.contains("line 1, column 支援措置区分: 支援措置の列ですが、取り込まない設定です"), "\(text)")
        }
        #expect(!FileManager.default.fileExists(atPath: ResidentRegistry.databaseURL(dataDirectory: dir.data).path))
    }

    /// Every other way a mapping could lose 支援措置 refuses the file, naming the column: renamed
    /// into another column, joined into one, read only by `where` or as a 元号 column, or a
    /// `"*"` that makes an unknown code "none".
    @Test(arguments: [
        ("rename", [("  住所_方書: 方書\n", ""), ("支援措置区分: 支援措置", "支援措置区分: 方書")], "支援措置の列を columns の「方書」 に使っています"),
        ("join", [("  住所_方書: 方書\n", ""), ("  支援措置区分: 支援措置\n", ""),
                  ("join:\n", "join:\n  方書: {from: [住所_方書, 支援措置区分], sep: \" \"}\n")], "支援措置の列を join の「方書」 に使っています"),
        ("where", [("  支援措置区分: 支援措置\n", ""), ("where:\n", "where:\n  支援措置区分: [\"\", \"01\", \"02\", \"03\", \"04\", \"05\"]\n")],
         "支援措置の列を where（行の選び分け） に使っています"),
        ("where on the flag", [("where:\n", "where:\n  支援措置区分: [\"\"]\n")], "支援措置の列を where（行の選び分け） に使っています"),
        ("era column", [("  支援措置区分: 支援措置\n", ""), ("era_column: {生年月日: 生年月日_元号}", "era_column: {生年月日: 生年月日_元号, 住民となった年月日: 支援措置区分}")],
         "支援措置の列ですが、取り込まない設定です"),
        ("star to 0", [("支援措置区分: {\"\": \"0\", \"*\": \"1\"}", "支援措置区分: {\"\": \"0\", \"*\": \"0\"}")], "表にないコードが支援措置なしになります"),
    ])
    func aMappingThatLosesSupportRefusesTheFile(how: String, edits: [(String, String)], expected: String) throws {
        let dir = TempDir()
        let export = StandardExport(town: SyntheticResidents(count: 20, seed: 1))
        var yaml = export.mappingYAML
        for (from, to) in edits {
            #expect(yaml.contains(from), "\(how): \(from)")
            yaml = yaml.replacingOccurrences(of: from, with: to)
        }
        for skipInvalid in [false, true] {
            do {
                _ = try importExport(dir, export, encoding: .utf8, mapping: try ColumnMapping.load(url: dir.file("m.yaml", yaml)),
                                     skipInvalid: skipInvalid)
                Issue.record("\(how): imported")
            } catch {
                let text = Self.messages(error).joined(separator: "\n")
                #expect(text.components(separatedBy: "\n").contains { $0.hasPrefix("line 1, column 支援措置区分: ") && $0.contains(expected) }, "\(how): \(text)")
            }
        }
        #expect(!FileManager.default.fileExists(atPath: ResidentRegistry.databaseURL(dataDirectory: dir.data).path))
    }

    /// An unreadable 支援措置 code refuses the file (or, with --skip-invalid, the row), naming the line.
    @Test func anUnreadableSupportCodeRefusesTheRow() throws {
        let dir = TempDir()
        let export = StandardExport(town: SyntheticResidents(count: 20, seed: 1))
        let yaml = export.mappingYAML.replacingOccurrences(of: "支援措置区分: {\"\": \"0\", \"*\": \"1\"}",
                                                           with: "支援措置区分: {\"\": \"0\", \"01\": \"1\", \"02\": \"1\"}")
        let mapping = try ColumnMapping.load(url: dir.file("m.yaml", yaml))
        let line = yaml.components(separatedBy: "\n").firstIndex { $0.contains("支援措置区分: {") }! + 1
        do {
            _ = try importExport(dir, export, encoding: .utf8, mapping: mapping)
            Issue.record("an unmapped 支援措置 code was accepted")
        } catch {
            let text = Self.messages(error).joined(separator: "\n")
            // 0000125 has code 03 (its id ends in 5): its row, line 4 (after two history-free rows), is named.
            #expect(text.contains("column 支援措置区分: コード「03」が列名の対応ファイル \(line) 行目の values にありません"), "\(text)")
        }
        let summary = try importExport(dir, export, encoding: .utf8, mapping: mapping, skipInvalid: true)
        #expect(summary.rejected >= 1)
        let trail = try AccessTrail(dir)
        let registry = try ResidentRegistry(dataDirectory: dir.data, accessLog: trail.log)
        #expect(throws: RegistryError.self) { _ = try registry.resident(id: "0000125", clerk: "k1") }
    }

    /// Without `where`, history rows give one 宛名番号 twice: every such row is refused, never
    /// the first one kept.
    @Test func duplicateIDsAfterWhereAreRefusedEveryRow() throws {
        let dir = TempDir()
        let export = StandardExport(town: SyntheticResidents(count: 30, seed: 3))
        let yaml = export.mappingYAML.replacingOccurrences(of: "where:\n  最新フラグ: \"1\"\n", with: "")
            .replacingOccurrences(of: "ignore_unlisted: true", with: "ignore_unlisted: true\nignore: [最新フラグ]")
        let mapping = try ColumnMapping.load(url: dir.file("m.yaml", yaml))
        do {
            _ = try importExport(dir, export, encoding: .utf8, mapping: mapping)
            Issue.record("duplicates accepted")
        } catch {
            let text = Self.messages(error)
            #expect(text.contains { $0.contains("にもあります。どの行が最新か分からないため") }, "\(text)")
            #expect(text.contains { $0.contains("が重複しています") }, "\(text)")
        }
        let summary = try importExport(dir, export, encoding: .utf8, mapping: mapping, skipInvalid: true)
        let withHistory = export.expected().enumerated().filter { ($0.offset + 1) % export.historyEvery == 3 }.map(\.element.id)
        #expect(!withHistory.isEmpty)
        #expect(summary.imported == export.expected().count - withHistory.count)
        let trail = try AccessTrail(dir)
        let registry = try ResidentRegistry(dataDirectory: dir.data, accessLog: trail.log)
        for id in withHistory {
            #expect(throws: RegistryError.self) { _ = try registry.resident(id: id, clerk: "k1") }
        }
    }

    // MARK: - Mapping file

    /// A mapping problem names its line but never quotes a card number or a 個人番号 from the
    /// file: not as an unknown key, not as a code, not in the YAML parser's excerpt.
    @Test func mappingProblemsNeverQuoteACardNumber() {
        let files = [
            "4111111111111111: x\ncolumns:\n  a: 宛名番号\n",
            "values:\n  続柄コード1: {\"4111 1111 1111 1111\": [子]}\n",
            "columns:\n  a: 宛名番号\n  b: [4111111111111111\n",
        ]
        for text in files {
            let (_, problems) = ColumnMapping.parse(text, file: "m.yaml")
            #expect(!problems.isEmpty, "\(text)")
            for problem in problems {
                #expect(SensitiveNumbers.firstKind(in: problem.description) == nil, "\(problem.description)")
                #expect(problem.description.hasPrefix("m.yaml:"), "\(problem.description)")
            }
        }
    }

    @Test func mappingProblemsNameTheirLine() throws {
        let (_, unknown) = ColumnMapping.parse("columns:\n  a: 宛名番号\nwhre:\n  最新フラグ: \"1\"\n", file: "m.yaml")
        #expect(unknown.map(\.description).contains { $0.hasPrefix("m.yaml:3: 「whre」は使えない項目です") }, "\(unknown)")
        let (_, format) = ColumnMapping.parse("dates:\n  format: ymd\n", file: "m.yaml")
        #expect(format.first?.description.hasPrefix("m.yaml:2:") == true, "\(format)")
        let (_, era) = ColumnMapping.parse("dates:\n  era_codes: {\"1\": 明冶}\n", file: "m.yaml")
        #expect(era.first?.description.hasPrefix("m.yaml:2:") == true, "\(era)")
        let (_, target) = ColumnMapping.parse("join:\n  住居: {from: [a, b]}\n", file: "m.yaml")
        #expect(target.first?.description.hasPrefix("m.yaml:2:") == true, "\(target)")
    }

    @Test func aJoinSourceTheFileLacksIsNamedWithTheMappingLine() throws {
        let dir = TempDir()
        let export = StandardExport(town: SyntheticResidents(count: 5, seed: 1))
        let yaml = export.mappingYAML.replacingOccurrences(of: "住所_番地号表記], sep", with: "住所_番地], sep")
        let line = yaml.components(separatedBy: "\n").firstIndex { $0.contains("住所: {from") }! + 1
        do {
            _ = try importExport(dir, export, encoding: .utf8, mapping: try ColumnMapping.load(url: dir.file("m.yaml", yaml)))
            Issue.record("accepted")
        } catch {
            #expect(Self.messages(error) == ["line 1, column 住所_番地: 列名の対応ファイル \(line) 行目の join の 住所 に書かれた列がこのファイルにありません。列名を見出しと同じにしてください。"])
        }
    }

    @Test func anUnmappedRelationshipCodeIsNamedByLine() throws {
        let dir = TempDir()
        let header = "宛名番号,世帯番号,氏名,氏名フリガナ,生年月日,性別,続柄コード1,住民状態\n"
        let file = dir.file("e.csv", header + "1,1,山田 太郎,ヤマダ タロウ,1950-01-01,1,02,1\n2,1,山田 花子,ヤマダ ハナコ,1952-01-01,2,13,1\n")
        let mapping = try ColumnMapping.load(url: dir.file("m.yaml", "values:\n  続柄コード1: {\"02\": 世帯主, \"12\": 妻}\ncolumns:\n  続柄コード1: 続柄\n"))
        do {
            _ = try ResidentImporter(dataDirectory: dir.data).run(file: file, options: ImportOptions(mapping: mapping, today: Self.today))
            Issue.record("accepted")
        } catch {
            #expect(Self.messages(error).first == "line 3, column 続柄コード1: コード「13」が列名の対応ファイル 2 行目の values にありません。その表にコードを加えるか、\"*\" を書いてください。")
        }
    }

    // MARK: - Dates, 外字

    @Test func aFutureBirthDateIsRefused() throws {
        let dir = TempDir()
        let file = dir.file("f.csv", "宛名番号,世帯番号,氏名,氏名フリガナ,生年月日,性別,続柄,住民状態\n1,1,山田 太郎,ヤマダ タロウ,2027-01-01,1,世帯主,1\n2,2,山田 次郎,ヤマダ ジロウ,令和20年頃,1,世帯主,1\n")
        do {
            _ = try ResidentImporter(dataDirectory: dir.data).run(file: file, options: ImportOptions(today: Self.today))
            Issue.record("accepted")
        } catch {
            #expect(Self.messages(error).first == "line 2, column 生年月日: 生年月日「2027-01-01」が今日より後です。生年月日を確認してください。")
            #expect(Self.messages(error).dropFirst().first?.hasPrefix("line 3, column 生年月日: 生年月日「令和20年頃」が今日より後です") == true)
        }
    }

    @Test func anUnmappedGaijiIsReportedByLine() throws {
        let dir = TempDir()
        let text = "宛名番号,世帯番号,氏名,氏名フリガナ,生年月日,性別,続柄,住民状態\n1,1,山田 太郎,ヤマダ タロウ,1950-01-01,1,世帯主,1\n2,2,\u{E001}田 一,ヨシダ ハジメ,1950-01-01,1,世帯主,1\n"
        let file = dir.file("g.csv", bytes: try #require(CP932.encode(text)))
        do {
            _ = try ResidentImporter(dataDirectory: dir.data).run(file: file, options: ImportOptions(gaiji: Self.yoshi, today: Self.today))
            Issue.record("accepted")
        } catch {
            #expect(Self.messages(error).first == "line 3, column 氏名: 外字 U+E001（CP932 F041）が Forms/gaiji.yaml にありません。gaiji.yaml にその字（表せなければ 〓 と注記）を加えてください。")
        }
    }

    @Test func gaijiFileProblemsNameTheirLine() {
        let (table, problems) = GaijiTable.parse("gaiji:\n  U+E000: {char: 𠮷}\n  F041: {char: 〓}\n  U+4E00: {char: 一}\n", file: "gaiji.yaml")
        #expect(table.characters[Unicode.Scalar(0xE000)!] == "𠮷")
        #expect(problems.map(\.line) == [3, 4], "\(problems)")
    }

    /// A 外字 stands for a character one can see: an escape, a bidi override, a space or an
    /// invisible joiner in `char` is refused by line, so no name is stored with one.
    @Test func aGaijiThatIsAControlOrInvisibleIsRefused() {
        let yaml = "gaiji:\n  U+E000: {char: \"\\e\"}\n  U+E001: {char: \"\\u202E\"}\n  U+E002: {char: \"\\u3000\"}\n"
            + "  U+E003: {char: \"\\u200D\"}\n  U+E004: {char: \"\\t\"}\n  U+E005: {char: 髙}\n"
        let (table, problems) = GaijiTable.parse(yaml, file: "gaiji.yaml")
        #expect(problems.map(\.line) == [2, 3, 4, 5, 6], "\(problems)")
        #expect(table.characters == [Unicode.Scalar(0xE005)!: "髙"])
        #expect(problems.allSatisfy { !$0.description.unicodeScalars.contains(where: DisplaySanitizer.isForbidden) }, "\(problems)")
    }

    // MARK: - Search

    @Test func searchFindsBoundaryDaysByEitherEraVariantsAndShortIDs() throws {
        let dir = TempDir()
        _ = try importExport(dir, StandardExport(town: SyntheticResidents(count: 10, seed: 1)), encoding: .utf8)
        let trail = try AccessTrail(dir)
        let registry = try ResidentRegistry(dataDirectory: dir.data, accessLog: trail.log)
        for query in ["明治45年7月30日", "大正元年7月30日", "M45.7.30", "T1.7.30", "1450730", "2010730"] {
            #expect(try registry.search(query, clerk: "k1").map(\.id) == ["0000123"], "\(query)")
        }
        for query in ["大正15年12月25日", "昭和元年12月25日", "T15.12.25", "S1.12.25"] {
            #expect(try registry.search(query, clerk: "k1").map(\.id) == ["0000124"], "\(query)")
        }
        #expect(try registry.search("吉田 高志", clerk: "k1").map(\.id) == ["0000126"])
        #expect(try registry.search("渡辺", clerk: "k1").map(\.id).contains("0000127"))
        #expect(try registry.search("渡邉 崎", clerk: "k1").map(\.id) == ["0000127"])
        #expect(try registry.search("辻", clerk: "k1").map(\.id) == ["0000129"])
        #expect(try registry.search("王", clerk: "k1").map(\.id) == ["0000128"])
        #expect(try registry.search("123", clerk: "k1").map(\.id) == ["0000123"])
        #expect(try registry.resident(id: "124", clerk: "k1").id == "0000124")
        // A 不詳日 is never found as an invented exact day.
        #expect(try registry.search("19350101", clerk: "k1").isEmpty)
    }
}

/// Deadlines and rules that need the day say so when the record has none.
@Suite struct UncertainDateRuleTests {
    @Test func anAgeFromAnUncertainBirthDateIsMarkedAsAnEstimate() {
        let deceased = Resident(id: "1", householdID: "1", name: "明石 澄子", kana: "アカシ スミコ",
                                birthdate: CivilDate(year: 1935, month: 1, day: 1)!, sex: .female, relationship: "世帯主",
                                status: .deceased, statusDate: CivilDate(year: 2026, month: 11, day: 20)!, birthdateText: "昭和10年頃")
        let facts = DeathFacts(deceased: deceased, household: [deceased], dateOfDeath: CivilDate(year: 2026, month: 11, day: 20)!)
        let evaluation = RuleCondition.ageAtDeath(min: 65, max: nil).evaluate(facts)
        #expect(evaluation.matched)
        #expect(evaluation.because.first?.ending.contains("生年月日が「昭和10年頃」と記録され日が定まらないため年齢は目安") == true,
                "\(evaluation.because)")
        var exact = deceased
        exact.birthdateText = nil
        let plain = RuleCondition.ageAtDeath(min: 65, max: nil).evaluate(DeathFacts(deceased: exact, household: [exact], dateOfDeath: facts.dateOfDeath))
        #expect(plain.because.first?.ending.contains("目安") == false)
    }
}
