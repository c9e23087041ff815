import CounterCore
import CounterTestSupport
import Foundation
import JapaneseKit
import Testing

/// The supervisor's commands (review, review sign, access-history, workload) over a registry
/// with a 支援措置 resident and a second terminal's journal in `journal_dirs`, as the built
/// binary runs them.
@Suite struct SupervisorCommandTests {
    /// 鈴木 春子 is under 支援措置 (DV等支援措置); 鈴木 一 lives with her.
    static let rows = OkuyamiCommandTests.rows + [
        "1000006,2000003,鈴木 春子,スズキ ハルコ,,1985-07-07,2,世帯主,鈴木 春子,970-8686,いわき市平字梅本3,,いわき市平字梅本3,鈴木 春子,2010-04-01,1,,1,1,0,0,0,1,0,0,0,0,0,0,0,0,0",
        "1000007,2000003,鈴木 一,スズキ ハジメ,,2012-01-01,1,子,鈴木 春子,970-8686,いわき市平字梅本3,,いわき市平字梅本3,鈴木 春子,2012-01-01,1,,1,1,0,0,0,0,0,0,0,0,0,0,0,0,0",
    ]

    /// A data directory (terminal mado-01, clerks k01 and k02, supervisor sup1) whose
    /// `journal_dirs` names `shared/`, where terminal mado-02's journal lies.
    struct Setup {
        let base: OkuyamiCommandTests.Setup
        var dir: URL { base.dir }
        var shared: URL { dir.appendingPathComponent("shared") }
        let today = SystemClock().today()
        /// From yesterday, so a run across midnight still covers every record it wrote.
        var from: String { today.adding(days: -1).iso }

        init() throws {
            // Open all day, so the time the test runs at adds no off-hours finding on a weekday.
            base = try OkuyamiCommandTests.Setup(rows: SupervisorCommandTests.rows,
                                                 extra: "opening_hours: \"00:00-24:00\"\njournal_dirs:\n  - shared\n")
            // The shared folder is there before any terminal copies into it (a missing one is refused).
            try FileManager.default.createDirectory(at: shared, withIntermediateDirectories: true)
        }

        func run(_ arguments: [String], as clerk: String) throws -> Binary.Result {
            try Binary.run(arguments, environment: base.env.merging(["MADOGUCHI_CLERK": clerk]) { $1 })
        }

        /// Terminal mado-02's journal of today in `shared/`: one case whose procedure a
        /// spreadsheet would run as a formula, paid by card on PT02 (slip 7, approval 123456,
        /// 300 yen), handled in 4 minutes 5 seconds.
        func plantOtherTerminal() throws {
            let clock = FixedClock(iso: "\(today.iso)T10:00:00+09:00")
            let journal = try Journal.open(directory: shared, terminalID: "mado-02", mode: .live, clock: clock)
            try journal.append(.caseOpened, clerk: "k02", fields: ["case": "mado-02-C1", "procedure": "=HYPERLINK(\"x\")"])
            clock.advance(seconds: 60)
            try journal.append(.payment, clerk: "k02", fields: ["case": "mado-02-C1", "method": "credit", "brand": "VISA", "amount": 300,
                                                                "slip": "7", "approval": "123456", "payment_terminal": "PT02"])
            clock.advance(seconds: 185)
            try journal.append(.caseClosed, clerk: "k02", fields: ["case": "mado-02-C1"])
            journal.close()
        }

        func remove() { base.remove() }
    }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "\(text)")
    }

    /// The JSON lines of `journal show --json`.
    static func records(_ text: String) throws -> [[String: Any]] {
        try text.split(separator: "\n").map { try json(String($0)) }
    }

    @Test func theReviewFindsTheSupportMeasureViewAndASignedReviewMarksIt() throws {
        let s = try Setup()
        defer { s.remove() }
        let viewed = try s.run(["resident", "1000006"], as: "k01")
        #expect(viewed.status == 0, "\(viewed.stderr)")
        let range = ["--from", s.from, "--to", s.today.iso]

        // A clerk is refused, in Japanese, before anything is read.
        let refused = try s.run(["review"] + range, as: "k01")
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("管理者の暗証番号が必要です"), "\(refused.stderr)")
        #expect(refused.stdout.isEmpty)

        let review = try s.run(["review"] + range, as: "sup1")
        #expect(review.status == 3, "\(review.stderr)")
        #expect(review.stdout.contains("[高] 支援措置対象者の検索・閲覧・印刷"), "\(review.stdout)")
        #expect(review.stdout.contains("職員 k01  端末 mado-01  宛名番号 1000006"))
        #expect(review.stderr.contains("未点検の指摘が"))

        let reviewJSON = try s.run(["review", "--json"] + range, as: "sup1")
        #expect(reviewJSON.status == 3)
        let findings = try #require(try Self.json(reviewJSON.stdout)["findings"] as? [[String: Any]])
        let support = try #require(findings.first { $0["rule"] as? String == "support_measure" }, "\(findings)")
        #expect(support["resident"] as? String == "1000006")
        #expect(support["clerk"] as? String == "k01")
        #expect(support["severity"] as? String == "high")
        let evidence = try #require((support["evidence"] as? [[String: Any]])?.first)
        #expect(evidence["type"] as? String == "access")
        #expect(evidence["terminal"] as? String == "mado-01")
        // Only the 支援措置 subject was touched: no finding names anyone else.
        #expect(findings.allSatisfy { ($0["resident"] as? String).map { $0 == "1000006" } ?? true }, "\(findings)")
        let id = try #require(support["id"] as? String)

        // The unsigned list as a PDF.
        let unsigned = s.dir.appendingPathComponent("findings.pdf")
        #expect(try s.run(["review", "--pdf", unsigned.path] + range, as: "sup1").status == 3)
        #expect(try PDFText.text(ofFile: unsigned).contains("支援措置対象者の検索・閲覧・印刷"))

        // An unknown disposition, then a card number in a comment: refused, never echoed, nothing signed.
        let badWord = try s.run(["review", "sign", "--mark", "\(id)=たぶん大丈夫"] + range, as: "sup1")
        #expect(badWord.status == 2)
        #expect(badWord.stderr.contains("問題なし・要聞き取り・報告済"))
        let card = try s.run(["review", "sign", "--mark", "\(id)=問題なし:4111111111111111", "--all", "問題なし"] + range, as: "sup1")
        #expect(card.status == 1)
        #expect(!card.stderr.contains("4111") && !card.stdout.contains("4111"), "\(card.stderr)")
        // Unmarked findings: the layer refuses to sign.
        let unmarked = try s.run(["review", "sign"] + range, as: "sup1")
        #expect(unmarked.status == 1)
        #expect(unmarked.stderr.contains("処置を選んでいない指摘が"), "\(unmarked.stderr)")
        #expect(try s.run(["review", "sign", "--all", "no_issue"] + range, as: "k01").status == 1)
        let none = try s.run(["journal", "show", "--type", "review", "--json"], as: "sup1")
        #expect(none.status == 0 && none.stdout.isEmpty, "\(none.stdout)\(none.stderr)")

        let record = s.dir.appendingPathComponent("tenken.pdf")
        let signed = try s.run(["review", "sign", "--mark", "\(id)=要聞き取り:本人に確認する", "--all", "問題なし",
                                "--pdf", record.path] + range, as: "sup1")
        #expect(signed.status == 0, "\(signed.stderr)")
        let shown = try Self.records(try s.run(["journal", "show", "--type", "review", "--json"], as: "sup1").stdout)
        #expect(shown.count == 1)
        let fields = try #require(shown.first?["fields"] as? [String: Any])
        let marks = try #require(fields["findings"] as? [[String: Any]])
        #expect(marks.count == findings.count)
        let mark = try #require(marks.first { $0["id"] as? String == id })
        #expect(mark["disposition"] as? String == "interview")
        #expect(mark["comment"] as? String == "本人に確認する")
        #expect(shown.first?["clerk"] as? String == "sup1")
        // The seq and hash printed are those of the record written, and the 点検記録 names both.
        let seq = try #require(shown.first?["seq"] as? Int), hash = try #require(shown.first?["h"] as? String)
        #expect(signed.stdout.contains("seq \(seq)  \(hash)"), "\(signed.stdout)")
        let printed = try PDFText.text(ofFile: record)
        #expect(printed.contains("点検記録"))
        #expect(printed.contains("処置: 要聞き取り"))
        #expect(printed.contains(String(hash.prefix(16))))

        // Next time the finding shows as reviewed, and nothing is open.
        let again = try s.run(["review"] + range, as: "sup1")
        #expect(again.status == 0, "\(again.stdout)\(again.stderr)")
        #expect(again.stdout.contains("点検済: 要聞き取り（sup1"), "\(again.stdout)")
    }

    @Test func theHelpNamesTheExitStatuses() throws {
        for arguments in [["review", "--help"], ["review", "run", "--help"]] {
            let help = try Binary.run(arguments)
            #expect(help.status == 0)
            // Wrapped to the terminal's width: compared with the line breaks made spaces.
            let text = help.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            #expect(text.contains("Exit status: 0 no open findings"), "\(arguments)")
            #expect(text.contains("2 bad usage, 3 open (unreviewed) findings"), "\(help.stdout)")
        }
    }

    @Test func accessHistoryListsTheViewsAndIsItselfJournaled() throws {
        let s = try Setup()
        defer { s.remove() }
        #expect(try s.run(["resident", "1000006"], as: "k01").status == 0)
        #expect(try s.run(["search", "すずき"], as: "k02").status == 0)

        let refused = try s.run(["access-history", "1000006"], as: "k01")
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("管理者の暗証番号が必要です"))

        let text = try s.run(["access-history", "1000006"], as: "sup1")
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("宛名番号　1000006"))
        let rows = text.stdout.split(separator: "\n")
        #expect(rows.contains { $0.contains("k01") && $0.contains("mado-01") && $0.hasSuffix("閲覧") }, "\(text.stdout)")
        #expect(rows.contains { $0.contains("k02") && $0.contains("検索（結果に表示）") })

        let json = try s.run(["access-history", "1000006", "--json", "--from", s.from, "--to", s.today.iso], as: "sup1")
        #expect(json.status == 0)
        let entries = try #require(try Self.json(json.stdout)["entries"] as? [[String: Any]])
        #expect(entries.contains { $0["clerk"] as? String == "k01" && $0["what"] as? String == "閲覧" })
        // The first lookup is in the history the second one read.
        #expect(entries.contains { $0["clerk"] as? String == "sup1" && $0["what"] as? String == "アクセス履歴の照会" })
        #expect(!entries.contains { $0["clerk"] as? String == "k01" && $0["what"] as? String == "アクセス履歴の照会" })

        let pdf = s.dir.appendingPathComponent("history.pdf")
        #expect(try s.run(["access-history", "1000006", "--pdf", pdf.path], as: "sup1").status == 0)
        #expect(try PDFText.text(ofFile: pdf).contains("住民記録のアクセス履歴"))

        let access = try Self.records(try s.run(["journal", "show", "--type", "access", "--json"], as: "sup1").stdout)
        let lookups = access.filter { ($0["fields"] as? [String: Any])?["action"] as? String == "history" }
        #expect(lookups.count == 3)
        #expect(lookups.allSatisfy { $0["clerk"] as? String == "sup1" })
        #expect(lookups.allSatisfy { (($0["fields"] as? [String: Any])?["residents"] as? [String]) == ["1000006"] }, "\(lookups)")
        // She is under 支援措置: the lookup is marked so, like every access to her.
        #expect(lookups.allSatisfy { (($0["fields"] as? [String: Any])?["support"] as? [String]) == ["1000006"] }, "\(lookups)")

        let backwards = try s.run(["access-history", "1000006", "--from", s.today.iso, "--to", s.from], as: "sup1")
        #expect(backwards.status == 2)
    }

    @Test func workloadIsACSVForExcelOverEveryTerminal() throws {
        let s = try Setup()
        defer { s.remove() }
        try s.plantOtherTerminal()
        let range = ["--from", s.today.iso, "--to", s.today.iso]
        let refused = try s.run(["workload"] + range, as: "k02")
        #expect(refused.status == 1)
        #expect(refused.stdout.isEmpty)

        let csv = try s.run(["workload"] + range, as: "sup1")
        #expect(csv.status == 0, "\(csv.stderr)")
        #expect(csv.stdout.hasPrefix("\u{FEFF}手続,担当者,時台,件数,完了,中央値（秒）,90%（秒）,合計（秒）\r\n"), "\(csv.stdout)")
        // Read from journal_dirs, and the procedure is guarded against running as a formula.
        #expect(csv.stdout.contains("\"'=HYPERLINK(\"\"x\"\")\",k02,10,1,1,245,245,245\r\n"), "\(csv.stdout)")

        let json = try s.run(["workload", "--format", "json"] + range, as: "sup1")
        let rows = try #require(try Self.json(json.stdout)["rows"] as? [[String: Any]])
        #expect(rows.count == 1)
        #expect(rows.first?["medianSeconds"] as? Double == 245)
        let text = try s.run(["workload", "--format", "text"] + range, as: "sup1")
        #expect(text.stdout.contains("k02  10時台  1件（完了 1）  中央値 4分05秒"), "\(text.stdout)")
        #expect(try s.run(["workload", "--format", "xlsx"] + range, as: "sup1").status == 2)
    }

    @Test func dailyReportAndReconcileReadJournalDirsWithoutAnOption() throws {
        let s = try Setup()
        defer { s.remove() }
        try s.plantOtherTerminal()
        let report = try s.run(["report", "daily", "--format", "json"], as: "k01")
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stdout.contains("mado-02"), "\(report.stdout)")
        // --journal-dir still reads only what it names.
        let mine = try s.run(["report", "daily", "--format", "json", "--journal-dir", s.dir.appendingPathComponent("journal").path], as: "k01")
        #expect(mine.status == 0)
        #expect(!mine.stdout.contains("mado-02"))

        // The settlement's one card sale is the other terminal's.
        let settlement = s.dir.appendingPathComponent("settlement.csv")
        try "date,time,terminal,brand,slip,approval,amount,type\n\(s.today.iso),10:01:00,PT02,VISA,7,123456,300,売上\n"
            .write(to: settlement, atomically: true, encoding: .utf8)
        let matched = try s.run(["reconcile", "--date", s.today.iso, "--settlement", settlement.path], as: "k01")
        #expect(matched.status == 0 && matched.stdout.contains("すべて一致しました"), "\(matched.stdout)\(matched.stderr)")
        let alone = try s.run(["reconcile", "--date", s.today.iso, "--settlement", settlement.path,
                               "--journal-dir", s.dir.appendingPathComponent("journal").path], as: "k01")
        #expect(alone.status == 1)

        let pdf = s.dir.appendingPathComponent("nikkei.pdf")
        let closed = try s.run(["close-day", "--json", "--pdf", pdf.path], as: "sup1")
        #expect(closed.status == 0, "\(closed.stderr)")
        // The 日計表 the supervisor stamps: both terminals, and the seal's hash.
        let printed = try PDFText.text(ofFile: pdf)
        let sealHash = try #require((try Self.json(closed.stdout)["seal"] as? [String: Any])?["hash"] as? String, "\(closed.stdout)")
        #expect(printed.contains("mado-02") && printed.contains("mado-01"), "\(printed)")
        #expect(printed.contains(String(sealHash.prefix(16))), "\(printed)")
        let seal = try Self.records(try s.run(["journal", "show", "--type", "day_closed", "--json"], as: "sup1").stdout)
        #expect(seal.count == 1)
        #expect("\(seal.first?["fields"] ?? "")".contains("mado-02"), "\(seal)")
    }

    @Test func journalShowAndClerkListNeedASupervisor() throws {
        let s = try Setup()
        defer { s.remove() }
        #expect(try s.run(["resident", "1000001"], as: "k01").status == 0)
        for arguments in [["journal", "show"], ["clerk", "list"]] {
            let clerk = try s.run(arguments, as: "k01")
            #expect(clerk.status == 1, "\(arguments)")
            #expect(clerk.stdout.isEmpty, "\(arguments): \(clerk.stdout)")
            #expect(clerk.stderr.contains("管理者の暗証番号が必要です"), "\(arguments): \(clerk.stderr)")
            let supervisor = try s.run(arguments, as: "sup1")
            #expect(supervisor.status == 0, "\(arguments): \(supervisor.stderr)")
            #expect(supervisor.stdout.contains("k01"), "\(arguments): \(supervisor.stdout)")
        }
    }
}
