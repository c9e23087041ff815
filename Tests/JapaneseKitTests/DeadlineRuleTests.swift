import Foundation
import JapaneseKit
import Testing

@Suite struct DeadlineRuleTests {
    private func date(_ y: Int, _ m: Int, _ d: Int) -> CivilDate { CivilDate(year: y, month: m, day: d)! }

    /// A death on Friday 2019-04-26, the eve of the ten-day 2019 Golden Week (4/27–5/6).
    @Test func deathOnAFridayBeforeALongWeekend() {
        let death = date(2019, 4, 26)
        #expect(death.weekday == 6)
        // 14 days, 戸籍法43条 (first day included): closed days inside the period still count.
        #expect(DeadlineRule.familyRegister(days: 14).due(from: death) == date(2019, 5, 9))
        // 7 days (死亡届) ends 5/2, a 国民の休日, so it moves past the long weekend (民法142条).
        #expect(DeadlineRule.familyRegister(days: 7).due(from: death) == date(2019, 5, 7))
        let strict = DeadlineRule(length: 7, unit: .days, firstDayIncluded: true, extendOverClosedDays: false)
        #expect(strict.due(from: death) == date(2019, 5, 2))
        // 14 days under 民法140条 (first day excluded): 5/10, a Friday and open.
        #expect(DeadlineRule.civilCode(14, .days).due(from: death) == date(2019, 5, 10))
    }

    /// 14 days from a Friday death whose last day is 憲法記念日: moves past 5/4, 5/5 and the
    /// 振替休日 5/6 to Tuesday.
    @Test func fourteenDaysEndingInGoldenWeek() {
        let death = date(2024, 4, 19)
        #expect(death.weekday == 6)
        #expect(DeadlineRule.civilCode(14, .days).due(from: death) == date(2024, 5, 7))
        #expect(DeadlineRule.familyRegister(days: 14).due(from: death) == date(2024, 5, 2))
    }

    @Test func fifteenDaysCountedFromTheNextDay() {
        let notice = date(2024, 6, 3)  // Monday
        let rule = DeadlineRule(length: 15, unit: .days, firstDayIncluded: false, extendOverClosedDays: true)
        #expect(rule.due(from: notice) == date(2024, 6, 18))
        var included = rule
        included.firstDayIncluded = true
        #expect(included.due(from: notice) == date(2024, 6, 17))
    }

    @Test func twoYearsFromALeapDay() {
        let start = date(2024, 2, 29)
        let plain = DeadlineRule(length: 2, unit: .years, firstDayIncluded: false, extendOverClosedDays: false)
        // Counting starts 3/1; the period ends the day before 2026-03-01.
        #expect(plain.due(from: start) == date(2026, 2, 28))
        var included = plain
        included.firstDayIncluded = true
        // No 2/29 in 2026: the month's last day (民法143条2項).
        #expect(included.due(from: start) == date(2026, 2, 28))
        // 2026-02-28 is a Saturday: extended to Monday 3/2.
        #expect(DeadlineRule.civilCode(2, .years).due(from: start) == date(2026, 3, 2))
        #expect(DeadlineRule.civilCode(4, .years).due(from: start) == date(2028, 2, 29))
    }

    @Test func monthsEndOnTheDayBeforeTheCorrespondingDay() {
        let noExtend = { (n: Int, first: Bool) in
            DeadlineRule(length: n, unit: .months, firstDayIncluded: first, extendOverClosedDays: false)
        }
        #expect(noExtend(1, false).due(from: date(2024, 1, 31)) == date(2024, 2, 29))
        #expect(noExtend(1, false).due(from: date(2024, 1, 30)) == date(2024, 2, 29))
        #expect(noExtend(1, false).due(from: date(2023, 1, 30)) == date(2023, 2, 28))
        #expect(noExtend(3, false).due(from: date(2024, 11, 30)) == date(2025, 2, 28))
        #expect(noExtend(3, true).due(from: date(2024, 4, 10)) == date(2024, 7, 9))
        #expect(noExtend(1, true).due(from: date(2024, 3, 31)) == date(2024, 4, 30))
        #expect(noExtend(12, false).due(from: date(2024, 12, 15)) == date(2025, 12, 15))
    }

    @Test func yearEndClosedDays() {
        // A death on Friday 2024-12-27: 7 days end 2025-01-02, inside 12/29–1/3, then a
        // weekend; the next open day is Monday 1/6.
        let death = date(2024, 12, 27)
        #expect(DeadlineRule.familyRegister(days: 7).due(from: death) == date(2025, 1, 6))
        // 12/29 on a weekday is still closed.
        #expect(DeadlineRule.familyRegister(days: 3).due(from: date(2025, 12, 27)) == date(2026, 1, 5))
        #expect(DeadlineRule.civilCode(1, .days).due(from: date(2025, 12, 28)) == date(2026, 1, 5))
    }

    @Test func codableAndHashable() throws {
        let rule = DeadlineRule.familyRegister(days: 14)
        let data = try JSONEncoder().encode(rule)
        let back = try JSONDecoder().decode(DeadlineRule.self, from: data)
        #expect(back == rule)
        #expect(Set([rule, back, .civilCode(14, .days)]).count == 2)
    }
}

@Suite struct AgeTests {
    private func date(_ y: Int, _ m: Int, _ d: Int) -> CivilDate { CivilDate(year: y, month: m, day: d)! }

    @Test func yearsOnADate() {
        #expect(Age.years(born: date(2000, 4, 1), on: date(2007, 3, 31)) == 6)
        #expect(Age.years(born: date(2000, 4, 1), on: date(2007, 4, 1)) == 7)
        #expect(Age.years(born: date(2004, 2, 29), on: date(2005, 2, 28)) == 0)
        #expect(Age.years(born: date(2004, 2, 29), on: date(2005, 3, 1)) == 1)
        #expect(Age.years(born: date(2004, 2, 29), on: date(2008, 2, 29)) == 4)
        #expect(Age.years(born: date(1960, 12, 31), on: date(2025, 12, 30)) == 64)
        #expect(Age.years(born: date(2025, 1, 1), on: date(2025, 1, 1)) == 0)
    }

    @Test func dayReachingAnAge() {
        #expect(Age.dayReaching(65, born: date(1960, 4, 1)) == date(2025, 3, 31))
        #expect(Age.dayReaching(1, born: date(2004, 2, 29)) == date(2005, 2, 28))
        #expect(Age.dayReaching(4, born: date(2004, 2, 29)) == date(2008, 2, 28))
        #expect(Age.dayReaching(20, born: date(2000, 1, 1)) == date(2019, 12, 31))
    }
}
