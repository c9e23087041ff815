import CounterCore
import CounterUI
import Foundation
import Testing
import TerminalKit

/// One script of a clerk's visit, run by two drivers: in memory through the effect runner
/// (`VisitDriver`, the same engine code the Runtime runs) and by the built binary in tmux.
/// Both must reach every screen the script waits for and leave the same journal records.
enum VisitStep {
    case type(String)
    /// A key by its tmux name: Enter, F2…F12, Escape.
    case press(String)
    /// Text that must be on screen before the next step.
    case waitFor(String)
    /// Types the number in front of the list row that shows this text (after it is on screen).
    case pickRow(String)

    var key: Key {
        guard case .press(let name) = self else { preconditionFailure("not a key step") }
        switch name {
        case "Enter": return .enter
        case "Escape": return .escape
        default:
            if name.hasPrefix("F"), let n = Int(name.dropFirst()) { return .function(n) }
            preconditionFailure("no key \(name)")
        }
    }

    /// The number key of the row holding `text` on `screen`.
    static func rowKey(_ text: String, on screen: String) -> String? {
        screen.components(separatedBy: "\n").first { $0.contains(text) }?.trimmingCharacters(in: .whitespaces).first.map(String.init)
    }

    /// Sign in as c01 (PIN 1234), find the resident by kana, issue two 住民票, pay by card, close.
    static func certificateVisit(kana: String, name: String) -> [VisitStep] {
        [
            .waitFor("担当者IDと暗証番号"), .type("c01"), .press("Enter"), .type("1234"), .press("Enter"), .waitFor("【住民検索】"),
            .type(kana), .press("Enter"), .waitFor("件。"), .press("Enter"), .waitFor("【住民詳細】"), .waitFor(name),
            .press("F2"), .pickRow("住民票の写し等交付請求書"), .type("+"), .waitFor("2 通"), .press("Enter"), .waitFor("【申請書確認】"),
            .type("1"), .type("1"), .type("1"), .type("1"), .type("2"), .type("2"), .waitFor("未入力 0 件"),
            .press("F5"), .waitFor("印刷しました"), .press("F6"), .waitFor("【手数料・支払】"), .waitFor("600円"),
            .type("2"), .type("1"), .type("12345"), .press("Enter"), .type("654321"), .press("Enter"), .waitFor("【完了】"),
            .press("Enter"), .waitFor("を終了しました"), .press("Enter"), .press("F12"),
        ]
    }
}

@Suite(.serialized) struct VisitScriptTests {
    /// Runs `script` in memory against `dir` (signed-out start, as `madoguchi` opens).
    static func runInMemory(_ script: [VisitStep], dir: URL) throws {
        let app = try CounterApp.open(directory: DataDirectory(dir), formsDirectory: FormsDirectory.url, purpose: .live, clock: SystemClock())
        let context = CounterContext(cityName: app.config.cityName, terminalID: app.config.terminalID,
                                     idleLockSeconds: app.config.idleLockMinutes * 60, paymentTerminal: app.config.paymentTerminal)
        var driver = VisitDriver(model: .signIn(context: context, now: Date()), runner: CounterEffects(app: app))
        for step in script {
            switch step {
            case .type(let text): driver.type(text)
            case .press: driver.press(step.key)
            case .waitFor(let text): #expect(driver.screen.contains(text), "in memory, not on screen: \(text)\n\(driver.screen)")
            case .pickRow(let text):
                let key = try #require(VisitStep.rowKey(text, on: driver.screen), "no row \(text)\n\(driver.screen)")
                driver.type(key)
            }
        }
        #expect(driver.quit)
    }

    /// Runs `script` in tmux against `dir` with the built binary.
    static func runInTmux(_ script: [VisitStep], dir: URL) throws {
        let tmux = try Tmux(command: TmuxStartScreenTests.binaryCommand(data: dir) + " --forms " + Tmux.quote(FormsDirectory.url.path))
        defer { tmux.kill() }
        for step in script {
            switch step {
            case .type(let text): try tmux.type(text)
            case .press(let name): try tmux.press(name)
            case .waitFor(let text): _ = try tmux.waitFor(text)
            case .pickRow(let text):
                let screen = try tmux.waitUntil("the row \(text)") { VisitStep.rowKey(text, on: $0) != nil }
                try tmux.type(try #require(VisitStep.rowKey(text, on: screen)))
            }
        }
        // F12 ends the program (and its tmux session): wait for its last record in the journal.
        let deadline = Date().addingTimeInterval(30)
        while !ParityRecords.of(dir).contains(where: { $0.contains("\"type\":\"logout\"") }) {
            try #require(Date() < deadline, "no logout record after F12")
            usleep(20_000)
        }
    }

    @Test func theCertificateVisitRunsInMemoryAndInTmuxFromOneScriptWithTheSameRecords() throws {
        let (memory, first) = try TmuxCounterVisitTests.counterData()
        let (terminal, _) = try TmuxCounterVisitTests.counterData()
        defer {
            try? FileManager.default.removeItem(at: memory)
            try? FileManager.default.removeItem(at: terminal)
        }
        let kana = first[3].components(separatedBy: " ")[0].applyingTransform(.hiraganaToKatakana, reverse: true)!
        let script = VisitStep.certificateVisit(kana: kana, name: first[2])
        try Self.runInMemory(script, dir: memory)
        try Self.runInTmux(script, dir: terminal)
        let inMemory = ParityRecords.of(memory)
        #expect(inMemory.count >= 8)
        #expect(inMemory == ParityRecords.of(terminal))
        for type in ["login", "access", "case_opened", "form_printed", "payment", "case_closed", "logout"] {
            #expect(inMemory.contains { $0.contains("\"type\":\"\(type)\"") }, "no \(type) record")
        }
    }
}

/// A data directory's journal records without what differs between two runs of the same
/// acts (time, hashes, the file header): type, clerk, seq and every field, as sorted JSON.
enum ParityRecords {
    static func of(_ dir: URL) -> [String] {
        var lines: [String] = []
        let walker = FileManager.default.enumerator(at: dir.appendingPathComponent("journal"), includingPropertiesForKeys: nil)
        var files: [URL] = []
        while let url = walker?.nextObject() as? URL {
            if url.lastPathComponent.hasSuffix(".jsonl") { files.append(url) }
        }
        for file in files.sorted(by: { $0.path < $1.path }) {
            for line in ((try? String(contentsOf: file, encoding: .utf8)) ?? "").split(separator: "\n") {
                guard var object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], object["seq"] != nil else { continue }
                for key in ["ts", "h", "prev"] { object[key] = nil }
                if let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) {
                    lines.append(String(decoding: data, as: UTF8.self))
                }
            }
        }
        return lines
    }
}
