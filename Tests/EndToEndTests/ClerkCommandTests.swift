import Foundation
import Testing

/// `madoguchi clerk …` and `madoguchi demo`'s refusals, through the built binary.
@Suite struct ClerkCommandTests {
    static func emptyDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("madoguchi-clerk-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func addStoresOnlyASaltedSlowHashAndListShowsTheClerk() throws {
        let dir = try Self.emptyDirectory()
        let added = try Binary.run(["clerk", "add", "k07", "--name", "佐藤 花子", "--supervisor", "--data-dir", dir.path],
                                   stdin: "482910\n482910\n")
        #expect(added.status == 0, "\(added.stderr)")
        let config = try String(contentsOf: dir.appendingPathComponent("config.yaml"), encoding: .utf8)
        #expect(!config.contains("482910"))
        // Readable YAML: the name as written, whole minutes as an integer.
        #expect(config.contains("name: 佐藤 花子"), "\(config)")
        // (The PIN's salt and hash are base64 and may hold "e+" by chance: only the other lines count.)
        let plain = config.split(separator: "\n").filter { !$0.contains("pbkdf2-sha256$") }.joined(separator: "\n")
        #expect(!plain.contains("\\u") && !plain.contains("e+"), "\(config)")
        #expect(config.contains("idle_lock_minutes: 10\n"), "\(config)")
        #expect(config.contains("pbkdf2-sha256$120000$"))
        #expect(config.contains("role: supervisor"))
        // Who the clerks are is for a supervisor's eyes (SupervisorCommandTests: a clerk is refused).
        let list = try Binary.run(["clerk", "list", "--data-dir", dir.path, "--clerk", "k07"], environment: ["MADOGUCHI_PIN": "482910"])
        #expect(list.stdout.contains("k07\t佐藤 花子\t管理者\t有効"))
        #expect(!list.stdout.contains("pbkdf2"))
        // Once a supervisor exists, changes to the clerks need a supervisor's PIN.
        let unsigned = try Binary.run(["clerk", "disable", "k07", "--data-dir", dir.path, "--clerk", "k07"])
        #expect(unsigned.status == 1)
        // The last supervisor cannot be disabled: nobody could sign for the clerks again.
        let last = try Binary.run(["clerk", "disable", "k07", "--data-dir", dir.path, "--clerk", "k07"],
                                  environment: ["MADOGUCHI_PIN": "482910"])
        #expect(last.status == 1 && last.stderr.contains("最後の管理者"), "\(last.stderr)")
        let second = try Binary.run(["clerk", "add", "k08", "--name", "鈴木 一郎", "--supervisor", "--data-dir", dir.path, "--clerk", "k07"],
                                    environment: ["MADOGUCHI_PIN": "482910"], stdin: "573920\n573920\n")
        #expect(second.status == 0, "\(second.stderr)")
        let disabled = try Binary.run(["clerk", "disable", "k07", "--data-dir", dir.path, "--clerk", "k08"],
                                      environment: ["MADOGUCHI_PIN": "573920"])
        #expect(disabled.status == 0, "\(disabled.stderr)")
        // Each change is a journal record naming who signed for it.
        let changes = try Binary.run(["journal", "show", "--type", "clerk_changed", "--json", "--data-dir", dir.path, "--clerk", "k08"],
                                     environment: ["MADOGUCHI_PIN": "573920"])
        let lines = changes.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 3, "\(changes.stdout)\(changes.stderr)")
        #expect(lines.last?.contains("\"disabled\"") == true && lines.last?.contains("\"clerk\":\"k08\"") == true, "\(lines)")
        #expect(try Binary.run(["clerk", "list", "--data-dir", dir.path, "--clerk", "k08"],
                               environment: ["MADOGUCHI_PIN": "573920"]).stdout.contains("無効"))
    }

    @Test func mismatchedOrShortPinsAreRefused() throws {
        let dir = try Self.emptyDirectory()
        let mismatch = try Binary.run(["clerk", "add", "k1", "--name", "a", "--data-dir", dir.path], stdin: "1234\n1235\n")
        #expect(mismatch.status == 2)
        #expect(mismatch.stderr.contains("一致しません"))
        let short = try Binary.run(["clerk", "add", "k1", "--name", "a", "--data-dir", dir.path], stdin: "12\n12\n")
        #expect(short.status == 2)
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("config.yaml").path))
        let unknown = try Binary.run(["clerk", "disable", "nobody", "--data-dir", dir.path])
        #expect(unknown.status == 1)
        // A PIN shorter than the policy's six digits is refused for a new clerk.
        let four = try Binary.run(["clerk", "add", "k1", "--name", "a", "--data-dir", dir.path], stdin: "1234\n1234\n")
        #expect(four.status == 2 && four.stderr.contains("6〜12桁"))
    }

    @Test func theCounterScreenWithoutClerksSaysHowToAddOne() throws {
        let dir = try Self.emptyDirectory()
        let result = try Binary.run(["--data-dir", dir.path], environment: ["TERM": "xterm-256color"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("madoguchi clerk add"))
    }

    @Test func demoRefusesADirectoryWithALiveJournal() throws {
        let dir = try Self.emptyDirectory()
        try TestClerks.write(to: dir, terminalID: "T01", clerks: ["c1"])
        // Any live command writes a LIVE journal: a case opened from the command line.
        let opened = try Binary.run(["case", "open", "--data-dir", dir.path, "--clerk", "c1"])
        #expect(opened.status == 0, "\(opened.stderr)")
        for arguments in [["demo", "--data-dir", dir.path], ["demo", "--reset", "--data-dir", dir.path]] {
            let demo = try Binary.run(arguments, environment: ["TERM": "xterm-256color"])
            #expect(demo.status == 1)
            #expect(demo.stderr.contains("LIVE"))
        }
        // Nothing was deleted.
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("journal").path))
    }

    @Test func demoNeverUsesTheLiveDirectoryAndResetKeepsForeignFolders() throws {
        let home = try Self.emptyDirectory()
        let live = home.appendingPathComponent(".local/share/madoguchi")
        let demo = try Binary.run(["demo", "--data-dir", live.path], environment: ["HOME": home.path, "TERM": "xterm-256color"])
        #expect(demo.status == 1)
        #expect(demo.stderr.contains("本番のデータディレクトリ"))
        let foreign = try Self.emptyDirectory()
        try Data("keep".utf8).write(to: foreign.appendingPathComponent("notes.txt"))
        let reset = try Binary.run(["demo", "--reset", "--data-dir", foreign.path], environment: ["TERM": "xterm-256color"])
        #expect(reset.status == 1)
        #expect(FileManager.default.fileExists(atPath: foreign.appendingPathComponent("notes.txt").path))
    }
}
