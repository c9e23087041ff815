import CounterCore
import JapaneseKit
import TerminalKit

/// Wording and small layout helpers shared by the おくやみ screens.
enum OkuyamiText {
    /// `令和8年12月8日(火)`.
    static func date(_ date: CivilDate) -> String { "\(date.warekiLong)(\(date.weekdaySymbol))" }

    /// The status as the checklist shows it, bracketed to a fixed width: `[未着手] `, `[完了]   `.
    static func badge(_ status: CaseItemStatus) -> String {
        DisplayWidth.padded("[\(status.japaneseName)]", to: 9)
    }

    /// The item's badge: `[要確認] ` while an untouched item waits on the family's answer.
    static func badge(_ entry: BereavementCase.Item) -> String {
        guard entry.status == .todo else { return badge(entry.status) }
        if entry.item.needsAnswers { return DisplayWidth.padded("[要確認]", to: 9) }
        return entry.item.context ? DisplayWidth.padded("[参考]", to: 9) : badge(entry.status)
    }

    static func status(_ mark: OkuyamiMark) -> CaseItemStatus {
        switch mark {
        case .done: .done
        case .notApplicable: .notApplicable
        case .later: .later
        case .todo: .todo
        }
    }

    /// A case number as typed (`ok20261125-3`, `OK-20261125-0003`, full-width digits) in its
    /// stored form `OK20261125-0003`, or nil when the text is not one.
    static func caseNumber(_ text: String) -> String? {
        let folded = String(text.unicodeScalars.map { scalar -> Character in
            // Full-width ASCII (！ to ～) to half-width; the dashes an IME may give to "-".
            if (0xFF01...0xFF5E).contains(scalar.value), let half = Unicode.Scalar(scalar.value - 0xFEE0) { return Character(half) }
            if scalar == "ー" || scalar == "−" || scalar == "‐" || scalar == "－" { return "-" }
            return Character(scalar)
        }).trimmingCharacters(in: .whitespaces).uppercased()
        guard folded.hasPrefix("OK") else { return nil }
        var rest = folded.dropFirst(2)
        if rest.first == "-" { rest = rest.dropFirst() }
        let date = rest.prefix(8)
        rest = rest.dropFirst(8)
        if rest.first == "-" { rest = rest.dropFirst() }
        let isDigits = { (s: Substring) in !s.isEmpty && s.allSatisfy { $0.isASCII && $0.isNumber } }
        guard date.count == 8, isDigits(date), isDigits(rest), rest.count <= 4 else { return nil }
        return "OK\(date)-" + String(repeating: "0", count: 4 - rest.count) + rest
    }

    /// Splits `text` into lines of at most `width` columns, never splitting a character.
    static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = []
        var rest = Substring(DisplaySanitizer.sanitize(text))
        while !rest.isEmpty {
            let (head, _) = DisplayWidth.prefix(rest, fitting: width)
            guard !head.isEmpty else { break }
            lines.append(String(head))
            rest = rest.dropFirst(head.count)
        }
        return lines.isEmpty ? [""] : lines
    }

    /// A refusal from the engine as a popup, its text wrapped to fit at 80 columns.
    static func refusal(_ text: String) -> Dialog {
        .alert("できませんでした", message: wrap(text, width: 60), style: .warning)
    }

    /// "あと13日", "今日まで", "3日超過" for a due date seen from `today`.
    static func remaining(_ due: CivilDate, today: CivilDate) -> String {
        let days = today.days(until: due)
        if days > 0 { return "あと\(days)日" }
        if days == 0 { return "今日まで" }
        return "\(-days)日超過"
    }
}
