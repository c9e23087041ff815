import CounterCore
import Foundation
import Testing

/// 研修 through the built binary: a scenario's model answer replayed on the counter screens in
/// tmux, marked from the journal, listed for the trainer — and the live data directory left
/// byte for byte as it was.
@Suite(.serialized) struct TmuxTrainingTests {
    /// Every file under `dir` with its bytes.
    static func contents(_ dir: URL) -> [String: Data] {
        var out: [String: Data] = [:]
        let walker = FileManager.default.enumerator(at: dir, includingPropertiesForKeys: nil)
        while let url = walker?.nextObject() as? URL {
            out[url.path] = (try? Data(contentsOf: url)) ?? Data()
        }
        return out
    }

    /// Types a scenario's key script into the counter in tmux, as a trainee at the keyboard
    /// would (the script's key names are tmux's).
    static func play(_ steps: [TrainingStep], on tmux: Tmux) throws {
        for step in steps {
            switch step {
            case .type(let text): try tmux.type(text)
            case .press(let key): try tmux.press(key)
            case .waitFor(let text): _ = try tmux.waitFor(text)
            case .pick(let text):
                let row = try #require(try tmux.waitFor(text).split(separator: "\n").first { $0.contains(text) })
                try tmux.type(String(try #require(row.trimmingCharacters(in: .whitespaces).first)))
            case .ask, .caption:
                continue
            }
        }
    }

    @Test func theReplayedModelAnswerIsMarkedListedAndLeavesLiveDataUntouched() throws {
        let root = try LiveDataSafetyTests.temporary("training-e2e")
        defer { try? FileManager.default.removeItem(at: root) }
        let live = try LiveDataSafetyTests.live("registry", in: root)
        let beforeTree = LiveDataSafetyTests.tree(live)
        let beforeBytes = Self.contents(live)
        let environment = "LANG=C.UTF-8 TERM=xterm-256color MADOGUCHI_DATA_DIR=\(Tmux.quote(live.path))"
        let command = "env \(environment) \(Tmux.quote(Binary.url.path)) demo --forms \(Tmux.quote(FormsDirectory.url.path))"
            + " --residents 30 --play dairinin_ininjo_nashi --pace 50"
        let tmux = try Tmux(command: command)
        defer { tmux.kill() }
        _ = try tmux.waitFor("【申請書確認】", timeout: 60)
        let result = try tmux.waitFor("何かキーを押すと終わります", timeout: 60)
        #expect(result.contains("得点 100点"), "\(result)")
        #expect(result.contains("✓ 判断: 交付しない"), "\(result)")
        #expect(result.contains("重大な誤り") && result.contains("なし"), "\(result)")
        try tmux.press("Enter")

        let demo = URL(fileURLWithPath: live.path + "-demo")
        let listed = try Binary.run(["training", "results", "--csv", "--replays", "--data-dir", demo.path, "--forms", FormsDirectory.url.path])
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(listed.stdout.contains("代理人（委任状なし）,100,合格"), "\(listed.stdout)")
        let attempt = try #require(listed.stdout.split(separator: "\r\n").dropFirst().first?.split(separator: ",")[2])
        let scored = try Binary.run(["training", "score", String(attempt), "--json", "--data-dir", demo.path, "--forms", FormsDirectory.url.path])
        #expect(scored.status == 0 && scored.stdout.contains("\"score\":100"), "\(scored.stdout)\(scored.stderr)")
        // The marking refuses a live directory and a made-up attempt.
        let onLive = try Binary.run(["training", "results", "--data-dir", live.path])
        #expect(onLive.status == 1 && onLive.stderr.contains("研修用のデータではありません"), "\(onLive.stderr)")
        let unknown = try Binary.run(["training", "score", "T20261202-999999", "--data-dir", demo.path, "--forms", FormsDirectory.url.path])
        #expect(unknown.status == 1 && unknown.stderr.contains("記録がジャーナルにありません"), "\(unknown.stderr)")

        #expect(LiveDataSafetyTests.tree(live) == beforeTree)
        #expect(Self.contents(live) == beforeBytes)
    }

    /// The "done when" of 研修: from `madoguchi demo`, a trainee picks the 代理人-without-委任状
    /// scenario, asks a question, issues against the rule and sees the critical fail explained;
    /// the trainer replays the model answer from the result, then exports the day's results —
    /// all from the keyboard, and the live directory is byte for byte as it was.
    @Test func aTraineePlaysAScenarioAndTheTrainerReplaysAndExportsFromTheKeyboard() throws {
        let root = try LiveDataSafetyTests.temporary("training-trainee")
        defer { try? FileManager.default.removeItem(at: root) }
        let live = try LiveDataSafetyTests.live("registry", in: root)
        let beforeBytes = Self.contents(live)
        let environment = "LANG=C.UTF-8 TERM=xterm-256color MADOGUCHI_DATA_DIR=\(Tmux.quote(live.path))"
        let command = "env \(environment) \(Tmux.quote(Binary.url.path)) demo --forms \(Tmux.quote(FormsDirectory.url.path))"
            + " --residents 30 --pace 50"
        let tmux = try Tmux(command: command)
        defer { tmux.kill() }
        _ = try tmux.waitFor("【研修メニュー】", timeout: 60)
        // シナリオ練習: the name once, the second scenario, one question asked through F11.
        try Self.play([.type("2"), .waitFor("氏名を入力して Enter"), .type("研修 花子"), .press("Enter"), .waitFor("代理人（委任状なし）"),
                       .press("Down"), .waitFor("別に住む長男"), .press("Enter"), .waitFor("来庁者 「母の住民票を2通ください。」"),
                       .press("F11"), .waitFor("【質問する】"), .type("1"), .waitFor("長男です。母とは別に住んでいます。"),
                       .press("F11"), .waitFor("F11質問する")], on: tmux)
        // The scenario's own wrong answer (委任状「あり」 typed for a son without one), printed.
        let scenario = try #require(TrainingScenarioLoader.loadAll(formsDirectory: FormsDirectory.url,
                                                                   forms: FormLibrary.load(directory: FormsDirectory.url))
            .scenarios.first { $0.id == "dairinin_ininjo_nashi" })
        try Self.play(scenario.wrongAnswer, on: tmux)
        _ = try tmux.waitFor("印刷しました")
        try tmux.press("F6")
        _ = try tmux.waitFor("【手数料・支払】")
        try tmux.type("1")
        try tmux.press("Enter")
        _ = try tmux.waitFor("【完了】")
        try tmux.press("Enter")
        let marked = try tmux.waitFor("【採点結果】")
        #expect(marked.contains("不合格（重大な誤り 1 件）"), "\(marked)")
        try tmux.press("PageDown")
        let explained = try tmux.waitFor("委任状のない代理人に交付した")
        #expect(explained.contains("住民基本台帳法 第12条第4項"), "\(explained)")

        // The trainer replays the model answer on the same terminal, then comes back.
        try tmux.press("F6")
        _ = try tmux.waitFor("再生: 代理人（委任状なし）", timeout: 30)
        let replayed = try tmux.waitFor("模範解答の採点です", timeout: 60)
        #expect(replayed.contains("100点　合格"), "\(replayed)")
        try tmux.press("Enter")
        _ = try tmux.waitFor("模範解答の再生から戻りました")

        // 研修結果: both attempts; F5 writes them as CSV.
        try tmux.press("Escape")
        _ = try tmux.waitFor("2  シナリオ練習")
        try tmux.type("3")
        // The replay is marked too, but is no trainee's attempt: 研修結果 lists the trainee's only.
        let results = try tmux.waitFor("1 件（合格 0 件）")
        #expect(results.contains("研修 花子") && !results.contains("模範解答"), "\(results)")
        try tmux.press("F5")
        let exported = try tmux.waitFor("CSV に書き出しました")
        #expect(exported.contains("1 件を CSV"), "\(exported)")
        let demo = URL(fileURLWithPath: live.path + "-demo")
        let spool = demo.appendingPathComponent("spool")
        let csvName = try #require(try FileManager.default.contentsOfDirectory(atPath: spool.path).first { $0.hasPrefix("kenshu-kekka-") })
        let csv = try String(contentsOf: spool.appendingPathComponent(csvName), encoding: .utf8)
        #expect(csv.contains("研修 花子") && csv.contains("代理人（委任状なし）,33,不合格"), "\(csv)")
        try tmux.press("F12")
        #expect(Self.contents(live) == beforeBytes)
    }

    /// What an attacker tried at the command line: a --pdf aimed at a journal, a config or a
    /// missing folder; a demo folder inside the live one; control characters in the CSV.
    @Test func namedPrintoutsAndDemoFoldersCannotReachLiveData() throws {
        let root = try LiveDataSafetyTests.temporary("training-attack")
        defer { try? FileManager.default.removeItem(at: root) }
        let live = try LiveDataSafetyTests.live("registry", in: root)
        let demo = root.appendingPathComponent("demo")
        let forms = FormsDirectory.url.path
        // One attempt, ended from 質問する at once.
        let tmux = try Tmux(command: "env LANG=C.UTF-8 TERM=xterm-256color MADOGUCHI_DATA_DIR=\(Tmux.quote(live.path)) "
            + "\(Tmux.quote(Binary.url.path)) demo --data-dir \(Tmux.quote(demo.path)) --residents 20 --forms \(Tmux.quote(forms)) --trainee 研修花子")
        defer { tmux.kill() }
        _ = try tmux.waitFor("1  自由練習", timeout: 60)
        try Self.play([.type("2"), .waitFor("近所に住む知人"), .press("Enter"), .waitFor("F11質問する"), .press("F11"), .waitFor("【質問する】"),
                       .press("F10"), .waitFor("研修を終えて採点します"), .type("y"), .waitFor("【採点結果】"), .press("F12")], on: tmux)
        let csv = try Binary.run(["training", "results", "--csv", "--data-dir", demo.path, "--forms", forms])
        let attempt = try #require(csv.stdout.split(separator: "\r\n").dropFirst().first?.split(separator: ",")[2])

        // The live registry, the live config, a note of the clerk's, a folder that is not there.
        let registry = try #require(FileManager.default.enumerator(atPath: live.path)?.compactMap { $0 as? String }
            .first { $0.hasPrefix("registry") && $0.contains(".") })
        let targets = [live.appendingPathComponent(registry).path,
                       live.appendingPathComponent("config.yaml").path, root.appendingPathComponent("notes.txt").path,
                       root.appendingPathComponent("missing/record.pdf").path]
        try Data("keep".utf8).write(to: URL(fileURLWithPath: targets[2]))
        let before = LiveDataSafetyTests.tree(live)
        for target in targets {
            let run = try Binary.run(["training", "score", String(attempt), "--pdf", target, "--data-dir", demo.path, "--forms", forms])
            #expect(run.status == 1, "\(target): \(run.stdout)")
            #expect(run.stderr.contains(".pdf で終わる名前") || run.stderr.contains("フォルダ"), "\(run.stderr)")
        }
        #expect(LiveDataSafetyTests.tree(live) == before)
        #expect(try String(contentsOfFile: targets[2], encoding: .utf8) == "keep")
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("missing").path))
        // A real PDF name works, and a PDF there may be replaced.
        let pdf = root.appendingPathComponent("kenshu.pdf").path
        for _ in 0..<2 {
            let ok = try Binary.run(["training", "score", String(attempt), "--pdf", pdf, "--data-dir", demo.path, "--forms", forms])
            #expect(ok.status == 0, "\(ok.stderr)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: pdf)).prefix(5) == Data("%PDF-".utf8))

        // A demo folder inside the live one, or holding it, is refused before anything is written.
        for inside in [live.appendingPathComponent("journal/x").path, root.path] {
            let run = try Binary.run(["demo", "--data-dir", inside, "--forms", forms, "--residents", "20"],
                                     environment: ["TERM": "dumb", "MADOGUCHI_DATA_DIR": live.path])
            #expect(run.status == 1 && run.stderr.contains("入れ子"), "\(inside): \(run.stderr)")
        }
        #expect(LiveDataSafetyTests.tree(live) == before)
    }
}
