import Foundation

/// Reading what a clerk typed: yes/no words, numbers, and the numbers that must never be kept.
enum EnteredText {
    static let yesWords: Set<String> = ["はい", "yes", "y", "1", "true", "あり", "有", "する", "記載する", "提示あり"]
    static let noWords: Set<String> = ["いいえ", "no", "n", "0", "false", "なし", "無", "しない", "記載しない", "提示なし"]

    /// NFKC-folded, trimmed, lowercased ASCII: full-width digits become ASCII.
    static func fold(_ text: String) -> String {
        text.precomposedStringWithCompatibilityMapping.trimmingCharacters(in: .whitespaces).lowercased()
    }

    /// true/false for a yes/no answer (the field's own two words or the common ones), nil otherwise.
    static func yesNo(_ text: String?, field: FormField?) -> Bool? {
        guard let text else { return nil }
        let folded = fold(text)
        if let field, field.options.count == 2 {
            if folded == fold(field.options[0]) { return true }
            if folded == fold(field.options[1]) { return false }
        }
        if yesWords.contains(folded) { return true }
        if noWords.contains(folded) { return false }
        return nil
    }

    /// A whole non-negative number, full-width digits and commas allowed.
    static func number(_ text: String) -> Int? {
        let folded = fold(text).replacingOccurrences(of: ",", with: "")
        guard !folded.isEmpty, folded.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(folded)
    }

    /// True when `text` holds what looks like a 個人番号 or a payment card number (see
    /// `SensitiveNumbers`). Such text is never kept, printed or logged.
    static func looksSensitive(_ text: String) -> Bool {
        SensitiveNumbers.firstKind(in: text) != nil
    }
}
