import Foundation
import JapaneseKit
import Testing

@Suite struct JapaneseDateTests {
    private func date(_ y: Int, _ m: Int, _ d: Int) -> CivilDate { CivilDate(year: y, month: m, day: d)! }

    @Test(arguments: [
        "2019-05-01", "2019/5/1", "2019/05/01", "2019.5.1", "2019年5月1日", "20190501",
        "令和元年5月1日", "令和1年5月1日", "令和01年05月01日", "R1.5.1", "R01/05/01", "r1.5.1", "R1-5-1",
        "令1.5.1", "R010501", "令和010501", "5010501", "２０１９－０５－０１", "Ｒ１．５．１", "令和元年５月１日", "５０１０５０１",
        " 令和 元年 5月 1日 ", "2019‐05‐01", "R1.5.1\n",
    ])
    func everyFormOfReiwaGannen(input: String) throws {
        #expect(try JapaneseDate.parse(input) == date(2019, 5, 1))
    }

    @Test func otherEras() throws {
        #expect(try JapaneseDate.parse("H31.4.30") == date(2019, 4, 30))
        #expect(try JapaneseDate.parse("平成31年4月30日") == date(2019, 4, 30))
        #expect(try JapaneseDate.parse("S45.3.2") == date(1970, 3, 2))
        #expect(try JapaneseDate.parse("昭45.3.2") == date(1970, 3, 2))
        #expect(try JapaneseDate.parse("昭和45年3月2日") == date(1970, 3, 2))
        #expect(try JapaneseDate.parse("3450302") == date(1970, 3, 2))
        #expect(try JapaneseDate.parse("4050101") == date(1993, 1, 1))
        #expect(try JapaneseDate.parse("T1.7.30") == date(1912, 7, 30))
        #expect(try JapaneseDate.parse("大正元年7月30日") == date(1912, 7, 30))
        #expect(try JapaneseDate.parse("M45.7.29") == date(1912, 7, 29))
        #expect(try JapaneseDate.parse("明治6年1月1日") == date(1873, 1, 1))
        #expect(try JapaneseDate.parse("1873-01-01") == date(1873, 1, 1))
        #expect(try JapaneseDate.parse("H1.1.8") == date(1989, 1, 8))
        #expect(try JapaneseDate.parse("S64.1.7") == date(1989, 1, 7))
        #expect(try JapaneseDate.parse("令和6年2月29日") == date(2024, 2, 29))
    }

    /// Each era's first and last day, read in and printed back, both ways.
    @Test(arguments: Era.allCases)
    func eraBoundaries(era: Era) throws {
        let first = era == .meiji ? CivilDate.solarCalendarStart : era.firstDay
        #expect(first.era == era)
        #expect(try JapaneseDate.parse(first.warekiLong) == first)
        #expect(try JapaneseDate.parse(first.warekiShort) == first)
        if let code = first.code7 { #expect(try JapaneseDate.parse(code) == first) }
        if era != .meiji {
            let before = era.firstDay.adding(days: -1)
            #expect(before.era == Era(rawValue: era.rawValue - 1))
            #expect(era.firstDay.warekiLong.hasPrefix(era.name + "元年"))
            // The day before the era, written in the era, is refused.
            let eraYear = era.eraYear(of: before.year)
            let written = "\(era.name)\(eraYear == 1 ? "元" : String(eraYear))年\(before.month)月\(before.day)日"
            #expect(throws: DateInputError.self) { try JapaneseDate.parse(written) }
        }
        if let last = era.lastDay {
            #expect(last.era == era)
            #expect(try JapaneseDate.parse(last.warekiLong) == last)
            #expect(try JapaneseDate.parse(last.warekiShort) == last)
            // 明治 and 大正 may also name the next era's first day (the day the era changed); the
            // day after the last day it may name is refused.
            let after = (era.lastWritableDay ?? last).adding(days: 1)
            #expect(era.lastWritableDay == (era == .meiji || era == .taisho ? last.adding(days: 1) : last))
            let written = "\(era.name)\(era.eraYear(of: after.year))年\(after.month)月\(after.day)日"
            do {
                _ = try JapaneseDate.parse(written)
                Issue.record("\(written) was accepted")
            } catch {
                #expect(error.message.contains("は存在しません"))
                #expect(error.message.contains(era.name + "は"))
            }
        }
    }

    @Test func outOfEraMessagesNameTheEdge() {
        #expect(message("平成31年5月1日") == "平成31年5月1日は存在しません（平成は31年4月30日まで）")
        #expect(message("H31.5.1") == "平成31年5月1日は存在しません（平成は31年4月30日まで）")
        #expect(message("4310501") == "平成31年5月1日は存在しません（平成は31年4月30日まで）")
        #expect(message("昭和64年1月8日") == "昭和64年1月8日は存在しません（昭和は64年1月7日まで）")
        #expect(message("令和1年4月30日") == "令和元年4月30日は存在しません（令和は元年5月1日から）")
        // 大正15年12月25日 is 昭和元年12月25日 (the day the era changed); the day after is not.
        #expect(message("大正15年12月26日") == "大正15年12月26日は存在しません（大正は15年12月25日まで）")
        #expect(message("令和0年5月1日")?.contains("令和は元年5月1日から") == true)
    }

    /// A card number or 個人番号 typed where a date goes is never shown back.
    @Test(arguments: ["4111111111111111", "4111 1111 1111 1111", "１２３４５６７８９０１８", "1234-5678-9018x"])
    func longDigitRunsAreNotEchoed(input: String) {
        let shown = message(input) ?? ""
        #expect(shown.contains("入力された値"))
        #expect(!shown.contains("1111") && !shown.contains("５６７８") && !shown.contains("9018"))
    }

    @Test func impossibleAndEarlyDatesAreRefused() {
        #expect(message("令和6年2月30日") == "令和6年2月30日は存在しません（2月は29日までです）")
        #expect(message("2023-02-29") == "2023年2月29日は存在しません（2月は28日までです）")
        #expect(message("2019/13/1") == "2019年13月1日は存在しません（月は1から12までです）")
        #expect(message("R1.4.31")?.contains("4月は30日まで") == true)
        #expect(message("1872-12-31")?.contains("明治6年1月1日（1873年1月1日）以降") == true)
        #expect(message("明治5年12月31日")?.contains("以降の日付を入力してください") == true)
        #expect(message("1000101")?.contains("以降の日付") == true)
        #expect(message("")?.contains("入力されていません") == true)
        #expect(message("0010101")?.contains("1 明治") == true)
        #expect(message("8010101")?.contains("1 明治") == true)
    }

    @Test(arguments: ["abc", "2019", "2019-05", "R1.5", "2019-05-01-02", "令和元年5月1日日", "19-05-01",
                      "X1.5.1", "123456", "201905011", "元年5月1日", "2019年元月1日", "R1..5.1", "R.1.5.1", "R123.5.1", "R10501", "R0105011",
                      "2019/5/100", "山田太郎", "2019-05-01\n2019-05-02"])
    func unreadableInputIsRefused(input: String) {
        #expect(throws: DateInputError.self) { try JapaneseDate.parse(input) }
        #expect(message(input).map { !$0.contains("\n") } == true)
    }

    @Test func controlCharactersNeverReachTheMessage() {
        let text = message("\u{1B}[2Jabc")
        #expect(text?.contains("\u{1B}") == false)
        #expect(text?.contains("␛") == true)
    }

    @Test func formatting() {
        let gannen = date(2019, 5, 1)
        #expect(gannen.warekiLong == "令和元年5月1日")
        #expect(gannen.warekiShort == "R1.5.1")
        #expect(gannen.code7 == "5010501")
        #expect(gannen.iso == "2019-05-01")
        #expect(date(2019, 4, 30).warekiLong == "平成31年4月30日")
        #expect(date(1989, 1, 8).warekiLong == "平成元年1月8日")
        #expect(date(1989, 1, 7).warekiLong == "昭和64年1月7日")
        #expect(date(1926, 12, 25).warekiLong == "昭和元年12月25日")
        #expect(date(1926, 12, 24).warekiShort == "T15.12.24")
        #expect(date(1912, 7, 29).code7 == "1450729")
        #expect(date(1970, 3, 2).code7 == "3450302")
        #expect(date(2118, 1, 1).code7 == nil)  // 令和100年
        #expect(date(1868, 1, 1).era == nil)
        #expect(date(2026, 11, 25).weekdaySymbol == "水")
    }

    /// Every day from 1873 to 2100 round-trips through each printed form.
    @Test func everyDayRoundTrips() throws {
        var day = CivilDate.solarCalendarStart
        let end = CivilDate(year: 2100, month: 12, day: 31)!
        var checked = 0
        while day <= end {
            #expect(try JapaneseDate.parse(day.warekiLong) == day)
            #expect(try JapaneseDate.parse(day.warekiShort) == day)
            #expect(try JapaneseDate.parse(day.iso) == day)
            if let code = day.code7 { #expect(try JapaneseDate.parse(code) == day) }
            day = day.adding(days: 1)
            checked += 1
        }
        #expect(checked == CivilDate.solarCalendarStart.days(until: end) + 1)
    }

    private func message(_ input: String) -> String? {
        do {
            _ = try JapaneseDate.parse(input)
            return nil
        } catch {
            return error.message
        }
    }
}

/// The 和暦 forms against Foundation's Japanese calendar (ICU), an independent implementation.
@Suite struct WarekiAgainstFoundationTests {
    @Test func everyDayFrom1873To2100() {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "ja_JP")
        formatter.calendar = Calendar(identifier: .japanese)
        formatter.timeZone = .japan
        formatter.dateFormat = "GGGGy年M月d日"
        var day = CivilDate.solarCalendarStart
        var checked = 0
        while day.year <= 2100 {
            #expect(day.warekiLong == formatter.string(from: day.startDate()), "\(day)")
            day = day.adding(days: 1)
            checked += 1
        }
        #expect(checked == 83_275)
    }
}
