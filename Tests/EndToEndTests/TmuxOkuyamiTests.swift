import CounterCore
import CounterTestSupport
import Foundation
import GRDB
import JapaneseKit
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The bereavement visit in a real terminal: find a deceased synthetic resident, enter the
/// dates, see the checklist, mark an item done, print the handout, and resume the case by number.
@Suite(.serialized) struct TmuxOkuyamiTests {
    static let forms = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Forms")

    /// The deceased residents of the demo's synthetic registry, read from its database once
    /// `madoguchi demo` has built it (test fixture discovery only; the screens go through the
    /// registry, which journals every access).
    static func deceasedResidents(in data: URL) throws -> [(id: String, name: String, died: CivilDate)] {
        var config = Configuration()
        config.readonly = true
        let queue = try DatabaseQueue(path: ResidentRegistry.databaseURL(dataDirectory: data).path, configuration: config)
        return try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT id, name, status_date FROM resident WHERE status = 3 AND status_date IS NOT NULL ORDER BY id")
                .map { (id: $0["id"], name: $0["name"], died: CivilDate(dayNumber: $0["status_date"])) }
        }
    }

    /// `madoguchi demo` in tmux on a small synthetic town. The demo's own directory is the live
    /// one with -demo appended: both under a temporary folder (`root`); `data` is the demo's.
    static func startDemo() throws -> (tmux: Tmux, root: URL, data: URL) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("okuyami-demo-\(UUID().uuidString)")
        let live = root.appendingPathComponent("live")
        let command = "env LANG=C.UTF-8 TERM=xterm-256color MADOGUCHI_FORMS_DIR=\(Tmux.quote(forms.path)) "
            + "MADOGUCHI_DATA_DIR=\(Tmux.quote(live.path)) \(Tmux.quote(Binary.url.path)) demo --residents 600 --seed 11"
        do {
            // The demo opens on the 研修メニュー; 1 自由練習 is the counter itself.
            let tmux = try Tmux(command: command)
            do {
                _ = try tmux.waitFor("1  自由練習", timeout: 60)
                try tmux.type("1")
            } catch {
                tmux.kill()
                throw error
            }
            return (tmux, root, root.appendingPathComponent("live-demo"))
        } catch {
            try? FileManager.default.removeItem(at: root)
            throw error
        }
    }

    @Test func bereavementVisitToAPrintedHandoutThatResumesByNumber() throws {
        let (tmux, root, data) = try Self.startDemo()
        defer {
            tmux.kill()
            try? FileManager.default.removeItem(at: root)
        }

        // madoguchi demo signs the demo clerk in (1 自由練習 opened 住民検索); F7 opens おくやみ; search by 宛名番号.
        try tmux.waitFor("F7おくやみ", timeout: 90)
        #expect(try tmux.screen().contains("研修モード"))
        let person = try #require(try Self.deceasedResidents(in: data).first, "the synthetic registry has deceased residents")
        try tmux.press("F7")
        try tmux.waitFor("亡くなった方を氏名・生年月日・宛名番号で探します")
        try tmux.type(person.id)
        try tmux.press("Enter")
        try tmux.waitUntil("the deceased in the results") { $0.contains(person.id) && $0.contains("死亡") && $0.contains("1件") }
        try tmux.press("Enter")

        // Dates: the date of death comes from the record; a funeral date typed in 和暦.
        let died = person.died
        let dates = try tmux.waitFor("死亡を知った日")
        #expect(dates.contains("故 \(person.name)"))
        #expect(dates.contains(died.warekiShort))
        try tmux.press("Down")
        try tmux.type(died.adding(days: 2).warekiShort)
        try tmux.press("F10")

        // The checklist, grouped by department, with a case number.
        let checklist = try tmux.waitFor("受付番号 OK2")
        #expect(checklist.contains("【市民課】"))
        #expect(checklist.contains("[未着手]"))
        let number = try #require(checklist.split(separator: " ").first { $0.hasPrefix("OK2") }.map(String.init))
        let lines = try tmux.lines()
        #expect(lines.count == 24)
        for line in lines { #expect(DisplayWidth.of(line) <= 80) }

        // Mark the first item done, print the handout.
        try tmux.press("F2")
        try tmux.waitFor("を完了にしました")
        try tmux.press("F8")
        try tmux.waitFor("お手続き一覧を出力しました")
        let spool = data.appendingPathComponent("spool")
        let pdfs = try FileManager.default.contentsOfDirectory(atPath: spool.path).filter { $0.hasPrefix("\(number)-handout-") && $0.hasSuffix(".pdf") }
        #expect(pdfs.count == 1)
        let pdf = try #require(pdfs.first)
        let text = try PDFText.text(ofFile: spool.appendingPathComponent(pdf))
        #expect(text.contains(number))
        #expect(text.replacingOccurrences(of: " ", with: "").contains(person.name.replacingOccurrences(of: " ", with: "")))
        #expect(text.contains("死亡届"))

        // The case resumes by its number: back to 住民検索, F7, type the number.
        try tmux.press("Escape")
        try tmux.waitUntil("the find screen on top") { $0.contains("【おくやみ】") && !$0.contains("【チェックリスト】") }
        try tmux.press("Escape")
        try tmux.waitUntil("住民検索 on top") { !$0.contains("【おくやみ】") }
        try tmux.press("F7")
        try tmux.waitFor("亡くなった方を氏名・生年月日・宛名番号で探します")
        try tmux.type(number.lowercased())
        try tmux.press("Enter")
        let resumed = try tmux.waitFor("[完了]")
        #expect(resumed.contains("受付番号 \(number)"))

        // The case store holds the change: the first item done, by the demo clerk, in history.
        let store = try BereavementCaseStore(dataDirectory: data, clock: SystemClock(), journal: nil)
        let stored = try store.load(number: number)
        #expect(stored.items.first?.status == .done)
        #expect(stored.items.first?.changedBy == "demo")
        #expect(try store.history(number: number).map(\.to) == [.done])
        let verify = try Binary.run(["journal", "verify", "--data-dir", data.path])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        try tmux.press("F12")
    }

    @Test func aMovedOutResidentIsRefusedAndABadDateExplained() throws {
        let (tmux, root, data) = try Self.startDemo()
        defer {
            tmux.kill()
            try? FileManager.default.removeItem(at: root)
        }
        try tmux.waitFor("F7おくやみ", timeout: 90)
        var config = Configuration()
        config.readonly = true
        let queue = try DatabaseQueue(path: ResidentRegistry.databaseURL(dataDirectory: data).path, configuration: config)
        let movedOut = try #require(try queue.read { db in try String.fetchOne(db, sql: "SELECT id FROM resident WHERE status = 2 ORDER BY id") })
        let living = try #require(try queue.read { db in try String.fetchOne(db, sql: "SELECT id FROM resident WHERE status = 1 ORDER BY id") })

        try tmux.press("F7")
        try tmux.waitFor("亡くなった方を氏名・生年月日・宛名番号で探します")
        try tmux.type(movedOut)
        try tmux.press("Enter")
        try tmux.waitFor("1件。")
        try tmux.press("Enter")
        try tmux.waitFor("転出の方は、この市のおくやみ手続きの対象ではありません。宛名番号を確かめてくだ")

        // A living resident (death not yet recorded): the date of death must be typed.
        try tmux.press("C-u")
        try tmux.type(living)
        try tmux.press("Enter")
        try tmux.waitFor("1件。")
        try tmux.press("Enter")
        try tmux.waitFor("死亡を知った日")
        try tmux.press("F10")
        try tmux.waitFor("死亡日を入力してください（例: R8.11.10、2026-11-10）。")
        try tmux.type("R8.2.30")
        try tmux.press("F10")
        try tmux.waitFor("存在しません")
        #expect(!(try tmux.screen().contains("受付番号")))
        try tmux.press("F12")
    }

    /// One CSV line's fields (quoted fields may hold commas and doubled quotes).
    static func fields(_ line: String) -> [String] {
        var out: [String] = [], field = "", quoted = false
        let chars = Array(line.trimmingCharacters(in: CharacterSet(charactersIn: "\r")))
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if quoted {
                if c == "\"" {
                    if i + 1 < chars.count, chars[i + 1] == "\"" { field.append("\""); i += 1 } else { quoted = false }
                } else { field.append(c) }
            } else if c == "\"" { quoted = true } else if c == "," { out.append(field); field = "" } else { field.append(c) }
            i += 1
        }
        out.append(field)
        return out
    }
}
