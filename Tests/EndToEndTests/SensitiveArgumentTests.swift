import Foundation
import Testing

/// Card numbers and 個人番号 typed on the command line, in the forms people and spreadsheets
/// produce, into every kind of field: refused (exit 1) naming the field, never stored or
/// echoed. 宛名番号 of 12 and 15 digits still work where a 宛名番号 goes.
@Suite struct SensitiveArgumentTests {
    static let twelveID = "100000000005"       // passes the 個人番号 check digit
    static let fifteenID = "100000000000009"   // passes Luhn

    final class DataDir {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("madoguchi-numbers-\(UUID().uuidString)")
        init() throws {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            try TestClerks.write(to: url, terminalID: "T01", clerks: ["k01"])
            let csv = "宛名番号,世帯番号,氏名,氏名フリガナ,生年月日,性別,続柄,住民状態,異動日,住所\r\n"
                + "\(SensitiveArgumentTests.twelveID),\(SensitiveArgumentTests.twelveID),山田 太郎,ヤマダ タロウ,1950-04-01,1,世帯主,3,2026-11-20,いわき市平字田町1\r\n"
                + "\(SensitiveArgumentTests.fifteenID),\(SensitiveArgumentTests.twelveID),山田 花子,ヤマダ ハナコ,1952-03-02,2,妻,1,,いわき市平字田町1\r\n"
            let file = url.appendingPathComponent("r.csv")
            try csv.write(to: file, atomically: true, encoding: .utf8)
            let imported = try run(["import", "residents", file.path])
            #expect(imported.status == 0, "\(imported.stderr)")
        }
        deinit { try? FileManager.default.removeItem(at: url) }

        func run(_ args: [String]) throws -> Binary.Result {
            try Binary.run(args + ["--data-dir", url.path], environment: ["MADOGUCHI_FORMS_DIR": PaymentCommandTests.forms, "MADOGUCHI_CLERK": "k01"])
        }

        /// Every line of every file under the data directory, as digits only.
        func storedDigits() -> [String] {
            var lines: [String] = []
            guard let walker = FileManager.default.enumerator(at: url, includingPropertiesForKeys: nil) else { return [] }
            for case let file as URL in walker {
                guard let data = FileManager.default.contents(atPath: file.path) else { continue }
                lines += String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).map { digits(String($0)) }
            }
            return lines
        }
    }

    /// The decimal digits of `text`, whatever their script, as ASCII.
    static func digits(_ text: String) -> String {
        String(text.unicodeScalars.compactMap { s in
            s.properties.numericType == .decimal ? s.properties.numericValue.map { Character(String(Int($0))) } : nil
        })
    }

    static let forms = [
        "4577 1200 5678 3047", "4577.1200.5678.3047", "4577/1200/5678/3047", "4577,1200,5678,3047", "4577_1200_5678_3047",
        "4577\t1200\t5678\t3047", "4577   1200   5678   3047", "4577\u{200B}1200\u{2060}5678\u{FEFF}3047",
        "４５７７１２００５６７８３０４７", "\u{0664}\u{0665}\u{0667}\u{0667}\u{0661}\u{0662}\u{0660}\u{0660}\u{0665}\u{0666}\u{0667}\u{0668}\u{0663}\u{0660}\u{0664}\u{0667}",
        "No4577120056783047", "4577120056783047x", "4577 1200-5678.3047",
        "1234 5678 9018", "1234.5678.9018", "No123456789018", "１２３４－５６７８－９０１８",
    ]

    static func digitsOfForm(_ form: String) -> String { digits(form) }

    @Test func everyFieldRefusesEveryFormWithoutStoringOrEchoing() throws {
        let data = try DataDir()
        let paid = try data.run(["pay", "--method", "cash", "--amount", "300", "--item", "juminhyo:1"])
        #expect(paid.status == 0, "\(paid.stderr)")
        let fields: [(String, (String) -> [String])] = [
            ("--reason", { ["void", "--seq", "1", "--reason", $0] }),
            ("--procedure", { ["case", "open", "--procedure", $0] }),
            ("引数", { ["search", $0] }),
            ("--date", { ["report", "daily", "--date", $0] }),
            ("--date-of-death", { ["okuyami", "--deceased", Self.twelveID, "--date-of-death", $0] }),
            ("--set purpose", { ["prefill", "juminhyo", "--subject", Self.twelveID, "--requester-relation", "本人", "--set", "purpose=" + $0] }),
            ("--clerk", { ["case", "open", "--clerk", $0] }),
            ("--case", { ["prefill", "juminhyo", "--subject", Self.twelveID, "--case", $0] }),
            ("--subject", { ["prefill", "juminhyo", "--subject", $0] }),
            ("引数", { ["okuyami", "case", $0] }),
            ("--slip", { ["pay", "--method", "credit", "--brand", "VISA", "--amount", "300", "--item", "juminhyo:1", "--approval", "123456", "--slip", $0] }),
        ]
        var through: [String] = []
        for form in Self.forms {
            let secret = Self.digits(form)
            for (field, args) in fields {
                let result = try data.run(args(form))
                let echoed = Self.digits(result.stdout).contains(secret) || Self.digits(result.stderr).contains(secret)
                let stored = data.storedDigits().contains { $0.contains(secret) }
                let named = result.stderr.contains(field)
                if result.status != 1 || echoed || stored || !named {
                    through.append("\(field) \(form.debugDescription): status \(result.status) echoed \(echoed) stored \(stored)")
                }
            }
        }
        #expect(through.isEmpty, "\(through)")
        // Pasted without quotes, a number arrives as several arguments a usage error would echo.
        for args in [["void", "--seq", "1", "--reason", "金額誤り", "4111", "1111", "1111", "1111"], ["search", "1234", "5678", "9018"],
                     ["case", "open", "--procedure", "4577", "1200", "5678", "3047"]] {
            let result = try data.run(args)
            #expect(result.status == 1 && result.stderr.contains("引数に"), "\(args)")
            #expect(!result.stderr.contains("1111") && !result.stderr.contains("5678"), "\(args)")
        }
        // Neighbours of a registered 宛名番号 do not join it.
        #expect(try data.run(["resident", "--clerk", "k01", Self.twelveID]).status == 0)
    }

    @Test func registeredResidentIDsOfTwelveAndFifteenDigitsWorkWhereAResidentIDGoes() throws {
        let data = try DataDir()
        let search = try data.run(["search", Self.twelveID, "--json"])
        #expect(search.status == 0 && search.stdout.contains(Self.twelveID), "\(search.stderr)")
        let resident = try data.run(["resident", Self.fifteenID])
        #expect(resident.status == 0 && resident.stdout.contains("山田 花子"), "\(resident.stderr)")
        let prefill = try data.run(["prefill", "juminhyo", "--subject", Self.twelveID, "--requester", Self.fifteenID,
                                    "--requester-relation", "同一世帯", "--json"])
        #expect(prefill.status == 0, "\(prefill.stderr)")
        let journal = data.storedDigits().joined(separator: "\n")
        #expect(journal.contains(Self.twelveID) && journal.contains(Self.fifteenID))
        // The same digits elsewhere, or a 個人番号 that is nobody's 宛名番号, are refused unechoed.
        let before = data.storedDigits()
        for args in [["case", "open", "--procedure", Self.twelveID], ["resident", "100000000013"], ["search", "100000000013"],
                     ["resident", "--clerk", Self.twelveID, Self.twelveID], ["prefill", "juminhyo", "--subject", "100000000013"]] {
            let result = try data.run(args)
            #expect(result.status == 1, "\(args)")
            #expect(!result.stderr.contains("100000000013") && !result.stdout.contains("100000000013"), "\(args)")
            #expect(!result.stderr.contains("sensitiveNumber"), "\(args)")
        }
        #expect(data.storedDigits() == before)
    }

    /// Settings that stand in for options — the environment, config.yaml — are checked too.
    @Test func theEnvironmentAndTheConfigAreCheckedLikeArguments() throws {
        let data = try DataDir()
        let viaEnvironment = try Binary.run(["search", "やまだ"], environment: ["MADOGUCHI_DATA_DIR": "/tmp/x4111111111111111"])
        #expect(viaEnvironment.status == 1 && viaEnvironment.stderr.contains("MADOGUCHI_DATA_DIR"), "\(viaEnvironment.stderr)")
        #expect(!viaEnvironment.stderr.contains("4111") && !viaEnvironment.stdout.contains("4111"))
        let config = data.url.appendingPathComponent("config.yaml")
        let text = try String(contentsOf: config, encoding: .utf8)
        try text.replacingOccurrences(of: "terminal_id: T01", with: "terminal_id: '4111-1111-1111-1111'")
            .write(to: config, atomically: true, encoding: .utf8)
        let before = data.storedDigits().filter { $0.contains("4111111111111111") }.count
        let opened = try data.run(["case", "open"])
        #expect(opened.status == 1 && opened.stderr.contains("terminal_id"), "\(opened.stderr)")
        #expect(!opened.stderr.contains("4111") && !opened.stdout.contains("4111"))
        #expect(data.storedDigits().filter { $0.contains("4111111111111111") }.count == before)  // only config.yaml itself
    }
}
