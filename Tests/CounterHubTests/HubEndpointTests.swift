@testable import CounterHub
import CounterCore
import Foundation
import Testing

@Suite struct HubEndpointTests {
    func directory() throws -> URL {
        let dir = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("hub-endpoint-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func readsHostPortDatabaseAndTLSFromTheURL() throws {
        let dir = try directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let e = try HubEndpoint(settings: HubSettings(url: "postgresql://mado@10.0.0.5:6543/counter?sslmode=verify-full"), dataDirectory: dir)
        #expect(e.address == .tcp(host: "10.0.0.5", port: 6543))
        #expect(e.user == "mado" && e.database == "counter" && e.tls == .verifyFull)
        let socket = try HubEndpoint(settings: HubSettings(url: "postgresql://mado@localhost/counter?host=/run/postgresql"), dataDirectory: dir)
        #expect(socket.address == .socket(path: "/run/postgresql/.s.PGSQL.5432"))
        let plain = try HubEndpoint(settings: HubSettings(url: "postgres://mado@hub"), dataDirectory: dir)
        #expect(plain.tls == .disable && plain.database == "mado")
    }

    @Test func refusesAPasswordInTheURLAndBadModes() throws {
        let dir = try directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(throws: HubError.self) { try HubEndpoint(settings: HubSettings(url: "postgresql://mado:secret@hub/db"), dataDirectory: dir) }
        #expect(throws: HubError.self) { try HubEndpoint(settings: HubSettings(url: "mysql://mado@hub/db"), dataDirectory: dir) }
        #expect(throws: HubError.self) { try HubEndpoint(settings: HubSettings(url: "postgresql://mado@hub/db?sslmode=maybe"), dataDirectory: dir) }
        do {
            _ = try HubEndpoint(settings: HubSettings(url: "postgresql://mado:secret@hub/db"), dataDirectory: dir)
        } catch {
            #expect(error.message.contains("password_file"))
            #expect(!error.message.contains("secret"))
        }
    }

    @Test func thePasswordFileMustBePrivate() throws {
        let dir = try directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("hub.password")
        try Data("s3cret\n".utf8).write(to: file)
        chmod(file.path, 0o644)
        let settings = HubSettings(url: "postgresql://mado@hub/db", passwordFile: "hub.password")
        #expect(throws: HubError.passwordFile(path: file.path, reason: "ほかの利用者にも読めます。chmod 600 にしてください")) {
            try HubEndpoint(settings: settings, dataDirectory: dir)
        }
        chmod(file.path, 0o600)
        #expect(try HubEndpoint(settings: settings, dataDirectory: dir).password == "s3cret")
        #expect(throws: HubError.self) { try HubEndpoint(settings: HubSettings(url: "postgresql://mado@hub/db", passwordFile: "missing"), dataDirectory: dir) }
    }

    @Test func configYAMLKeepsTheHubAndNoPassword() throws {
        let dir = try directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var config = AppConfig(terminalID: "mado-01")
        config.hub = HubSettings(url: "postgresql://mado@hub/db?sslmode=require", passwordFile: "hub.password")
        try config.save(dataDirectory: dir)
        let loaded = try AppConfig.load(dataDirectory: dir)
        #expect(loaded.hub == config.hub)
        let text = try String(contentsOf: dir.appendingPathComponent("config.yaml"), encoding: .utf8)
        #expect(text.contains("password_file: hub.password"))
    }
}
