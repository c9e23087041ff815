@testable import CounterCore
import Foundation
import JapaneseKit
import Testing

@Suite struct PaymentTests {
    // MARK: - Recording

    @Test func recordsAPaymentWithItsReferencesAndOpensACase() throws {
        try withPaymentRoot { root in
            let counter = try PaymentCounter(root: root)
            let receipt = try counter.service.recordPayment(PaymentRequest(
                method: "credit", brand: "JCB", amount: "1,050円", items: ["juminhyo:2", "koseki:1"], slip: "0042",
                approval: "000000", paymentTerminal: "PT01", last4: "4242", clerk: "k01"))
            #expect(receipt.openedCase)
            #expect(receipt.caseID == "T01-C1")
            #expect(receipt.receipt == "T01-R2")
            #expect(receipt.amount == 1050)
            let ledger = try counter.service.todaysLedger()
            #expect(ledger.cases.map(\.id) == ["T01-C1"])
            let payment = try #require(ledger.payments.first)
            #expect(payment.caseID == "T01-C1")
            #expect(payment.method == "credit" && payment.brand == "JCB")
            #expect(payment.slip == "0042" && payment.approval == "000000" && payment.paymentTerminal == "PT01")
            #expect(payment.last4 == "4242")
            #expect(payment.items == [PaymentItem(form: "juminhyo", title: "住民票の写し等交付請求書", copies: 2, fee: 300),
                                      PaymentItem(form: "koseki", title: "戸籍証明書等請求書", copies: 1, fee: 450)])
        }
    }

    @Test func feesComeFromTheFormDefinitions() throws {
        try withPaymentRoot { root in
            let forms = try TempForms(["juminhyo.yaml": """
                id: juminhyo
                title: 住民票
                department: 市民課
                fee: 350
                fields:
                  - key: subject_name
                    label: 氏名
                    source: subject.name
                """])
            defer { forms.remove() }
            let counter = try PaymentCounter(root: root)
            let service = PaymentService(journal: counter.journal, catalog: counter.service.catalog,
                                         forms: FormLibrary.load(directory: forms.url), clock: counter.clock)
            #expect(throws: PaymentRefusal.wrongTotal(amount: 600, expected: 700)) {
                try service.recordPayment(PaymentRequest(method: "cash", amount: "600", items: ["juminhyo:2"], clerk: "k01"))
            }
            #expect(try service.recordPayment(PaymentRequest(method: "cash", amount: "700", items: ["juminhyo:2"], clerk: "k01")).amount == 700)
        }
    }

    // MARK: - Refusals (journal unchanged)

    /// Runs `request` expecting `refusal`, and checks that no file changed.
    private func expectRefused(_ counter: PaymentCounter, _ request: PaymentRequest, _ refusal: PaymentRefusal,
                               sourceLocation: SourceLocation = #_sourceLocation) {
        let before = snapshot(counter.root)
        #expect(throws: refusal, sourceLocation: sourceLocation) { try counter.service.recordPayment(request) }
        #expect(snapshot(counter.root) == before, "the journal changed", sourceLocation: sourceLocation)
    }

    @Test func refusesAWrongTotal() throws {
        try withPaymentRoot { root in
            let counter = try PaymentCounter(root: root)
            expectRefused(counter, PaymentRequest(method: "cash", amount: "600", items: ["juminhyo:1", "koseki:1"], clerk: "k01"),
                          .wrongTotal(amount: 600, expected: 750))
            expectRefused(counter, PaymentRequest(method: "cash", amount: "七百円", items: ["juminhyo:1"], clerk: "k01"), .malformedAmount)
            expectRefused(counter, PaymentRequest(method: "cash", amount: "0", items: ["idou:1"], clerk: "k01"), .freeOnly)
            expectRefused(counter, PaymentRequest(method: "cash", amount: "300", items: ["nosuch:1"], clerk: "k01"), .unknownForm("nosuch"))
            expectRefused(counter, PaymentRequest(method: "cash", amount: "300", items: ["juminhyo"], clerk: "k01"), .malformedItem)
            expectRefused(counter, PaymentRequest(method: "cash", amount: "300", items: ["juminhyo:0"], clerk: "k01"), .badCopies(form: "juminhyo"))
            expectRefused(counter, PaymentRequest(method: "cash", amount: "300", items: [], clerk: "k01"), .noItems)
        }
    }

    @Test func refusesMissingOrMalformedReferences() throws {
        try withPaymentRoot { root in
            let counter = try PaymentCounter(root: root)
            func credit(slip: String?, approval: String?, pt: String? = "PT01") -> PaymentRequest {
                PaymentRequest(method: "credit", brand: "VISA", amount: "300", items: ["juminhyo:1"], slip: slip, approval: approval,
                               paymentTerminal: pt, clerk: "k01")
            }
            expectRefused(counter, credit(slip: "1", approval: nil), .missingReference(label: "承認番号", method: "クレジット"))
            expectRefused(counter, credit(slip: nil, approval: "123456"), .missingReference(label: "伝票番号", method: "クレジット"))
            expectRefused(counter, credit(slip: "1", approval: "12345"), .malformedReference(label: "承認番号", expected: "数字6桁"))
            expectRefused(counter, credit(slip: "1", approval: "1234567"), .malformedReference(label: "承認番号", expected: "数字6桁"))
            expectRefused(counter, credit(slip: "1", approval: "12a456"), .malformedReference(label: "承認番号", expected: "数字6桁"))
            expectRefused(counter, credit(slip: "A1", approval: "123456"), .malformedReference(label: "伝票番号", expected: "数字1〜10桁"))
            expectRefused(counter, credit(slip: "1", approval: "123456", pt: nil), .paymentTerminalRequired)
            expectRefused(counter, credit(slip: "1", approval: "123456", pt: "端末1"), .malformedPaymentTerminal)
            expectRefused(counter, PaymentRequest(method: "credit", amount: "300", items: ["juminhyo:1"], slip: "1", approval: "123456",
                                                  paymentTerminal: "PT01", clerk: "k01"),
                          .brandRequired(method: "クレジット", brands: ["VISA", "Mastercard", "JCB", "AMEX", "Diners"]))
            expectRefused(counter, PaymentRequest(method: "credit", brand: "Discover", amount: "300", items: ["juminhyo:1"], slip: "1",
                                                  approval: "123456", paymentTerminal: "PT01", clerk: "k01"),
                          .unknownBrand(method: "クレジット", brands: ["VISA", "Mastercard", "JCB", "AMEX", "Diners"]))
            expectRefused(counter, PaymentRequest(method: "cash", brand: "VISA", amount: "300", items: ["juminhyo:1"], clerk: "k01"),
                          .brandNotAllowed(method: "現金"))
            expectRefused(counter, PaymentRequest(method: "cash", amount: "300", items: ["juminhyo:1"], slip: "1", clerk: "k01"),
                          .unexpectedReference(label: "伝票番号", method: "現金"))
            expectRefused(counter, PaymentRequest(method: "emoney", brand: "iD", amount: "300", items: ["juminhyo:1"], slip: "1",
                                                  paymentTerminal: "PT01", last4: "1234", clerk: "k01"),
                          .missingReference(label: "承認番号", method: "電子マネー"))
            expectRefused(counter, PaymentRequest(method: "emoney", brand: "交通系IC", amount: "300", items: ["juminhyo:1"], slip: "1",
                                                  paymentTerminal: "PT01", last4: "1234", clerk: "k01"),
                          .last4NotAccepted(method: "電子マネー"))
            expectRefused(counter, PaymentRequest(method: "credit", brand: "VISA", amount: "300", items: ["juminhyo:1"], slip: "1",
                                                  approval: "123456", paymentTerminal: "PT01", last4: "42", clerk: "k01"), .malformedLast4)
            expectRefused(counter, PaymentRequest(method: "qr", brand: "PayPay", amount: "300", items: ["juminhyo:1"],
                                                  paymentTerminal: "QR01", clerk: "k01"),
                          .missingReference(label: "取引ID", method: "QR"))
            expectRefused(counter, PaymentRequest(method: "qr", brand: "PayPay", amount: "300", items: ["juminhyo:1"],
                                                  transaction: "ab_cd", paymentTerminal: "QR01", clerk: "k01"),
                          .malformedReference(label: "取引ID", expected: "半角英数字と -4〜64桁"))
            expectRefused(counter, PaymentRequest(method: "bitcoin", amount: "300", items: ["juminhyo:1"], clerk: "k01"),
                          .unknownMethod("bitcoin", known: ["cash", "credit", "emoney", "qr"]))
            #expect(try counter.service.todaysLedger().payments.isEmpty)
        }
    }

    @Test func approvalMayBe000000AndAbsentForOfflineIC() throws {
        try withPaymentRoot { root in
            let counter = try PaymentCounter(root: root)
            _ = try counter.credit(slip: "1", approval: "000000")
            let ic = try counter.service.recordPayment(PaymentRequest(method: "emoney", brand: "交通系IC", amount: "300",
                                                                      items: ["juminhyo:1"], slip: "2", paymentTerminal: "PT01", clerk: "k01"))
            let qr = try counter.service.recordPayment(PaymentRequest(method: "qr", brand: "d払い", amount: "450", items: ["koseki:1"],
                                                                      transaction: "TX-20261125-0001", paymentTerminal: "QR01", clerk: "k01"))
            let ledger = try counter.service.todaysLedger()
            #expect(ledger.payments.map(\.seq) == [2, ic.seq, qr.seq])
            #expect(ledger.payments[0].approval == "000000")
            #expect(ledger.payments[1].approval == nil)
            #expect(ledger.payments[2].transaction == "TX-20261125-0001")
        }
    }

    @Test func amountsAcceptOnlyThousandsGrouping() throws {
        let read: [String: Int] = ["300": 300, "3,000": 3000, "3,000円": 3000, "１，２００": 1200, "1,234,567": 1_234_567, "０": 0]
        for (text, yen) in read { #expect(PaymentService.parseAmount(text) == yen, "\(text)") }
        for text in ["3,00", "30,00", "3,0000", ",300", "300,", "1,,000", "1234,567", "3、000", ""] {
            #expect(PaymentService.parseAmount(text) == nil, "\(text)")
        }
        try withPaymentRoot { root in
            let counter = try PaymentCounter(root: root)
            // 3,00 was read as 300 and matched the fee of one 住民票.
            expectRefused(counter, PaymentRequest(method: "cash", amount: "3,00", items: ["juminhyo:1"], clerk: "k01"), .malformedAmount)
        }
    }

    @Test func slipNumbersAreDuplicatesWhateverTheirLeadingZeros() throws {
        try withPaymentRoot { root in
            let counter = try PaymentCounter(root: root)
            let first = try counter.credit(slip: "555", approval: "000001")
            for slip in ["0555", "000555"] {
                expectRefused(counter, PaymentRequest(method: "credit", brand: "VISA", amount: "300", items: ["juminhyo:1"], slip: slip,
                                                      approval: "000001", paymentTerminal: "PT01", clerk: "k01"),
                              .duplicate(paymentTerminal: "PT01", seq: first.seq, terminal: "T01"))
            }
            #expect(ReferenceRule.slipKey("0555") == "555" && ReferenceRule.slipKey("0000") == "0" && ReferenceRule.slipKey("A-05") == "A-05")
        }
    }

    @Test func refusesDuplicates() throws {
        try withPaymentRoot { root in
            let counter = try PaymentCounter(root: root)
            let first = try counter.credit(slip: "77", approval: "000000")
            expectRefused(counter, PaymentRequest(method: "credit", brand: "JCB", amount: "300", items: ["juminhyo:1"], slip: "77",
                                                  approval: "000000", paymentTerminal: "PT01", clerk: "k02"),
                          .duplicate(paymentTerminal: "PT01", seq: first.seq, terminal: "T01"))
            // The same slip on another payment terminal, or another approval, is a different payment.
            _ = try counter.credit(slip: "77", approval: "000000", pt: "PT02")
            _ = try counter.credit(slip: "77", approval: "000001")
            let qr = try counter.service.recordPayment(PaymentRequest(method: "qr", brand: "PayPay", amount: "300", items: ["juminhyo:1"],
                                                                      transaction: "PP-1", paymentTerminal: "QR01", clerk: "k01"))
            expectRefused(counter, PaymentRequest(method: "qr", brand: "PayPay", amount: "300", items: ["juminhyo:1"],
                                                  transaction: "PP-1", paymentTerminal: "QR01", clerk: "k01"),
                          .duplicateTransaction(seq: qr.seq, terminal: "T01"))
            // A second terminal writing into the same journal directory sees the first one's payments.
            let other = PaymentService(journal: try Journal.open(directory: counter.directory, terminalID: "T02", mode: .live,
                                                                 clock: counter.clock),
                                       catalog: counter.service.catalog, forms: ShippedForms.library, clock: counter.clock)
            #expect(throws: PaymentRefusal.duplicate(paymentTerminal: "PT01", seq: first.seq, terminal: "T01")) {
                try other.recordPayment(PaymentRequest(method: "credit", brand: "VISA", amount: "300", items: ["juminhyo:1"], slip: "77",
                                                       approval: "000000", paymentTerminal: "PT01", clerk: "k03"))
            }
        }
    }

    @Test func refusesCardNumbersAndMyNumbersInEveryFieldWithoutKeepingThem() throws {
        try withPaymentRoot { root in
            let counter = try PaymentCounter(root: root)
            let opened = try counter.service.openCase(procedure: "certificate", clerk: "k01")
            let myNumber = validMyNumber("12345678901")
            let cards = ["4111111111111111", "4111 1111 1111 1111", "4111-1111-1111-1111", "４１１１１１１１１１１１１１１１",
                         "5555555555554444", "378282246310005"]
            let base = PaymentRequest(caseID: opened.caseID, method: "credit", brand: "VISA", amount: "300", items: ["juminhyo:1"],
                                      slip: "5", approval: "123456", paymentTerminal: "PT01", last4: "1111", clerk: "k01")
            let fields: [(String, WritableKeyPath<PaymentRequest, String?>)] = [
                ("伝票番号", \.slip), ("承認番号", \.approval), ("取引ID", \.transaction), ("ブランド", \.brand),
                ("決済端末番号", \.paymentTerminal), ("カード下4桁", \.last4), ("受付番号", \.caseID),
            ]
            for number in cards {
                for (label, path) in fields {
                    var request = base
                    request[keyPath: path] = number
                    expectRefused(counter, request, .sensitiveNumber(field: label, kind: .cardNumber))
                }
                var request = base
                request.amount = number
                expectRefused(counter, request, .sensitiveNumber(field: "金額", kind: .cardNumber))
                request = base
                request.items = ["juminhyo:1", "koseki:\(number)"]
                expectRefused(counter, request, .sensitiveNumber(field: "帳票と通数", kind: .cardNumber))
                request = base
                request.clerk = "k01 \(number)"
                expectRefused(counter, request, .sensitiveNumber(field: "担当者", kind: .cardNumber))
                let message = PaymentRefusal.sensitiveNumber(field: "承認番号", kind: .cardNumber).message
                #expect(!message.contains("4111") && !message.contains("5555") && !message.contains("3782"))
            }
            var request = base
            request.slip = myNumber
            expectRefused(counter, request, .sensitiveNumber(field: "伝票番号", kind: .myNumber))
            request = base
            request.approval = String(myNumber.prefix(6)) + " " + String(myNumber.dropFirst(6))
            expectRefused(counter, request, .sensitiveNumber(field: "承認番号", kind: .myNumber))
            // Voids, case actions and day close check their text too.
            let paid = try counter.service.recordPayment(base)
            #expect(throws: PaymentRefusal.sensitiveNumber(field: "理由", kind: .cardNumber)) {
                try counter.service.void(seq: paid.seq, reason: "カード 4111111111111111 誤り", refund: false, clerk: "k01")
            }
            #expect(throws: PaymentRefusal.sensitiveNumber(field: "手続", kind: .myNumber)) {
                try counter.service.openCase(procedure: myNumber, clerk: "k01")
            }
        }
    }

    @Test func refusesMixingCashAndCashlessInOneCase() throws {
        try withPaymentRoot { root in
            let counter = try PaymentCounter(root: root)
            let opened = try counter.service.openCase(procedure: "certificate", clerk: "k01")
            let cash = try counter.service.recordPayment(PaymentRequest(caseID: opened.caseID, method: "cash", amount: "300",
                                                                        items: ["juminhyo:1"], clerk: "k01"))
            expectRefused(counter, PaymentRequest(caseID: opened.caseID, method: "qr", brand: "PayPay", amount: "450", items: ["koseki:1"],
                                                  transaction: "PP-9", paymentTerminal: "QR01", clerk: "k01"),
                          .mixedMethods(caseID: opened.caseID, existing: "現金"))
            // Once the cash payment is voided the case may be paid by card.
            _ = try counter.service.void(seq: cash.seq, reason: "支払方法の変更", refund: false, clerk: "k01")
            _ = try counter.service.recordPayment(PaymentRequest(caseID: opened.caseID, method: "qr", brand: "PayPay", amount: "300",
                                                                 items: ["juminhyo:1"], transaction: "PP-9", paymentTerminal: "QR01",
                                                                 clerk: "k01"))
            expectRefused(counter, PaymentRequest(caseID: opened.caseID, method: "cash", amount: "300", items: ["juminhyo:1"], clerk: "k01"),
                          .mixedMethods(caseID: opened.caseID, existing: "QR"))
            expectRefused(counter, PaymentRequest(caseID: "T01-C999", method: "cash", amount: "300", items: ["juminhyo:1"], clerk: "k01"),
                          .unknownCase("T01-C999"))
            try counter.service.closeCase(opened.caseID, clerk: "k01")
            expectRefused(counter, PaymentRequest(caseID: opened.caseID, method: "qr", brand: "PayPay", amount: "300", items: ["juminhyo:1"],
                                                  transaction: "PP-10", paymentTerminal: "QR01", clerk: "k01"),
                          .caseClosed(opened.caseID))
            #expect(throws: PaymentRefusal.caseClosed(opened.caseID)) { try counter.service.closeCase(opened.caseID, clerk: "k01") }
        }
    }

    @Test func aClosedDayTakesNoMorePaymentsVoidsOrCases() throws {
        try withPaymentRoot { root in
            let counter = try PaymentCounter(root: root)
            let paid = try counter.credit(slip: "1")
            let closer = DayCloser(journal: counter.journal, directories: [], catalog: counter.service.catalog, clock: counter.clock)
            _ = try closer.close(clerk: "sup1")
            let day = CivilDate(year: 2026, month: 11, day: 25)!
            expectRefused(counter, PaymentRequest(method: "cash", amount: "300", items: ["juminhyo:1"], clerk: "k01"), .dayClosed(day))
            let before = snapshot(root)
            #expect(throws: PaymentRefusal.dayClosed(day)) { try counter.service.void(seq: paid.seq, reason: "誤り", refund: false, clerk: "k01") }
            #expect(throws: PaymentRefusal.dayClosed(day)) { try counter.service.openCase(procedure: "certificate", clerk: "k01") }
            #expect(throws: PaymentRefusal.dayClosed(day)) { try closer.close(clerk: "sup1") }
            #expect(snapshot(root) == before)
            // The next day is open again.
            counter.clock.advance(seconds: 86_400)
            #expect(try counter.credit(slip: "2").seq > paid.seq)
        }
    }

    // MARK: - Voids and refunds

    @Test func voidsAndRefundsAreNewRecordsAndHappenOnce() throws {
        try withPaymentRoot { root in
            let counter = try PaymentCounter(root: root)
            let first = try counter.credit(2, slip: "10")
            let original = try Data(contentsOf: try #require(counter.journal.currentFile))
            #expect(throws: PaymentRefusal.reasonRequired) { try counter.service.void(seq: first.seq, reason: "  ", refund: false, clerk: "k01") }
            let voided = try counter.service.void(seq: first.seq, reason: "二重に操作", refund: false, clerk: "k02")
            #expect(voided.kind == .void && voided.amount == 600 && voided.originalSeq == first.seq)
            // The original record is untouched: the file only grew.
            let now = try Data(contentsOf: try #require(counter.journal.currentFile))
            #expect(now.prefix(original.count) == original)
            #expect(throws: PaymentRefusal.alreadyVoided(seq: first.seq, bySeq: voided.seq)) {
                try counter.service.void(seq: first.seq, reason: "もう一度", refund: true, clerk: "k01")
            }
            #expect(throws: PaymentRefusal.unknownPayment(seq: 999)) { try counter.service.void(seq: 999, reason: "x", refund: false, clerk: "k01") }
            let opened = try counter.service.openCase(procedure: "certificate", clerk: "k01")
            #expect(throws: PaymentRefusal.unknownPayment(seq: opened.seq)) {
                try counter.service.void(seq: opened.seq, reason: "x", refund: false, clerk: "k01")
            }

            // Today's payment takes a 取消, never a 返品.
            let today = try counter.credit(1, slip: "12")
            let before = snapshot(counter.root)
            #expect(throws: PaymentRefusal.refundOnlyEarlierDay(seq: today.seq)) {
                try counter.service.void(seq: today.seq, reason: "返金", refund: true, clerk: "k01")
            }
            #expect(snapshot(counter.root) == before)
            #expect(PaymentRefusal.refundOnlyEarlierDay(seq: today.seq).message.contains("取消"))

            // Yesterday's payment: 取消 refused, 返品 recorded today, once.
            let second = try counter.credit(1, slip: "11")
            counter.clock.advance(seconds: 86_400)
            let paidOn = CivilDate(year: 2026, month: 11, day: 25)!
            #expect(throws: PaymentRefusal.voidOnlySameDay(seq: second.seq, paidOn: paidOn)) {
                try counter.service.void(seq: second.seq, reason: "返金", refund: false, clerk: "k01")
            }
            let refund = try counter.service.void(seq: second.seq, reason: "交付誤り（口座振込で返金）", refund: true, clerk: "k01")
            #expect(refund.kind == .refund && refund.amount == 300)
            counter.clock.advance(seconds: 86_400)
            #expect(throws: PaymentRefusal.alreadyVoided(seq: second.seq, bySeq: refund.seq)) {
                try counter.service.void(seq: second.seq, reason: "返金", refund: true, clerk: "k01")
            }
            let refundDay = try DayLedger.read(directories: [counter.directory], date: paidOn.adding(days: 1))
            let entry = try #require(refundDay.voids.first)
            #expect(entry.kind == .refund && entry.originalDate == paidOn && entry.originalSeq == second.seq && entry.slip == "11")
        }
    }

    @Test func voidAndRefundArithmetic() throws {
        try withPaymentRoot { root in
            let counter = try PaymentCounter(root: root)
            let a = try counter.credit(2, slip: "1")                    // 600
            _ = try counter.credit(1, slip: "2")                        // 300
            let c = try counter.service.recordPayment(PaymentRequest(method: "cash", amount: "450", items: ["koseki:1"], clerk: "k02"))
            _ = try counter.service.void(seq: a.seq, reason: "誤り", refund: false, clerk: "k02")
            var report = DailyReport(ledger: try counter.service.todaysLedger(), catalog: counter.service.catalog)
            #expect(report.total.payments == 3 && report.total.sales == 1350)
            #expect(report.total.voids == 1 && report.total.voided == 600 && report.total.net == 750)
            let visa = try #require(report.total.byMethod.first { $0.brand == "VISA" })
            #expect(visa.payments == 2 && visa.sales == 900 && visa.voids == 1 && visa.voided == 600 && visa.net == 300)
            let juminhyo = try #require(report.total.byForm.first { $0.form == "juminhyo" })
            #expect(juminhyo.count == 1 && juminhyo.copies == 1 && juminhyo.yen == 300)
            #expect(report.total.byClerk.first { $0.clerk == "k02" }?.net == 450 - 600)

            // Next day: a refund of the cash payment counts against that day.
            counter.clock.advance(seconds: 86_400)
            _ = try counter.service.void(seq: c.seq, reason: "返金", refund: true, clerk: "k01")
            _ = try counter.credit(1, slip: "3")
            report = DailyReport(ledger: try counter.service.todaysLedger(), catalog: counter.service.catalog)
            #expect(report.total.sales == 300 && report.total.voided == 450 && report.total.net == -150)
            #expect(report.total.byMethod.first { $0.method == "cash" }?.net == -450)
            #expect(report.total.byForm.first { $0.form == "koseki" }.map { ($0.count, $0.copies, $0.yen) } ?? (0, 0, 0) == (-1, -1, -450))
            #expect(report.total.voidList.map(\.kind) == ["返品"])
        }
    }
}

@Suite struct PaymentCaseTests {
    @Test func casesOpenedWithTheirOwnNumberOrByAnotherModuleAreKnown() throws {
        try withPaymentRoot { root in
            let counter = try PaymentCounter(root: root)
            let opened = try counter.service.openCase(procedure: "certificate", clerk: "k01", number: "R8-0001")
            #expect(opened.caseID == "R8-0001")
            #expect(throws: PaymentRefusal.caseExists("R8-0001")) {
                try counter.service.openCase(procedure: "certificate", clerk: "k01", number: "R8-0001")
            }
            // おくやみ cases are opened by their own store with `case` and `kind`.
            try counter.journal.append(.caseOpened, clerk: "k02", fields: ["case": "OK-0007", "kind": "okuyami"])
            _ = try counter.service.recordPayment(PaymentRequest(caseID: "OK-0007", method: "cash", amount: "300", items: ["juminhyo:1"],
                                                                 clerk: "k02"))
            counter.clock.advance(seconds: 600)
            try counter.service.closeCase("OK-0007", clerk: "k02")
            let ledger = try counter.service.todaysLedger()
            #expect(ledger.case("OK-0007")?.procedure == "okuyami")
            #expect(ledger.case("OK-0007")?.handlingSeconds == 600)
            #expect(ledger.case("R8-0001")?.closed == nil)
        }
    }
}

@Suite struct PaymentCatalogTests {
    @Test func theShippedMethodsAndBrands() throws {
        let catalog = try PaymentMethodCatalog.load(formsDirectory: ShippedForms.directory)
        #expect(catalog.methods.map(\.id) == ["cash", "credit", "emoney", "qr"])
        #expect(catalog.method(id: "cash")?.isCash == true && catalog.method(id: "cash")?.references.isEmpty == true)
        #expect(catalog.method(id: "credit")?.brands == ["VISA", "Mastercard", "JCB", "AMEX", "Diners"])
        #expect(catalog.method(id: "emoney")?.brands == ["交通系IC", "iD", "QUICPay", "nanaco", "WAON", "楽天Edy"])
        #expect(catalog.method(id: "qr")?.brands == ["PayPay", "楽天ペイ", "d払い", "au PAY", "メルペイ"])
        let approval = try #require(catalog.method(id: "credit")?.references.first { $0.key == .approval })
        #expect(approval.accepts("000000") && !approval.accepts("00000") && !approval.accepts("００００００"))
        let ic = try #require(catalog.method(id: "emoney")?.references.first { $0.key == .approval })
        #expect(!ic.isRequired(brand: "交通系IC") && ic.isRequired(brand: "iD"))
        #expect(catalog.method(id: "qr")?.references.first { $0.key == .transaction }?.isRequired(brand: "PayPay") == true)
    }

    @Test func aBrokenCatalogSaysWhatIsWrongAndWhere() {
        #expect(throws: PaymentCatalogError.invalid(path: "x.yaml", line: 2, reason: "「brands」がありません。書き加えてください。")) {
            try PaymentMethodCatalog.parse("methods:\n  - id: credit\n", path: "x.yaml")
        }
        #expect(throws: PaymentCatalogError.invalid(path: "x.yaml", line: 4,
                                                    reason: "支払方法 id「cash」が重複しています（2行目にもあります）。別の id にしてください。")) {
            try PaymentMethodCatalog.parse("methods:\n  - id: cash\n    cash: true\n  - id: cash\n    cash: true\n", path: "x.yaml")
        }
        #expect(throws: PaymentCatalogError.invalid(path: "x.yaml", line: 5,
                                                    reason: "「key」の値「txid」が正しくありません。slip・approval・transaction のどれかです。")) {
            try PaymentMethodCatalog.parse("methods:\n  - id: qr\n    brands: [PayPay]\n    references:\n      - key: txid\n", path: "x.yaml")
        }
        // Every problem of the file, each at its line; an unknown key is one of them.
        let problems = PaymentMethodCatalog.check("methods:\n  - id: credit\n    brand: [VISA]\n  - id: Qr\n    brands: [PayPay]\n",
                                                  file: "payment-methods.yaml").problems
        #expect(problems.map(\.description) == [
            "payment-methods.yaml:3: 「brand」は使えない項目です。使える項目: id, name, cash, brands, last4, references",
            "payment-methods.yaml:2: 「brands」がありません。書き加えてください。",
            "payment-methods.yaml:4: 「id」の値「Qr」が正しくありません。半角英小文字・数字・_ で書いてください（例: credit）。",
        ])
        // A YAML syntax error is a problem with its line, never a raw decoder description.
        let syntax = PaymentMethodCatalog.check("methods:\n  - id: cash\n   cash: [true\n", file: "payment-methods.yaml").problems
        #expect(syntax.count == 1)
        #expect(syntax.first?.line ?? 0 >= 2)
        #expect(!(syntax.first?.message.contains("Error") ?? true))
        #expect(throws: PaymentCatalogError.missing(path: "/nonexistent/payment-methods.yaml")) {
            try PaymentMethodCatalog.load(formsDirectory: URL(fileURLWithPath: "/nonexistent"))
        }
    }
}
