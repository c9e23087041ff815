import Foundation

/// A calendar date with no time and no time zone: what a counter means by "a day".
///
/// Arithmetic is done on a day number (days since 1970-01-01), so it is exact and fast.
public struct CivilDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// A date, or nil when the day does not exist (2月30日).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= CivilDate.daysIn(month: month, year: year) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// The date `dayNumber` days after 1970-01-01.
    public init(dayNumber: Int) {
        // Howard Hinnant's civil_from_days.
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.year = yoe + era * 400 + (m <= 2 ? 1 : 0)
        self.month = m
        self.day = d
    }

    /// Days since 1970-01-01.
    public var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// 1 Sunday … 7 Saturday (as Foundation's Calendar numbers weekdays).
    public var weekday: Int { ((dayNumber % 7 + 7 + 4) % 7) + 1 }

    public var isWeekend: Bool { weekday == 1 || weekday == 7 }

    public func adding(days: Int) -> CivilDate { CivilDate(dayNumber: dayNumber + days) }

    /// Adds calendar months; a day past the month's end is kept as nil so callers apply
    /// their own rule (民法143条 takes the month's last day).
    public func adding(months: Int) -> (year: Int, month: Int) {
        let total = year * 12 + (month - 1) + months
        return (total / 12, total % 12 + 1)
    }

    /// Days from `self` to `other` (positive when `other` is later).
    public func days(until other: CivilDate) -> Int { other.dayNumber - dayNumber }

    /// `YYYY-MM-DD`.
    public var iso: String { CivilDate.isoText(year: year, month: month, day: day) }

    /// `YYYY-MM-DD` of any year, month and day numbers (an import formats days it has not yet
    /// checked); written byte by byte, as it runs for every date of a register.
    public static func isoText(year: Int, month: Int, day: Int) -> String {
        guard (0...9999).contains(year), (0...99).contains(month), (0...99).contains(day) else {
            let y = String(year)
            return String(repeating: "0", count: max(0, 4 - y.count)) + y + "-" + two(month) + "-" + two(day)
        }
        return String(unsafeUninitializedCapacity: 10) { b in
            b[0] = UInt8(0x30 + year / 1000); b[1] = UInt8(0x30 + year / 100 % 10)
            b[2] = UInt8(0x30 + year / 10 % 10); b[3] = UInt8(0x30 + year % 10)
            b[4] = 0x2D; b[5] = UInt8(0x30 + month / 10); b[6] = UInt8(0x30 + month % 10)
            b[7] = 0x2D; b[8] = UInt8(0x30 + day / 10); b[9] = UInt8(0x30 + day % 10)
            return 10
        }
    }

    public var description: String { iso }

    /// Parses exactly `YYYY-MM-DD`.
    public init?(iso text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// The day in Japan (Asia/Tokyo) at the instant `date`.
    public init(_ date: Date, timeZone: TimeZone = .japan) {
        let seconds = Int((date.timeIntervalSince1970 + Double(timeZone.secondsFromGMT(for: date))).rounded(.down))
        self.init(dayNumber: Int((Double(seconds) / 86_400).rounded(.down)))
    }

    /// Midnight at the start of this day in `timeZone`.
    public func startDate(timeZone: TimeZone = .japan) -> Date {
        let local = Double(dayNumber) * 86_400
        return Date(timeIntervalSince1970: local - Double(timeZone.secondsFromGMT()))
    }

    public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool { lhs.dayNumber < rhs.dayNumber }

    public static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    private static func two(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }
}

extension CivilDate: Codable {
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = CivilDate(iso: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a YYYY-MM-DD date: \(text)")
        }
        self = date
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(iso)
    }
}

extension TimeZone {
    /// Japan Standard Time (+09:00, no daylight saving).
    public static let japan = TimeZone(identifier: "Asia/Tokyo")!
}
