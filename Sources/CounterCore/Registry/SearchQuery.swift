import Foundation
import JapaneseKit

/// What was typed in the one search field, classified by the rule of DOMAIN.md §3.
public enum SearchQuery: Equatable, Sendable {
    case empty
    /// A name prefix, as a KanaKey with spaces removed.
    case name(String)
    case birthdate(CivilDate)
    /// A 宛名番号.
    case id(String)

    public init(_ input: String) {
        let text = input.precomposedStringWithCompatibilityMapping.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { self = .empty; return }
        if text.allSatisfy({ $0.isASCII && $0.isNumber }) {
            if text.count == 7, let code = Int(text), code < 8_000_000, let date = try? JapaneseDate.parse(text) {
                self = .birthdate(date)
                return
            }
            if text.count == 8, let year = Int(text.prefix(4)), (1900...2099).contains(year),
               let month = Int(text.dropFirst(4).prefix(2)), let day = Int(text.suffix(2)),
               let date = CivilDate(year: year, month: month, day: day) {
                self = .birthdate(date)
                return
            }
            self = .id(text)
            return
        }
        if text.contains(where: { $0.isASCII && $0.isNumber }), let date = try? JapaneseDate.parse(text) {
            self = .birthdate(date)
            return
        }
        let key = KanaKey.make(text).filter { !$0.isWhitespace }
        self = key.isEmpty ? .empty : .name(key)
    }
}

/// The order search results are listed in.
public enum SearchOrder: Sendable, Equatable {
    /// 住民検索: exact before prefix matches, current residents first.
    case registry
    /// おくやみ: the deceased first, the latest 異動日 (date of death) first; then everyone
    /// else in the registry's order.
    case deceasedFirst

    /// `found` in this order (stable: equal entries keep the order they came in).
    public func arranged(_ found: [ResidentSummary]) -> [ResidentSummary] {
        guard self == .deceasedFirst else { return found }
        return found.enumerated().sorted { a, b in
            let da = a.element.status == .deceased, db = b.element.status == .deceased
            if da != db { return da }
            if da, a.element.statusDate != b.element.statusDate {
                return (a.element.statusDate?.dayNumber ?? Int.min) > (b.element.statusDate?.dayNumber ?? Int.min)
            }
            return a.offset < b.offset
        }.map(\.element)
    }
}
