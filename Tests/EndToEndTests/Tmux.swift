import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A private tmux server running one program in an 80×24 (or other) window, for driving the
/// built binary the way a clerk would: type text, press named keys, read the screen.
///
/// Each instance has its own `-L` socket and no configuration (`-f /dev/null`). The server
/// keeps an idle session besides the program's, so the program (or its shell) ending cannot
/// race a later command; `kill()` (also on deinit) stops the server. tmux is started with
/// `posix_spawn` + `waitpid` (Foundation's `Process.waitUntilExit` can hang on a command that
/// leaves a server running), with a clean signal mask and no inherited descriptors.
final class Tmux {
    /// The server's socket name.
    let socket: String
    /// The session the program runs in.
    let session = "app"
    private var killed = false

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Starts a server and runs `command` (a shell command line) in a `width`×`height` window.
    init(command: String, width: Int = 80, height: Int = 24) throws {
        socket = "madoguchi-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try tmux(["new-session", "-d", "-s", "idle", "-x", "20", "-y", "5", "sleep 86400"])
        try tmux(["new-session", "-d", "-s", session, "-x", "\(width)", "-y", "\(height)", command])
    }

    deinit { kill() }

    /// Stops the server. Safe to call twice.
    func kill() {
        guard !killed else { return }
        killed = true
        _ = try? tmux(["kill-server"])
    }

    // MARK: - Input

    /// Types `text` literally (Japanese included).
    func type(_ text: String) throws { try tmux(["send-keys", "-t", session, "-l", text]) }

    /// Presses named keys: "F1", "Escape", "Enter", "Up", "C-c" …
    func press(_ keys: String...) throws { try tmux(["send-keys", "-t", session] + keys) }

    /// Resizes the program's window, as dragging a terminal's edge does.
    func resize(width: Int, height: Int) throws {
        try tmux(["resize-window", "-t", session, "-x", "\(width)", "-y", "\(height)"])
    }

    // MARK: - Output

    /// The visible screen, one line per row (trailing blanks trimmed by tmux).
    func screen() throws -> String { try tmux(["capture-pane", "-p", "-t", session]) }

    /// The screen's lines.
    func lines() throws -> [String] {
        var lines = try screen().components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    /// The process id of the program the pane started (its shell, when it runs one).
    func panePID() throws -> pid_t {
        let text = try tmux(["display-message", "-p", "-t", session, "#{pane_pid}"])
        guard let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw Failure(description: "no pane pid in \(text)")
        }
        return pid
    }

    /// Polls until `text` is on the screen; returns that screen.
    @discardableResult
    func waitFor(_ text: String, timeout: TimeInterval = 30) throws -> String {
        try waitUntil("\"\(text)\" on screen", timeout: timeout) { $0.contains(text) }
    }

    /// Polls until `condition` holds for the screen (every 50 ms, up to `timeout`: generous,
    /// because a loaded machine can be slow; a passing test never waits longer than needed).
    @discardableResult
    func waitUntil(_ what: String, timeout: TimeInterval = 30, _ condition: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while true {
            last = try screen()
            if condition(last) { return last }
            if Date() > deadline {
                throw Failure(description: "timed out waiting for \(what); screen was:\n\(last)")
            }
            usleep(50_000)
        }
    }

    // MARK: - Running tmux

    /// Runs tmux on this server with `arguments`; its standard output. Throws when it fails.
    @discardableResult
    func tmux(_ arguments: [String]) throws -> String {
        let result = try Self.spawn(["tmux", "-L", socket, "-f", "/dev/null"] + arguments)
        guard result.status == 0 else {
            throw Failure(description: "tmux \(arguments.joined(separator: " ")) exited \(result.status): \(result.stderr)")
        }
        return result.stdout
    }

    /// Runs a program found on PATH with posix_spawn, output to temporary files, and waits
    /// with waitpid. `TMUX` is removed from its environment so a test run inside tmux still
    /// gets its own server.
    static func spawn(_ argv: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let dir = FileManager.default.temporaryDirectory
        let outPath = dir.appendingPathComponent("tmux-out-\(UUID().uuidString)").path
        let errPath = dir.appendingPathComponent("tmux-err-\(UUID().uuidString)").path
        defer {
            unlink(outPath)
            unlink(errPath)
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        // Nothing else of the test process (its pipes to other children) leaks into the
        // long-lived server, which would keep those pipes open.
        let inherited = ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? [])
            .compactMap { Int32($0) }.filter { $0 > 2 }
        for descriptor in inherited where fcntl(descriptor, F_GETFD) != -1 {
            posix_spawn_file_actions_addclose(&actions, descriptor)
        }

        // The test runner's threads block signals; a server inheriting that mask never sees
        // SIGCHLD or SIGTERM. Start tmux with an empty mask and default handlers.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        var environment = ProcessInfo.processInfo.environment
        environment["TMUX"] = nil
        let cArgs = argv.map { strdup($0) } + [nil]
        let cEnv = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            cArgs.forEach { free($0) }
            cEnv.forEach { free($0) }
        }
        var pid = pid_t()
        let spawned = posix_spawnp(&pid, argv[0], &actions, &attributes, cArgs, cEnv)
        guard spawned == 0 else { throw Failure(description: "cannot start \(argv[0]): error \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 {
            guard errno == EINTR else { throw Failure(description: "waitpid failed: \(errno)") }
        }
        let exited = (status & 0x7F) == 0
        let code = exited ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        let out = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
        let err = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
        return (code, out, err)
    }

    /// `text` quoted for a POSIX shell.
    static func quote(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }
}
