import Foundation
import Testing

/// The journal attacked through its files, and the counter used at the same time, as the
/// built binary sees it.
@Suite struct JournalTamperCommandTests {
    /// A data directory of terminal T01 and the binary run as clerk k01, as the payment tests do.
    func withDataDir<T>(_ body: (String) throws -> T) throws -> T { try PaymentCommandTests().withDataDir(body) }

    func run(_ args: [String], _ dataDir: String) throws -> Binary.Result { try PaymentCommandTests().run(args, dataDir) }

    func pay(slip: String, _ dataDir: String) throws -> Binary.Result {
        try run(["pay", "--method", "credit", "--brand", "VISA", "--amount", "300", "--item", "juminhyo:1",
                 "--approval", "000000", "--slip", slip, "--payment-terminal", "PT01", "--json"], dataDir)
    }

    /// Today's journal file of T01.
    func todaysFile(_ dataDir: String) throws -> URL {
        let root = URL(fileURLWithPath: dataDir).appendingPathComponent("journal")
        let walker = try #require(FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil))
        let files = walker.compactMap { $0 as? URL }.filter { $0.lastPathComponent == "T01.jsonl" }
        return try #require(files.max { $0.path < $1.path })
    }

    func lineStarts(_ bytes: Data) -> [Int] { [0] + bytes.indices.filter { bytes[$0] == 0x0A }.map { $0 + 1 } }

    @Test func cuttingTheSealAndTheLastPaymentFailsAndNumbersGoOn() throws {
        try withDataDir { data in
            #expect(try pay(slip: "1", data).status == 0)
            let second = try pay(slip: "2", data)
            #expect(second.status == 0, "\(second.stderr)")
            let closed = try run(["close-day", "--clerk", "sup1"], data)
            #expect(closed.status == 0, "\(closed.stderr)")
            #expect(try run(["journal", "verify"], data).status == 0)

            // Cut the last two records: the second payment and the day's seal.
            let url = try todaysFile(data)
            let bytes = try Data(contentsOf: url)
            let starts = lineStarts(bytes)
            try bytes.prefix(starts[starts.count - 3]).write(to: url)
            let verify = try run(["journal", "verify"], data)
            #expect(verify.status == 2)
            #expect(verify.stdout.contains("RECORDS_MISSING"))
            #expect(verify.stdout.contains("記録が消されています"))
            let json = try run(["journal", "verify", "--json"], data)
            #expect(json.status == 2)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
            let findings = try #require((object["files"] as? [[String: Any]])?.first?["findings"] as? [[String: Any]])
            let missing = try #require(findings.first { $0["code"] as? String == "RECORDS_MISSING" })
            #expect(missing["severity"] as? String == "FAIL")
            #expect((missing["message"] as? String)?.contains("証跡") == true)

            // The next payment says what was found and takes a number after the lost ones.
            let again = try pay(slip: "3", data)
            #expect(again.status == 0, "\(again.stderr)")
            #expect(again.stderr.contains("消された可能性があります"))
            let receipt = try #require(try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [String: Any])
            #expect((receipt["seq"] as? Int ?? 0) > 5)
            #expect(try run(["journal", "verify"], data).status == 2)
        }
    }

    @Test func concurrentPayWithOneSlipRecordsItOnce() throws {
        try withDataDir { data in
            #expect(try run(["case", "open"], data).status == 0)  // the journal exists before the race
            for round in 0..<4 {
                // Five `pay` processes started together, each with the same slip.
                let runs = try (0..<5).map { i -> (Process, URL) in
                    let err = URL(fileURLWithPath: data).appendingPathComponent("err-\(round)-\(i)")
                    FileManager.default.createFile(atPath: err.path, contents: nil)
                    let process = Process()
                    process.executableURL = Binary.url
                    process.arguments = ["pay", "--method", "credit", "--brand", "VISA", "--amount", "300", "--item", "juminhyo:1",
                                         "--approval", "000000", "--slip", "7\(round)", "--payment-terminal", "PT01", "--data-dir", data]
                    process.environment = ["LANG": "C.UTF-8", "PATH": "/usr/bin:/bin", "HOME": data,
                                           "MADOGUCHI_FORMS_DIR": PaymentCommandTests.forms, "MADOGUCHI_CLERK": "k01",
                                           "MADOGUCHI_PIN": TestClerks.pin]
                    process.standardOutput = FileHandle.nullDevice
                    process.standardError = try FileHandle(forWritingTo: err)
                    return (process, err)
                }
                for (process, _) in runs { try process.run() }
                var outcomes: [String] = []
                for (process, err) in runs {
                    process.waitUntilExit()
                    let text = (try? String(contentsOf: err, encoding: .utf8)) ?? ""
                    outcomes.append(process.terminationStatus == 0 ? "paid" : text.contains("記録済み") ? "duplicate" : text)
                }
                #expect(outcomes.sorted() == ["duplicate", "duplicate", "duplicate", "duplicate", "paid"], "round \(round)")
            }
            let shown = try run(["journal", "show", "--type", "payment", "--clerk", "sup1"], data)
            #expect(shown.stdout.split(separator: "\n").count == 4)
        }
    }

    @Test func aDamagedByteLeavesTheDayWorking() throws {
        try withDataDir { data in
            #expect(try pay(slip: "1", data).status == 0)
            #expect(try pay(slip: "2", data).status == 0)
            let url = try todaysFile(data)
            var bytes = try Data(contentsOf: url)
            let starts = lineStarts(bytes)
            bytes[starts[2] + 10] ^= 0x01  // inside the first payment's line
            try bytes.write(to: url)

            let paid = try pay(slip: "3", data)
            #expect(paid.status == 0, "\(paid.stderr)")
            #expect(paid.stderr.contains("損傷しています"))
            #expect(FileManager.default.fileExists(atPath: url.deletingLastPathComponent().appendingPathComponent("T01.2.jsonl").path))
            let duplicate = try pay(slip: "2", data)
            #expect(duplicate.status == 1 && duplicate.stderr.contains("記録済み"))
            let report = try run(["report", "daily"], data)
            #expect(report.status == 0, "\(report.stderr)")
            #expect(report.stdout.contains("読める記録だけで集計"))
            #expect(report.stdout.contains("支払 2件"))
            let closed = try run(["close-day", "--clerk", "sup1"], data)
            #expect(closed.status == 0, "\(closed.stderr)")
            #expect(try run(["journal", "verify"], data).status == 2)  // the damage itself stays a failure
        }
    }
}

extension JournalTamperCommandTests {
    /// The hash on the stamped 日計表 is what a consistent rewrite of every file cannot move.
    @Test func thePrintedSealHashIsTheAnchor() throws {
        try withDataDir { data in
            #expect(try pay(slip: "1", data).status == 0)
            let closed = try run(["close-day", "--clerk", "sup1", "--json"], data)
            #expect(closed.status == 0, "\(closed.stderr)")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(closed.stdout.utf8)) as? [String: Any])
            let hash = try #require(((object["seal"] as? [String: Any])?["hash"] as? String) ?? (object["seal_hash"] as? String),
                                    "\(closed.stdout)")
            let today = try #require(try todaysFile(data).deletingLastPathComponent().path.split(separator: "/").suffix(3)
                .joined(separator: "-") as String?)
            let good = try run(["journal", "verify", "--date", today, "--seal-hash", String(hash.prefix(16))], data)
            #expect(good.status == 0, "\(good.stdout)\(good.stderr)")
            #expect(good.stdout.contains("印刷された日計表の封印ハッシュと一致します"))
            // Another hash (as after the whole journal and witness were rewritten): FAIL.
            let other = String(hash.prefix(15)) + (hash[hash.index(hash.startIndex, offsetBy: 15)] == "0" ? "1" : "0")
            let bad = try run(["journal", "verify", "--date", today, "--seal-hash", other, "--json"], data)
            #expect(bad.status == 2)
            let result = try #require(try JSONSerialization.jsonObject(with: Data(bad.stdout.utf8)) as? [String: Any])
            #expect(result["status"] as? String == "FAIL")
            #expect(((result["printed_seal"] as? [String: Any])?["message"] as? String)?.contains("書き換えられています") == true)
            #expect(try run(["journal", "verify", "--seal-hash", other], data).status == 2)  // needs --date
        }
    }
}
