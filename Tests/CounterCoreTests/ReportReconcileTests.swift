@testable import CounterCore
import Foundation
import JapaneseKit
import Testing

@Suite struct ReportReconcileTests {
    static let day = CivilDate(year: 2026, month: 11, day: 25)!

    /// Four credit payments on PT01 (slips 1–4; 300, 600, 900, 300 yen), slip 2 voided, one cash
    /// payment (never reconciled) and one QR payment.
    static func journal(_ root: URL) throws -> PaymentCounter {
        let counter = try PaymentCounter(root: root)
        _ = try counter.credit(1, slip: "1", approval: "000000")
        let second = try counter.credit(2, slip: "2", approval: "222222")
        _ = try counter.credit(3, slip: "3", approval: "333333")
        _ = try counter.credit(1, slip: "4", approval: "444444")
        _ = try counter.service.void(seq: second.seq, reason: "誤り", refund: false, clerk: "k01")
        _ = try counter.service.recordPayment(PaymentRequest(method: "cash", amount: "450", items: ["koseki:1"], clerk: "k01"))
        _ = try counter.service.recordPayment(PaymentRequest(method: "qr", brand: "PayPay", amount: "300", items: ["juminhyo:1"],
                                                             transaction: "PP-0001", paymentTerminal: "QR01", clerk: "k01"))
        return counter
    }

    /// Settlement lines: slip 1 and 2 (sale and void) match, slip 3 has the wrong amount,
    /// slip 4 is missing, slip 9 is extra; the QR line matches by its 取引ID.
    static let settlement = """
        date,time,terminal,brand,slip,approval,amount,type
        2026-11-25,09:00:01,PT01,VISA,00001,000000,300,売上
        2026/11/25,09:00:02,PT01,VISA,2,222222,600,売上
        2026-11-25,09:00:05,PT01,VISA,2,222222,-600,取消
        2026-11-25,09:00:03,PT01,VISA,3,333333,"1,000",売上
        2026-11-25,09:05:00,PT01,VISA,9,999999,300,売上
        2026-11-25,09:06:00,QR01,PayPay,PP-0001,,300,売上
        2026-11-24,17:00:00,PT01,VISA,8,888888,300,売上

        """

    static func lines(_ text: String) throws -> (lines: [SettlementLine], problems: [SettlementProblem]) {
        let records = text.split(separator: "\n").enumerated().map { (line: $0.offset + 1, fields: ReportTests.cells(String($0.element))) }
        return try SettlementFile.parse(records)
    }

    @Test func findsTheMissingTheExtraAndTheWrongAmount() throws {
        try withPaymentRoot { root in
            let counter = try Self.journal(root)
            let (lines, problems) = try Self.lines(Self.settlement)
            #expect(problems.isEmpty)
            let ledger = try DayLedger.read(directories: [counter.directory], date: Self.day)
            let result = Reconciler.reconcile(date: Self.day, journal: Reconciler.journalSide(ledger, catalog: counter.service.catalog),
                                              lines: lines)
            #expect(result.matched.count == 4)
            #expect(result.matched.map { "\($0.settlement.slip)/\($0.settlement.kind.rawValue)" }.sorted()
                    == ["00001/売上", "2/取消", "2/売上", "PP-0001/売上"])
            #expect(result.amountDiffers.count == 1)
            #expect(result.amountDiffers.first?.journal.amount == 900 && result.amountDiffers.first?.settlement.amount == 1000)
            #expect(result.onlyInJournal.map(\.slip) == ["4"])
            #expect(result.onlyInSettlement.map(\.slip) == ["9"])
            #expect(result.otherDates == 1)
            #expect(!result.isClean)
            let text = Reconciler.text(result)
            #expect(text.contains("金額相違") && text.contains("記録のみ") && text.contains("精算のみ"))
        }
    }

    @Test func aMatchingSettlementIsClean() throws {
        try withPaymentRoot { root in
            let counter = try Self.journal(root)
            let clean = """
                date,time,terminal,brand,slip,approval,amount,type
                2026-11-25,09:00:01,PT01,VISA,1,000000,300,売上
                2026-11-25,09:00:02,PT01,VISA,2,222222,600,売上
                2026-11-25,09:00:05,PT01,VISA,2,222222,600,取消
                2026-11-25,09:00:03,PT01,VISA,3,333333,900,売上
                2026-11-25,09:00:04,PT01,VISA,4,444444,300,売上
                2026-11-25,09:06:00,QR01,PayPay,PP-0001,,300,売上
                """
            let (lines, problems) = try Self.lines(clean)
            let ledger = try DayLedger.read(directories: [counter.directory], date: Self.day)
            let result = Reconciler.reconcile(date: Self.day, journal: Reconciler.journalSide(ledger, catalog: nil), lines: lines,
                                              problems: problems)
            #expect(result.isClean && result.matched.count == 6)
            #expect(Reconciler.text(result).contains("すべて一致しました"))
        }
    }

    @Test func readsCP932AndUTF8WithBOMAndRefusesBadLinesWithoutEchoingDigits() throws {
        try withPaymentRoot { root in
            let text = Self.settlement.replacingOccurrences(of: "\n", with: "\r\n")
                + "2026-11-25,10:00:00,PT01,VISA,4111111111111111,123456,300,売上\r\n"
                + "2026-11-25,10:00:00,PT01,VISA,5,123456,300,値引\r\n"
                + "2026-11-25,10:00:00,PT01,VISA,5,123456\r\n"
                + "2026-11-25,10:00:00,PT01,1111 1111,55,4111 1111,600,売上\r\n"   // harmless alone, a card number side by side
            let cp932 = root.appendingPathComponent("settlement-cp932.csv")
            try #require(text.data(using: .shiftJIS)).write(to: cp932)
            let utf8 = root.appendingPathComponent("settlement-utf8.csv")
            try Data(("\u{FEFF}" + text).utf8).write(to: utf8)
            for url in [cp932, utf8] {
                let (lines, problems) = try SettlementFile.load(url: url)
                #expect(lines.count == 7)
                #expect(lines.map(\.kind).filter { $0 == .void }.count == 1)
                #expect(problems.map(\.reason) == [.sensitiveNumber, .badType, .wrongColumnCount, .sensitiveNumber])
                #expect(problems.map(\.line) == [9, 10, 11, 12])
            }
            try? FileManager.default.removeItem(at: cp932)
            try? FileManager.default.removeItem(at: utf8)
            let bad = root.appendingPathComponent("not-settlement.csv")
            try Data("a,b,c\n1,2,3\n".utf8).write(to: bad)
            #expect(throws: SettlementFile.Failure.missingHeader(found: ["a", "b", "c"])) { try SettlementFile.load(url: bad) }
        }
    }
}

@Suite struct ReportDirectoryTests {
    @Test func aTerminalsJournalReadTwiceCountsOnce() throws {
        try withPaymentRoot { root in
            let counter = try ReportReconcileTests.journal(root)
            let copy = root.appendingPathComponent("shared/journal")
            try FileManager.default.createDirectory(at: copy.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: counter.directory, to: copy)
            let day = ReportReconcileTests.day
            let once = DailyReport(ledger: try DayLedger.read(directories: [counter.directory], date: day), catalog: nil)
            let twice = DailyReport(ledger: try DayLedger.read(directories: [counter.directory, copy], date: day), catalog: nil)
            #expect(once.total.payments == 6 && once.total.voids == 1)
            #expect(twice == once)
        }
    }
}
