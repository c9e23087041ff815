import Foundation
import JapaneseKit
import Testing

@Suite struct HolidaysTests {
    /// `Fixtures/holidays-1949-2099.tsv` (date TAB name) was generated once from the PyPI
    /// package `jpholiday` (1.0.3, `jpholiday.year_holidays(y)` for 1949–2099); the
    /// implementation computes by rule and never reads it.
    static func oracle() throws -> [Int: [Holiday]] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/holidays-1949-2099.tsv")
        let text = try String(contentsOf: url, encoding: .utf8)
        var byYear: [Int: [Holiday]] = [:]
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: "\t")
            guard fields.count == 2, let date = CivilDate(iso: String(fields[0])) else {
                Issue.record("bad fixture line: \(line)")
                continue
            }
            byYear[date.year, default: []].append(Holiday(date: date, name: String(fields[1])))
        }
        return byYear
    }

    /// Where `jpholiday` departs from the law, the law wins:
    /// - it applies 国民の休日 to 5/4 in every year, but the sandwiched-day rule came with the
    ///   amendment of 1985-12-27 (first such day 1988-05-04);
    /// - it gives 1973-02-12 as a 振替休日, but 振替休日 began on 1973-04-12.
    static func oracleDepartsFromLaw(_ holiday: Holiday) -> Bool {
        if holiday.name == "国民の休日" && holiday.date < CivilDate(year: 1985, month: 12, day: 27)! { return true }
        return holiday.date == CivilDate(year: 1973, month: 2, day: 12)!
    }

    @Test func everyYearMatchesTheOracle() throws {
        let oracle = try Self.oracle()
        var compared = 0
        var departures = 0
        for year in 1949...2099 {
            let expected = (oracle[year] ?? []).filter { holiday in
                if Self.oracleDepartsFromLaw(holiday) { departures += 1; return false }
                return true
            }
            let computed = Holidays.holidays(in: year)
            #expect(computed == expected, "year \(year)")
            compared += expected.count
            for holiday in expected {
                #expect(Holidays.holidayName(holiday.date) == holiday.name)
            }
        }
        #expect(compared + departures == 2440)
        #expect(departures == 32)
        // Every day of the range: a holiday exactly when the oracle (as corrected) says so.
        var names: [Int: String] = [:]
        for (_, holidays) in oracle { for h in holidays where !Self.oracleDepartsFromLaw(h) { names[h.date.dayNumber] = h.name } }
        var day = CivilDate(year: 1949, month: 1, day: 1)!
        while day.year <= 2099 {
            #expect(Holidays.holidayName(day) == names[day.dayNumber], "\(day)")
            day = day.adding(days: 1)
        }
    }

    @Test func theLawsDeparturesFromTheOracle() {
        #expect(Holidays.holidayName(CivilDate(year: 1973, month: 2, day: 12)!) == nil)
        #expect(Holidays.holidayName(CivilDate(year: 1973, month: 4, day: 30)!) == "天皇誕生日 振替休日")
        #expect(Holidays.holidayName(CivilDate(year: 1985, month: 5, day: 4)!) == nil)
        #expect(Holidays.holidayName(CivilDate(year: 1988, month: 5, day: 4)!) == "国民の休日")
    }

    @Test func rulesOfNote() {
        func name(_ y: Int, _ m: Int, _ d: Int) -> String? { Holidays.holidayName(CivilDate(year: y, month: m, day: d)!) }
        #expect(name(1959, 4, 10) == "皇太子・明仁親王の結婚の儀")
        #expect(name(2019, 4, 30) == "国民の休日")
        #expect(name(2019, 5, 1) == "天皇の即位の日")
        #expect(name(2019, 5, 2) == "国民の休日")
        #expect(name(2019, 12, 23) == nil)  // no 天皇誕生日 in 2019
        #expect(name(2019, 2, 23) == nil)
        #expect(name(2020, 2, 23) == "天皇誕生日")
        #expect(name(2020, 7, 24) == "スポーツの日")
        #expect(name(2021, 8, 9) == "山の日 振替休日")
        #expect(name(2008, 5, 6) == "みどりの日 振替休日")  // next non-holiday since 2007
        #expect(name(2009, 9, 22) == "国民の休日")  // Silver Week
        #expect(name(2023, 1, 2) == "元日 振替休日")
        #expect(name(1999, 1, 15) == "成人の日")
        #expect(name(2000, 1, 10) == "成人の日")
        #expect(name(2002, 7, 20) == "海の日")
        #expect(name(2003, 7, 21) == "海の日")
        #expect(Holidays.vernalEquinoxDay(2024) == 20)
        #expect(Holidays.autumnalEquinoxDay(2024) == 22)
        #expect(Holidays.holidays(in: 1948).isEmpty)
        #expect(Holidays.holidays(in: 2100).isEmpty)
        let y2019 = Holidays.holidays(in: 2019)
        #expect(y2019.count == 22)
        #expect(y2019.map(\.date) == y2019.map(\.date).sorted())
    }

    @Test func closedDays() {
        func closed(_ y: Int, _ m: Int, _ d: Int) -> Bool { Holidays.isClosedDay(CivilDate(year: y, month: m, day: d)!) }
        #expect(closed(2024, 12, 27) == false)  // Friday
        #expect(closed(2024, 12, 29))
        #expect(closed(2024, 12, 30))  // Monday, year-end
        #expect(closed(2024, 12, 31))
        #expect(closed(2025, 1, 2))
        #expect(closed(2025, 1, 3))
        #expect(closed(2025, 1, 6) == false)
        #expect(closed(2024, 11, 23))  // Saturday
        #expect(closed(2024, 11, 4))  // 振替休日
        #expect(closed(2024, 11, 5) == false)
        #expect(Holidays.openDay(onOrAfter: CivilDate(year: 2024, month: 12, day: 28)!) == CivilDate(year: 2025, month: 1, day: 6)!)
    }
}
