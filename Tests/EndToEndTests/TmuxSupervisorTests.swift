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
        #expect(screen.contains("■ 日計締め: 端末 mado-07"))
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
