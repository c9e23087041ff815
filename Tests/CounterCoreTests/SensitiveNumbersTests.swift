import Crypto
@testable import CounterCore
import Foundation
import Testing

/// The detector's rule as a table, both ways: the forms people and spreadsheets give card
/// numbers and 個人番号 are caught; the numbers ordinary counter text holds pass.
@Suite struct SensitiveNumbersTests {
    /// A Luhn-valid card number (VISA test range) and a 12-digit number with a valid 個人番号
    /// check digit.
    static let card = "4577120056783047"
    static let myNumber = "123456789018"

    /// `digits` written the way a person, a card, a notice or a spreadsheet writes them.
    static func forms(of digits: String, groups: [Int]) -> [String] {
        var parts: [String] = []
        var rest = Substring(digits)
        for n in groups {
            parts.append(String(rest.prefix(n)))
            rest = rest.dropFirst(n)
        }
        if !rest.isEmpty { parts.append(String(rest)) }
        func shifted(_ base: UInt32) -> String {
            String(String.UnicodeScalarView(digits.unicodeScalars.map { Unicode.Scalar(base + $0.value - 0x30)! }))
        }
        let thousands = stride(from: digits.count, to: 0, by: -3).map { end in
            let start = max(0, end - 3)
            return String(digits.dropFirst(start).prefix(end - start))
        }.reversed().joined(separator: ",")
        return [
            digits,
            parts.joined(separator: " "), parts.joined(separator: "-"), parts.joined(separator: "."),
            parts.joined(separator: "/"), parts.joined(separator: ","), parts.joined(separator: "_"),
            parts.joined(separator: "\t"), parts.joined(separator: "   "), parts.joined(separator: " - "),
            parts.joined(separator: "\n"), parts.joined(separator: "\u{3000}"), parts.joined(separator: "・"),
            parts.joined(separator: "\u{200B}"), parts.joined(separator: "\u{2060}"), parts.joined(separator: "\u{FEFF}"),
            digits.map { String($0) }.joined(separator: "\u{200B}"),
            shifted(0xFF10),                                  // full-width
            shifted(0x0660),                                  // Arabic-Indic
            shifted(0x06F0),                                  // Extended Arabic-Indic (Persian)
            shifted(0x0966),                                  // Devanagari
            shifted(0x1D7CE),                                 // mathematical bold
            parts.map { String(String.UnicodeScalarView($0.unicodeScalars.map { Unicode.Scalar(0xFF10 + $0.value - 0x30)! })) }
                .joined(separator: "－"),
            thousands,
            zip(parts, [" ", "-", ".", "/", "_", " "]).map { $0 + $1 }.joined(),   // mixed separators
            "No" + digits, "No." + parts.joined(separator: "-"), "NO" + parts.joined(separator: " "),
            digits + "x", parts.joined(separator: " ") + "x", "VISA" + digits, "TX" + digits, "Ｎｏ" + shifted(0xFF10),
            "番号は" + digits + "です", "(" + parts.joined(separator: " ") + ")", "#" + digits,
            // An IME's full stop, apostrophe grouping, dots and bullets, blanks that are not spaces.
            parts.joined(separator: "。"), parts.joined(separator: "｡"), parts.joined(separator: "'"),
            parts.joined(separator: "’"), parts.joined(separator: "·"), parts.joined(separator: "•"),
            parts.joined(separator: "․"), parts.joined(separator: "⁃"), parts.joined(separator: "⁄"),
            parts.joined(separator: "\u{3164}"), parts.joined(separator: "\u{FFA0}"), parts.joined(separator: "\u{2800}"),
            // Digits drawn otherwise, and written in kanji.
            String(String.UnicodeScalarView(digits.unicodeScalars.map { $0 == "0" ? "⓪" : Unicode.Scalar(0x2460 + $0.value - 0x31)! })),
            String(digits.map { "〇一二三四五六七八九".map { $0 }[Int(String($0))!] }),
        ]
    }

    static let caught: [(String, SensitiveNumbers.Kind)] = {
        let cards: [(String, [Int])] = [
            (card, [4, 4, 4, 4]), ("4111111111111111", [4, 4, 4, 4]),
            ("378282246310005", [4, 6, 5]),                  // AMEX
            ("4222222222222", [4, 4, 4, 1]),                 // 13 digits
            ("4577000000000000003", [4, 4, 4, 4, 3]),         // 19 digits
        ]
        let myNumbers: [(String, [Int])] = [(myNumber, [4, 4, 4]), ("100000000005", [4, 4, 4])]
        var all: [(String, SensitiveNumbers.Kind)] = []
        for (digits, groups) in cards { all += forms(of: digits, groups: groups).map { ($0, SensitiveNumbers.Kind.cardNumber) } }
        for (digits, groups) in myNumbers { all += forms(of: digits, groups: groups).map { ($0, SensitiveNumbers.Kind.myNumber) } }
        let more: [(String, SensitiveNumbers.Kind)] = [
            ("4111 1111 1111 1111 2028", .cardNumber), ("カード 4111-1111-1111-1111 期限 03/28", .cardNumber),
            ("2026-12-02 4111 1111 1111 1111", .cardNumber), ("090-1234-5678 4111111111111111", .cardNumber),
            ("No\u{200B}4111111111111111", .cardNumber), ("4111\u{00AD}1111\u{00AD}1111\u{00AD}1111", .cardNumber),
            ("4 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1", .cardNumber), ("個人番号:１２３４－５６７８－９０１８", .myNumber),
            ("VISA4111111111111111EXP0328", .cardNumber), ("CARD4577120056783047CVV123", .cardNumber),
            ("MyNo123456789018ID7", .myNumber), ("12345678-1234-1234-1234-123456789012 4111-1111-1111-1111", .cardNumber),
            ("VI4111111111111111EX0328", .cardNumber), ("A1B4111111111111111", .cardNumber), ("4111111111111111x1y2", .cardNumber),
            ("a1b2ZZ123456789018d4", .myNumber),
        ]
        return all + more
    }()

    @Test func everyFormOfACardNumberOrAMyNumberIsCaught() {
        var missed: [String] = []
        for (text, kind) in Self.caught where SensitiveNumbers.firstKind(in: text) != kind {
            missed.append(text.unicodeScalars.map { $0.isASCII ? String($0) : String(format: "\\u{%X}", $0.value) }.joined())
        }
        #expect(missed.isEmpty, "missed: \(missed)")
        #expect(Self.caught.count > 250)
    }

    static let passes: [String] = [
        // dates, times, timestamps
        "2026-12-02", "2026/12/02", "2026.12.2", "令和8年12月2日", "R8.12.2", "昭和45年3月2日", "20261202",
        "2026-12-02T10:30:00+09:00", "2026-12-02T10:30:00.123456+09:00", "2026-12-02 10:30", "20261202T103000Z",
        "2026-12-02 1300円", "2026/12/02 3,000円 取消", "2026-12-01〜2026-12-02",
        // telephone numbers, 郵便番号
        "0246-22-1111", "090-1234-5678", "0120 123 456", "電話 0246-22-1111、携帯 090-1234-5678",
        "0246-22-1111 090-1234-5678", "090-1234-5678 090-8765-4321", "970-8686", "〒970-8686 いわき市平字梅本21",
        "〒970-8686 0246-22-1111", "970-8686 971-8111 972-0161",
        // amounts
        "1,300", "¥12,345,678", "1,300円", "12,345,678円", "300円 × 2 = 600円",
        "1,300 2,000 3,000 4,000", "1,300、2,000、3,000、12,345", "合計 12,345,678 1,300 600",
        // identifiers
        "mado-01-R12", "mado-01-R123456", "/tmp/madoguchi-pay-12345678-4111-1111-1111-123456789018/journal",
        "41111111-1111-1111-1111-123456789018", "OK20261125-0001", "OK20261231-9999", "P20261125-093012",
        "T8K2M9Q4X7", "04123456789012345678", "a1b2c3d4e5f60718293a4b5c", "PP20261202A7F3K9Q2",
        "1234567", "宛名番号 1234567", "123456789012", "12345678901", "000000000001",
        // hashes
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        // near misses
        "4111111111111112", "411111111112", "12345678901234567890", "4111-****-****-1111", "下4桁 1111",
        "山田 太郎", "",
        // kanji numerals as addresses and dates write them
        "いわき市平字三町目一番地の二", "平成三十一年四月三十日", "四倉町字西一丁目二番三号", "第一二三四号", "二〇二六年十二月二日",
        "① 住民票 ② 戸籍", "I'm 300円", "1,300円。2,000円。",
    ]

    @Test(arguments: passes)
    func ordinaryCounterTextPasses(_ text: String) {
        #expect(SensitiveNumbers.firstKind(in: text) == nil)
    }

    /// Every case number of a day and every second of a prefill number: none reads as a number.
    @Test func theProductsOwnNumbersNeverReadAsSensitive() {
        var flagged: [String] = []
        for serial in 1...9999 {
            let number = "OK20261125-" + String(format: "%04d", serial)
            if SensitiveNumbers.firstKind(in: number) != nil { flagged.append(number) }
        }
        for second in stride(from: 0, to: 86_400, by: 7) {
            let number = String(format: "P20261125-%02d%02d%02d", second / 3600, second % 3600 / 60, second % 60)
            if SensitiveNumbers.firstKind(in: number) != nil { flagged.append(number) }
        }
        #expect(flagged.isEmpty, "\(flagged.prefix(5))")
    }

    /// Free text mixing amounts, dates, telephone numbers and 郵便番号, as a void reason or a
    /// note holds them: never refused (without the amount rule one list of three amounts in
    /// four was).
    @Test func ordinaryNumbersTogetherInFreeTextPass() {
        var rng = SplitMix64(seed: 12)
        func n(_ bound: Int) -> Int { Int(rng.next() % UInt64(bound)) }
        let pieces: [() -> String] = [
            { "\(1 + n(99)),\(String(format: "%03d", n(1000)))" },                         // 12,345
            { "\(1 + n(9)),\(String(format: "%03d", n(1000))),\(String(format: "%03d", n(1000)))円" },
            { String(format: "20%02d-%02d-%02d", n(30), 1 + n(12), 1 + n(28)) },
            { String(format: "0%d0-%04d-%04d", 7 + n(3), n(10000), n(10000)) },         // 090-1234-5678
            { String(format: "0%03d-%02d-%04d", 100 + n(900), n(100), n(10000)) },      // 0246-22-1111
            { String(format: "%03d-%04d", n(1000), n(10000)) },                          // 〒970-8686
            { "\(1 + n(3))通" }, { "取消" },
        ]
        var flagged: [String] = []
        for _ in 0..<20_000 {
            let text = (0..<(2 + n(4))).map { _ in pieces[n(pieces.count)]() }.joined(separator: [" ", "、", "  ", " / "][n(4)])
            if SensitiveNumbers.firstKind(in: text) != nil { flagged.append(text) }
        }
        #expect(flagged.count == 0, "\(flagged.prefix(5))")
    }

    /// The journal's own hashes (SHA-256 hex) never trip the detector.
    @Test func sha256HexHashesPass() {
        var flagged = 0
        for i in 0..<5_000 {
            let hex = SHA256.hash(data: Data("record \(i)".utf8)).map { String(format: "%02x", $0) }.joined()
            if SensitiveNumbers.firstKind(in: hex) != nil || SensitiveNumbers.firstKind(in: hex.uppercased()) != nil { flagged += 1 }
        }
        #expect(flagged == 0)
    }

    /// A 宛名番号 field accepts a registered 宛名番号 whatever its digits; nothing else.
    @Test func aRegisteredResidentIDIsAnIDOnlyInAResidentIDField() {
        let registered: Set<String> = ["100000000005", "100000000000009"]
        let isRegistered = { (id: String) in registered.contains(id) }
        #expect(SensitiveNumbers.firstKind(in: "100000000005") == .myNumber)
        #expect(SensitiveNumbers.firstKind(in: "100000000000009") == .cardNumber)
        #expect(SensitiveNumbers.residentID("100000000005", isRegistered: isRegistered) == nil)
        #expect(SensitiveNumbers.residentID("100000000000009", isRegistered: isRegistered) == nil)
        // Not registered, not plain digits, or not the field: refused.
        #expect(SensitiveNumbers.residentID("100000000013", isRegistered: isRegistered) == .myNumber)
        #expect(SensitiveNumbers.residentID("1000 0000 0005", isRegistered: isRegistered) == .myNumber)
        #expect(SensitiveNumbers.residentID("１０００００００００05", isRegistered: isRegistered) == .myNumber)
        #expect(SensitiveNumbers.residentID(Self.myNumber, isRegistered: isRegistered) == .myNumber)
        // The registry is asked only about digits that would otherwise be refused.
        var asked: [String] = []
        #expect(SensitiveNumbers.residentID("1234567", isRegistered: { asked.append($0); return false }) == nil)
        #expect(asked.isEmpty)
    }
}
