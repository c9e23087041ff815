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
        let listed = try Binary.run(["training", "results", "--csv", "--data-dir", demo.path, "--forms", FormsDirectory.url.path])
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
}
