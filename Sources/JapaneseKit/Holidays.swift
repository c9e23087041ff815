/// Japanese public holidays (国民の祝日に関する法律) for 1949–2099, computed by rule, and
/// the days government offices are closed (行政機関の休日に関する法律).
///
/// Fixed days and Happy-Monday days (2000 and 2003 on) by their dates in force each year,
/// the equinoxes by the standard formula, 振替休日 from 1973-04-12 (until 2006 the Monday
/// after a Sunday holiday, from 2007 the next day that is not a holiday), 国民の休日 (a day
/// between two holidays, from the 1985 amendment), and the one-off days as a small table.
/// Names are spelled as the `jpholiday` package spells them; a 振替休日 carries the name of
/// the holiday it replaces (`元日 振替休日`).
public enum Holidays {
    /// The years computed. Outside them there are no holidays (weekends and 12/29–1/3 still close).
    public static let supportedYears = 1949...2099

    /// The suffix of a 振替休日's name.
    public static let substituteSuffix = "振替休日"
    /// The name of a day between two holidays.
    public static let citizensHolidayName = "国民の休日"

    /// The holidays of `year` in date order; empty outside `supportedYears`.
    public static func holidays(in year: Int) -> [Holiday] {
        guard supportedYears.contains(year) else { return [] }
        return table[year - supportedYears.lowerBound]
    }

    /// The holiday's name on `date`, or nil when it is not a holiday.
    public static func holidayName(_ date: CivilDate) -> String? { byDay[date.dayNumber] }

    /// Whether `date` is a 国民の祝日, 振替休日 or 国民の休日.
    public static func isHoliday(_ date: CivilDate) -> Bool { byDay[date.dayNumber] != nil }

    /// 行政機関の休日: Saturday, Sunday, a holiday, or 12/29–1/3.
    public static func isClosedDay(_ date: CivilDate) -> Bool {
        if date.isWeekend || isHoliday(date) { return true }
        return (date.month == 12 && date.day >= 29) || (date.month == 1 && date.day <= 3)
    }

    /// `date` itself when offices are open then, else the next open day.
    public static func openDay(onOrAfter date: CivilDate) -> CivilDate {
        var day = date
        while isClosedDay(day) { day = day.adding(days: 1) }
        return day
    }

    // MARK: - Rules

    private static let table: [[Holiday]] = supportedYears.map(compute)

    private static let byDay: [Int: String] = {
        var map: [Int: String] = [:]
        for year in table { for holiday in year { map[holiday.date.dayNumber] = holiday.name } }
        return map
    }()

    /// The day of March of the vernal equinox (春分日), by the standard formula (1900–2099).
    public static func vernalEquinoxDay(_ year: Int) -> Int {
        equinox(year, base1900: 20.8357, base1980: 20.8431)
    }

    /// The day of September of the autumnal equinox (秋分日), by the standard formula (1900–2099).
    public static func autumnalEquinoxDay(_ year: Int) -> Int {
        equinox(year, base1900: 23.2588, base1980: 23.2488)
    }

    private static func equinox(_ year: Int, base1900: Double, base1980: Double) -> Int {
        let drift = 0.242194 * Double(year - 1980)
        if year < 1980 {
            return Int(base1900 + drift - Double((year - 1983) / 4))
        }
        return Int(base1980 + drift - Double((year - 1980) / 4))
    }

    private static func nthMonday(_ n: Int, year: Int, month: Int) -> CivilDate {
        let first = CivilDate(year: year, month: month, day: 1)!
        let offset = (2 - first.weekday + 7) % 7
        return CivilDate(year: year, month: month, day: 1 + offset + 7 * (n - 1))!
    }

    /// One-off holidays set by their own laws.
    private static let oneOffs: [(year: Int, month: Int, day: Int, name: String)] = [
        (1959, 4, 10, "皇太子・明仁親王の結婚の儀"),
        (1989, 2, 24, "昭和天皇の大喪の礼"),
        (1990, 11, 12, "即位の礼正殿の儀"),
        (1993, 6, 9, "皇太子・皇太子徳仁親王の結婚の儀"),
        (2019, 5, 1, "天皇の即位の日"),
        (2019, 10, 22, "即位礼正殿の儀"),
    ]

    /// 国民の祝日 proper (without 振替休日 and 国民の休日).
    private static func nationalHolidays(_ y: Int) -> [CivilDate: String] {
        var days: [CivilDate: String] = [:]
        func add(_ month: Int, _ day: Int, _ name: String) { days[CivilDate(year: y, month: month, day: day)!] = name }
        func add(_ date: CivilDate, _ name: String) { days[date] = name }

        add(1, 1, "元日")
        if y <= 1999 { add(1, 15, "成人の日") } else { add(nthMonday(2, year: y, month: 1), "成人の日") }
        if y >= 1967 { add(2, 11, "建国記念の日") }
        if y >= 2020 { add(2, 23, "天皇誕生日") }
        add(3, vernalEquinoxDay(y), "春分の日")
        if y <= 1988 {
            add(4, 29, "天皇誕生日")
        } else if y <= 2006 {
            add(4, 29, "みどりの日")
        } else {
            add(4, 29, "昭和の日")
        }
        add(5, 3, "憲法記念日")
        if y >= 2007 { add(5, 4, "みどりの日") }
        add(5, 5, "こどもの日")
        switch y {
        case 1996...2002: add(7, 20, "海の日")
        case 2020: add(7, 23, "海の日")
        case 2021: add(7, 22, "海の日")
        case 2003...: add(nthMonday(3, year: y, month: 7), "海の日")
        default: break
        }
        switch y {
        case 2020: add(8, 10, "山の日")
        case 2021: add(8, 8, "山の日")
        case 2016...: add(8, 11, "山の日")
        default: break
        }
        switch y {
        case 1966...2002: add(9, 15, "敬老の日")
        case 2003...: add(nthMonday(3, year: y, month: 9), "敬老の日")
        default: break
        }
        add(9, autumnalEquinoxDay(y), "秋分の日")
        switch y {
        case 1966...1999: add(10, 10, "体育の日")
        case 2000...2019: add(nthMonday(2, year: y, month: 10), "体育の日")
        case 2020: add(7, 24, "スポーツの日")
        case 2021: add(7, 23, "スポーツの日")
        case 2022...: add(nthMonday(2, year: y, month: 10), "スポーツの日")
        default: break
        }
        add(11, 3, "文化の日")
        add(11, 23, "勤労感謝の日")
        if (1989...2018).contains(y) { add(12, 23, "天皇誕生日") }
        for oneOff in oneOffs where oneOff.year == y { add(oneOff.month, oneOff.day, oneOff.name) }
        return days
    }

    /// 振替休日 began with the amendment of 1973-04-12; 国民の休日 with that of 1985-12-27;
    /// the present 振替休日 rule with that of 2007-01-01.
    private static let substituteStart = CivilDate(year: 1973, month: 4, day: 12)!
    private static let citizensHolidayStart = CivilDate(year: 1985, month: 12, day: 27)!
    private static let newSubstituteRuleYear = 2007

    private static func compute(_ year: Int) -> [Holiday] {
        let national = nationalHolidays(year)
        var all = national

        for (date, name) in national.sorted(by: { $0.key < $1.key }) where date.weekday == 1 {
            var substitute = date.adding(days: 1)
            guard substitute >= substituteStart else { continue }
            if year >= newSubstituteRuleYear {
                while national[substitute] != nil { substitute = substitute.adding(days: 1) }
            } else if national[substitute] != nil {
                continue
            }
            all[substitute] = "\(name) \(substituteSuffix)"
        }

        let first = CivilDate(year: year, month: 1, day: 1)!
        let last = CivilDate(year: year, month: 12, day: 31)!
        var day = first.adding(days: 1)
        while day < last {
            if day >= citizensHolidayStart, day.weekday != 1, all[day] == nil,
               national[day.adding(days: -1)] != nil, national[day.adding(days: 1)] != nil {
                all[day] = citizensHolidayName
            }
            day = day.adding(days: 1)
        }

        return all.map { Holiday(date: $0.key, name: $0.value) }.sorted { $0.date < $1.date }
    }
}
