import Foundation
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

    /// A data directory with a synthetic registry imported; the deceased residents' ids and names.
    static func dataDirectory() throws -> (dir: URL, deceased: [(id: String, name: String, died: String)]) {
        let dir = try TmuxStartScreenTests.dataDirectory()
        let csv = dir.appendingPathComponent("residents.csv")
        let generated = try Binary.run(["demo-data", "--residents", "600", "--seed", "11", "--out", csv.path])
        try #require(generated.status == 0, "\(generated.stderr)")
        let imported = try Binary.run(["import", "residents", csv.path, "--data-dir", dir.path])
        try #require(imported.status == 0, "\(imported.stderr)")
        let text = try String(contentsOf: csv, encoding: .utf8).replacingOccurrences(of: "\u{FEFF}", with: "")
        let lines = text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }).map { Self.fields(String($0)) }
        let header = try #require(lines.first)
        let id = try #require(header.firstIndex(of: "宛名番号")), name = try #require(header.firstIndex(of: "氏名"))
        let status = try #require(header.firstIndex(of: "住民状態")), date = try #require(header.firstIndex(of: "異動日"))
        let deceased = lines.dropFirst().filter { $0.count > date && $0[status] == "3" && !$0[date].isEmpty }
            .map { (id: $0[id], name: $0[name], died: $0[date]) }
        return (dir, deceased)
    }

    @Test func bereavementVisitToAPrintedHandoutThatResumesByNumber() throws {
        let (data, deceased) = try Self.dataDirectory()
        defer { try? FileManager.default.removeItem(at: data) }
        let person = try #require(deceased.first, "the synthetic registry has deceased residents")
        let env = "LANG=C.UTF-8 TERM=xterm-256color MADOGUCHI_CLERK=k01 MADOGUCHI_FORMS_DIR=\(Tmux.quote(Self.forms.path))"
        let tmux = try Tmux(command: TmuxStartScreenTests.binaryCommand(data: data, environment: env))
        defer { tmux.kill() }

        // Start → F7 おくやみ → search by 宛名番号.
        try tmux.waitFor("F7おくやみ")
        try tmux.press("F7")
        try tmux.waitFor("亡くなった方を氏名・生年月日・宛名番号で探します")
        try tmux.type(person.id)
        try tmux.press("Enter")
        try tmux.waitUntil("the deceased in the results") { $0.contains(person.id) && $0.contains("死亡") && $0.contains("1件") }
        try tmux.press("Enter")

        // Dates: the date of death comes from the record; a funeral date typed in 和暦.
        let died = try #require(CivilDate(iso: person.died))
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
        let pdfs = try FileManager.default.contentsOfDirectory(atPath: spool.path).filter { $0.hasPrefix("handout-\(number)") && $0.hasSuffix(".pdf") }
        #expect(pdfs.count == 1)
        if let pdf = pdfs.first, let text = try Self.pdftotext(spool.appendingPathComponent(pdf)) {
            #expect(text.contains(number))
            #expect(text.replacingOccurrences(of: " ", with: "").contains(person.name.replacingOccurrences(of: " ", with: "")))
            #expect(text.contains("死亡届"))
        }

        // The case resumes by its number: back to the start, F7, type the number.
        try tmux.press("Escape")
        try tmux.waitFor("【おくやみ】")
        try tmux.press("Escape")
        try tmux.waitFor("窓口端末へようこそ")
        try tmux.press("F7")
        try tmux.waitFor("亡くなった方を氏名・生年月日・宛名番号で探します")
        try tmux.type(number.lowercased())
        try tmux.press("Enter")
        let resumed = try tmux.waitFor("[完了]")
        #expect(resumed.contains("受付番号 \(number)"))

        // The command line sees the same case: the first item done, by k01.
        let shown = try Binary.run(["okuyami", "case", number, "--json", "--data-dir", data.path])
        #expect(shown.status == 0, "\(shown.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any])
        let items = try #require(object["items"] as? [[String: Any]])
        #expect(items.first?["status"] as? String == "done")
        #expect(items.first?["changed_by"] as? String == "k01")
        let verify = try Binary.run(["journal", "verify", "--data-dir", data.path])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
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

    /// The PDF's text, or nil when pdftotext is not installed.
    static func pdftotext(_ url: URL) throws -> String? {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/pdftotext") else { return nil }
        let out = url.deletingPathExtension().appendingPathExtension("txt")
        let result = try Tmux.spawn(["pdftotext", "-layout", url.path, out.path])
        guard result.status == 0 else { return nil }
        defer { try? FileManager.default.removeItem(at: out) }
        return try String(contentsOf: out, encoding: .utf8)
    }
}
