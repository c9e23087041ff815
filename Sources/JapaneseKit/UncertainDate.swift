import Foundation

/// A date a register records that no calendar holds: 2月29日 of a common year, kept for
/// agreement with the 戸籍, or a 不詳日 such as `昭和10年頃`, `平成2年3月上旬`, `年月日不詳`
/// (住民記録システム標準仕様書 1.1.8). It is kept and shown as the record's own text, never as an
/// invented exact day; `earliest` and `latest` bound the days it may mean, for ordering and for
/// the checks that must not depend on the day (a birth date in the future).
public struct UncertainDate: Hashable, Sendable {
    /// The record's own text (`昭和10年頃`, `平成3年2月29日`).
    public let text: String
    /// The first day it may mean (1873-01-01 when nothing of it is known).
    public let earliest: CivilDate
    /// The last day it may mean, nil when nothing bounds it.
    public let latest: CivilDate?

    /// Words of the standard's list of 不詳日 forms.
    private static let markers = ["頃", "不詳", "推定", "上旬", "中旬", "下旬", "春", "夏", "秋", "冬", "間", "ころ"]

    /// `text` read as an uncertain date, or nil when it is neither a 不詳日 nor 2月29日 of a
    /// common year (an ordinary date, or a mistake that should be refused).
    public static func read(_ text: String) -> UncertainDate? {
        let folded = JapaneseDate.normalize(text)
        guard !folded.isEmpty else { return nil }
        if let leap = commonYearLeapDay(folded) { return leap }
        guard markers.contains(where: { folded.contains($0) }) else { return nil }
        let (year, month) = yearAndMonth(folded)
        guard let year else {
            // 「年月日不詳」: nothing of the day is known.
            return folded.contains("不詳") && !folded.contains(where: { $0.isASCII && $0.isNumber })
                ? UncertainDate(text: text, earliest: CivilDate.solarCalendarStart, latest: nil) : nil
        }
        guard (1873...2200).contains(year) else { return nil }
        if let month, (1...12).contains(month) {
            return UncertainDate(text: text, earliest: CivilDate(year: year, month: month, day: 1)!,
                                 latest: CivilDate(year: year, month: month, day: CivilDate.daysIn(month: month, year: year))!)
        }
        return UncertainDate(text: text, earliest: CivilDate(year: year, month: 1, day: 1)!,
                             latest: CivilDate(year: year, month: 12, day: 31)!)
    }

    /// `平成3年2月29日`, `1991-02-29`, `19910229`, `4030229`: a 2月29日 of a common year.
    private static func commonYearLeapDay(_ folded: String) -> UncertainDate? {
        guard folded.hasSuffix("229") || folded.hasSuffix("2月29日") || folded.hasSuffix("-02-29")
                || folded.hasSuffix("/2/29") || folded.hasSuffix("/02/29") || folded.hasSuffix(".2.29") else { return nil }
        var year: Int?
        var era: Era?
        if folded.allSatisfy({ $0.isASCII && $0.isNumber }) {
            let digits = Array(folded)
            if digits.count == 8 { year = Int(String(digits[0..<4])) }
            if digits.count == 7, let e = Era(rawValue: Int(String(digits[0]))!) {
                era = e
                year = e.gregorianYear(Int(String(digits[1..<3]))!)
            }
        } else {
            (year, _) = yearAndMonth(folded)
            era = eraPrefix(folded)
        }
        guard let year, (1873...2200).contains(year), !CivilDate.isLeap(year) else { return nil }
        if let era, !era.contains(writable: CivilDate(year: year, month: 2, day: 28)!) { return nil }
        let shown = era.map { "\($0.name)\(Era.yearText($0.eraYear(of: year)))年2月29日" } ?? "\(year)年2月29日"
        return UncertainDate(text: shown, earliest: CivilDate(year: year, month: 2, day: 28)!,
                             latest: CivilDate(year: year, month: 3, day: 1)!)
    }

    private static func eraPrefix(_ folded: String) -> Era? {
        Era.allCases.first { folded.hasPrefix($0.name) || folded.hasPrefix($0.kanjiInitial) || folded.hasPrefix($0.initial) }
    }

    /// The Gregorian year and the month a text names (`昭和10年3月上旬頃` → 1935, 3).
    private static func yearAndMonth(_ folded: String) -> (Int?, Int?) {
        var rest = Substring(folded)
        if rest.hasPrefix("推定") { rest = rest.dropFirst(2) }
        let era = eraPrefix(String(rest))
        if let era {
            rest = rest.dropFirst(rest.hasPrefix(era.name) ? era.name.count : 1)
        }
        var yearValue: Int?
        if rest.hasPrefix("元") {
            yearValue = 1
            rest = rest.dropFirst()
        } else {
            let digits = rest.prefix(while: { $0.isASCII && $0.isNumber })
            yearValue = Int(digits)
            rest = rest.dropFirst(digits.count)
        }
        guard let value = yearValue, rest.hasPrefix("年") || rest.hasPrefix(".") || rest.hasPrefix("-") || rest.hasPrefix("/") else {
            return (nil, nil)
        }
        let year: Int
        if let era {
            guard value >= 1 else { return (nil, nil) }
            year = era.gregorianYear(value)
        } else {
            guard value >= 1000 else { return (nil, nil) }
            year = value
        }
        rest = rest.dropFirst()
        let monthDigits = rest.prefix(while: { $0.isASCII && $0.isNumber })
        let afterMonth = rest.dropFirst(monthDigits.count)
        let month = afterMonth.hasPrefix("月") || afterMonth.hasPrefix(".") || afterMonth.hasPrefix("-") ? Int(monthDigits) : nil
        return (year, month)
    }
}
