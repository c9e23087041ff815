import CounterCore
import Foundation
import JapaneseKit
import Testing

@Suite struct ResidentSearchTests {
    /// A registry over the fixture households plus a few more, with its access log.
    func registry(_ dir: TempDir, extra: [[String]] = []) throws -> (ResidentRegistry, AccessTrail) {
        let rows = Fixture.rows + [
            ["1005", "503", "山田 太一", "ヤマダ タイチ", "1993-01-01", "1", "世帯主", "1", "", "いわき市平字田町9", "0"],
            ["1006", "504", "山田 太郎", "ヤマダ タロウ", "1931-01-01", "1", "世帯主", "3", "2020-02-02", "いわき市平", "1"],
            ["1007", "505", "𠮷田 美咲", "ヨシダ ミサキ", "1993-01-01", "2", "世帯主", "1", "", "いわき市泉町", "0"],
            ["1008", "506", "山本 花子", "ヤマモト ハナコ", "2019-05-01", "2", "世帯主", "1", "", "いわき市錦町", "0"],
        ] + extra
        _ = try ResidentImporter(dataDirectory: dir.data).run(file: dir.file("s.csv", Fixture.csv(rows: rows)))
        let trail = try AccessTrail(dir)
        return (try ResidentRegistry(dataDirectory: dir.data, accessLog: trail.log), trail)
    }

    @Test func kanaPrefixPerNamePartInEveryWriting() throws {
        let dir = TempDir()
        let (registry, _) = try registry(dir)
        for query in ["やまだ", "ヤマダ", "ﾔﾏﾀﾞ", "山田", "ヤマ"] {
            let ids = try registry.search(query, limit: 20, clerk: "k1").map(\.id)
            #expect(Set(ids).isSuperset(of: ["1001", "1002", "1003", "1005", "1006"]), "\(query)")
        }
        // No exact key; prefix matches in key order (タイチ < タロウ), the deceased last.
        #expect(try registry.search("ヤマダ タ", limit: 20, clerk: "k1").map(\.id) == ["1005", "1001", "1006"])
        #expect(try registry.search("はなこ", limit: 20, clerk: "k1").map(\.id) == ["1002", "1008"])
        #expect(try registry.search("花", limit: 20, clerk: "k1").map(\.id) == ["1002", "1008"])
        #expect(try registry.search("𠮷田", limit: 20, clerk: "k1").map(\.id) == ["1007"])
        // Variant kanji fold in the search key: 高橋 finds 髙橋 (issue 18).
        #expect(try registry.search("高橋", limit: 20, clerk: "k1").map(\.id) == ["1004"])
        #expect(try registry.search("タカハシ", limit: 20, clerk: "k1").map(\.id) == ["1004"])
    }

    @Test func exactBeforePrefixAndCurrentFirst() throws {
        let dir = TempDir()
        let (registry, _) = try registry(dir, extra: [
            ["1009", "507", "山田 太郎丸", "ヤマダ タロウマル", "1960-01-01", "1", "世帯主", "1", "", "x", "0"],
        ])
        let ids = try registry.search("やまだたろう", limit: 10, clerk: "k1").map(\.id)
        #expect(ids == ["1001", "1006", "1009"])
        let limited = try registry.search("やまだ", limit: 2, clerk: "k1")
        #expect(limited.count == 2)
        #expect(limited.allSatisfy { $0.status == .current })
    }

    @Test func okuyamiOrderPutsTheDeceasedFirstLatestDeathFirstEvenPastTheLimit() throws {
        let dir = TempDir()
        // 60 living 山田 with lower 宛名番号 than the deceased: the registry order fills a limit of 50 with them.
        let living: [[String]] = (0..<60).map { (i: Int) -> [String] in
            [String(2000 + i), String(600 + i), "山田 一\(i)", "ヤマダ イチ", "1970-01-01", "1", "世帯主", "1", "", "いわき市", "0"]
        }
        let (registry, trail) = try registry(dir, extra: living + [
            ["3001", "700", "山田 二郎", "ヤマダ ジロウ", "1935-01-01", "1", "世帯主", "3", "2026-11-10", "いわき市", "0"],
        ])
        let plain = try registry.search("やまだ", limit: 50, clerk: "k1")
        #expect(!plain.contains { $0.status == .deceased })
        let okuyami = try registry.search("やまだ", limit: 50, order: .deceasedFirst, clerk: "k1")
        #expect(okuyami.count == 50)
        // 3001 died 2026-11-10, 1006 in 2020: the latest death first, then the living.
        #expect(okuyami.prefix(2).map(\.id) == ["3001", "1006"])
        #expect(okuyami.prefix(2).map { $0.statusDate?.iso } == ["2026-11-10", "2020-02-02"])
        #expect(okuyami.dropFirst(2).allSatisfy { $0.status != .deceased })
        // What was shown is what the access log holds.
        #expect(try trail.records().last?.residents == okuyami.map(\.id))
        // A birthdate or id search keeps the same order.
        #expect(try registry.search("1931-01-01", order: .deceasedFirst, clerk: "k1").map(\.id) == ["1006"])
    }

    @Test func birthdatesInEveryForm() throws {
        let dir = TempDir()
        let (registry, _) = try registry(dir)
        for query in ["4050101", "19930101", "H5.1.1", "平成5年1月1日", "1993-01-01", "Ｈ５．１．１"] {
            #expect(try registry.search(query, limit: 10, clerk: "k1").map(\.id) == ["1005", "1007"], "\(query)")
        }
        #expect(try registry.search("5010501", limit: 10, clerk: "k1").map(\.id) == ["1008"])
        #expect(try registry.search("R1.5.1", limit: 10, clerk: "k1").map(\.id) == ["1008"])
        let summary = try #require(try registry.search("3270302", limit: 10, clerk: "k1").first)
        #expect(summary.id == "1002")
        #expect(summary.birthdateWareki == "昭和27年3月2日")
    }

    @Test func residentNumbers() throws {
        let dir = TempDir()
        let (registry, _) = try registry(dir)
        let found = try registry.search("1006", limit: 10, clerk: "k1")
        #expect(found.map(\.id) == ["1006"])
        #expect(found[0].status == .deceased)
        #expect(found[0].householdID == "504")
        #expect(try registry.search("99999999999", limit: 10, clerk: "k1").isEmpty)
    }

    @Test func householdInRelationshipOrder() throws {
        let dir = TempDir()
        let (registry, _) = try registry(dir, extra: [
            ["1010", "501", "山田 ハル", "ヤマダ ハル", "1925-01-01", "2", "母", "1", "", "いわき市平字田町1", "1"],
            ["1011", "501", "山田 陽菜", "ヤマダ ヒナ", "2010-01-01", "2", "孫", "1", "", "いわき市平字田町1", "0"],
            ["1012", "501", "佐藤 一", "サトウ ハジメ", "1970-01-01", "1", "同居人", "1", "", "いわき市平字田町1", "0"],
            ["1013", "501", "山田 次郎", "ヤマダ ジロウ", "1984-01-01", "1", "子", "1", "", "いわき市平字田町1", "0"],
        ])
        let members = try registry.household(of: "1011").map(\.id)
        // 世帯主, 妻, 子 (current, oldest first), 母, 孫, 同居人; the moved-out 子 last.
        #expect(members == ["1001", "1002", "1013", "1010", "1011", "1012", "1003"])
        #expect(try registry.head(ofHousehold: "501")?.id == "1001")
    }

    @Test func everySearchAndViewIsLoggedBeforeReturning() throws {
        let dir = TempDir()
        let (registry, trail) = try registry(dir)
        _ = try registry.search("やまだ", limit: 3, clerk: "k0042")
        _ = try registry.resident(id: "1004", clerk: "k0042")
        _ = try? registry.resident(id: "0000", clerk: "k0042")
        let records = try trail.records()
        #expect(records.count == 3)
        #expect(records[0].action == "search" && records[0].query == "やまだ" && records[0].residents.count == 3)
        #expect(records[1].action == "view" && records[1].residents == ["1004"] && records[1].clerk == "k0042")
        #expect(records[2].action == "view" && records[2].residents.isEmpty)
    }

    @Test func nothingIsReturnedWhenTheLogCannotBeWritten() throws {
        let dir = TempDir()
        let (registry, trail) = try registry(dir)
        try trail.breakStorage()
        #expect(throws: RegistryError.self) { _ = try registry.search("やまだ", limit: 3, clerk: "k1") }
        #expect(throws: RegistryError.self) { _ = try registry.resident(id: "1001", clerk: "k1") }
        do {
            _ = try registry.search("1001", limit: 3, clerk: "k1")
            Issue.record("a search returned although the access log is closed")
        } catch {
            guard case .accessLogFailed = error else { Issue.record("wrong error \(error)"); return }
            #expect(error.message.contains("表示できません"))
        }
    }

    @Test func aPersonalNumberIsNeverSearchedNorLogged() throws {
        let dir = TempDir()
        let (registry, trail) = try registry(dir)
        // 12 digits whose last digit is the 個人番号 check digit.
        #expect(throws: RegistryError.sensitiveQuery) { _ = try registry.search("123456789018", limit: 3, clerk: "k1") }
        #expect(throws: RegistryError.sensitiveQuery) { _ = try registry.search("4111 1111 1111 1111", limit: 3, clerk: "k1") }
        #expect(try trail.records().isEmpty)
        #expect(try registry.search("123456789012", limit: 3, clerk: "k1").isEmpty)  // not a valid check digit
        #expect(try trail.records().count == 1)
    }

    @Test func unknownResidentAndNoRegistry() throws {
        let dir = TempDir()
        let trail = try AccessTrail(dir)
        #expect(throws: RegistryError.notImported(path: ResidentRegistry.databaseURL(dataDirectory: dir.data).path)) {
            _ = try ResidentRegistry(dataDirectory: dir.data, accessLog: trail.log)
        }
        let (registry, _) = try registry(dir)
        #expect(throws: RegistryError.notFound(id: "424242")) { _ = try registry.resident(id: "424242", clerk: "k1") }
    }
}
