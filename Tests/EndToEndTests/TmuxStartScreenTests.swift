import Foundation
import JapaneseKit
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The built binary in a real (tmux) terminal: what a clerk sees and does at the start.
@Suite(.serialized) struct TmuxStartScreenTests {
    /// PBKDF2-HMAC-SHA256 of PIN 1234 (100,000 iterations), computed independently of
    /// madoguchi (Python's hashlib), so signing in also checks the hash implementation.
    static let pin1234 = "pbkdf2-sha256$100000$bWFkb2d1Y2hpLWUyZS0xNg==$uLBQs4nCV8HCXZod0jccc1X4VpvS/Ve6sq6VDZ19r5M="

    /// A data directory with a config.yaml naming the city, the terminal and one clerk
    /// (id c01, PIN 1234).
    static func dataDirectory(extra: String = "") throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("madoguchi-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try ("city_name: テスト市\nterminal_id: mado-07\n" + extra
            + "clerks:\n  - id: c01\n    name: 窓口 一郎\n    role: clerk\n    pin_hash: \"\(pin1234)\"\n"
            + "  - id: sup1\n    name: 管理 花子\n    role: supervisor\n    pin_hash: \"\(TestClerks.hash)\"\n")
            .write(to: dir.appendingPathComponent("config.yaml"), atomically: true, encoding: .utf8)
        return dir
    }

    /// The command line that runs the binary the way the README says, in a UTF-8 xterm.
    static func binaryCommand(data: URL, environment: String = "LANG=C.UTF-8 TERM=xterm-256color") -> String {
        "env \(environment) \(Tmux.quote(Binary.url.path)) --data-dir \(Tmux.quote(data.path))"
    }

    /// A shell in the pane with a recognisable prompt, nothing from the user's rc files.
    static let shell = "env -i PATH=/usr/bin:/bin HOME=/tmp LANG=C.UTF-8 TERM=xterm-256color PS1='mdg$ ' sh"

    @Test func startScreenShowsTitleAndKeyBarAt80x24() throws {
        let data = try Self.dataDirectory()
        let tmux = try Tmux(command: Self.binaryCommand(data: data))
        defer { tmux.kill() }
        try tmux.waitFor("F1ヘルプ F12終了")
        let lines = try tmux.lines()
        #expect(lines.count == 24)
        #expect(lines[0].hasPrefix(" テスト市 総合窓口  職員モード"))
        #expect(lines[0].contains("端末 mado-07"))
        #expect(lines[1].hasPrefix(" 【サインイン】"))
        #expect(lines[0].contains("担当 未サインイン"))
        #expect(lines[23].hasPrefix("F1ヘルプ F12終了"))
        #expect(lines.contains { $0.contains("担当者IDと暗証番号を入力して") })
        // The clock sits at the right edge: 79 columns once tmux trims the trailing blank.
        #expect(DisplayWidth.of(lines[0]) == 79)
    }

    @Test func aCLocaleFallsBackToUTF8AndStillShowsJapanese() throws {
        let data = try Self.dataDirectory()
        let tmux = try Tmux(command: Self.binaryCommand(data: data, environment: "-u LC_ALL -u LC_CTYPE LANG=C TERM=xterm-256color"))
        defer { tmux.kill() }
        let screen = try tmux.waitFor("F1ヘルプ F12終了")
        #expect(screen.hasPrefix(" テスト市 総合窓口  職員モード"))
        #expect(screen.contains("担当者IDと暗証番号を入力して"))
    }

    @Test func f1ShowsHelpAndEscapeClosesIt() throws {
        let data = try Self.dataDirectory()
        let tmux = try Tmux(command: Self.binaryCommand(data: data))
        defer { tmux.kill() }
        try tmux.waitFor("F1ヘルプ")
        try tmux.press("F1")
        // The whole box, drawn from the key map: every binding's help line and the close hint.
        let help = try tmux.waitUntil("the help box") { $0.contains("[ 閉じる ]") }
        #expect(help.contains("ヘルプ: サインイン"))
        #expect(help.contains("F12    窓口を終了します"))
        #expect(help.contains("F1     この画面で使えるキーの一覧を表示します"))
        #expect(help.contains("Enter  次の欄へ進みます"))
        try tmux.press("Escape")
        try tmux.waitUntil("help closed") { !$0.contains("ヘルプ: サインイン") && $0.contains("担当者IDと暗証番号を入力して") }
    }

    @Test func resizeTo100x30Redraws() throws {
        let data = try Self.dataDirectory()
        let tmux = try Tmux(command: Self.binaryCommand(data: data))
        defer { tmux.kill() }
        try tmux.waitFor("F1ヘルプ")
        try tmux.resize(width: 100, height: 30)
        try tmux.waitUntil("the key bar on row 30 and the clock at column 100") { screen in
            let lines = screen.components(separatedBy: "\n")
            return lines.count >= 30 && lines[29].hasPrefix("F1ヘルプ F12終了") && DisplayWidth.of(lines[0]) == 99
        }
    }

    @Test func quittingLeavesTheShellUsable() throws {
        let data = try Self.dataDirectory()
        let tmux = try Tmux(command: Self.shell)
        defer { tmux.kill() }
        try tmux.waitFor("mdg$")
        for quit in [["F12"], ["Escape", "Escape"]] {
            try tmux.type("clear; " + Self.binaryCommand(data: data) + "; echo status=$?")
            try tmux.press("Enter")
            try tmux.waitFor("F1ヘルプ F12終了")
            for key in quit { try tmux.press(key) }
            try tmux.waitFor("status=0")
            // Echo and newline translation are back: the typed command shows, its output
            // starts a line of its own, and the prompt returns.
            try tmux.type("echo ok-$((40+2))")
            try tmux.press("Enter")
            let screen = try tmux.waitFor("\nok-42")
            #expect(screen.contains("mdg$ echo ok-$((40+2))"))
            #expect(screen.components(separatedBy: "\n").contains("ok-42"))
        }
    }

    @Test(arguments: [SIGTERM, SIGHUP])
    func aTerminationSignalRestoresTheTerminal(signal: Int32) throws {
        let data = try Self.dataDirectory()
        let tmux = try Tmux(command: Self.shell)
        defer { tmux.kill() }
        try tmux.waitFor("mdg$")
        try tmux.type(Self.binaryCommand(data: data) + "; echo status=$?")
        try tmux.press("Enter")
        try tmux.waitFor("F1ヘルプ F12終了")
        let shell = try tmux.panePID()
        let children = try String(contentsOfFile: "/proc/\(shell)/task/\(shell)/children", encoding: .utf8)
        let pids = children.split(separator: " ").compactMap { pid_t($0) }
        try #require(pids.count == 1)
        #expect(kill(pids[0], signal) == 0)
        try tmux.waitFor("status=\(128 + signal)")
        try tmux.type("echo ok-$((40+2))")
        try tmux.press("Enter")
        let screen = try tmux.waitFor("\nok-42")
        #expect(screen.contains("mdg$ echo ok-$((40+2))"))
    }

    @Test func withoutTERMTheBinaryExits2WithAMessage() throws {
        let data = try Self.dataDirectory()
        let command = Self.binaryCommand(data: data, environment: "-u TERM LANG=C.UTF-8")
        let tmux = try Tmux(command: "sh -c \(Tmux.quote(command + "; echo status=$?; exec sleep 86400"))")
        defer { tmux.kill() }
        let screen = try tmux.waitFor("status=")
        #expect(screen.contains("status=2"))
        #expect(screen.contains("端末の種類（環境変数 TERM）が設定されていない"))
        #expect(screen.contains("TERM is not set"))

        // The same without any terminal at all.
        let result = try Binary.run(["--data-dir", data.path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("TERM"))
        #expect(result.stdout.isEmpty)
    }
}
