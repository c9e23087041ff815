import CounterCore
import Foundation
import JapaneseKit
import Testing
import TerminalKit
@testable import CounterUI

/// Ambiguous width, moved keys and the keys a terminal program keeps, on the screens.
@Suite struct TerminalSettingsTests {
    /// Every recorded screen, measured as a terminal that draws ① ※ ○ two columns wide would
    /// draw it: a row whose text reaches past column 80 would wrap onto the next one. (Trailing
    /// blanks are left out: ncurses does not write blanks over a blank screen, it clears to the end.)
    @Test func noSnapshotRowIsWiderThan80ColumnsWhenAmbiguousCharactersCountTwo() throws {
        let files = try FileManager.default.contentsOfDirectory(at: Snapshot.directory, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "txt" }
        #expect(files.count >= 30)
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            let rows = text.components(separatedBy: "\n--- styles ---\n")[0].components(separatedBy: "\n")
            #expect(rows.count == 24, "\(file.lastPathComponent)")
            for (y, row) in rows.enumerated() {
                let text = row.replacingOccurrences(of: " +$", with: "", options: .regularExpression)
                #expect(DisplayWidth.of(text, ambiguousWide: true) <= 80,
                        "\(file.lastPathComponent) row \(y): \(row)")
            }
        }
    }

    @Test func theGridMeasuresAndClipsAmbiguousCharactersAsWideWhenTold() {
        var narrow = CellGrid(width: 10, height: 1)
        narrow.put("※①②③④⑤⑥⑦⑧⑨⑩", at: Point(x: 0, y: 0))
        #expect(narrow.rows[0] == "※①②③④⑤⑥⑦⑧⑨")
        var wide = CellGrid(width: 10, height: 1, ambiguousWide: true)
        wide.put("※①②③④⑤⑥⑦⑧⑨⑩", at: Point(x: 0, y: 0))
        #expect(wide.rows[0] == "※①②③④")
        // Seven columns: ※① take four, ② would end at column 6, ③ would straddle 7: padded.
        var cut = CellGrid(width: 7, height: 1, ambiguousWide: true)
        cut.put("※①②③", at: Point(x: 0, y: 0))
        #expect(cut.rows[0] == "※①② ")
        #expect(cut[6, 0].character == " ")
        #expect(DisplayWidth.of("○×…─", ambiguousWide: true) == 8)
        #expect(DisplayWidth.of("○×…─") == 4)
        #expect(DisplayWidth.of("あｱa", ambiguousWide: true) == 4)  // wide, half-width and ASCII as before
    }

    /// Sign-in at 80×24 with `ambiguous_width: 2`, and an address with 丸数字 on 住民詳細: every row
    /// is 80 columns when ambiguous characters count two.
    @Test func screensDrawnWithAmbiguousWidth2KeepEveryRowAt80Columns() throws {
        var context = ClerkFixtures.context
        context.ambiguousWide = true
        var signIn = AppModel.signIn(context: context, now: morning)
        let grid = render(signIn)
        for row in grid.rows { #expect(DisplayWidth.of(row, ambiguousWide: true) == 80, "\(row)") }
        var masked = grid
        Snapshot.mask(TitleBar.clockArea(in: grid.area.row(0)), in: &masked)
        try Snapshot.assertMatches(masked, named: "signin-ambiguous2-80x24")
        // The check: the ruler under the ten ○ ends where they end, measured as wide.
        let rows = grid.rows
        let check = try #require(rows.firstIndex { $0.contains("表示の確認") })
        func barColumn(_ row: String) -> Int? {
            guard let i = row.firstIndex(of: "｜") else { return nil }
            return DisplayWidth.of(row[..<i], ambiguousWide: true)
        }
        #expect(barColumn(rows[check]) != nil && barColumn(rows[check]) == barColumn(rows[check + 1]))
        // F2 switches back to one column: the ruler is then ten columns shorter.
        _ = signIn.update(.key(.function(2)))
        #expect(!signIn.context.ambiguousWide)
        let narrowRows = render(signIn).rows
        #expect(barColumn(narrowRows[check + 1]).map { $0 + 10 } == barColumn(rows[check + 1]))

        var resident = ClerkFixtures.head
        resident.address = "いわき市平字田町①番地※ロングネームマンション東棟一二三四号室の奥まで続く長い住所"
        var detail = ClerkFixtures.model([ResidentSearchScreen(), ResidentDetailScreen(resident: resident, household: [resident])])
        detail.context.ambiguousWide = true
        let drawn = render(detail)
        #expect(drawn.rows.contains { $0.contains("①番地※") })
        for row in drawn.rows { #expect(DisplayWidth.of(row, ambiguousWide: true) == 80, "\(row)") }
    }

    @Test func helpNamesTheEscapeDigitsAndAProgramsKeptKeysShowTheirEscapeForm() throws {
        var context = ClerkFixtures.context
        context.keys = try KeyLayout(keys: [:], program: "gnome-terminal")
        var model = AppModel.signIn(context: context, now: morning)
        let bar = render(model).rows[23]
        #expect(bar.hasPrefix("Esc 1ヘルプ F12終了"), "\(bar)")
        _ = model.update(.key(.function(1)))  // Esc 1 arrives as F1
        let help = render(model).rows.joined(separator: "\n")
        #expect(help.contains("F キーの代わりに Esc と数字（1秒以内）: 1〜9＝F1〜F9、0＝F10、-＝F11、=＝F12"))
        #expect(help.contains("GNOME 端末は F1・F10・F11 を自分で使うため、Esc 1・Esc 0・Esc - で押します。"))
        #expect(help.contains("Esc 1  この画面で使えるキーの一覧を表示します"))
    }

    @Test func movedKeysDoTheActionsAndTheBarAndHelpSayTheNewKey() throws {
        var context = ClerkFixtures.context
        context.keys = try KeyLayout(keys: ["F10": "Ctrl+O", "F1": "ctrl+g"], program: nil)
        var model = ClerkFixtures.model([ResidentSearchScreen()])
        model.context = context
        let bar = render(model).rows[23]
        #expect(bar.contains("Ctrl+Oサインアウト") && bar.contains("Ctrl+Gヘルプ") && !bar.contains("F10"), "\(bar)")
        #expect(model.update(.key(.function(10))).isEmpty)  // F10 no longer signs out
        #expect(model.context.clerkID == "c01")
        _ = model.update(.key(.control("g")))
        #expect(render(model).rows.joined().contains("この窓口では F10 のキーは Ctrl+O です"))
        _ = model.update(.key(.control("g")))  // the moved help key closes its help too
        #expect(model.popup == nil)
        #expect(model.update(.key(.control("o"))) == [.clerk(.signOut(clerk: "c01"))])
        #expect(model.context.clerkID == nil)
    }

    @Test func badKeySettingsAreRefusedWithWhatToWrite() {
        #expect(throws: KeyLayoutError.unknownProgram("konsole2")) { try KeyLayout(keys: [:], program: "konsole2") }
        #expect(throws: KeyLayoutError.notMovable("Enter")) { try KeyLayout(keys: ["Enter": "F2"], program: nil) }
        #expect(throws: KeyLayoutError.unknownKey("F13")) { try KeyLayout(keys: ["F1": "F13"], program: nil) }
        #expect(throws: KeyLayoutError.reservedKey("Ctrl+A")) { try KeyLayout(keys: ["F1": "Ctrl+A"], program: nil) }
        #expect(throws: KeyLayoutError.twice("Ctrl+O")) { try KeyLayout(keys: ["F1": "Ctrl+O", "F2": "Ctrl+O"], program: nil) }
        #expect(throws: KeyLayoutError.taken("F3")) { try KeyLayout(keys: ["F1": "F3"], program: nil) }
        // A swap is fine: each key gives its actions to the other.
        #expect(throws: Never.self) { try KeyLayout(keys: ["F1": "F3", "F3": "F1"], program: nil) }
        #expect(KeyLayoutError.reservedKey("Ctrl+A").message.contains("Ctrl+O"))
        #expect(KeyLayoutError.unknownProgram("x").message.contains("gnome-terminal"))
        #expect(TerminalProgram.detect(environment: ["VTE_VERSION": "7200"]) == .gnomeTerminal)
        #expect(TerminalProgram.detect(environment: ["WT_SESSION": "x"]) == .windowsTerminal)
        #expect(TerminalProgram.detect(environment: ["TERM": "xterm"]) == nil)
    }
}
