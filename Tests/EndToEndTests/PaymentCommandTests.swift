import Foundation
import Testing

/// `pay`, `void`, `case`, `report daily`, `close-day` and `reconcile` as a clerk runs them.
@Suite struct PaymentCommandTests {
    static var forms: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Forms").path
    }

    func withDataDir<T>(_ body: (String) throws -> T) throws -> T {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("madoguchi-pay-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try TestClerks.write(to: dir, terminalID: "T01", clerks: ["k01", "k02"])
        defer { try? FileManager.default.removeItem(at: dir) }
        return try body(dir.path)
    }

    func run(_ args: [String], _ dataDir: String) throws -> Binary.Result {
        try Binary.run(args + ["--data-dir", dataDir], environment: ["MADOGUCHI_FORMS_DIR": Self.forms, "MADOGUCHI_CLERK": "k01"])
    }

    func journalBytes(_ dataDir: String) -> [String: Data] {
        var result: [String: Data] = [:]
        let root = URL(fileURLWithPath: dataDir).appendingPathComponent("journal")
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { return [:] }
        for case let url as URL in walker where url.pathExtension == "jsonl" { result[url.path] = FileManager.default.contents(atPath: url.path) }
        return result
    }

    @Test func payVoidReportAndCloseTheDay() throws {
        try withDataDir { data in
            let paid = try run(["pay", "--method", "credit", "--brand", "VISA", "--amount", "600", "--item", "juminhyo:2",
                                "--approval", "000000", "--slip", "12", "--payment-terminal", "PT01", "--last4", "4242", "--json"], data)
            #expect(paid.status == 0, "\(paid.stderr)")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(paid.stdout.utf8)) as? [String: Any])
            #expect(json["case"] as? String == "T01-C1" && json["receipt"] as? String == "T01-R2" && json["seq"] as? Int == 2)

            let opened = try run(["case", "open", "--procedure", "certificate", "--json"], data)
            #expect(opened.status == 0 && opened.stdout.contains("\"case\":\"T01-C3\""))
            let cash = try run(["pay", "--case", "T01-C3", "--method", "cash", "--amount", "450", "--item", "koseki:1"], data)
            #expect(cash.status == 0 && cash.stdout.contains("受付番号: T01-C3"))
            #expect(try run(["case", "close", "T01-C3"], data).status == 0)

            // Refusals: exit 1, a Japanese message, the journal unchanged, no digits echoed.
            let before = journalBytes(data)
            let card = try run(["pay", "--method", "credit", "--brand", "VISA", "--amount", "300", "--item", "juminhyo:1",
                                "--approval", "123456", "--slip", "4111 1111 1111 1111", "--payment-terminal", "PT01"], data)
            #expect(card.status == 1)
            #expect(card.stderr.contains("カード番号") && !card.stderr.contains("4111") && !card.stdout.contains("4111"))
            let duplicate = try run(["pay", "--method", "credit", "--brand", "JCB", "--amount", "300", "--item", "juminhyo:1",
                                     "--approval", "000000", "--slip", "12", "--payment-terminal", "PT01"], data)
            #expect(duplicate.status == 1 && duplicate.stderr.contains("記録済み"))
            let total = try run(["pay", "--method", "cash", "--amount", "500", "--item", "juminhyo:1"], data)
            #expect(total.status == 1 && total.stderr.contains("一致しません"))
            let mixed = try run(["pay", "--case", "T01-C3", "--method", "qr", "--brand", "PayPay", "--amount", "300",
                                 "--item", "juminhyo:1", "--transaction", "PP-1", "--payment-terminal", "QR01"], data)
            #expect(mixed.status == 1)
            #expect(journalBytes(data) == before)

            let void = try run(["void", "--seq", "2", "--reason", "金額誤り"], data)
            #expect(void.status == 0 && void.stdout.contains("取消"), "\(void.stderr)")
            #expect(try run(["void", "--seq", "2", "--reason", "もう一度"], data).status == 1)

            let csv = try run(["report", "daily", "--format", "csv"], data)
            #expect(csv.status == 0 && csv.stdout.hasPrefix("\u{FEFF}") && csv.stdout.contains("\r\n"))
            let report = try run(["report", "daily", "--format", "json"], data)
            let parsed = try #require(try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any])
            let totals = try #require(parsed["total"] as? [String: Any])
            #expect(totals["sales"] as? Int == 1050 && totals["voided"] as? Int == 600 && totals["net"] as? Int == 450)

            let closed = try run(["close-day", "--clerk", "sup1"], data)
            #expect(closed.status == 0, "\(closed.stderr)")
            #expect(closed.stdout.contains("日計表") && closed.stdout.contains("封印ハッシュ"))
            let again = try run(["pay", "--method", "cash", "--amount", "300", "--item", "juminhyo:1"], data)
            #expect(again.status == 1 && again.stderr.contains("日計締め済み"))
            #expect(try run(["close-day"], data).status == 1)
        }
    }

    @Test func reconcileExitsZeroOnlyWhenEverythingMatches() throws {
        try withDataDir { data in
            #expect(try run(["pay", "--method", "credit", "--brand", "VISA", "--amount", "300", "--item", "juminhyo:1",
                             "--approval", "111111", "--slip", "1", "--payment-terminal", "PT01"], data).status == 0)
            let report = try run(["report", "daily", "--format", "json"], data)
            let date = try #require((try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any])?["date"] as? String)
            let file = URL(fileURLWithPath: data).appendingPathComponent("settlement.csv")
            try "date,time,terminal,brand,slip,approval,amount,type\n\(date),09:00:00,PT01,VISA,1,111111,300,売上\n"
                .write(to: file, atomically: true, encoding: .utf8)
            let ok = try run(["reconcile", "--date", date, "--settlement", file.path], data)
            #expect(ok.status == 0 && ok.stdout.contains("すべて一致しました"), "\(ok.stderr)")
            try "date,time,terminal,brand,slip,approval,amount,type\n\(date),09:00:00,PT01,VISA,1,111111,350,売上\n"
                .write(to: file, atomically: true, encoding: .utf8)
            let differs = try run(["reconcile", "--date", date, "--settlement", file.path], data)
            #expect(differs.status == 1 && differs.stdout.contains("金額相違"))
        }
    }
}

@Suite struct PaymentArgumentTests {
    @Test func aCardNumberInAStrayArgumentIsNotEchoed() throws {
        let result = try Binary.run(["pay", "4111111111111111", "--method", "cash", "--amount", "300", "--item", "juminhyo:1"])
        #expect(result.status == 1)
        #expect(!result.stderr.contains("4111") && !result.stdout.contains("4111"))
        #expect(result.stderr.contains("引数にカード番号") && result.stderr.contains("表示もしません"))
    }
}
