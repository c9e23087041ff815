/// A Japanese era (元号) since the solar calendar, with its first and last day.
///
/// 明治's first day is the proclamation day (1868-10-23, Gregorian); counter input is refused
/// before 1873-01-01 (明治6年1月1日), when Japan adopted the solar calendar.
public enum Era: Int, CaseIterable, Sendable, Codable {
    case meiji = 1, taisho, showa, heisei, reiwa

    /// 明治, 大正, 昭和, 平成, 令和.
    public var name: String {
        switch self {
        case .meiji: "明治"
        case .taisho: "大正"
        case .showa: "昭和"
        case .heisei: "平成"
        case .reiwa: "令和"
        }
    }

    /// The one-kanji abbreviation clerks type: 明, 大, 昭, 平, 令.
    public var kanjiInitial: String { String(name.prefix(1)) }

    /// The Latin initial of the short form: M, T, S, H, R.
    public var initial: String {
        switch self {
        case .meiji: "M"
        case .taisho: "T"
        case .showa: "S"
        case .heisei: "H"
        case .reiwa: "R"
        }
    }

    /// The first day of the era.
    public var firstDay: CivilDate {
        switch self {
        case .meiji: CivilDate(year: 1868, month: 10, day: 23)!
        case .taisho: CivilDate(year: 1912, month: 7, day: 30)!
        case .showa: CivilDate(year: 1926, month: 12, day: 25)!
        case .heisei: CivilDate(year: 1989, month: 1, day: 8)!
        case .reiwa: CivilDate(year: 2019, month: 5, day: 1)!
        }
    }

    /// The last day of the era, or nil for the current one.
    public var lastDay: CivilDate? {
        guard let next = Era(rawValue: rawValue + 1) else { return nil }
        return next.firstDay.adding(days: -1)
    }

    /// The last day a date may be written in this era. 明治 and 大正 ended on the day the next
    /// era began (1912-07-30, 1926-12-25): that day is 明治45年7月30日 as well as 大正元年7月30日,
    /// and 大正15年12月25日 as well as 昭和元年12月25日, and registers record either (住民記録システム
    /// 標準仕様書 1.1.8). 昭和 and 平成 ended the day before the next era began.
    public var lastWritableDay: CivilDate? {
        guard let next = Era(rawValue: rawValue + 1) else { return nil }
        switch self {
        case .meiji, .taisho: return next.firstDay
        default: return next.firstDay.adding(days: -1)
        }
    }

    /// The Gregorian year of 元年 (the era's first year).
    public var firstYear: Int {
        switch self {
        case .meiji: 1868
        default: firstDay.year
        }
    }

    /// The Gregorian year of era year `eraYear` (1 is 元年).
    public func gregorianYear(_ eraYear: Int) -> Int { firstYear + eraYear - 1 }

    /// The era year (1 is 元年) of Gregorian year `year`.
    public func eraYear(of year: Int) -> Int { year - firstYear + 1 }

    /// Whether `date` lies in this era.
    public func contains(_ date: CivilDate) -> Bool {
        date >= firstDay && (lastDay.map { date <= $0 } ?? true)
    }

    /// The era of `date`, or nil before 明治.
    public static func of(_ date: CivilDate) -> Era? {
        for era in allCases.reversed() where date >= era.firstDay { return era }
        return nil
    }

    /// An era year as printed: 元 for the first year, else the number.
    public static func yearText(_ eraYear: Int) -> String { eraYear == 1 ? "元" : String(eraYear) }
}
