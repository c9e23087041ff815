/// Detects numbers that must never be stored, logged or shown: card numbers (PAN) and
/// 個人番号 (My Number).
///
/// Used by the journal writer on every string it records, and by payments and imports on
/// what a clerk types or a file brings in. Results never carry the digits themselves.
///
/// A *run* is a sequence of digit groups separated by one to three separator characters
/// (space, U+3000, hyphens and dashes, ー: `4111 - 1111`). Digits are any Unicode decimal digit, so
/// full-width ０–９ count like ASCII ones. Every span of consecutive groups of a run is
/// checked: 13–19 digits passing the Luhn check is card-like; exactly 12 digits whose last
/// digit is the 個人番号 check digit is a 個人番号.
///
/// A group glued to an ASCII (or full-width Latin) letter belongs to an identifier such as a
/// QR transaction id or a hash (`A1234…`, `…9f3e`), so spans that include it are not
/// considered; the same digits with a space or hyphen before them are.
public enum SensitiveNumbers {
    /// What kind of number was found.
    public enum Kind: String, Sendable, Equatable, CustomStringConvertible {
        case cardNumber = "card_number"
        case myNumber = "my_number"

        public var description: String { rawValue }
    }

    /// True when `text` holds a card-number-like run (13–19 digits passing Luhn).
    public static func containsCardNumber(_ text: String) -> Bool {
        scan(text, stopAt: .cardNumber) == .cardNumber
    }

    /// True when `text` holds a 12-digit number with a valid 個人番号 check digit.
    public static func containsMyNumber(_ text: String) -> Bool {
        scan(text, stopAt: .myNumber) == .myNumber
    }

    /// The first kind of sensitive number in `text` (card numbers win over 個人番号 when a
    /// run is both), or nil.
    public static func firstKind(in text: String) -> Kind? {
        scan(text, stopAt: nil)
    }

    /// The Luhn (mod 10) check over `digits`, most significant first.
    public static func passesLuhn<C: Collection>(_ digits: C) -> Bool where C.Element == UInt8 {
        guard !digits.isEmpty else { return false }
        var sum = 0
        var double = false
        for d in digits.reversed() {
            var v = Int(d)
            if double {
                v *= 2
                if v > 9 { v -= 9 }
            }
            sum += v
            double.toggle()
        }
        return sum % 10 == 0
    }

    /// The 個人番号 check digit for the first 11 digits (most significant first), by the
    /// official formula: check = 11 − (Σ Pn×Qn mod 11), where Pn is the n-th digit counted
    /// from the right of the 11 (n = 1…11), Qn = n+1 for n ≤ 6 and n−5 for n ≥ 7, and 0 when
    /// the remainder is 0 or 1.
    public static func myNumberCheckDigit<C: Collection>(_ first11: C) -> UInt8? where C.Element == UInt8 {
        guard first11.count == 11 else { return nil }
        var sum = 0
        for (i, p) in first11.reversed().enumerated() {
            let n = i + 1
            let q = n <= 6 ? n + 1 : n - 5
            sum += Int(p) * q
        }
        let remainder = sum % 11
        return remainder <= 1 ? 0 : UInt8(11 - remainder)
    }

    /// True when the 12 `digits` end in their 個人番号 check digit.
    public static func isValidMyNumber<C: Collection>(_ digits: C) -> Bool where C.Element == UInt8 {
        guard digits.count == 12 else { return false }
        let array = Array(digits)
        return myNumberCheckDigit(array[0..<11]) == array[11]
    }

    // MARK: - Scanning

    private struct Group {
        var digits: [UInt8] = []
        var gluedBefore = false
        var gluedAfter = false
    }

    private struct Found {
        var card = false
        var myNumber = false
    }

    /// True when `text` holds the wanted kind (nil: either kind).
    private static func scan(_ text: String, stopAt wanted: Kind?) -> Kind? {
        let found = findAll(text, wanted: wanted)
        switch wanted {
        case .cardNumber: return found.card ? .cardNumber : nil
        case .myNumber: return found.myNumber ? .myNumber : nil
        case nil: return found.card ? .cardNumber : (found.myNumber ? .myNumber : nil)
        }
    }

    private static func findAll(_ text: String, wanted: Kind?) -> Found {
        var found = Found()
        // Fast path: most text has fewer than 12 digits in all.
        var digitCount = 0
        for scalar in text.unicodeScalars where digitValue(scalar) != nil {
            digitCount += 1
            if digitCount >= 12 { break }
        }
        if digitCount < 12 { return found }

        var groups: [Group] = []
        var current: Group?
        var separators = 0
        var previous: Unicode.Scalar?

        func done() -> Bool {
            switch wanted {
            case .cardNumber: return found.card
            case .myNumber: return found.myNumber
            case nil: return found.card
            }
        }
        func finishRun() {
            if let group = current { groups.append(group) }
            current = nil
            check(groups, into: &found)
            groups.removeAll(keepingCapacity: true)
            separators = 0
        }

        for scalar in text.unicodeScalars {
            if let d = digitValue(scalar) {
                if current == nil {
                    var group = Group()
                    group.gluedBefore = groups.isEmpty && previous.map(isLetter) == true
                    current = group
                }
                current!.digits.append(d)
            } else if isSeparator(scalar) {
                if let group = current {
                    groups.append(group)
                    current = nil
                    separators = 1
                } else if !groups.isEmpty {
                    separators += 1
                    if separators > 3 { finishRun() }
                }
            } else if current != nil || !groups.isEmpty {
                if current != nil && isLetter(scalar) { current!.gluedAfter = true }
                finishRun()
            }
            if done() { return found }
            previous = scalar
        }
        finishRun()
        return found
    }

    /// Checks every span of consecutive groups in one run.
    private static func check(_ run: [Group], into found: inout Found) {
        for start in run.indices where !run[start].gluedBefore {
            var digits: [UInt8] = []
            for end in start..<run.count {
                digits.append(contentsOf: run[end].digits)
                if digits.count > 19 || run[end].gluedAfter { break }
                if digits.count >= 13 && passesLuhn(digits) { found.card = true }
                if digits.count == 12 && isValidMyNumber(digits) { found.myNumber = true }
            }
        }
    }

    private static func digitValue(_ scalar: Unicode.Scalar) -> UInt8? {
        let v = scalar.value
        if v >= 0x30 && v <= 0x39 { return UInt8(v - 0x30) }
        if v < 0x80 { return nil }
        if v >= 0xFF10 && v <= 0xFF19 { return UInt8(v - 0xFF10) }
        guard scalar.properties.numericType == .decimal, let n = scalar.properties.numericValue,
              n >= 0, n <= 9 else { return nil }
        return UInt8(n)
    }

    private static func isSeparator(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20, 0x2D, 0x3000, 0x2010...0x2015, 0x2212, 0xFF0D, 0x30FC, 0xFF70, 0x00A0: return true
        default: return false
        }
    }

    private static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x41...0x5A, 0x61...0x7A, 0xFF21...0xFF3A, 0xFF41...0xFF5A: return true
        default: return false
        }
    }
}
