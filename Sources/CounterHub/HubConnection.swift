import CounterCore
import Foundation
import PostgresNIO

/// One connection to the hub, used synchronously: each call waits for its answer on the
/// calling thread while the connection's own event loop does the work (never a thread of
/// Swift's cooperative pool, so the counter's synchronous engine can call it from anywhere
/// but an event loop).
public final class HubConnection: Sendable {
    let connection: PostgresConnection
    public let endpoint: HubEndpoint

    private init(connection: PostgresConnection, endpoint: HubEndpoint) {
        self.connection = connection
        self.endpoint = endpoint
    }

    static let logger: Logger = {
        var logger = Logger(label: "madoguchi.hub")
        logger.logLevel = .critical
        return logger
    }()

    /// Connects (within `connectTimeout`, 3 s) or says why not.
    public static func open(_ endpoint: HubEndpoint) throws(HubError) -> HubConnection {
        let configuration = try endpoint.configuration()
        do {
            let connection = try PostgresConnection.connect(on: MultiThreadedEventLoopGroup.singleton.any(), configuration: configuration,
                                                            id: 1, logger: logger).wait()
            return HubConnection(connection: connection, endpoint: endpoint)
        } catch {
            throw .unreachable(Self.reason(error))
        }
    }

    /// Runs `query` and returns its rows.
    @discardableResult
    func query(_ query: PostgresQuery) throws(HubError) -> [PostgresRow] {
        do {
            return try connection.query(query, logger: Self.logger).wait().rows
        } catch {
            throw Self.classify(error)
        }
    }

    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
    func transaction<T>(_ body: () throws(HubError) -> T) throws(HubError) -> T {
        try query("BEGIN")
        do {
            let value = try body()
            try query("COMMIT")
            return value
        } catch {
            _ = try? query("ROLLBACK")
            throw error
        }
    }

    public var isClosed: Bool { connection.isClosed }

    public func close() {
        _ = try? connection.close().wait()
    }

    /// PostgresNIO requires a connection to be closed before it goes; one left open is closed here.
    deinit {
        if !connection.isClosed { _ = try? (connection.close() as EventLoopFuture<Void>).wait() }
    }

    /// A server's refusal, or a lost connection.
    static func classify(_ error: any Error) -> HubError {
        if let psql = error as? PSQLError, let message = psql.serverInfo?[.message] {
            if psql.serverInfo?[.sqlState] == "42P01" { return .notInitialized }
            return .server(message)
        }
        return .unreachable(reason(error))
    }

    static func reason(_ error: any Error) -> String {
        if let psql = error as? PSQLError {
            if let message = psql.serverInfo?[.message] { return message }
            if let underlying = psql.underlying { return String(describing: underlying) }
            switch psql.code {
            case .connectionError: return "サーバーが応答しません"
            case .serverClosedConnection, .clientClosedConnection: return "接続が切れました"
            case .authMechanismRequiresPassword: return "パスワードが必要です（hub.password_file）"
            default: return "\(psql.code)"
            }
        }
        return String(describing: error)
    }
}
