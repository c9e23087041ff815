import Foundation
import Testing

/// The counter driven with each terminal's own function-key bytes (what its terminfo entry
/// and the program behind it send), and with Esc and a digit instead of F-keys: help, sign
/// out, and a visit up to the printed form.
@Suite(.serialized) struct TmuxTerminalKeysTests {
    /// A TERM and the bytes its program sends for F1, F2, F5 and F10 (`infocmp` shows kf1 …;
    /// vt220 has no kf5 of its own: the VT220-style programs send xterm's `ESC [ 15 ~`).
    struct Terminal: CustomTestStringConvertible, Sendable {
        let term: String
        let f1: String, f2: String, f5: String, f10: String
        var testDescription: String { term }
    }

    static let xtermLike = (f1: "1b 4f 50", f2: "1b 4f 51", f5: "1b 5b 31 35 7e", f10: "1b 5b 32 31 7e")
    static let terminals = [
        Terminal(term: "xterm", f1: xtermLike.f1, f2: xtermLike.f2, f5: xtermLike.f5, f10: xtermLike.f10),
        Terminal(term: "xterm-256color", f1: xtermLike.f1, f2: xtermLike.f2, f5: xtermLike.f5, f10: xtermLike.f10),
        Terminal(term: "screen", f1: xtermLike.f1, f2: xtermLike.f2, f5: xtermLike.f5, f10: xtermLike.f10),
        Terminal(term: "linux", f1: "1b 5b 5b 41", f2: "1b 5b 5b 42", f5: "1b 5b 5b 45", f10: xtermLike.f10),
        Terminal(term: "vt220", f1: xtermLike.f1, f2: xtermLike.f2, f5: xtermLike.f5, f10: xtermLike.f10),
        Terminal(term: "putty", f1: "1b 5b 31 31 7e", f2: "1b 5b 31 32 7e", f5: xtermLike.f5, f10: xtermLike.f10),
    ]

    /// One data directory (clerk c01, 200 residents) for every terminal.
    static let data = Result { try TmuxCounterVisitTests.counterData() }

    @Test(arguments: TmuxTerminalKeysTests.terminals)
    func eachTerminalsOwnKeysAndTheEscapeDigitsReachTheirActions(terminal: Terminal) throws {
        #expect(throws: Never.self) { try Self.checkTerminfo(terminal.term) }
        let (dir, first) = try Self.data.get()
        let command = "env LANG=C.UTF-8 TERM=\(terminal.term) \(Tmux.quote(Binary.url.path)) --data-dir \(Tmux.quote(dir.path))"
            + " --forms " + Tmux.quote(FormsDirectory.url.path)
        let tmux = try Tmux(command: command)
        defer { tmux.kill() }
        try signIn(tmux)

        // F1 as this terminal sends it: the help; Esc closes it (after the wait for a digit).
        try tmux.raw(terminal.f1)
        try tmux.waitFor("ヘルプ: 住民検索")
        try tmux.press("Escape")
        try tmux.waitUntil("help closed") { !$0.contains("ヘルプ: 住民検索") }
        // Whatever TERM says: PuTTY's and the Linux console's F1 open the help too.
        for f1 in ["1b 5b 31 31 7e", "1b 5b 5b 41"] {
            try tmux.raw(f1)
            try tmux.waitFor("ヘルプ: 住民検索")
            try tmux.press("Escape")
            try tmux.waitUntil("help closed") { !$0.contains("ヘルプ: 住民検索") }
        }
        // Esc 1 sent at once (Alt+1, or typed fast), then Esc and 1 with a clerk's pause between.
        try tmux.raw("1b 31")
        // The popup's frame is drawn before its text: wait for the line that names the Esc form.
        try tmux.waitUntil("help with 0＝F10") { $0.contains("ヘルプ: 住民検索") && $0.contains("0＝F10") }
        try tmux.press("Escape")
        try tmux.waitUntil("help closed") { !$0.contains("ヘルプ: 住民検索") }
        try tmux.press("Escape")
        usleep(200_000)
        try tmux.type("1")
        try tmux.waitFor("ヘルプ: 住民検索")
        try tmux.press("Escape")
        try tmux.waitUntil("help closed") { !$0.contains("ヘルプ: 住民検索") }

        // F10 signs out; after signing in again, Esc 0 does the same.
        try tmux.raw(terminal.f10)
        try tmux.waitFor("担当者IDと暗証番号")
        try signIn(tmux)
        try tmux.press("Escape")
        usleep(200_000)
        try tmux.type("0")
        try tmux.waitFor("担当者IDと暗証番号")
        try signIn(tmux)

        // A visit: F2 受付 and F5 印刷 as this terminal sends them.
        try TmuxCounterVisitTests.open(tmux, kana: first[3].components(separatedBy: " ")[0], name: first[2])
        try tmux.raw(terminal.f2)
        let reception = try TmuxCounterVisitTests.waitForReception(tmux)
        let key = try #require(reception.components(separatedBy: "\n").first { $0.contains("住民票の写し等交付請求書") })
            .trimmingCharacters(in: .whitespaces).prefix(1)
        try tmux.type(String(key))
        try tmux.press("Enter")
        try tmux.waitFor("【申請書確認】")
        for choice in ["1", "1", "1", "1", "2", "2"] { try tmux.type(choice) }
        try tmux.waitFor("未入力 0 件")
        try tmux.raw(terminal.f5)
        try tmux.waitFor("印刷しました")
        // Esc 6 (F6) goes on to the payment.
        try tmux.press("Escape")
        usleep(200_000)
        try tmux.type("6")
        try tmux.waitFor("【手数料・支払】")
    }

    @Test func badKeySettingsStopTheCounterWithWhatToWrite() throws {
        for (extra, words) in [("keys:\n  F10: Ctrl+A\n", "Ctrl+O"), ("terminal_program: konsole9\n", "gnome-terminal"),
                               ("ambiguous_width: 3\n", "ambiguous_width は 1 か 2")] {
            let dir = try TmuxStartScreenTests.dataDirectory(extra: extra)
            let result = try Binary.run(["--data-dir", dir.path, "--forms", FormsDirectory.url.path], environment: ["TERM": "xterm"])
            #expect(result.status == 1, "\(extra): \(result.stderr)")
            #expect(result.stderr.contains(words), "\(extra): \(result.stderr)")
        }
    }

    private func signIn(_ tmux: Tmux) throws {
        try tmux.waitFor("担当者IDと暗証番号")
        try tmux.type("c01")
        try tmux.press("Enter")
        try tmux.type("1234")
        try tmux.press("Enter")
        try tmux.waitFor("【住民検索】")
    }

    /// The terminfo entry must be installed (putty's comes with ncurses-term): say so plainly.
    static func checkTerminfo(_ term: String) throws {
        let found = try Tmux.spawn(["/usr/bin/env", "infocmp", term])
        if found.status != 0 {
            throw Tmux.Failure(description: "no terminfo entry for \(term): install ncurses-term (apt-get install ncurses-term)")
        }
    }
}

extension Tmux {
    /// Sends bytes written as hex pairs ("1b 5b 31 31 7e"), as a terminal program would.
    func raw(_ hex: String) throws { try tmux(["send-keys", "-t", session, "-H"] + hex.split(separator: " ").map(String.init)) }
}
