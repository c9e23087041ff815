@testable import CounterCore
import CounterTestSupport
import Foundation
import JapaneseKit
import Testing

/// A small seeded generator kept in the test so the generated day does not depend on the
/// product's own code (xorshift64*).
private struct TestRandom {
    var state: UInt64
    init(seed: UInt64) { state = seed | 1 }
    mutating func next() -> UInt64 {
        state ^= state >> 12
        state ^= state << 25
        state ^= state >> 27
        return state &* 2_685_821_657_736_338_717
    }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}

/// Nearest rank, written out again for the expectations.
private func rank(_ values: [Double], _ p: Double) -> Double? {
    if values.isEmpty { return nil }
    let sorted = values.sorted()
    var k = Int((p * Double(sorted.count)).rounded(.up))
    if k < 1 { k = 1 }
    return sorted[k - 1]
}

@Suite struct ReportTests {
    /// What the test itself expects from the day it generated.
    struct Expected {
        var payments = 0, sales = 0, voids = 0, voided = 0
        var byMethod: [String: (payments: Int, sales: Int, voids: Int, voided: Int)] = [:]
        var byForm: [String: (count: Int, copies: Int, yen: Int)] = [:]
        var byClerk: [String: (payments: Int, net: Int, cases: Int)] = [:]
        var durations: [String: [Double]] = [:]
        var opened: [String: Int] = [:]
        var casesOpened = 0, casesClosed = 0
    }

    static let fees = ["juminhyo": 300, "koseki": 450, "inkan_shomei": 300, "shotoku": 300]
    static let methods: [(String, [String])] = [("cash", []), ("credit", ["VISA", "Mastercard", "JCB", "AMEX", "Diners"]),
                                                ("emoney", ["交通系IC", "iD", "QUICPay", "nanaco", "WAON", "楽天Edy"]),
                                                ("qr", ["PayPay", "楽天ペイ", "d払い", "au PAY", "メルペイ"])]

    /// Generates `cases` cases on `counter`, adding what the report should show to `all` and `mine`.
    static func generate(_ counter: PaymentCounter, cases: Int, seed: UInt64, all: inout Expected, mine: inout Expected) throws {
        var rng = TestRandom(seed: seed)
        let procedures = ["certificate", "bereavement", "idou"]
        let formIDs = fees.keys.sorted()
        var slip = 0
        var paid: [(seq: Int, method: String, brand: String, amount: Int, items: [(String, Int)])] = []
        func add(_ update: (inout Expected) -> Void) { update(&all); update(&mine) }
        for i in 0..<cases {
            counter.clock.advance(seconds: Double(5 + rng.below(60)))
            let clerk = "k0\(1 + rng.below(4))"
            let procedure = procedures[rng.below(procedures.count)]
            let opened = try counter.service.openCase(procedure: procedure, clerk: clerk)
            let openedAt = counter.clock.now()
            add { $0.casesOpened += 1; $0.opened[procedure, default: 0] += 1; $0.byClerk[clerk, default: (0, 0, 0)].cases += 1 }

            var items: [(String, Int)] = []
            for form in formIDs where rng.below(3) == 0 || (items.isEmpty && form == formIDs.last) {
                items.append((form, 1 + rng.below(3)))
            }
            let amount = items.reduce(0) { $0 + fees[$1.0]! * $1.1 }
            let (method, brands) = methods[rng.below(methods.count)]
            let brand = brands.isEmpty ? "" : brands[rng.below(brands.count)]
            counter.clock.advance(seconds: Double(30 + rng.below(120)))
            slip += 1
            let request = PaymentRequest(caseID: opened.caseID, method: method, brand: brand.isEmpty ? nil : brand, amount: String(amount),
                                         items: items.map { "\($0.0):\($0.1)" },
                                         slip: method == "cash" || method == "qr" ? nil : String(slip),
                                         approval: method == "credit" || (method == "emoney" && brand == "iD") || (method == "emoney" && brand == "QUICPay")
                                             ? String(format: "%06d", rng.below(1_000_000)) : nil,
                                         transaction: method == "qr" ? "QR-\(seed)-\(i)" : nil,
                                         paymentTerminal: method == "cash" ? nil : "PT-\(counter.journal.terminalID)", clerk: clerk)
            let receipt = try counter.service.recordPayment(request)
            paid.append((receipt.seq, method, brand, amount, items))
            add {
                $0.payments += 1; $0.sales += amount
                $0.byMethod["\(method)/\(brand)", default: (0, 0, 0, 0)].payments += 1
                $0.byMethod["\(method)/\(brand)", default: (0, 0, 0, 0)].sales += amount
                $0.byClerk[clerk, default: (0, 0, 0)].payments += 1
                $0.byClerk[clerk, default: (0, 0, 0)].net += amount
                for (form, copies) in items {
                    $0.byForm[form, default: (0, 0, 0)].count += 1
                    $0.byForm[form, default: (0, 0, 0)].copies += copies
                    $0.byForm[form, default: (0, 0, 0)].yen += copies * fees[form]!
                }
            }
            // About one case in 20 stays open (the resident left before it was closed).
            if rng.below(20) != 0 {
                counter.clock.advance(seconds: Double(10 + rng.below(120)))
                try counter.service.closeCase(opened.caseID, clerk: clerk)
                let seconds = counter.clock.now().timeIntervalSince(openedAt)
                add { $0.casesClosed += 1; $0.durations[procedure, default: []].append(seconds) }
            }
            // Now and then an earlier payment of the day is voided by another clerk.
            if rng.below(25) == 0, let victim = paid.popLast() {
                let voider = "k09"
                _ = try counter.service.void(seq: victim.seq, reason: "取消テスト", refund: false, clerk: voider)
                add {
                    $0.voids += 1; $0.voided += victim.amount
                    $0.byMethod["\(victim.method)/\(victim.brand)", default: (0, 0, 0, 0)].voids += 1
                    $0.byMethod["\(victim.method)/\(victim.brand)", default: (0, 0, 0, 0)].voided += victim.amount
                    $0.byClerk[voider, default: (0, 0, 0)].net -= victim.amount
                    for (form, copies) in victim.items {
                        $0.byForm[form, default: (0, 0, 0)].count -= 1
                        $0.byForm[form, default: (0, 0, 0)].copies -= copies
                        $0.byForm[form, default: (0, 0, 0)].yen -= copies * fees[form]!
                    }
                }
            }
        }
    }

    static func check(_ totals: DailyReport.Totals, _ expected: Expected, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(totals.payments == expected.payments, sourceLocation: sourceLocation)
        #expect(totals.sales == expected.sales, sourceLocation: sourceLocation)
        #expect(totals.voids == expected.voids && totals.voided == expected.voided, sourceLocation: sourceLocation)
        #expect(totals.net == expected.sales - expected.voided, sourceLocation: sourceLocation)
        #expect(totals.casesOpened == expected.casesOpened && totals.casesClosed == expected.casesClosed, sourceLocation: sourceLocation)
        #expect(totals.byMethod.count == expected.byMethod.count, sourceLocation: sourceLocation)
        for line in totals.byMethod {
            let e = expected.byMethod["\(line.method)/\(line.brand)"]
            #expect(e?.payments == line.payments && e?.sales == line.sales && e?.voids == line.voids && e?.voided == line.voided,
                    "\(line.method)/\(line.brand)", sourceLocation: sourceLocation)
            #expect(line.net == line.sales - line.voided, sourceLocation: sourceLocation)
        }
        #expect(Set(totals.byForm.map(\.form)) == Set(expected.byForm.keys), sourceLocation: sourceLocation)
        for line in totals.byForm {
            let e = expected.byForm[line.form]
            #expect(e?.count == line.count && e?.copies == line.copies && e?.yen == line.yen, "\(line.form)", sourceLocation: sourceLocation)
        }
        #expect(Set(totals.byClerk.map(\.clerk)) == Set(expected.byClerk.keys), sourceLocation: sourceLocation)
        for line in totals.byClerk {
            let e = expected.byClerk[line.clerk]
            #expect(e?.payments == line.payments && e?.net == line.net && e?.cases == line.casesOpened, "\(line.clerk)",
                    sourceLocation: sourceLocation)
        }
        #expect(Set(totals.handling.map(\.procedure)) == Set(expected.opened.keys), sourceLocation: sourceLocation)
        for line in totals.handling {
            let durations = expected.durations[line.procedure] ?? []
            #expect(line.opened == expected.opened[line.procedure] && line.closed == durations.count, sourceLocation: sourceLocation)
            #expect(line.medianSeconds == rank(durations, 0.5), "\(line.procedure) median", sourceLocation: sourceLocation)
            #expect(line.p90Seconds == rank(durations, 0.9), "\(line.procedure) p90", sourceLocation: sourceLocation)
        }
        #expect(totals.voidList.count == expected.voids, sourceLocation: sourceLocation)
    }

    @Test func aGeneratedDayOverThreeTerminalsTotalsAndClosesCorrectly() throws {
        try withPaymentRoot { root in
            var all = Expected()
            var per: [String: Expected] = [:]
            var counters: [PaymentCounter] = []
            for (i, terminal) in ["T01", "T02", "T03"].enumerated() {
                let counter = try PaymentCounter(root: root, terminal: terminal, clock: FixedClock(iso: "2026-11-25T08:30:00+09:00"))
                var mine = Expected()
                try Self.generate(counter, cases: 110 + 5 * i, seed: UInt64(1000 + i), all: &all, mine: &mine)
                per[terminal] = mine
                counters.append(counter)
            }
            #expect(all.casesOpened == 345)
            let day = CivilDate(year: 2026, month: 11, day: 25)!
            let directories = counters.map(\.directory)
            let report = try DayCloser.report(directories: directories, date: day, today: day, catalog: counters[0].service.catalog)
            #expect(report.terminals == ["T01", "T02", "T03"])
            Self.check(report.total, all)
            for t in report.perTerminal { Self.check(t.totals, per[t.terminal]!) }
            #expect(report.seal == nil)

            // Close on T01 over all three journals: the seal carries totals and each chain's end.
            let lastHashes = Dictionary(uniqueKeysWithValues: counters.map { ($0.journal.terminalID, $0.journal.lastHash) })
            let closer = DayCloser(journal: counters[0].journal, directories: Array(directories.dropFirst()),
                                   catalog: counters[0].service.catalog, clock: counters[0].clock)
            let closed = try closer.close(clerk: "sup1")
            #expect(closed.report.seal?.hash == closed.seal.hash)
            let sealRecord = try #require(try JournalReader(directory: directories[0], date: day).records(types: [.dayClosed]).first)
            #expect(sealRecord.seq == closed.seal.seq && sealRecord.hash == closed.seal.hash)
            #expect(sealRecord["date"]?.stringValue == "2026-11-25")
            #expect(sealRecord["payments"]?.intValue == all.payments && sealRecord["net"]?.intValue == all.sales - all.voided)
            #expect(sealRecord["voids"]?.intValue == all.voids && sealRecord["cases_opened"]?.intValue == all.casesOpened)
            let sealed = (sealRecord["terminals"]?.arrayValue ?? []).compactMap { v -> (String, String)? in
                guard let t = v["terminal"]?.stringValue, let h = v["last_hash"]?.stringValue else { return nil }
                return (t, h)
            }
            #expect(Dictionary(uniqueKeysWithValues: sealed) == lastHashes)
            let text = DailyReportRenderer.text(closed.report)
            #expect(text.contains(closed.seal.hash))
            #expect(text.contains("日計表  令和8年11月25日（2026-11-25）"))
            // Reading the day again finds the seal; closing again is refused.
            #expect(try DayCloser.report(directories: directories, date: day, today: day, catalog: nil).seal?.hash == closed.seal.hash)
            #expect(throws: PaymentRefusal.dayClosed(day)) { try closer.close(clerk: "sup1") }
        }
    }

    @Test func aDayClosedLateIsSealedInTodaysFileAndCannotBeClosedTwice() throws {
        try withPaymentRoot { root in
            let counter = try PaymentCounter(root: root)
            _ = try counter.credit(1, slip: "1")
            let day = counter.clock.today()
            counter.clock.advance(seconds: 86_400)
            let closer = DayCloser(journal: counter.journal, directories: [], catalog: nil, clock: counter.clock)
            #expect(throws: PaymentRefusal.notClosable(day.adding(days: 2), today: day.adding(days: 1))) {
                try closer.close(date: day.adding(days: 2), clerk: "sup1")
            }
            let closed = try closer.close(date: day, clerk: "sup1")
            #expect(closed.report.total.sales == 300)
            let report = try DayCloser.report(directories: [counter.directory], date: day, today: counter.clock.today(), catalog: nil)
            #expect(report.seal?.hash == closed.seal.hash)
            #expect(throws: PaymentRefusal.dayClosed(day)) { try closer.close(date: day, clerk: "sup1") }
            // The next day itself is still open.
            _ = try counter.credit(1, slip: "2")
        }
    }

    @Test func csvIsExcelFriendlyAndGuardsAgainstFormulas() throws {
        try withPaymentRoot { root in
            let counter = try PaymentCounter(root: root)
            let paid = try counter.credit(1, slip: "1", clerk: "=cmd|' /C calc'!A0")
            _ = try counter.service.void(seq: paid.seq, reason: "+SUM(1,2)", refund: false, clerk: "@k01")
            _ = try counter.service.recordPayment(PaymentRequest(method: "cash", amount: "300", items: ["juminhyo:1"], clerk: "-k02"))
            let report = DailyReport(ledger: try counter.service.todaysLedger(), catalog: counter.service.catalog)
            let csv = DailyReportRenderer.csv(report)
            #expect(csv.hasPrefix("\u{FEFF}日付,区分,"))
            let lines = csv.dropFirst().components(separatedBy: "\r\n")
            #expect(lines.last == "")
            #expect(!csv.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
            // No cell may start with = + - @ (a number cell may be negative; these are text).
            for line in lines.dropLast() {
                for cell in Self.cells(line) where Int(cell) == nil {
                    #expect(!["=", "+", "-", "@", "\t", "\r"].contains(where: { cell.hasPrefix($0) }), "cell \(cell)")
                }
            }
            #expect(csv.contains(",'=cmd|' /C calc'!A0,"))
            #expect(csv.contains("'@k01") && csv.contains("'-k02") && csv.contains("\"'+SUM(1,2)\""))
            #expect(CSVCell.text("a\tb") == "a\tb" && CSVCell.text("\tb") == "'\tb" && CSVCell.text("x\"y") == "\"x\"\"y\"")
            // The full-width forms a Japanese spreadsheet also runs as formulas.
            for start in ["＝", "＋", "－", "＠"] {
                #expect(CSVCell.text(start + "SUM(A1)") == "'" + start + "SUM(A1)")
            }
            #expect(CSVCell.text("全角＝途中") == "全角＝途中")
        }
    }

    /// Splits one CSV line (quotes with "" escapes), for the test.
    static func cells(_ line: String) -> [String] {
        var cells: [String] = [], cell = "", quoted = false, chars = Array(line), i = 0
        while i < chars.count {
            let c = chars[i]
            if quoted {
                if c == "\"" { if i + 1 < chars.count && chars[i + 1] == "\"" { cell.append("\""); i += 1 } else { quoted = false } } else { cell.append(c) }
            } else if c == "\"" { quoted = true } else if c == "," { cells.append(cell); cell = "" } else { cell.append(c) }
            i += 1
        }
        cells.append(cell)
        return cells
    }

    @Test func textReportSanitizesDataAndPrintsTheSealHash() throws {
        try withPaymentRoot { root in
            let counter = try PaymentCounter(root: root)
            let paid = try counter.credit(1, slip: "1")
            _ = try counter.service.void(seq: paid.seq, reason: "誤り\u{1B}[31m赤", refund: false, clerk: "k01")
            let report = DailyReport(ledger: try counter.service.todaysLedger(), catalog: counter.service.catalog)
            let text = DailyReportRenderer.text(report)
            #expect(!text.unicodeScalars.contains { $0.value == 0x1B })
            #expect(text.contains("クレジット") && text.contains("VISA") && text.contains("取消"))
            #expect(text.contains("まだ締められていません"))
            #expect(DailyReportRenderer.yen(1300) == "1,300円" && DailyReportRenderer.yen(-450) == "-450円")
            #expect(DailyReportRenderer.duration(245) == "4分05秒")
            let pdf = DailyReportPDF.document(report, cityName: "いわき市", created: counter.clock.now()).data()
            #expect(pdf.starts(with: Data("%PDF".utf8)))
            let readBack = try PDFText.text(of: pdf)
            #expect(readBack.contains("日計表") && readBack.contains("いわき市") && readBack.contains("クレジット"))
            #expect(readBack.contains(report.perTerminal[0].lastHash))
        }
    }
}
