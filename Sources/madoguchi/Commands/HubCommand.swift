import ArgumentParser
import CounterCore
import CounterHub
import Foundation
import JapaneseKit

/// `madoguchi hub init|status|sync|verify`: the counter's PostgreSQL hub.
struct HubCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hub",
        abstract: "The counter's hub on PostgreSQL: create its tables, ship this terminal's journal, compare, show status.",
        discussion: """
        config.yaml names the hub:
          hub:
            url: postgresql://madoguchi@10.0.0.5:5432/madoguchi?sslmode=verify-full&sslrootcert=hub-ca.pem
            password_file: hub.password     # first line is the password; chmod 600
        sslmode: disable (default), require (TLS, certificate not checked), verify-ca, verify-full.
        A local server's socket: postgresql://madoguchi@localhost/madoguchi?host=/run/postgresql
        The password is never written in config.yaml or the URL (refused).
        Without hub: the terminal works alone, as before. With it, every acknowledged append is
        shipped in the background; a hub that is down costs the counter nothing and what is left
        is shipped when it answers again (or by hub sync).
        Exit status: 0 ok, 1 refused (hub unreachable, not initialized, a fork or a loss found), 2 bad usage.
        """,
        subcommands: [Init.self, Status.self, Sync.self, Verify.self]
    )

    static func endpoint(_ dataDir: DataDirOption) throws -> (HubEndpoint, AppConfig) {
        let config = try dataDir.config()
        guard let settings = config.hub else { throw CommandFailure.refused(HubError.notConfigured.message) }
        do { return (try HubEndpoint(settings: settings, dataDirectory: dataDir.url), config) } catch {
            throw CommandFailure.refused(error.message)
        }
    }

    static func connect(_ endpoint: HubEndpoint) throws -> HubConnection {
        do { return try HubConnection.open(endpoint) } catch { throw CommandFailure.refused(error.message) }
    }

    static func hub<T>(_ body: () throws(HubError) -> T) throws -> T {
        do { return try body() } catch { throw CommandFailure.refused(error.message) }
    }

    // MARK: - init

    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "init",
            abstract: "Create or migrate the hub's tables (safe to run again: applies only what is missing).")

        @OptionGroup var dataDir: DataDirOption

        func run() throws {
            let (endpoint, _) = try HubCommand.endpoint(dataDir)
            let connection = try HubCommand.connect(endpoint)
            defer { connection.close() }
            let applied = try HubCommand.hub { () throws(HubError) in try HubSchema.initialize(connection) }
            if applied.isEmpty {
                print("ハブ \(endpoint.description) は最新です（版 \(HubSchema.current)）。")
            } else {
                print("ハブ \(endpoint.description) を版 \(HubSchema.current) にしました（適用: \(applied.map(String.init).joined(separator: ", "))）。")
            }
        }
    }

    // MARK: - status

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "status",
            abstract: "Per terminal: the last record the hub holds, how late it arrived, forks and losses; this terminal's unshipped records.")

        @OptionGroup var dataDir: DataDirOption
        @Flag(help: "Print one JSON object on stdout.") var json = false

        func run() throws {
            let (endpoint, config) = try HubCommand.endpoint(dataDir)
            let connection = try HubCommand.connect(endpoint)
            defer { connection.close() }
            let status = try HubCommand.hub { () throws(HubError) in try HubStatus.read(connection) }
            let local = (try? JournalChainLine.lines(directory: dataDir.url.appendingPathComponent("journal"), terminal: config.terminalID)) ?? []
            let held = status.terminals.first { $0.terminal == config.terminalID }
            let head = try HubCommand.hub { () throws(HubError) in try JournalShipper.head(terminal: config.terminalID, over: connection) }
            let unshipped = head.map { h in local.filter { $0.position > h.position }.count } ?? local.count
            if json {
                let terminals: [JournalValue] = status.terminals.map { t in
                    .object(["terminal": .string(t.terminal), "lines": .int(t.lines), "last_seq": .int(t.lastSeq),
                             "last_ts": .string(t.lastTimestamp), "lag_ms": t.lag.map { .int(Int($0 * 1000)) } ?? .null,
                             "forks": .int(t.forks), "reports": .int(t.reports)])
                }
                let findings: [JournalValue] = status.findings.map { f in
                    .object(["terminal": .string(f.terminal), "kind": .string(f.kind), "place": .string(f.place),
                             "message": .string(f.description)])
                }
                CounterSession.printJSON(.object(["hub": .string(endpoint.description), "terminals": .array(terminals),
                                                  "findings": .array(findings), "this_terminal": .string(config.terminalID),
                                                  "unshipped": .int(unshipped)]))
            } else {
                print("ハブ \(endpoint.description)  版 \(HubSchema.current)")
                print("端末                 記録数   最終seq  最終記録                         遅れ    分岐")
                for t in status.terminals {
                    let lag = t.lag.map { String(format: "%.1f秒", $0) } ?? "-"
                    print("\(pad(DisplaySanitizer.sanitize(t.terminal), 20)) \(pad(String(t.lines), 8, right: true)) \(pad(String(t.lastSeq), 8, right: true))  \(pad(DisplaySanitizer.sanitize(t.lastTimestamp), 32)) \(pad(lag, 7)) \(t.forks)")
                }
                if status.terminals.isEmpty { print("（まだどの端末の記録もありません）") }
                print("この端末 \(DisplaySanitizer.sanitize(config.terminalID)): 未送信 \(unshipped) 行" + (held == nil ? "（ハブにまだ記録がありません）" : ""))
                for finding in status.findings { print("★ " + finding.description) }
            }
            if !status.findings.isEmpty { throw ExitCode(1) }
        }

        func pad(_ s: String, _ width: Int, right: Bool = false) -> String {
            let w = DisplayWidth.of(s)
            let fill = String(repeating: " ", count: max(0, width - w))
            return right ? fill + s : s + fill
        }
    }

    // MARK: - sync

    struct Sync: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sync",
            abstract: "Ship this terminal's records the hub lacks, now (the counter also does this after every record).",
            discussion: "Exit status: 0 everything shipped, 1 the hub refused a record (a fork), lost records, or cannot be reached.")

        @OptionGroup var dataDir: DataDirOption
        @Flag(help: "Print one JSON object on stdout.") var json = false

        func run() throws {
            let (endpoint, config) = try HubCommand.endpoint(dataDir)
            let connection = try HubCommand.connect(endpoint)
            defer { connection.close() }
            try HubCommand.hub { () throws(HubError) in try HubSchema.require(connection) }
            let shipper = JournalShipper(dataDirectory: dataDir.url, terminal: config.terminalID)
            let started = Date()
            let report = try HubCommand.hub { () throws(HubError) in try shipper.ship(over: connection) }
            let seconds = Date().timeIntervalSince(started)
            var problems: [String] = []
            if let lost = report.hubLost { problems.append("ハブから seq \(lost.lowerBound)〜\(lost.upperBound) の記録が消えていました。送り直しました。管理者に知らせてください。") }
            if let lacks = report.terminalLacks { problems.append("ハブにある seq \(lacks.lowerBound)〜\(lacks.upperBound) の記録がこの端末のファイルにありません。管理者に知らせてください。") }
            if let refused = report.refused { problems.append(refused.message) }
            if json {
                CounterSession.printJSON(.object(["terminal": .string(config.terminalID), "shipped": .int(report.shipped),
                                                  "duplicates": .int(report.duplicates), "last_seq": report.head.map { .int($0.seq) } ?? .null,
                                                  "problems": .array(problems.map { .string($0) })]))
            } else {
                print("送信 \(report.shipped) 行（送信済みと同じ \(report.duplicates) 行）、\(String(format: "%.2f", seconds)) 秒。ハブの最終 seq: \(report.head.map { String($0.seq) } ?? "-")")
            }
            for problem in problems { CounterSession.say("★ " + problem) }
            if !problems.isEmpty { throw ExitCode(1) }
        }
    }

    // MARK: - verify

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify",
            abstract: "Compare this terminal's journal files with the hub's copy: records missing on either side or differing.",
            discussion: "Exit status: 0 they agree (records not yet shipped are listed, not a fault), 1 a record missing or differing.")

        @OptionGroup var dataDir: DataDirOption
        @Option(help: ArgumentHelp("One day (default: today in Japan).", valueName: "date")) var date: String?
        @Option(help: ArgumentHelp("First day of a range (with --to).", valueName: "date")) var from: String?
        @Option(help: ArgumentHelp("Last day of a range (with --from).", valueName: "date")) var to: String?

        func run() throws {
            let (first, last) = try JournalCommand.range(date: date, from: from, to: to)
            let (endpoint, config) = try HubCommand.endpoint(dataDir)
            let connection = try HubCommand.connect(endpoint)
            defer { connection.close() }
            let result = try HubCommand.hub { () throws(HubError) in
                try HubJournal.compare(journalDirectory: dataDir.url.appendingPathComponent("journal"), terminal: config.terminalID,
                                       from: first, to: last, over: connection)
            }
            func places(_ positions: [JournalChainLine.Position]) -> String {
                positions.prefix(20).map { "\($0.date.iso)/\($0.segment == 1 ? "" : "\($0.segment)/")行\($0.line)" }.joined(separator: ", ")
                    + (positions.count > 20 ? " ほか \(positions.count - 20) 行" : "")
            }
            print("\(first.iso)〜\(last.iso) 端末 \(DisplaySanitizer.sanitize(config.terminalID)): 一致 \(result.matching) 行")
            if !result.unshipped.isEmpty { print("未送信 \(result.unshipped.count) 行（次の送信で送られます）") }
            if !result.missingOnHub.isEmpty { print("★ ハブにない記録 \(result.missingOnHub.count) 行: \(places(result.missingOnHub))") }
            if !result.missingInFiles.isEmpty { print("★ ファイルにない記録 \(result.missingInFiles.count) 行: \(places(result.missingInFiles))") }
            if !result.differing.isEmpty { print("★ ファイルとハブで違う記録 \(result.differing.count) 行: \(places(result.differing))") }
            print(result.agrees ? "PASS: ファイルとハブの記録は一致しています。" : "FAIL: ファイルとハブの記録が一致しません。管理者に知らせてください。")
            if !result.agrees { throw ExitCode(1) }
        }
    }
}
