import CounterTestSupport
import Foundation
import JapaneseKit
import Testing

/// 管理者モード in a real (tmux) terminal: a supervisor signs in to the 管理者メニュー, reads
/// 本日の状況, closes the day from 日計 (the seal in the journal, the 日計表 PDF in spool); a
/// clerk who signs in afterwards cannot open 管理者モード.
@Suite(.serialized) struct TmuxSupervisorTests {
    static func signIn(_ tmux: Tmux, _ id: String) throws {
        try tmux.waitFor("担当者IDと暗証番号")
        try tmux.type(id)
        try tmux.press("Enter")
        try tmux.type(TestClerks.pin)
        try tmux.press("Enter")
    }

    @Test func aSupervisorClosesTheDayFromTheScreenAndAClerkCannotOpenTheMode() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("madoguchi-e2e-\(UUID().uuidString)")
        try TestClerks.write(to: dir, terminalID: "mado-07", clerks: ["c01"], extra: "city_name: テスト市\n")
        defer { try? FileManager.default.removeItem(at: dir) }
        let tmux = try Tmux(command: TmuxStartScreenTests.binaryCommand(data: dir) + " --forms " + Tmux.quote(FormsDirectory.url.path))
        defer { tmux.kill() }
        try Self.signIn(tmux, "sup1")
        var screen = try tmux.waitFor("【管理者メニュー】")
        #expect(screen.contains("管理者モード"))
        #expect(screen.contains("F11職員/管理"))

        // 本日の状況: this terminal's sign-in is today's first record.
        try tmux.type("1")
        screen = try tmux.waitUntil("the status read") { $0.contains("【本日の状況】") && $0.contains("現在") }
        let row = try #require(screen.components(separatedBy: "\n").first { $0.hasPrefix(" mado-07") })
        #expect(row.contains("PASS") && row.contains("未"), "\(row)")

        // 日計: close the day after the confirmation.
        try tmux.press("Escape")
        try tmux.waitFor("番号キー")
        try tmux.type("2")
        try tmux.waitFor("日計表  ")
        try tmux.press("F6")
        try tmux.waitFor("日計を締めます")
        try tmux.type("y")
        screen = try tmux.waitFor("締め済　封印 ")
        #expect(screen.contains("【日計締め】 端末 mado-07"))
        let today = CivilDate(Date())
        let pdf = dir.appendingPathComponent("spool/nikkei-\(today.iso).pdf")
        #expect(FileManager.default.fileExists(atPath: pdf.path))
        let journal = try TmuxCounterVisitTests.journalText(dir)
        let seal = try #require(journal.components(separatedBy: "\n").first { $0.contains("\"type\":\"day_closed\"") })
        #expect(seal.contains("\"clerk\":\"sup1\"") && seal.contains("\"date\":\"\(today.iso)\""))

        // F11 to 職員モード and back: each keeps its screens.
        try tmux.press("F11")
        try tmux.waitFor("【住民検索】")
        try tmux.press("F11")
        try tmux.waitFor("【管理者メニュー】 > 【日計】")

        // A clerk signs in after the supervisor signs out: F11 is refused, in words.
        try tmux.press("Escape")
        try tmux.waitFor("番号キー")
        try tmux.press("F10")
        try Self.signIn(tmux, "c01")
        screen = try tmux.waitFor("【住民検索】")
        #expect(screen.contains("職員モード"))
        #expect(!screen.contains("F11"))
        try tmux.press("F11")
        screen = try tmux.waitFor("管理者だけが開けます")
        try tmux.press("Enter")
        screen = try tmux.waitUntil("the alert closed") { !$0.contains("管理者だけが開けます") }
        #expect(screen.contains("【住民検索】") && !screen.contains("管理者モード"))
    }
}

/// The supervisor's day as the issue puts it: someone who has never seen madoguchi signs in,
/// finds the planted 支援措置 view in today's review, signs it and prints the 点検記録 and the
/// 日計表, all from the keyboard in an 80×24 terminal.
@Suite(.serialized) struct TmuxSupervisorReviewTests {
    @Test func aSupervisorFindsTheSupportMeasureViewSignsTheReviewAndPrintsBothRecords() throws {
        let s = try SupervisorCommandTests.Setup()
        defer { s.remove() }
        // The planted act: clerk k01 opens the record of 鈴木 春子 (under 支援措置) with no visit.
        let viewed = try s.run(["resident", "1000006"], as: "k01")
        #expect(viewed.status == 0, "\(viewed.stderr)")
        let tmux = try Tmux(command: TmuxStartScreenTests.binaryCommand(data: s.dir) + " --forms " + Tmux.quote(s.base.forms.path))
        defer { tmux.kill() }
        try TmuxSupervisorTests.signIn(tmux, "sup1")
        try tmux.waitFor("【管理者メニュー】")

        // 点検 runs today's review as it opens; the 支援措置 view is at the top, severity 高.
        try tmux.type("3")
        var screen = try tmux.waitUntil("today's review") { $0.contains("【点検】") && $0.contains("未処置 ") }
        let first = try #require(screen.components(separatedBy: "\n").first { $0.hasPrefix(" 高") }, "\(screen)")
        #expect(first.contains("支援措置") && first.contains("k01") && first.contains("1000006"), "\(first)")

        // Its detail and the record behind it, then back to the list.
        try tmux.press("Enter")
        screen = try tmux.waitFor("【指摘の詳細】")
        #expect(screen.contains("支援措置の対象者を閲覧しました"))
        try tmux.press("Enter")
        screen = try tmux.waitFor("\"type\":\"access\"")
        try tmux.press("Escape")
        try tmux.waitFor("【指摘の詳細】")
        try tmux.press("Escape")
        try tmux.waitFor("未処置 ")

        // 要聞き取り for the 支援措置 view with a comment, 問題なし for whatever else today holds.
        try tmux.press("F3")
        try tmux.waitFor("保存")
        try tmux.type("係長が本人に確認")
        try tmux.press("Enter")
        try tmux.type("2")
        for _ in 0..<40 {
            screen = try tmux.waitFor("未処置 ")
            if screen.contains("未処置 0 件") { break }
            try tmux.type("1")
            _ = try tmux.waitUntil("the mark taken") { $0 != screen }
        }
        #expect(screen.contains("未処置 0 件"), "\(screen)")

        // 署名: the summary, then the signed record printed.
        try tmux.press("F9")
        try tmux.waitFor("【点検記録】")
        try tmux.press("F9")
        screen = try tmux.waitFor("署名しました。")
        let journal = try TmuxCounterVisitTests.journalText(s.dir)
        let review = try #require(journal.components(separatedBy: "\n").first { $0.contains("\"type\":\"review\"") })
        #expect(review.contains("\"clerk\":\"sup1\"") && review.contains("\"disposition\":\"interview\"")
                && review.contains("係長が本人に確認"), "\(review)")
        let spool = s.dir.appendingPathComponent("spool")
        let pdfs = try FileManager.default.contentsOfDirectory(atPath: spool.path)
        let record = try #require(pdfs.first { $0.hasPrefix("tenken-") }, "\(pdfs)")
        let printed = try PDFText.text(ofFile: spool.appendingPathComponent(record))
        #expect(printed.contains("点検記録") && printed.contains("支援措置対象者の検索・閲覧・印刷") && printed.contains("要聞き取り"))

        // Again: the finding is shown as reviewed.
        try tmux.press("Escape")
        try tmux.waitFor("【点検】")
        try tmux.press("F2")
        screen = try tmux.waitUntil("the review again") { $0.contains("済要聞き取り") && $0.contains("済問題なし") }
        #expect(screen.contains("未処置 0 件"), "\(screen)")

        // 日計: print the 日計表 (F5) from the menu's second entry.
        try tmux.press("Escape")
        try tmux.waitFor("番号キー")
        try tmux.type("2")
        try tmux.waitFor("日計表  ")
        try tmux.press("F5")
        _ = try tmux.waitUntil("the 日計表 printed") { _ in
            ((try? FileManager.default.contentsOfDirectory(atPath: spool.path)) ?? []).contains { $0.hasPrefix("nikkei-") }
        }
    }
}
