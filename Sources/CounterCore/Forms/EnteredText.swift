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

    /// True when `text` holds a run of digits that looks like a 個人番号 (12 digits with a
    /// valid check digit) or a payment card number (13–19 digits passing Luhn), with or
    /// without spaces and hyphens. Such text is never kept, printed or logged.
    static func looksSensitive(_ text: String) -> Bool {
        for run in digitRuns(fold(text)) {
            if run.count == 12 && myNumberCheckDigitValid(run) { return true }
            if (13...19).contains(run.count) && luhnValid(run) { return true }
        }
        return false
    }

    /// Maximal digit runs, spaces and hyphens inside a run ignored.
    static func digitRuns(_ text: String) -> [[Int]] {
        var runs: [[Int]] = []
        var current: [Int] = []
        for ch in text {
            if let d = ch.wholeNumberValue, ch.isASCII {
                current.append(d)
            } else if ch == " " || ch == "-" {
                continue
            } else {
                if !current.isEmpty { runs.append(current) }
                current = []
            }
        }
        if !current.isEmpty { runs.append(current) }
        return runs
    }

    static func myNumberCheckDigitValid(_ digits: [Int]) -> Bool {
        guard digits.count == 12 else { return false }
        var sum = 0
        for n in 1...11 {
            let p = digits[11 - n]
            let q = n <= 6 ? n + 1 : n - 5
            sum += p * q
        }
        let r = sum % 11
        let check = r <= 1 ? 0 : 11 - r
        return check == digits[11]
    }

    static func luhnValid(_ digits: [Int]) -> Bool {
        var sum = 0
        for (i, d) in digits.reversed().enumerated() {
            if i % 2 == 1 {
                let x = d * 2
                sum += x > 9 ? x - 9 : x
            } else {
                sum += d
            }
        }
        return sum % 10 == 0
    }
}
