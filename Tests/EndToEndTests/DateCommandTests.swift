import Foundation
import Testing

/// `madoguchi date` and `madoguchi holidays` through the built binary.
@Suite struct DateCommandTests {
    @Test(arguments: ["R1.5.1", "令和元年5月1日", "2019-05-01", "5010501", "２０１９／５／１", "R01/05/01"])
    func dateAsJSON(input: String) throws {
        let result = try Binary.run(["date", input, "--json"])
        #expect(result.status == 0)
        #expect(result.stdout == "{\"iso\":\"2019-05-01\",\"wareki\":\"令和元年5月1日\",\"code7\":\"5010501\"}\n")
        #expect(result.stderr.isEmpty)
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: String]
        #expect(object == ["iso": "2019-05-01", "wareki": "令和元年5月1日", "code7": "5010501"])
    }

    @Test func dateAsText() throws {
        let result = try Binary.run(["date", "S45.3.2"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("1970-03-02"))
        #expect(result.stdout.contains("昭和45年3月2日"))
        #expect(result.stdout.contains("3450302"))
    }

    @Test(arguments: [
        ("平成31年5月1日", "平成31年5月1日は存在しません（平成は31年4月30日まで）"),
        ("昭和64年1月8日", "昭和64年1月8日は存在しません（昭和は64年1月7日まで）"),
        ("令和6年2月30日", "令和6年2月30日は存在しません（2月は29日までです）"),
        ("1872-12-31", "1872年12月31日は扱えません。明治6年1月1日（1873年1月1日）以降の日付を入力してください。"),
    ])
    func invalidDateExitsTwo(input: String, message: String) throws {
        for arguments in [["date", input], ["date", input, "--json"]] {
            let result = try Binary.run(arguments)
            #expect(result.status == 2)
            #expect(result.stdout.isEmpty)
            #expect(result.stderr == message + "\n")
        }
    }

    @Test(arguments: ["abc", "", "2019-02-29", "9010101"])
    func unreadableDateExitsTwoWithOneJapaneseLine(input: String) throws {
        let result = try Binary.run(["date", input, "--json"])
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(result.stderr.unicodeScalars.contains { $0.value >= 0x3000 })
    }

    @Test func holidaysAsJSON() throws {
        let result = try Binary.run(["holidays", "2019", "--json"])
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty)
        let array = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: String]])
        #expect(array.count == 22)
        #expect(array.allSatisfy { Set($0.keys) == ["date", "name"] })
        let dates = array.compactMap { $0["date"] }
        #expect(dates == dates.sorted())
        #expect(array.first == ["date": "2019-01-01", "name": "元日"])
        #expect(array.contains(["date": "2019-05-01", "name": "天皇の即位の日"]))
        #expect(array.contains(["date": "2019-04-30", "name": "国民の休日"]))
        #expect(array.contains(["date": "2019-05-06", "name": "こどもの日 振替休日"]))
        #expect(result.stdout.hasPrefix("[{\"date\":\"2019-01-01\",\"name\":\"元日\"},"))
    }

    @Test func holidaysAsText() throws {
        let result = try Binary.run(["holidays", "2024"])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 21)
        #expect(lines.first?.contains("2024-01-01") == true)
        #expect(lines.contains { $0.contains("2024-11-04") && $0.contains("振替休日") })
    }

    @Test(arguments: ["1948", "2100", "0", "abc", "20190"])
    func yearOutsideTheRangeExitsTwo(year: String) throws {
        for arguments in [["holidays", year], ["holidays", year, "--json"]] {
            let result = try Binary.run(arguments)
            #expect(result.status == 2)
            #expect(result.stdout.isEmpty)
            #expect(result.stderr.split(separator: "\n").count == 1)
            #expect(result.stderr.contains("1949から2099まで"))
        }
    }
}
