/// A period counted by law, and the due date it gives.
///
/// - 戸籍法43条: 届出 periods count from the day of the event, **first day included**
///   (`firstDayIncluded: true`): 死亡届 7 days, 出生届 14 days.
/// - 民法140条: otherwise the first day is excluded and counting starts the next day.
/// - 民法143条: a period of months or years ends on the day before the day that corresponds
///   to the first counted day; when that month has no such day, on the month's last day.
/// - 民法142条 with 行政機関の休日に関する法律2条: a period whose last day is a closed day
///   (weekend, holiday, 12/29–1/3) ends on the next open day (`extendOverClosedDays`).
public struct DeadlineRule: Hashable, Codable, Sendable {
    /// What `length` counts.
    public enum Unit: String, Hashable, Codable, Sendable, CaseIterable {
        case days, months, years
    }

    /// How many units the period lasts (1 or more).
    public var length: Int
    public var unit: Unit
    /// 戸籍法43条 (true) or 民法140条 (false).
    public var firstDayIncluded: Bool
    /// 民法142条: a last day on a closed day moves to the next open day.
    public var extendOverClosedDays: Bool

    public init(length: Int, unit: Unit, firstDayIncluded: Bool, extendOverClosedDays: Bool) {
        self.length = length
        self.unit = unit
        self.firstDayIncluded = firstDayIncluded
        self.extendOverClosedDays = extendOverClosedDays
    }

    /// A 戸籍法 届出 period: first day included, extended over closed days.
    public static func familyRegister(days: Int) -> DeadlineRule {
        DeadlineRule(length: days, unit: .days, firstDayIncluded: true, extendOverClosedDays: true)
    }

    /// A 民法 period: first day excluded, extended over closed days.
    public static func civilCode(_ length: Int, _ unit: Unit) -> DeadlineRule {
        DeadlineRule(length: length, unit: unit, firstDayIncluded: false, extendOverClosedDays: true)
    }

    /// The last day of the period that starts with the event on `start` (the day of death,
    /// birth, notice…). A length below 1 is read as 1.
    public func due(from start: CivilDate) -> CivilDate {
        let n = max(1, length)
        let firstCounted = firstDayIncluded ? start : start.adding(days: 1)
        var last: CivilDate
        switch unit {
        case .days:
            last = firstCounted.adding(days: n - 1)
        case .months, .years:
            let (year, month) = firstCounted.adding(months: unit == .years ? n * 12 : n)
            if let corresponding = CivilDate(year: year, month: month, day: firstCounted.day) {
                last = corresponding.adding(days: -1)
            } else {
                last = CivilDate(year: year, month: month, day: CivilDate.daysIn(month: month, year: year))!
            }
        }
        if extendOverClosedDays { last = Holidays.openDay(onOrAfter: last) }
        return last
    }
}
