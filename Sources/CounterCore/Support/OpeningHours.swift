import Foundation
import JapaneseKit

/// The counter's opening hours in Japan time, written `08:30-17:15` in config.yaml. Days the
/// city hall is closed (weekends, national holidays, 12/29–1/3) come from `Holidays`.
public struct OpeningHours: Codable, Equatable, Sendable, CustomStringConvertible {
    /// Minutes after midnight.
    public var opens: Int
    public var closes: Int

    /// いわき市役所's 8:30–17:15.
    public static let standard = OpeningHours(opens: 8 * 60 + 30, closes: 17 * 60 + 15)

    public init(opens: Int, closes: Int) {
        self.opens = opens
        self.closes = closes
    }

    /// `08:30-17:15`; nil for anything else (or a closing time not after the opening).
    public init?(_ text: String) {
        let parts = text.replacingOccurrences(of: "〜", with: "-").split(separator: "-").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, let a = Self.minutes(parts[0]), let b = Self.minutes(parts[1]), a < b else { return nil }
        self.init(opens: a, closes: b)
    }

    private static func minutes(_ text: String) -> Int? {
        let hm = text.split(separator: ":")
        guard hm.count == 2, let h = Int(hm[0]), let m = Int(hm[1]), (0...24).contains(h), (0...59).contains(m), h * 60 + m <= 24 * 60 else {
            return nil
        }
        return h * 60 + m
    }

    public var description: String {
        String(format: "%02d:%02d-%02d:%02d", opens / 60, opens % 60, closes / 60, closes % 60)
    }

    /// Whether `instant` falls inside the hours of an open day.
    public func isOpen(at instant: Date) -> Bool {
        let day = CivilDate(instant)
        guard !Holidays.isClosedDay(day) else { return false }
        let minute = Int(instant.timeIntervalSince(day.startDate()) / 60)
        return minute >= opens && minute < closes
    }

    /// The hours of `day` as instants (`[opens, closes)`); nil on a closed day. What a check of
    /// many instants of one day uses instead of `isOpen(at:)` for each.
    public func window(on day: CivilDate) -> Range<Date>? {
        guard !Holidays.isClosedDay(day) else { return nil }
        let start = day.startDate()
        return start.addingTimeInterval(Double(opens * 60))..<start.addingTimeInterval(Double(closes * 60))
    }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let hours = OpeningHours(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "opening_hours は 08:30-17:15 の形で書いてください（\(text)）"))
        }
        self = hours
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}
