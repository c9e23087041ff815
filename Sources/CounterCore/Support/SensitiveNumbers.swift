/// Detects numbers that must never be stored, logged or shown: card numbers (PAN) and
/// 個人番号 (My Number). The one detector: the command line, the screens, the journal writer,
/// payments and imports all ask it. Results never carry the digits themselves.
///
/// # The rule
///
/// It follows the forms people and spreadsheets give these numbers, read off a card, a
/// notice or a cell:
///
/// 1. **Digits** are any Unicode decimal digit: ASCII, full-width ０–９, Arabic-Indic,
///    Devanagari, mathematical digits and so on all count like `0–9`; so do digits drawn
///    otherwise (circled ①, superscript ⁴) and the 漢数字 〇一二三四五六七八九 (零).
/// 2. **Invisible characters are not there**: format characters (zero-width space U+200B,
///    word joiner U+2060, BOM U+FEFF, soft hyphen, bidi marks), fillers that print as a blank
///    (U+3164, U+FFA0, U+115F, U+2800) and combining marks are skipped, so `4111\u{200B}1111…` reads as `41111111…`.
/// 3. **Groups join across separators**: any number of spaces, tabs, line breaks, U+3000, NBSP,
///    hyphens and dashes (`-` `‐` `–` `—` `−` `ー`), `.` `,` `/` `_` `'` `・` `、` `。` and their
///    full-width and half-width forms, `’` `·` `•` `․` `⁃` `⁄`, mixed as they come (`4111 1111-1111.1111`, `4,111,111,111,111,111`,
///    `4111\t1111\t1111\t1111`). Anything else (a letter, kana, kanji, `:`, `(`, `¥`…) ends the
///    sequence.
/// 4. **Letters glued to digits do not hide them**: `No4577…`, `VISA4111…`, `…3047x` are read
///    like the bare digits.
/// 5. Every span of consecutive groups of a sequence is checked: **13–19 digits passing Luhn**
///    is a card number; **exactly 12 digits ending in the 個人番号 check digit** is a 個人番号.
///    A single group of more than 19 digits is an identifier, not a card number.
///
/// What ordinary counter text holds is left alone, because it is recognized first and never
/// joined to its neighbours:
///
/// - a date `2026-12-02`, `2026/12/2`, `2026.12.02` (year 1868–2100, same separator twice),
///   and a date glued to a letter prefix, the product's own case numbers `OK20261125-0001`,
///   `P20261125-093012` (a date, too, uses its separator exactly twice);
/// - a telephone number `0246-22-1111`, `090-1234-5678`, `0120 123 456` (three groups, the
///   first starting with 0, 10 or 11 digits, one separator used twice and not once more);
/// - a machine identifier: a word where letters and digits alternate three times or more and
///   that is a hex hash (32 characters or more, such as SHA-256) or takes its letters one or two
///   at a time, such as a QR 取引ID `T8K2M9Q4X7` (whose digit runs, outside a hash, are shorter
///   than 12: `A1B4111111111111111` is read as a number). A prefix and one digit block
///   (`TX4111111111111111`) or words around the digits (`VISA4111…EXP0328`) are *not* (rule 4).
///
/// - an amount with thousands separators, `1,300`, `¥12,345,678` (nine digits at most: a
///   card number a spreadsheet writes `4,111,111,111,111,111` is still a card number).
///
/// - a 郵便番号 `970-8686` (three digits, a hyphen, four).
///
/// - a UUID `12345678-1234-4123-8123-123456789012` (8-4-4-4-12 hex digits), as temporary
///   folders and machine ids are named.
///
/// Receipt numbers (`mado-01-R12`), times and ISO timestamps (`:` and
/// `T` end a sequence) have too few digits to match.
///
/// # 宛名番号
///
/// A city's 宛名番号 may have 12 or 15 digits, and about one 12-digit 宛名番号 in eleven ends in
/// a valid 個人番号 check digit (one 15-digit one in ten passes Luhn). Such a value is an id,
/// not a 個人番号, only when both hold: it is read in a 宛名番号 field (`residentID(_:isRegistered:)`),
/// and it is a registered 宛名番号 of the registry (which the import itself fills). The same
/// digits anywhere else — free text, a reason, a form value, a search that finds nobody — are
/// refused.
public enum SensitiveNumbers {
    /// What kind of number was found.
    public enum Kind: String, Sendable, Equatable, CustomStringConvertible {
        case cardNumber = "card_number"
        case myNumber = "my_number"

        public var description: String { rawValue }

        /// How people at the counter call it.
        public var label: String {
            switch self {
            case .cardNumber: "カード番号"
            case .myNumber: "個人番号"
            }
        }
    }

    /// An entry refused because it reads as a card number or a 個人番号: names the field,
    /// never the value. The one wording for the command line and the screens.
    public struct Refusal: Error, Equatable, Sendable {
        /// The field as the person knows it (`--reason`, 「検索」).
        public let field: String
        public let kind: Kind

        public init(field: String, kind: Kind) {
            self.field = field
            self.kind = kind
        }

        /// Japanese: what is wrong and what to do, without the digits.
        public var message: String {
            "\(field)に\(kind.label)のような数字があります。カード番号・個人番号は入力できません（値は記録も表示もしません）。"
                + "番号を除いて入力し直してください。"
        }

        /// The first of `entries` (field, text) that reads as a card number or a 個人番号.
        public static func first(in entries: [(field: String, text: String)]) -> Refusal? {
            for entry in entries {
                if let kind = firstKind(in: entry.text) { return Refusal(field: entry.field, kind: kind) }
            }
            return nil
        }
    }

    /// True when `text` holds a card-number-like run (13–19 digits passing Luhn).
    public static func containsCardNumber(_ text: String) -> Bool {
        findAll(text).card
    }

    /// True when `text` holds a 12-digit number with a valid 個人番号 check digit.
    public static func containsMyNumber(_ text: String) -> Bool {
        findAll(text).myNumber
    }

    /// The first kind of sensitive number in `text` (card numbers win over 個人番号 when a
    /// run is both), or nil.
    public static func firstKind(in text: String) -> Kind? {
        let found = findAll(text)
        return found.card ? .cardNumber : (found.myNumber ? .myNumber : nil)
    }

    /// The check for a 宛名番号 field: nil when `value` is plain ASCII digits that
    /// `isRegistered` knows as a 宛名番号 (asked only when the digits would otherwise be
    /// refused), else what `firstKind(in:)` finds.
    public static func residentID(_ value: String, isRegistered: (String) -> Bool) -> Kind? {
        guard let kind = firstKind(in: value) else { return nil }
        if isPlainDigits(value) && isRegistered(value) { return nil }
        return kind
    }

    /// True when `value` is one or more ASCII digits and nothing else: the only form a
    /// 宛名番号 is stored in.
    public static func isPlainDigits(_ value: String) -> Bool {
        !value.isEmpty && value.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
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
        /// A letter right before the first digit.
        var gluedBefore = false
        /// Part of a word where letters and digits alternate (a hash or an identifier).
        var identifier = false
        /// The separator characters between this group and the next one of its sequence.
        var gapAfter: [Unicode.Scalar] = []
    }

    private struct Found {
        var card = false
        var myNumber = false
    }

    private enum Class {
        case digit(UInt8), separator, letter, other, invisible
    }

    private enum Token {
        case group(Group), separator(Unicode.Scalar)
        /// A run of letters: how many, and whether all are hex digits (a–f, A–F).
        case letters(count: Int, hex: Bool)
        case other
    }

    private static func findAll(_ text: String) -> Found {
        var found = Found()
        // Fast path: most text has fewer than 12 digits in all.
        var digitCount = 0
        for scalar in text.unicodeScalars where digitValue(scalar) != nil {
            digitCount += 1
            if digitCount >= 12 { break }
        }
        if digitCount < 12 { return found }
        // A UUID (8-4-4-4-12 hex digits, as temporary folders and ids are named) is an
        // identifier: its all-digit groups joined by hyphens would otherwise read as a number.
        if text.utf8.count >= 36, text.utf8.contains(0x2D), let masked = maskingUUIDs(text) { return findAll(masked) }

        // Pass 1: digit groups, separators, letters (runs of letters as one), other text.
        var tokens: [Token] = []
        for scalar in text.unicodeScalars {
            switch classify(scalar) {
            case .invisible:
                continue
            case .digit(let d):
                if case .group(var group)? = tokens.last {
                    group.digits.append(d)
                    tokens[tokens.count - 1] = .group(group)
                } else {
                    var group = Group(digits: [d])
                    if case .letters? = tokens.last { group.gluedBefore = true }
                    tokens.append(.group(group))
                }
            case .separator:
                tokens.append(.separator(scalar))
            case .letter:
                let hex = (0x61...0x66).contains(scalar.value) || (0x41...0x46).contains(scalar.value)
                if case .letters(let n, let h)? = tokens.last {
                    tokens[tokens.count - 1] = .letters(count: n + 1, hex: h && hex)
                } else {
                    tokens.append(.letters(count: 1, hex: hex))
                }
            case .other:
                if case .other? = tokens.last { continue }
                tokens.append(.other)
            }
        }

        // Words (letters and digit groups with nothing between) with four parts or more, so
        // three letter↔digit changes, are machine identifiers whose digits are not a number
        // when they are hex (a hash) or their letters come one or two at a time (`T8K2M9Q4X7`);
        // words such as `VISA4111…EXP0328` are not.
        var wordStart = 0
        func endWord(at end: Int) {
            guard end - wordStart >= 4 else { return }
            var hex = true, shortLetters = true, length = 0
            for token in tokens[wordStart..<end] {
                switch token {
                case .group(let g): length += g.digits.count
                case .letters(let n, let h):
                    length += n
                    hex = hex && h
                    shortLetters = shortLetters && n <= 2
                default: break
                }
            }
            let hash = hex && length >= 32
            guard shortLetters || hash else { return }
            // An identifier's digits come in short runs; a run of 12 or more between its letters
            // (`A1B4111…`, `VI4111…EX0328`) is still read as a number, except in a hash.
            for i in wordStart..<end {
                if case .group(var g) = tokens[i], hash || g.digits.count < 12 { g.identifier = true; tokens[i] = .group(g) }
            }
        }
        for (i, token) in tokens.enumerated() {
            switch token {
            case .group, .letters: continue
            case .separator, .other:
                endWord(at: i)
                wordStart = i + 1
            }
        }
        endWord(at: tokens.count)

        // Pass 2: sequences of groups joined by separators; a letter or other text ends one.
        var run: [Group] = []
        for token in tokens {
            switch token {
            case .group(let g):
                run.append(g)
            case .separator(let s):
                if !run.isEmpty { run[run.count - 1].gapAfter.append(s) }
            case .letters, .other:
                check(run, into: &found)
                run.removeAll(keepingCapacity: true)
            }
        }
        check(run, into: &found)
        return found
    }

    /// Splits a sequence at dates, telephone numbers and identifiers, then checks every span
    /// of consecutive groups of each part.
    private static func check(_ run: [Group], into found: inout Found) {
        guard run.reduce(0, { $0 + $1.digits.count }) >= 12 else { return }
        var part: [Group] = []
        var i = 0
        func flush() {
            checkSpans(part, into: &found)
            part.removeAll(keepingCapacity: true)
        }
        while i < run.count {
            if run[i].identifier || isGluedDate(run[i]) {
                flush()
                i += 1
            } else if let n = ordinaryAtom(run, at: i) {
                flush()
                i += n
            } else {
                part.append(run[i])
                i += 1
            }
        }
        flush()
    }

    private static func checkSpans(_ part: [Group], into found: inout Found) {
        for start in part.indices {
            var digits: [UInt8] = []
            for end in start..<part.count {
                digits.append(contentsOf: part[end].digits)
                if digits.count > 19 { break }
                if digits.count >= 13 && passesLuhn(digits) { found.card = true }
                if digits.count == 12 && isValidMyNumber(digits) { found.myNumber = true }
            }
        }
    }

    /// `OK20261125`, `P20261125`: a letter prefix and an 8-digit date make a case number.
    private static func isGluedDate(_ group: Group) -> Bool {
        group.gluedBefore && group.digits.count == 8 && isDate(Array(group.digits[0..<4]), Array(group.digits[4..<6]), Array(group.digits[6..<8]))
    }

    /// The number of groups from `i` that form an amount, a date or a telephone number, or nil.
    private static func ordinaryAtom(_ run: [Group], at i: Int) -> Int? {
        if let n = amount(run, at: i) { return n }
        // 〒970-8686: three digits, a hyphen, four, and no more groups on that hyphen.
        if i + 1 < run.count, run[i].digits.count == 3, run[i + 1].digits.count == 4, run[i].gapAfter.count == 1,
           ["-", "－", "‐", "−", "ー"].contains(run[i].gapAfter[0]),
           i == 0 || run[i - 1].gapAfter != run[i].gapAfter, i + 2 == run.count || run[i + 1].gapAfter != run[i].gapAfter {
            return 2
        }
        guard i + 2 < run.count else { return nil }
        let (a, b, c) = (run[i], run[i + 1], run[i + 2])
        // One separator used twice, and not a longer chain of groups joined by it.
        guard a.gapAfter.count == 1, a.gapAfter == b.gapAfter, i == 0 || run[i - 1].gapAfter != a.gapAfter,
              i + 3 == run.count || c.gapAfter != a.gapAfter else { return nil }
        let gap = a.gapAfter[0]
        if [".", "/", "-", "．", "／", "－"].contains(gap), a.digits.count == 4, (1...2).contains(b.digits.count),
           (1...2).contains(c.digits.count), isDate(a.digits, b.digits, c.digits) {
            return 3
        }
        let total = a.digits.count + b.digits.count + c.digits.count
        if a.digits.first == 0, (2...5).contains(a.digits.count), (1...4).contains(b.digits.count), (3...4).contains(c.digits.count),
           total == 10 || total == 11, gap != "." && gap != "," && gap != "，" {
            return 3
        }
        return nil
    }

    /// `1,300`, `12,345,678`: groups of three after a comma, nine digits at most (a card
    /// number or a 個人番号 a spreadsheet formats this way has 12 or more, and stays a number).
    private static func amount(_ run: [Group], at i: Int) -> Int? {
        let comma: [Unicode.Scalar] = [","], wide: [Unicode.Scalar] = ["，"]
        func isComma(_ gap: [Unicode.Scalar]) -> Bool { gap == comma || gap == wide }
        guard (1...3).contains(run[i].digits.count), i == 0 || !isComma(run[i - 1].gapAfter) else { return nil }
        var end = i
        var digits = run[i].digits.count
        while end + 1 < run.count, isComma(run[end].gapAfter) {
            guard run[end + 1].digits.count == 3 else { return nil }
            end += 1
            digits += 3
        }
        return end > i && digits <= 9 ? end - i + 1 : nil
    }

    private static func isDate(_ y: [UInt8], _ m: [UInt8], _ d: [UInt8]) -> Bool {
        func value(_ digits: [UInt8]) -> Int { digits.reduce(0) { $0 * 10 + Int($1) } }
        return (1868...2100).contains(value(y)) && (1...12).contains(value(m)) && (1...31).contains(value(d))
    }

    private static func classify(_ scalar: Unicode.Scalar) -> Class {
        if let d = digitValue(scalar) { return .digit(d) }
        let v = scalar.value
        switch v {
        case 0x41...0x5A, 0x61...0x7A, 0xFF21...0xFF3A, 0xFF41...0xFF5A: return .letter
        case 0x27, 0x2C, 0x2D, 0x2E, 0x2F, 0x5F, 0x2212, 0x30FC, 0xFF70, 0x30FB, 0xFF65, 0x3001, 0xFF64,
             0xFF07, 0xFF0C, 0xFF0D, 0xFF0E, 0xFF0F, 0xFF3F,
             0x3002, 0xFF61,                                   // 。｡ (an IME's full stop)
             0x2018, 0x2019, 0x00B7, 0x2022, 0x2024, 0x2027, 0x2043, 0x2044, 0x2219, 0x22C5:  // ‘’ · • ․ ‧ ⁃ ⁄ ∙ ⋅
            return .separator
        case 0x115F, 0x1160, 0x3164, 0xFFA0, 0x2800:           // fillers that print as blanks
            return .invisible
        default: break
        }
        if v < 0x80 { return scalar.properties.isWhitespace ? .separator : .other }
        switch scalar.properties.generalCategory {
        case .format, .nonspacingMark, .enclosingMark: return .invisible
        case .dashPunctuation, .spaceSeparator, .lineSeparator, .paragraphSeparator: return .separator
        default: return scalar.properties.isWhitespace ? .separator : .other
        }
    }

    private static func digitValue(_ scalar: Unicode.Scalar) -> UInt8? {
        let v = scalar.value
        if v >= 0x30 && v <= 0x39 { return UInt8(v - 0x30) }
        if v < 0x80 { return nil }
        if v >= 0xFF10 && v <= 0xFF19 { return UInt8(v - 0xFF10) }
        switch v {  // 漢数字, as a number is written out in kanji: 〇一二三四五六七八九 (零 too)
        case 0x3007, 0x96F6: return 0
        case 0x4E00: return 1
        case 0x4E8C: return 2
        case 0x4E09: return 3
        case 0x56DB: return 4
        case 0x4E94: return 5
        case 0x516D: return 6
        case 0x4E03: return 7
        case 0x516B: return 8
        case 0x4E5D: return 9
        case 0x3000...0x9FFF: return nil  // kana and the other ideographs: no property lookup
        default: break
        }
        // Decimal digits of every script, and digits drawn otherwise (①, ⁴, ⒋): one value each.
        guard let type = scalar.properties.numericType, type == .decimal || type == .digit,
              let n = scalar.properties.numericValue, n >= 0, n <= 9, n == n.rounded() else { return nil }
        return UInt8(n)
    }

    /// `text` with every UUID's hex digits replaced by `x`, or nil when it holds none.
    static func maskingUUIDs(_ text: String) -> String? {
        var bytes = Array(text.utf8)
        let groups = [8, 4, 4, 4, 12]
        func isHex(_ b: UInt8) -> Bool { (0x30...0x39).contains(b) || (0x41...0x46).contains(b) || (0x61...0x66).contains(b) }
        func matches(at start: Int) -> Bool {
            var i = start
            for (n, length) in groups.enumerated() {
                guard i + length <= bytes.count, bytes[i..<(i + length)].allSatisfy(isHex) else { return false }
                i += length
                if n < groups.count - 1 {
                    guard i < bytes.count, bytes[i] == 0x2D else { return false }
                    i += 1
                }
            }
            return (start == 0 || !isHex(bytes[start - 1])) && (i == bytes.count || !isHex(bytes[i]))
        }
        var changed = false
        var start = 0
        while start + 36 <= bytes.count {
            if matches(at: start) {
                for i in start..<(start + 36) where bytes[i] != 0x2D { bytes[i] = 0x78 }
                changed = true
                start += 36
            } else {
                start += 1
            }
        }
        return changed ? String(decoding: bytes, as: UTF8.self) : nil
    }

    /// A cheap pre-check for hot paths (the import reads millions of cells): false when `text`
    /// has fewer than 12 digits of any form the rule counts, so it cannot hold either number.
    public static func mayHoldSensitiveNumber(_ text: String) -> Bool {
        guard text.utf8.count >= 12 else { return false }
        var digits = 0
        for scalar in text.unicodeScalars where digitValue(scalar) != nil {
            digits += 1
            if digits >= 12 { return true }
        }
        return false
    }
}
