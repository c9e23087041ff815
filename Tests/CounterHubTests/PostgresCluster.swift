import CounterCore
import CounterHub
import Foundation
import Testing

/// A private PostgreSQL cluster for the hub tests: initdb into a temporary folder, started as
/// a non-root user (`postgres` when the tests run as root, which initdb refuses), listening on
/// its own Unix socket only (no network), password authentication (SCRAM), stopped and removed
/// when the test process exits. Without PostgreSQL's server programs the tests fail and say what to install.
///
/// When a cluster was started for the tests beforehand (`.ci/run` does), the shared cluster is
/// that one: `MADOGUCHI_TEST_PG_SOCKET` (its socket folder), `MADOGUCHI_TEST_PG_PORT` and
/// `MADOGUCHI_TEST_PG_PASSWORD_FILE` (the `postgres` user's password) name it, and whoever started
/// it stops it. Tests that stop and start the server (an unplugged hub) always start their own.
final class PostgresCluster: @unchecked Sendable {
    // Safe: `running` is read and written only while holding `lock`.
    private let lock = NSLock()
    private var running = false
    /// A folder of this cluster's own: its data (when started here) and psql's output.
    let root: URL
    let port: Int
    let password: String
    let bin: URL
    let socketFolder: String
    /// Started here (and so stopped here), not attached to a server started for the tests.
    let owned: Bool

    /// One cluster for the whole test process (each test makes its own database in it).
    static let shared: Result<PostgresCluster, ClusterError> = {
        do {
            if let attached = try attachedCluster() { return .success(attached) }
            let cluster = try PostgresCluster()
            try cluster.start()
            sharedForExit = cluster
            atexit { PostgresCluster.sharedForExit?.destroy() }
            return .success(cluster)
        } catch let error as ClusterError {
            return .failure(error)
        } catch {
            return .failure(ClusterError(message: "\(error)"))
        }
    }()
    nonisolated(unsafe) static var sharedForExit: PostgresCluster?

    struct ClusterError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    /// The shared cluster, or a failed test saying why there is none.
    static func require() throws -> PostgresCluster {
        switch shared {
        case .success(let cluster): return cluster
        case .failure(let error):
            Issue.record("The hub tests need PostgreSQL's server: \(error.message)")
            throw error
        }
    }

    /// The cluster named by `MADOGUCHI_TEST_PG_*`, when all three are set.
    static func attachedCluster() throws -> PostgresCluster? {
        let environment = ProcessInfo.processInfo.environment
        guard let socket = environment["MADOGUCHI_TEST_PG_SOCKET"], !socket.isEmpty else { return nil }
        guard let port = environment["MADOGUCHI_TEST_PG_PORT"].flatMap(Int.init),
              let file = environment["MADOGUCHI_TEST_PG_PASSWORD_FILE"],
              let password = try? String(contentsOfFile: file, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines),
              !password.isEmpty else {
            throw ClusterError(message: "MADOGUCHI_TEST_PG_SOCKET is set, but MADOGUCHI_TEST_PG_PORT or a readable MADOGUCHI_TEST_PG_PASSWORD_FILE is not.")
        }
        let cluster = try PostgresCluster(socket: socket, port: port, password: password)
        _ = try cluster.psql("postgres", "SELECT 1")
        return cluster
    }

    private init(socket: String, port: Int, password: String) throws {
        bin = try Self.binaries()
        root = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("madoguchi-pg-client-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        socketFolder = socket
        self.port = port
        self.password = password
        owned = false
        running = true
    }

    init() throws {
        bin = try Self.binaries()
        root = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("madoguchi-pg-\(UUID().uuidString.prefix(8))")
        port = Int.random(in: 20000...60000)
        password = "hub-test-\(UInt32.random(in: 0...UInt32.max))"
        socketFolder = root.path
        owned = true
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try Data((password + "\n").utf8).write(to: root.appendingPathComponent("pwfile"))
        if getuid() == 0 { _ = try Self.spawn(["/bin/chown", "-R", "postgres:postgres", root.path], output: "/dev/null") }
        try runAsServerUser("initdb", ["-D", dataDirectory.path, "-U", "postgres", "--auth=scram-sha-256",
                                       "--pwfile=\(root.appendingPathComponent("pwfile").path)", "-E", "UTF8", "--no-locale", "--no-sync"])
        if getuid() == 0 { chmod(root.path, 0o711) }
    }

    var dataDirectory: URL { root.appendingPathComponent("data") }

    /// Where initdb and pg_ctl are: $MADOGUCHI_PG_BIN, else the newest /usr/lib/postgresql/N/bin.
    static func binaries() throws -> URL {
        if let dir = ProcessInfo.processInfo.environment["MADOGUCHI_PG_BIN"], !dir.isEmpty {
            return URL(fileURLWithPath: dir)
        }
        let base = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: base)) ?? []).compactMap(Int.init).sorted()
        for version in versions.reversed() where FileManager.default.isExecutableFile(atPath: "\(base)/\(version)/bin/initdb") {
            return URL(fileURLWithPath: "\(base)/\(version)/bin")
        }
        throw ClusterError(message: "initdb was not found under /usr/lib/postgresql/*/bin. Install the server: apt-get install postgresql (or set MADOGUCHI_PG_BIN to its bin folder).")
    }

    func start() throws {
        try lock.withLock {
            guard !running else { return }
            guard owned else { throw ClusterError(message: "a cluster started for the tests is not started or stopped by them") }
            try runAsServerUser("pg_ctl", ["-D", dataDirectory.path, "-l", root.appendingPathComponent("server.log").path, "-w", "-t", "60",
                                           "-o", "-k \(socketFolder) -p \(port) -c listen_addresses='' -c fsync=off -c max_connections=200",
                                           "start"])
            running = true
        }
    }

    func stop() {
        lock.withLock {
            guard running, owned else { return }
            try? runAsServerUser("pg_ctl", ["-D", dataDirectory.path, "-m", "immediate", "-w", "stop"])
            running = false
        }
    }

    /// Stops the server and removes its folder: nothing of the cluster is left behind.
    func destroy() {
        stop()
        try? FileManager.default.removeItem(at: root)
    }

    /// A hub URL for `database` on this cluster.
    func url(database: String) -> String { "postgresql://postgres@localhost/\(database)?host=\(socketFolder)&port=\(port)" }

    /// A new, empty database.
    func createDatabase() throws -> String {
        let name = "hub_\(UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: ""))"
        try psql("postgres", "CREATE DATABASE \(name)")
        return name
    }

    /// Runs SQL as the superuser (what a database administrator — or an attacker with its password — can do).
    @discardableResult
    func psql(_ database: String, _ sql: String) throws -> String {
        let out = root.appendingPathComponent("psql-\(UUID().uuidString).out")
        defer { try? FileManager.default.removeItem(at: out) }
        let status = try Self.spawn([bin.appendingPathComponent("psql").path, "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1",
                                     "-h", socketFolder, "-p", String(port), "-U", "postgres", "-d", database, "-c", sql],
                                    output: out.path, environment: ["PGPASSWORD": password])
        let text = ((try? String(contentsOf: out, encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard status == 0 else { throw ClusterError(message: "psql failed (\(status)): \(text)") }
        return text
    }

    /// Writes `hub:` into the data directory's config.yaml and the password file (0600).
    func configure(dataDirectory: URL, database: String, terminal: String) throws {
        try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
        let passwordFile = dataDirectory.appendingPathComponent("hub.password")
        try PrivateFile.write(Array((password + "\n").utf8), to: passwordFile)
        var config = (try? AppConfig.load(dataDirectory: dataDirectory)) ?? AppConfig()
        config.terminalID = terminal
        config.hub = HubSettings(url: url(database: database), passwordFile: "hub.password")
        try config.save(dataDirectory: dataDirectory)
    }

    func endpoint(database: String, dataDirectory: URL) throws -> HubEndpoint {
        try configure(dataDirectory: dataDirectory, database: database, terminal: (try? AppConfig.load(dataDirectory: dataDirectory).terminalID) ?? "t")
        return try HubEndpoint(settings: AppConfig.load(dataDirectory: dataDirectory).hub!, dataDirectory: dataDirectory)
    }

    /// Runs a server program; its output goes to a file, not a pipe (the server it starts keeps
    /// the descriptors it inherits open, so a pipe would never reach its end).
    private func runAsServerUser(_ tool: String, _ arguments: [String]) throws {
        let path = bin.appendingPathComponent(tool).path
        let log = root.appendingPathComponent("\(tool).out")
        let command = getuid() == 0 ? ["/usr/sbin/runuser", "-u", "postgres", "--", path] + arguments : [path] + arguments
        let status = try Self.spawn(command, output: log.path)
        guard status == 0 else {
            let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            throw ClusterError(message: "\(tool) \(arguments.joined(separator: " ")) failed (\(status)): \(output)")
        }
    }

    /// posix_spawn and waitpid: the server that pg_ctl leaves running must not hold up the wait.
    static func spawn(_ command: [String], output: String, environment: [String: String] = [:]) throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o666)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let env = ProcessInfo.processInfo.environment.merging(environment) { $1 }.map { "\($0)=\($1)" }
        var argv: [UnsafeMutablePointer<CChar>?] = command.map { strdup($0) } + [nil]
        var envp: [UnsafeMutablePointer<CChar>?] = env.map { strdup($0) } + [nil]
        defer { for p in argv + envp { free(p) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, command[0], &actions, nil, &argv, &envp)
        guard rc == 0 else { throw ClusterError(message: "\(command[0]) could not be started (\(rc))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }
}
