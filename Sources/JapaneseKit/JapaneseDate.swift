import Foundation

/// Reads the dates clerks type at the counter.
public enum JapaneseDate {
    /// Parses a date in any form clerks type.
    ///
    /// 西暦 `2019-05-01`, `2019/5/1`, `2019.5.1`, `2019年5月1日`, `20190501`; 和暦 `令和元年5月1日`,
    /// `令和1年5月1日`, `R1.5.1`, `R01/05/01`, `R010501`, `H31.4.30`, `S45.3.2`, `昭45.3.2`; the 7-digit code
    /// `5010501` (era digit 1 明治 … 5 令和, then YYMMDD). Full-width digits, letters and
    /// separators are read like ASCII; spaces are ignored.
    ///
    /// Refuses days that do not exist (`令和6年2月30日`), 和暦 dates outside their era
    /// (`平成31年5月1日`, `昭和64年1月8日`: never rolled over into the next era), and dates
    /// before 1873-01-01 (明治6年1月1日, the solar calendar). The days two eras share
    /// (`明治45年7月30日` = `大正元年7月30日`, `大正15年12月25日` = `昭和元年12月25日`) are read in
    /// either era.
    public static func parse(_ input: String) throws(DateInputError) -> CivilDate {
        try parseWritten(input).date
    }

    /// `parse`, and the era the text is written in (nil for 西暦): what a register keeps when a
    /// day two eras share is written in the earlier one.
    public static func parseWritten(_ input: String) throws(DateInputError) -> (date: CivilDate, era: Era?) {
        let text = normalize(input)
        if text.isEmpty { throw .empty }
        let shown = shownInput(input)

        if text.allSatisfy(\.isASCIIDigit) {
            let digits = text.map { Int(String($0))! }
            switch digits.count {
            case 8:
                return (try gregorian(year: number(digits[0..<4]), month: number(digits[4..<6]), day: number(digits[6..<8])), nil)
            case 7:
                guard let era = Era(rawValue: digits[0]) else { throw .badEraDigit(input: shown) }
                return (try wareki(era: era, eraYear: number(digits[1..<3]), month: number(digits[3..<5]),
                                   day: number(digits[5..<7])), era)
            default:
                throw .unreadable(input: shown)
            }
        }

        let (era, rest) = splitEra(text)
        if let era, rest.count == 6, rest.allSatisfy(\.isASCIIDigit) {
            // R010501: the era's initial and YYMMDD.
            let digits = rest.map { Int(String($0))! }
            return (try wareki(era: era, eraYear: number(digits[0..<2]), month: number(digits[2..<4]),
                               day: number(digits[4..<6])), era)
        }
        guard let parts = components(rest, allowGannen: era != nil) else { throw .unreadable(input: shown) }
        if let era {
            guard parts[0].digits <= 2 else { throw .unreadable(input: shown) }
            return (try wareki(era: era, eraYear: parts[0].value, month: parts[1].value, day: parts[2].value), era)
        }
        guard parts[0].digits == 4 else { throw .unreadable(input: shown) }
        return (try gregorian(year: parts[0].value, month: parts[1].value, day: parts[2].value), nil)
    }

    /// A date from its 西暦 parts, refusing days that do not exist and dates before 1873.
    static func gregorian(year: Int, month: Int, day: Int) throws(DateInputError) -> CivilDate {
        let written = "\(year)年\(month)月\(day)日"
        guard let date = CivilDate(year: year, month: month, day: day) else {
            throw .noSuchDay(written: written, month: month, lastDay: lastDay(month: month, year: year))
        }
        guard date >= CivilDate.solarCalendarStart else { throw .beforeSolarCalendar(written: written) }
        return date
    }

    /// A date from its 和暦 parts, refusing days outside the era.
    static func wareki(era: Era, eraYear: Int, month: Int, day: Int) throws(DateInputError) -> CivilDate {
        let written = "\(era.name)\(Era.yearText(eraYear))年\(month)月\(day)日"
        let year = era.gregorianYear(eraYear)
        guard let date = CivilDate(year: year, month: month, day: day) else {
            throw .noSuchDay(written: written, month: month, lastDay: lastDay(month: month, year: year))
        }
        if let last = era.lastWritableDay, date > last {
            throw .outsideEra(written: written, era: era, boundary: last, isEnd: true)
        }
        if date < CivilDate.solarCalendarStart { throw .beforeSolarCalendar(written: written) }
        if date < era.firstDay || eraYear < 1 {
            throw .outsideEra(written: written, era: era, boundary: era.firstDay, isEnd: false)
        }
        return date
    }

    private static func lastDay(month: Int, year: Int) -> Int {
        (1...12).contains(month) ? CivilDate.daysIn(month: month, year: year) : 0
    }

    private static func number(_ digits: ArraySlice<Int>) -> Int { digits.reduce(0) { $0 * 10 + $1 } }

    /// NFKC (full-width digits, letters and separators to ASCII), dash look-alikes to `-`,
    /// and no white space.
    static func normalize(_ input: String) -> String {
        let folded = input.precomposedStringWithCompatibilityMapping
        var out = ""
        for scalar in folded.unicodeScalars {
            if scalar.properties.isWhitespace { continue }
            switch scalar.value {
            case 0x2010...0x2015, 0x2212, 0x30FC, 0xFF70: out.append("-")
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// The input as a message may show it: one line, sanitized, not too long. A date has at
    /// most 8 digits; an input with 12 or more may be a card number or a 個人番号 and is never
    /// shown back.
    private static func shownInput(_ input: String) -> String {
        if input.unicodeScalars.filter({ $0.properties.numericType == .decimal }).count >= 12 { return "入力された値" }
        return DisplaySanitizer.excerpt(input.trimmingCharacters(in: .whitespacesAndNewlines), columns: 40)
    }

    private static let eraNames: [(String, Era)] = Era.allCases.flatMap { era in
        [(era.name, era), (era.kanjiInitial, era), (era.initial, era), (era.initial.lowercased(), era)]
    }

    private static func splitEra(_ text: String) -> (Era?, Substring) {
        for (prefix, era) in eraNames where text.hasPrefix(prefix) {
            return (era, text.dropFirst(prefix.count))
        }
        return (nil, Substring(text))
    }

    private struct Part {
        var value: Int
        var digits: Int
    }

    /// Three numbers separated by `.`, `/`, `-` or 年 月, optionally ending in 日.
    private static func components(_ text: Substring, allowGannen: Bool) -> [Part]? {
        var parts: [Part] = []
        var current: Part?
        var sawDayMark = false
        for ch in text {
            if sawDayMark { return nil }
            if ch.isASCIIDigit {
                var part = current ?? Part(value: 0, digits: 0)
                part.value = part.value * 10 + Int(String(ch))!
                part.digits += 1
                guard part.digits <= 4 else { return nil }
                current = part
            } else if ch == "元" {
                guard allowGannen, parts.isEmpty, current == nil else { return nil }
                current = Part(value: 1, digits: 1)
            } else if ".-/年月".contains(ch) {
                guard let part = current else { return nil }
                if ch == "年" && !parts.isEmpty { return nil }
                if ch == "月" && parts.count != 1 { return nil }
                parts.append(part)
                current = nil
            } else if ch == "日" {
                guard let part = current, parts.count == 2 else { return nil }
                parts.append(part)
                current = nil
                sawDayMark = true
            } else {
                return nil
            }
        }
        if let current { parts.append(current) }
        guard parts.count == 3, parts[1].digits <= 2, parts[2].digits <= 2 else { return nil }
        return parts
    }
}

/// Why a typed date was refused; `message` is one line of Japanese saying what to do.
public enum DateInputError: Error, Equatable, Sendable {
    /// Nothing was typed.
    case empty
    /// The text is not a date in any accepted form.
    case unreadable(input: String)
    /// A 7-digit code whose first digit is not an era (1 明治 … 5 令和).
    case badEraDigit(input: String)
    /// The month or the day does not exist (`令和6年2月30日`, `2019年13月1日`).
    case noSuchDay(written: String, month: Int, lastDay: Int)
    /// A 和暦 date outside its era; `boundary` is the era's last day (`isEnd`) or first day.
    case outsideEra(written: String, era: Era, boundary: CivilDate, isEnd: Bool)
    /// Before 1873-01-01, when the solar calendar began.
    case beforeSolarCalendar(written: String)

    /// One line of Japanese for the clerk.
    public var message: String {
        switch self {
        case .empty:
            return "日付が入力されていません。2019-05-01、R1.5.1、令和元年5月1日、5010501 のように入力してください。"
        case .unreadable(let input):
            return "「\(input)」を日付として読めません。2019-05-01、20190501、R1.5.1、令和元年5月1日、5010501 のように入力してください。"
        case .badEraDigit(let input):
            return "「\(input)」の先頭の数字は元号ではありません。7桁の和暦は 1 明治・2 大正・3 昭和・4 平成・5 令和 と年月日6桁で入力してください。"
        case .noSuchDay(let written, let month, let lastDay):
            if lastDay == 0 { return "\(written)は存在しません（月は1から12までです）" }
            return "\(written)は存在しません（\(month)月は\(lastDay)日までです）"
        case .outsideEra(let written, let era, let boundary, let isEnd):
            let year = Era.yearText(era.eraYear(of: boundary.year))
            let day = "\(year)年\(boundary.month)月\(boundary.day)日"
            return isEnd ? "\(written)は存在しません（\(era.name)は\(day)まで）"
                : "\(written)は存在しません（\(era.name)は\(day)から）"
        case .beforeSolarCalendar(let written):
            return "\(written)は扱えません。明治6年1月1日（1873年1月1日）以降の日付を入力してください。"
        }
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
