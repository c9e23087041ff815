import Foundation
import Testing

/// A card number typed into the counter screen's search field: the Runtime refuses it before
/// the registry is asked, the message names the field, and the digits are neither journaled
/// nor left on screen. A 12-digit 宛名番号 that reads as a 個人番号 is found.
@Suite(.serialized) struct TmuxSensitiveNumberTests {
    @Test func aCardNumberInTheSearchFieldIsRefusedAndARegisteredTwelveDigitIDIsFound() throws {
        let dir = try TmuxStartScreenTests.dataDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = dir.appendingPathComponent("r.csv")
        try ("宛名番号,世帯番号,氏名,氏名フリガナ,生年月日,性別,続柄,住民状態,異動日,住所\n"
            + "100000000005,100000000005,山田 太郎,ヤマダ タロウ,1950-04-01,1,世帯主,1,,いわき市平字田町1\n")
            .write(to: csv, atomically: true, encoding: .utf8)
        let imported = try Binary.run(["import", "residents", csv.path, "--data-dir", dir.path])
        try #require(imported.status == 0, "\(imported.stderr)")
        let tmux = try TmuxCounterVisitTests.start(dir)
        defer { tmux.kill() }

        try tmux.type("No.4577-1200-5678-3047")
        try tmux.press("Enter")
        let refused = try tmux.waitFor("「検索」にカード番号のような数字があります")
        #expect(!refused.contains("4577") && !refused.contains("3047"))
        // Whole runs of the number, in either spelling: the journal's hex hashes may hold a short
        // run such as "4577" by chance.
        let journal = try TmuxCounterVisitTests.journalText(dir)
        for run in ["4577-1200", "45771200", "5678-3047", "56783047"] {
            #expect(!journal.contains(run), "\(run)")
        }
        #expect(!(try TmuxCounterVisitTests.journalText(dir)).contains("\"action\":\"search\""))

        try tmux.type("100000000005")
        try tmux.press("Enter")
        try tmux.waitFor("1 件。")
        #expect(try TmuxCounterVisitTests.journalText(dir).contains("\"query\":\"100000000005\""))
    }
}
