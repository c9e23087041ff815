import CounterCore
import Foundation
import Testing

@Suite struct DataLocationsTests {
    @Test func optionThenEnvironmentThenHome() {
        let env = ["MADOGUCHI_DATA_DIR": "/srv/counter", "HOME": "/home/clerk"]
        #expect(DataLocations.dataDirectory(option: "/tmp/x", environment: env).path == "/tmp/x")
        #expect(DataLocations.dataDirectory(option: nil, environment: env).path == "/srv/counter")
        #expect(DataLocations.dataDirectory(option: nil, environment: ["HOME": "/home/clerk"]).path
                == "/home/clerk/.local/share/madoguchi")
    }

    @Test func clerkFallsBackToLoginName() {
        #expect(DataLocations.clerkID(option: "k001", environment: ["USER": "u"]) == "k001")
        #expect(DataLocations.clerkID(option: nil, environment: ["MADOGUCHI_CLERK": "k002", "USER": "u"]) == "k002")
        #expect(DataLocations.clerkID(option: nil, environment: ["USER": "u"]) == "u")
    }

    @Test func configDefaultsAndFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cfg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try AppConfig.load(dataDirectory: dir).cityName == "いわき市")
        try "terminal_id: mado-01\ncity_name: 会津若松市\n".write(to: dir.appendingPathComponent("config.yaml"), atomically: true, encoding: .utf8)
        let config = try AppConfig.load(dataDirectory: dir)
        #expect(config.terminalID == "mado-01")
        #expect(config.cityName == "会津若松市")
        #expect(config.idleLockMinutes == 10)
    }
}

@Suite struct FormsDirectoryTests {
    @Test func optionEnvironmentWorkingDirectoryThenBesideTheBuild() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("forms-\(UUID().uuidString)")
        let binary = root.appendingPathComponent(".build/x86_64-unknown-linux-gnu/debug/madoguchi")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("Forms/procedures"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: binary.deletingLastPathComponent(), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let elsewhere = FileManager.default.temporaryDirectory.path
        #expect(DataLocations.formsDirectory(option: "/x", environment: ["MADOGUCHI_FORMS_DIR": "/y"]).path == "/x")
        #expect(DataLocations.formsDirectory(option: nil, environment: ["MADOGUCHI_FORMS_DIR": "/y"]).path == "/y")
        // Started from another folder, the checkout the build sits in is found.
        #expect(DataLocations.formsDirectory(option: nil, environment: [:], currentDirectory: elsewhere,
                                             executablePath: binary.path).standardizedFileURL.path
                == root.appendingPathComponent("Forms").standardizedFileURL.path)
        // The working directory's Forms wins over the build's.
        #expect(DataLocations.formsDirectory(option: nil, environment: [:], currentDirectory: root.path,
                                             executablePath: "/usr/bin/madoguchi").path == root.appendingPathComponent("Forms").path)
    }
}
