@testable import CounterCore
import Foundation
import Testing

@Suite struct JournalSensitiveNumberTests {
    // Published test card numbers (Luhn-valid) and near misses.
    @Test(arguments: [
        "4111111111111111", "4111 1111 1111 1111", "4111-1111-1111-1111", "4111 - 1111 - 1111 - 1111",
        "４１１１１１１１１１１１１１１１", "４１１１　１１１１　１１１１　１１１１", "４１１１－１１１１－１１１１－１１１１",
        "378282246310005", "3782 822463 10005", "30569309025904", "4222222222222", "6011000990139424",
        "カード番号は4111111111111111です", "番号:5555 5555 5555 4444、期限0328", "4111 1111 1111 1111 2028",
        "TX-4111111111111111", "TX4111111111111111", "4111111111111111Z",
    ])
    func cardNumbersAreFound(_ text: String) {
        #expect(SensitiveNumbers.containsCardNumber(text))
        #expect(SensitiveNumbers.firstKind(in: text) == .cardNumber)
    }

    @Test(arguments: [
        "4111111111111112", "411111111111", "12345678901234567890", "2026-11-25 10:30", "電話 024-522-1111",
        "T8K2M9Q4X7",
        "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "山田 太郎", "",
    ])
    func ordinaryTextIsNotACardNumber(_ text: String) {
        #expect(!SensitiveNumbers.containsCardNumber(text))
    }

    @Test func myNumberCheckDigitFollowsTheOfficialFormula() {
        // Worked by hand: 1·2+0·3+9·4+8·5+7·6+6·7+5·2+4·3+3·4+2·5+1·6 = 212, 212 mod 11 = 3, 11−3 = 8.
        #expect(SensitiveNumbers.myNumberCheckDigit(Array<UInt8>([1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1])) == 8)
        // Remainder 1 (2·6 = 12): check digit 0.
        #expect(SensitiveNumbers.myNumberCheckDigit(Array<UInt8>([2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])) == 0)
        #expect(SensitiveNumbers.myNumberCheckDigit(Array<UInt8>([9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 9])) == 3)
        #expect(SensitiveNumbers.isValidMyNumber(Array<UInt8>([1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 8])))
        #expect(!SensitiveNumbers.isValidMyNumber(Array<UInt8>([1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2])))
    }

    @Test(arguments: [
        "123456789018", "1234 5678 9018", "1234-5678-9018", "１２３４５６７８９０１８", "１２３４　５６７８　９０１８",
        "200000000000", "987654321093", "個人番号314159265352を確認",
    ])
    func myNumbersAreFound(_ text: String) {
        #expect(SensitiveNumbers.containsMyNumber(text))
        #expect(SensitiveNumbers.firstKind(in: text) == .myNumber)
    }

    @Test(arguments: ["123456789012", "12345678901", "1234567890180", "ID1234567890182", "宛名番号 1234567"])
    func otherTwelveDigitNumbersAreNotMyNumbers(_ text: String) {
        #expect(!SensitiveNumbers.containsMyNumber(text))
    }

    @Test func theWriterRefusesWithoutEchoingTheDigits() throws {
        try withJournalDirectory { dir in
            let journal = try Journal.open(directory: dir, terminalID: "t1", mode: .live, clock: morningClock())
            let cases: [([String: JournalValue], String, SensitiveNumbers.Kind)] = [
                (["memo": "4111 1111 1111 1111"], "memo", .cardNumber),
                (["memo": "４１１１－１１１１－１１１１－１１１１"], "memo", .cardNumber),
                (["items": ["住民票", ["note": "カード 5555555555554444"]]], "items[1].note", .cardNumber),
                (["subject": ["name": "山田", "other": ["x": "1234 5678 9018"]]], "subject.other.x", .myNumber),
                (["memo": "マイナンバー１２３４５６７８９０１８"], "memo", .myNumber),
            ]
            for (fields, path, kind) in cases {
                do {
                    try journal.append(.access, clerk: "k1", fields: fields)
                    Issue.record("accepted \(path)")
                } catch let error as JournalError {
                    #expect(error == .sensitiveNumber(field: path, kind: kind))
                    let shown = "\(error) \(error.localizedDescription)"
                    for digits in ["1111", "4444", "5678", "9018", "１１１１"] { #expect(!shown.contains(digits)) }
                }
            }
            #expect(throws: JournalError.sensitiveNumber(field: "clerk", kind: .cardNumber)) {
                try journal.append(.login, clerk: "4111111111111111", fields: [:])
            }
            // Nothing was written; ordinary numbers still are.
            #expect(journal.lastSeq == 0)
            try journal.append(.payment, clerk: "k1", fields: ["amount": 300, "last4": "1111", "approval": "000000",
                                                              "slip": "0001234", "qr_transaction": "T8K2M9Q4X7"])
            #expect(journal.lastSeq == 1)
        }
    }
}

@Suite struct DateTimeIdentifierTests {
    /// Prefill's default case number is a letter, the date and the time (`P20261125-093012`).
    /// Without the letter, one second in ten of every day would read as a card number.
    @Test func letterPrefixedDateTimeNeverReadsAsACardNumber() {
        var bareFlagged = 0
        for second in stride(from: 0, to: 86_400, by: 1) {
            let time = String(format: "%02d%02d%02d", second / 3600, second % 3600 / 60, second % 60)
            #expect(SensitiveNumbers.firstKind(in: "P20261125-" + time) == nil)
            if SensitiveNumbers.containsCardNumber("20261125-" + time) { bareFlagged += 1 }
        }
        #expect(bareFlagged > 0)
    }
}
