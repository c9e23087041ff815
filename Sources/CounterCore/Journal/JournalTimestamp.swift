import Foundation
import JapaneseKit

/// Journal time stamps: ISO 8601 in Japan time with milliseconds,
/// `2026-11-25T09:00:00.123+09:00`. Japan has no daylight saving, so the offset is fixed.
public enum JournalTimestamp {
    static let offsetSeconds = 9 * 3600

    /// The stamp for `date`.
    public static func format(_ date: Date) -> String {
        // A hair above the exact value so 0.123 s stored as 0.12299999 prints as .123.
        let millis = Int((date.timeIntervalSince1970 * 1000 + 0.0005).rounded(.down)) + offsetSeconds * 1000
        let dayMillis = 86_400_000
        let day = millis >= 0 ? millis / dayMillis : (millis - dayMillis + 1) / dayMillis
        let inDay = millis - day * dayMillis
        let civil = CivilDate(dayNumber: day)
        let h = inDay / 3_600_000, m = inDay / 60_000 % 60, s = inDay / 1000 % 60, ms = inDay % 1000
        return civil.iso + "T" + pad(h, 2) + ":" + pad(m, 2) + ":" + pad(s, 2) + "." + pad(ms, 3) + "+09:00"
    }

    /// The day in Japan of a stamp `format` wrote.
    static func day(ofStamp stamp: String) -> CivilDate? { CivilDate(iso: String(stamp.prefix(10))) }

    /// Parses exactly the form `format` writes.
    public static func parse(_ text: String) -> Date? {
        var text = text
        return text.withUTF8 { b -> Date? in parse(utf8: b) }
    }

    /// `parse` on the UTF-8 bytes of the stamp.
    static func parse(utf8 b: UnsafeBufferPointer<UInt8>) -> Date? {
        guard b.count == 29, b[4] == 0x2D, b[7] == 0x2D, b[10] == UInt8(ascii: "T"), b[13] == 0x3A, b[16] == 0x3A,
              b[19] == 0x2E, b[23] == UInt8(ascii: "+"), b[24] == 0x30, b[25] == 0x39, b[26] == 0x3A, b[27] == 0x30,
              b[28] == 0x30 else { return nil }
        func num(_ r: Range<Int>) -> Int? {
            var v = 0
            for i in r {
                guard b[i] >= 0x30, b[i] <= 0x39 else { return nil }
                v = v * 10 + Int(b[i] - 0x30)
            }
            return v
        }
        guard let y = num(0..<4), let mo = num(5..<7), let d = num(8..<10), let h = num(11..<13),
              let mi = num(14..<16), let s = num(17..<19), let ms = num(20..<23),
              let civil = CivilDate(year: y, month: mo, day: d), h < 24, mi < 60, s < 60 else { return nil }
        let local = civil.dayNumber * 86_400_000 + ((h * 60 + mi) * 60 + s) * 1000 + ms
        return Date(timeIntervalSince1970: Double(local - offsetSeconds * 1000) / 1000)
    }

    private static func pad(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}
