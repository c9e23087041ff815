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
        #expect(config.ambiguousWidth == nil && config.terminalProgram == nil && config.keys == nil)
    }

    @Test func terminalSettingsAreReadKeptOnSaveAndABadWidthIsRefused() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cfg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("config.yaml")
        try "terminal_id: mado-01\nambiguous_width: 2\nterminal_program: gnome-terminal\nkeys:\n  F10: Ctrl+O\n"
            .write(to: file, atomically: true, encoding: .utf8)
        var config = try AppConfig.load(dataDirectory: dir)
        #expect(config.ambiguousWidth == 2)
        #expect(config.terminalProgram == "gnome-terminal")
        #expect(config.keys == ["F10": "Ctrl+O"])
        config.cityName = "会津若松市"
        try config.save(dataDirectory: dir)
        #expect(try AppConfig.load(dataDirectory: dir) == config)
        // Saving a config without them writes none of the three keys.
        try AppConfig(terminalID: "mado-02").save(dataDirectory: dir.appendingPathComponent("fresh"))
        let fresh = try String(contentsOf: dir.appendingPathComponent("fresh/config.yaml"), encoding: .utf8)
        #expect(!fresh.contains("ambiguous_width") && !fresh.contains("terminal_program") && !fresh.contains("keys"))

        try "ambiguous_width: 3\n".write(to: file, atomically: true, encoding: .utf8)
        #expect(throws: ConfigError.unreadable(path: file.path, reason: "ambiguous_width は 1 か 2 にしてください（3 とあります）")) {
            try AppConfig.load(dataDirectory: dir)
        }
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
