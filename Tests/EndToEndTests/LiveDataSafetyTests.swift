import CounterCore
import Foundation
import Testing

/// Live data stays live and demo stays demo, files are private, a mistyped --data-dir is not
/// made into a counter: each attack through the built binary.
@Suite struct LiveDataSafetyTests {
    static func temporary(_ name: String) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Every path under `dir` with its size and modification time: equal means nothing was
    /// written, created or deleted.
    static func tree(_ dir: URL) -> [String] {
        var out: [String] = []
        let walker = FileManager.default.enumerator(at: dir, includingPropertiesForKeys: nil)
        while let url = walker?.nextObject() as? URL {
            let a = try? FileManager.default.attributesOfItem(atPath: url.path)
            out.append("\(url.path) \(a?[.size] ?? 0) \((a?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0)")
        }
        return out.sorted()
    }

    static let residents = "宛名番号,世帯番号,氏名,氏名フリガナ,生年月日,性別,続柄,住民状態\n1001,2001,山田 太郎,ヤマダ タロウ,1950-04-01,1,世帯主,1\n"

    /// A live directory holding one kind of live data.
    static func live(_ kind: String, in root: URL) throws -> URL {
        let dir = root.appendingPathComponent("live-\(kind)")
        switch kind {
        case "registry":
            let csv = root.appendingPathComponent("r-\(kind).csv")
            try residents.write(to: csv, atomically: true, encoding: .utf8)
            let imported = try Binary.run(["import", "residents", csv.path, "--data-dir", dir.path])
            try #require(imported.status == 0, "\(imported.stderr)")
        case "clerks":
            try TestClerks.write(to: dir, terminalID: "T01", clerks: ["k01"])
        case "cases":
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            _ = try BereavementCaseStore(dataDirectory: dir, clock: SystemClock(), journal: nil)
        case "journal":
            try TestClerks.write(to: dir, terminalID: "T01", clerks: ["k01"])
            let opened = try Binary.run(["case", "open", "--data-dir", dir.path, "--clerk", "k01"])
            try #require(opened.status == 0, "\(opened.stderr)")
            // Only the journal is left: the live record alone must be enough.
            try FileManager.default.removeItem(at: dir.appendingPathComponent("config.yaml"))
        default: Issue.record("no kind \(kind)")
        }
        return dir
    }

    @Test(arguments: ["registry", "clerks", "cases", "journal"])
    func theDemoRefusesLiveDataOfEveryKindBeforeWritingAndResetDeletesNothing(kind: String) throws {
        let root = try Self.temporary("demo-attack")
        defer { try? FileManager.default.removeItem(at: root) }
        let dir = try Self.live(kind, in: root)
        let link = root.appendingPathComponent("link-\(kind)")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: dir)
        let before = Self.tree(dir)
        for target in [dir, link] {
            for arguments in [["demo"], ["demo", "--reset"]] {
                let demo = try Binary.run(arguments + ["--data-dir", target.path, "--residents", "10"], environment: ["TERM": "xterm-256color"])
                #expect(demo.status == 1, "\(kind) \(arguments): \(demo.stderr)")
                #expect(demo.stderr.contains("本番のデータ"), "\(kind): \(demo.stderr)")
                // Never the advice that would delete it.
                #expect(!demo.stderr.contains("--reset"), "\(kind): \(demo.stderr)")
            }
        }
        #expect(Self.tree(dir) == before, "the demo wrote into or deleted live data (\(kind))")
    }

    @Test func theDemoRefusesTheLiveDefaultThroughALinkAndAFolderItDidNotMake() throws {
        let home = try Self.temporary("demo-home")
        defer { try? FileManager.default.removeItem(at: home) }
        let live = home.appendingPathComponent(".local/share/madoguchi")
        try FileManager.default.createDirectory(at: live, withIntermediateDirectories: true)
        let link = home.appendingPathComponent("practice")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: live)
        let viaLink = try Binary.run(["demo", "--data-dir", link.path], environment: ["HOME": home.path, "TERM": "xterm-256color"])
        #expect(viaLink.status == 1 && viaLink.stderr.contains("本番のデータディレクトリ"), "\(viaLink.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: live.path).isEmpty)
        // A folder of someone's own files is neither used nor deleted.
        let foreign = try Self.temporary("foreign")
        defer { try? FileManager.default.removeItem(at: foreign) }
        try Data("keep".utf8).write(to: foreign.appendingPathComponent("notes.txt"))
        for arguments in [["demo"], ["demo", "--reset"]] {
            let demo = try Binary.run(arguments + ["--data-dir", foreign.path], environment: ["TERM": "xterm-256color"])
            #expect(demo.status == 1)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: foreign.path) == ["notes.txt"])
    }

    /// The demo's own directory: made with its marker first, private, refused by live commands,
    /// and `--reset` deletes it only while nothing live is in it.
    @Test func resetDeletesOnlyADirectoryTheDemoMadeAndLiveCommandsStayOut() throws {
        let root = try Self.temporary("demo-own")
        defer { try? FileManager.default.removeItem(at: root) }
        let demo = root.appendingPathComponent("demo")
        // Without a terminal the screen cannot open, but the demo data is made first.
        let made = try Binary.run(["demo", "--data-dir", demo.path, "--residents", "20"], environment: ["TERM": "dumb"])
        #expect(FileManager.default.fileExists(atPath: demo.appendingPathComponent(".madoguchi-demo").path), "\(made.stderr)")
        #expect(FileManager.default.fileExists(atPath: ResidentRegistry.databaseURL(dataDirectory: demo).path))
        // Live commands do not write into the demo's directory.
        for arguments in [["case", "open", "--clerk", "demo"], ["clerk", "add", "k9", "--name", "本番 花子"]] {
            let live = try Binary.run(arguments + ["--data-dir", demo.path], environment: ["MADOGUCHI_PIN": "0000"], stdin: "246810\n246810\n")
            #expect(live.status == 1, "\(arguments): \(live.stderr)")
            #expect(live.stderr.contains("研修モード"), "\(live.stderr)")
        }
        #expect(!DataDirectory(demo).hasJournalFile(mode: .live))
        // A link inside it could lead writes into live data: refused, nothing deleted.
        let live = try Self.live("registry", in: root)
        let inside = demo.appendingPathComponent("journal-link")
        try FileManager.default.createSymbolicLink(at: inside, withDestinationURL: live)
        let linked = try Binary.run(["demo", "--reset", "--data-dir", demo.path], environment: ["TERM": "dumb"])
        #expect(linked.status == 1)
        #expect(FileManager.default.fileExists(atPath: ResidentRegistry.databaseURL(dataDirectory: live).path))
        try FileManager.default.removeItem(at: inside)
        // So could one deeper down, or a second hard link to a live file: refused before anything is written.
        let liveWitness = live.appendingPathComponent("state/witness")
        try FileManager.default.createDirectory(at: liveWitness, withIntermediateDirectories: true)
        let deep = demo.appendingPathComponent("state/witness-link")
        try FileManager.default.createDirectory(at: deep.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: deep, withDestinationURL: liveWitness)
        let nested = try Binary.run(["demo", "--data-dir", demo.path], environment: ["TERM": "dumb"])
        #expect(nested.status == 1, "\(nested.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: liveWitness.path).isEmpty)
        try FileManager.default.removeItem(at: deep)
        let hard = demo.appendingPathComponent("registry-copy.sqlite")
        try FileManager.default.linkItem(at: ResidentRegistry.databaseURL(dataDirectory: live), to: hard)
        #expect(try Binary.run(["demo", "--data-dir", demo.path], environment: ["TERM": "dumb"]).status == 1)
        try FileManager.default.removeItem(at: hard)
        // Its own directory, nothing live in it: reset deletes it (a note left there goes too).
        try Data("practice".utf8).write(to: demo.appendingPathComponent("practice.txt"))
        let reset = try Binary.run(["demo", "--reset", "--data-dir", demo.path, "--residents", "20"], environment: ["TERM": "dumb"])
        #expect(reset.stderr.contains("研修データを消去しました"), "\(reset.stderr)")
        #expect(!FileManager.default.fileExists(atPath: demo.appendingPathComponent("practice.txt").path))
    }

    @Test func aMistypedDataDirIsNotMadeIntoANewCounter() throws {
        let root = try Self.temporary("typo")
        defer { try? FileManager.default.removeItem(at: root) }
        let typo = root.appendingPathComponent("madoguci")
        let commands: [[String]] = [
            ["case", "open"], ["pay", "--method", "cash", "--amount", "300", "--item", "juminhyo:1"],
            ["void", "--seq", "1", "--reason", "誤り"], ["search", "やまだ"], ["resident", "1001"],
            ["okuyami", "--deceased", "1001", "--date-of-death", "2026-01-05"], ["close-day"],
        ]
        for arguments in commands {
            let result = try Binary.run(arguments + ["--data-dir", typo.path, "--clerk", "k01", "--forms", FormsDirectory.url.path])
            #expect(result.status == 1, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains("データディレクトリではありません") && result.stderr.contains("madoguchi clerk add"),
                    "\(arguments): \(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: typo.path), "\(arguments) created \(typo.path)")
        }
    }

    @Test func registryCasesJournalSpoolAndConfigArePrivateWhateverTheUmask() throws {
        let dir = try Self.temporary("private")
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = dir.appendingPathComponent("data")
        let csv = dir.appendingPathComponent("r.csv")
        try Self.residents.write(to: csv, atomically: true, encoding: .utf8)
        // A permissive umask, as a shared machine may have.
        func run(_ arguments: [String], stdin: String = "") throws -> Binary.Result {
            let line = (["umask 022; exec", Tmux.quote(Binary.url.path)] + arguments.map(Tmux.quote)).joined(separator: " ")
            return try Binary.run(["-c", line], environment: ["MADOGUCHI_CLERK": "k01", "MADOGUCHI_FORMS_DIR": FormsDirectory.url.path],
                                  stdin: stdin, executable: URL(fileURLWithPath: "/bin/sh"))
        }
        #expect(try run(["import", "residents", csv.path, "--data-dir", data.path]).status == 0)
        try TestClerks.write(to: data, terminalID: "T01", clerks: ["k01"])
        // config.yaml written 0644 by hand; a spool file left readable by an older version.
        chmod(data.appendingPathComponent("config.yaml").path, 0o644)
        let results = [
            try run(["okuyami", "--deceased", "1001", "--date-of-death", "2026-01-05", "--data-dir", data.path]),
            try run(["prefill", "juminhyo", "--subject", "1001", "--data-dir", data.path]),
        ]
        for result in results { #expect(result.status == 0 || result.status == 3, "\(result.stderr)") }
        let walker = FileManager.default.enumerator(at: data, includingPropertiesForKeys: nil)
        var checked: Set<String> = []
        while let url = walker?.nextObject() as? URL {
            let mode = (try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int) ?? -1
            let isDirectory = (try? url.resourceValues(forKeys: [.isDirectoryKey]))?.isDirectory == true
            #expect(mode == (isDirectory ? 0o700 : 0o600), "\(url.path) is \(String(mode, radix: 8))")
            checked.insert(url.lastPathComponent)
        }
        #expect(try (FileManager.default.attributesOfItem(atPath: data.path)[.posixPermissions] as? Int) == 0o700)
        for name in ["config.yaml", "residents.sqlite", "cases.sqlite", "journal"] { #expect(checked.contains(name), "no \(name)") }
        #expect(checked.contains { $0.hasSuffix(".jsonl") })
    }
}
