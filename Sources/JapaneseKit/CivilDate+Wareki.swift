/// 和暦 views of a date.
extension CivilDate {
    /// The first date the counter accepts: 明治6年1月1日 (1873-01-01), when the solar calendar began.
    public static let solarCalendarStart = CivilDate(year: 1873, month: 1, day: 1)!

    /// The era of this date, or nil before 明治.
    public var era: Era? { Era.of(self) }

    /// The year within its era (1 is 元年), or nil before 明治.
    public var eraYear: Int? { era.map { $0.eraYear(of: year) } }

    /// `令和元年5月1日`; a date before 明治 prints in 西暦 (`1867年5月1日`).
    public var warekiLong: String {
        guard let era, let eraYear else { return "\(year)年\(month)月\(day)日" }
        return "\(era.name)\(Era.yearText(eraYear))年\(month)月\(day)日"
    }

    /// `R1.5.1`; a date before 明治 prints as `1867.5.1`.
    public var warekiShort: String {
        guard let era, let eraYear else { return "\(year).\(month).\(day)" }
        return "\(era.initial)\(eraYear).\(month).\(day)"
    }

    /// The 7-digit code clerks type for a birth date: era digit (1 明治 … 5 令和) and YYMMDD,
    /// `5010501` for 令和元年5月1日. Nil before 明治 or from era year 100 on.
    public var code7: String? {
        guard let era, let eraYear, eraYear < 100 else { return nil }
        return "\(era.rawValue)" + CivilDate.twoDigits(eraYear) + CivilDate.twoDigits(month) + CivilDate.twoDigits(day)
    }

    /// 日, 月, 火, 水, 木, 金, 土.
    public var weekdaySymbol: String {
        ["日", "月", "火", "水", "木", "金", "土"][weekday - 1]
    }

    static func twoDigits(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }
}

/// 和暦 as a register writes a day: in the era it names, which on the days two eras share
/// (1912-07-30, 1926-12-25) may be the earlier one.
extension CivilDate {
    /// The era `written` when it may name this day (明治45年7月30日), else the calendar's era.
    public func era(writtenIn written: Era?) -> Era? {
        guard let written, written.contains(writable: self) else { return era }
        return written
    }

    /// `warekiLong`, in the era the record writes (`明治45年7月30日`).
    public func warekiLong(writtenIn written: Era?) -> String {
        guard let era = era(writtenIn: written) else { return warekiLong }
        return "\(era.name)\(Era.yearText(era.eraYear(of: year)))年\(month)月\(day)日"
    }

    /// `warekiShort`, in the era the record writes (`M45.7.30`).
    public func warekiShort(writtenIn written: Era?) -> String {
        guard let era = era(writtenIn: written) else { return warekiShort }
        return "\(era.initial)\(era.eraYear(of: year)).\(month).\(day)"
    }
}

extension Era {
    /// Whether `date` may be written in this era: its days, and for 明治 and 大正 the day the
    /// next era began.
    public func contains(writable date: CivilDate) -> Bool {
        date >= firstDay && (lastWritableDay.map { date <= $0 } ?? true)
    }
}
