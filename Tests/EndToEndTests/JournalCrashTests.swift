import CounterCore
import Foundation
import JapaneseKit
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The crash test: a writer process is killed with SIGKILL at random moments (while opening,
/// recovering, writing or fsyncing). After every kill the journal is reopened (which repairs
/// it), every sequence number the writer acknowledged must be there, and verify must pass.
///
/// `MADOGUCHI_CRASH_KILLS` sets the number of kills (default 200).
@Suite struct JournalCrashTests {
    @Test func killedWritersNeverLoseAnAcknowledgedRecord() throws {
        let kills = Int(ProcessInfo.processInfo.environment["MADOGUCHI_CRASH_KILLS"] ?? "") ?? 200
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("journal-crash-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let journalDir = root.appendingPathComponent("journal")
        let firstDay = SystemClock().today()
        var acknowledged = Set<Int>()
        var generator = SystemRandomNumberGenerator()
        var killedMidRun = 0

        for round in 0..<kills {
            let child = try ChildProcess(arguments: ["journal", "stress-append", "--data-dir", root.path,
                                                     "--count", "1000000", "--terminal", "t1"],
                                         stderr: root.appendingPathComponent("stderr.txt"))
            // Half the kills land while the child starts, opens and repairs; the rest after a
            // random number of acknowledged records plus a little, to land inside a write or fsync.
            if Bool.random(using: &generator) {
                usleep(UInt32.random(in: 0...60_000, using: &generator))
            } else {
                let lines = Int.random(in: 1...15, using: &generator)
                for _ in 0..<lines { guard let line = child.readLine() else { break }; acknowledged.insert(Int(line)!) }
                usleep(UInt32.random(in: 0...2_000, using: &generator))
            }
            let status = child.kill()
            // Everything it printed before dying was acknowledged (printed after fsync).
            while let line = child.readLine() { acknowledged.insert(Int(line)!) }
            if status.killed { killedMidRun += 1 } else {
                let stderr = (try? String(contentsOf: root.appendingPathComponent("stderr.txt"), encoding: .utf8)) ?? ""
                Issue.record("round \(round): the writer exited by itself (\(status.code)): \(stderr)")
                break
            }

            // Reopen (this repairs a torn tail), then read and verify everything.
            let journal = try Journal.open(directory: journalDir, terminalID: "t1", mode: .live, clock: SystemClock())
            journal.close()
            // A passing verify means one unbroken chain with seq 1, 2, 3, … and no gaps, across
            // files; so every acknowledged seq is present exactly when none is above the last.
            let today = SystemClock().today()
            let verification = try JournalVerifier(directory: journalDir).verify(from: firstDay, to: today)
            #expect(verification.status == .pass, "round \(round): \(verification.files.flatMap(\.findings))")
            let firstSeq = verification.files.first?.firstSeq ?? 1
            let lastSeq = verification.files.last?.lastSeq ?? 0
            #expect(firstSeq == 1)
            let missing = acknowledged.filter { $0 > lastSeq }
            #expect(missing.isEmpty, "round \(round): acknowledged but missing: \(missing.sorted())")
            if !missing.isEmpty || verification.status != .pass { break }
        }
        #expect(killedMidRun == kills)
        #expect(acknowledged.count > kills / 2, "the writers acknowledged too little to mean anything")
        let today = SystemClock().today()
        let all = try JournalReader(directories: [journalDir], from: firstDay, to: today).records()
        // And read back record by record: 1…n in order, every acknowledged one among them.
        #expect(all.map(\.seq) == Array(0..<all.count).map { $0 + 1 })
        #expect(acknowledged.isSubset(of: Set(all.map(\.seq))))
        let recoveries = all.filter { $0.type == .recovery }
        print("crash test: \(killedMidRun) kills, \(acknowledged.count) acknowledged records, \(all.count) records, "
              + "\(recoveries.count) torn tails repaired")
    }
}

/// A child `madoguchi` whose stdout is read line by line as it is written.
final class ChildProcess {
    let pid: pid_t
    private let stdoutFD: Int32
    private var buffer: [UInt8] = []
    private var eof = false

    init(arguments: [String], stderr: URL) throws {
        var pipeFDs: [Int32] = [0, 0]
        guard pipe(&pipeFDs) == 0 else { throw POSIXError(.EMFILE) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, pipeFDs[1], 1)
        posix_spawn_file_actions_addclose(&actions, pipeFDs[0])
        posix_spawn_file_actions_addclose(&actions, pipeFDs[1])
        posix_spawn_file_actions_addopen(&actions, 2, stderr.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        let path = Binary.url.path
        let argStrings: [String] = [path] + arguments
        let envStrings: [String] = ["LANG=C.UTF-8", "PATH=/usr/bin:/bin", "HOME=" + NSTemporaryDirectory()]
        let argv: [UnsafeMutablePointer<CChar>?] = argStrings.map { strdup($0) } + [nil]
        let env: [UnsafeMutablePointer<CChar>?] = envStrings.map { strdup($0) } + [nil]
        defer { (argv + env).forEach { free($0) } }
        var child: pid_t = 0
        let rc = posix_spawn(&child, path, &actions, nil, argv, env)
        close(pipeFDs[1])
        guard rc == 0 else {
            close(pipeFDs[0])
            throw POSIXError(POSIXErrorCode(rawValue: rc) ?? .EINVAL)
        }
        pid = child
        stdoutFD = pipeFDs[0]
    }

    deinit { close(stdoutFD) }

    /// The next complete line, or nil at end of output (a partial last line is dropped:
    /// a seq is acknowledged only once its whole line was printed).
    func readLine() -> String? {
        while true {
            if let newline = buffer.firstIndex(of: 0x0A) {
                let line = String(decoding: buffer[..<newline], as: UTF8.self)
                buffer.removeSubrange(...newline)
                return line
            }
            if eof { return nil }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let n = read(stdoutFD, &chunk, chunk.count)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { eof = true; continue }
            buffer += chunk[0..<n]
        }
    }

    /// SIGKILL and reap. `killed` is false if it had already exited by itself.
    func kill() -> (killed: Bool, code: Int32) {
        _ = Glibc.kill(pid, SIGKILL)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let signaled = (status & 0x7F) != 0 && (status & 0x7F) != 0x7F
        return (signaled && (status & 0x7F) == SIGKILL, (status >> 8) & 0xFF)
    }
}
