import Foundation
import JapaneseKit

/// A synthetic counter day for benchmarks: cases opened, forms printed, paid (cash, card,
/// e-money, QR), some voided, closed — written straight into valid, hash-chained journal
/// files (one write per file, not one fsync per record).
public enum SyntheticCounterDay {
    /// Writes `cases` cases of `date` for `terminalID` under `directory`; returns the file.
    @discardableResult
    public static func write(directory: URL, terminalID: String, date: CivilDate, cases: Int, seed: UInt64,
                             mode: JournalMode = .training) throws -> URL {
        let start = date.startDate().addingTimeInterval(8.5 * 3600)
        var file = try SyntheticJournalFile(directory: directory, terminalID: terminalID, date: date, created: start,
                                            mode: mode, expectedBytes: cases * 5 * 300)
        var rng = SplitMix64(seed: seed)
        func append(_ type: JournalRecordType, _ time: Date, _ clerk: String, _ fields: [String: JournalValue]) {
            file.append(type, at: time, clerk: clerk, fields: fields)
        }
        let forms: [(String, String, Int)] = [("juminhyo", "住民票の写し等交付請求書", 300), ("koseki", "戸籍証明書等交付請求書", 450),
                                              ("inkan_shomei", "印鑑登録証明書交付申請書", 300), ("shotoku", "所得・課税証明書交付申請書", 300)]
        let methods: [(String, [String])] = [("cash", []), ("credit", ["VISA", "Mastercard", "JCB", "AMEX", "Diners"]),
                                             ("emoney", ["交通系IC", "iD", "QUICPay", "nanaco", "WAON", "楽天Edy"]),
                                             ("qr", ["PayPay", "楽天ペイ", "d払い", "au PAY", "メルペイ"])]
        let step = 9.0 * 3600 / Double(max(cases, 1))
        var slip = 0
        for i in 0..<cases {
            let clerk = "k\(100 + Int(rng.next() % 6))"
            let opened = start.addingTimeInterval(Double(i) * step)
            append(.caseOpened, opened, clerk, ["procedure": i % 10 == 0 ? "bereavement" : "certificate"])
            let caseID = DayLedger.caseID(terminal: terminalID, seq: file.seq)
            let form = forms[Int(rng.next() % UInt64(forms.count))]
            let copies = 1 + Int(rng.next() % 3)
            append(.formPrinted, opened.addingTimeInterval(60), clerk, ["case": .string(caseID), "form": .string(form.0),
                                                                        "copies": .int(copies)])
            let method = methods[Int(rng.next() % UInt64(methods.count))]
            var fields: [String: JournalValue] = [
                "case": .string(caseID), "method": .string(method.0), "amount": .int(form.2 * copies),
                "items": [["form": .string(form.0), "title": .string(form.1), "copies": .int(copies), "fee": .int(form.2),
                           "yen": .int(form.2 * copies)]],
            ]
            if !method.1.isEmpty {
                slip += 1
                fields["brand"] = .string(method.1[Int(rng.next() % UInt64(method.1.count))])
                fields["payment_terminal"] = .string("PT-\(terminalID)")
                fields["slip"] = .string(String(slip))
                fields["approval"] = .string(String(format: "%06d", Int(rng.next() % 1_000_000)))
            }
            append(.payment, opened.addingTimeInterval(120), clerk, fields)
            if rng.next() % 50 == 0 {
                var v = fields
                v["original_seq"] = .int(file.seq)
                v["original_terminal"] = .string(terminalID)
                v["original_date"] = .string(date.iso)
                v["reason"] = "金額誤り"
                append(.void, opened.addingTimeInterval(150), clerk, v)
            }
            let handling = 180 + Double(rng.next() % 900)
            append(.caseClosed, opened.addingTimeInterval(handling), clerk, ["case": .string(caseID)])
        }
        return try file.write()
    }
}
