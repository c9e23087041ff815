import Foundation

/// Resolves the directories every command shares, by the documented order of precedence.
public enum DataLocations {
    /// `--data-dir`, else `$MADOGUCHI_DATA_DIR`, else `~/.local/share/madoguchi`.
    public static func dataDirectory(option: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let option, !option.isEmpty { return URL(fileURLWithPath: option) }
        if let env = environment["MADOGUCHI_DATA_DIR"], !env.isEmpty { return URL(fileURLWithPath: env) }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return URL(fileURLWithPath: home).appendingPathComponent(".local/share/madoguchi")
    }

    /// `--forms`, else `$MADOGUCHI_FORMS_DIR`, else `./Forms`, else `Forms` beside the binary
    /// (or one level up, for an installed `bin/`).
    public static func formsDirectory(option: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
                                      currentDirectory: String = FileManager.default.currentDirectoryPath,
                                      executablePath: String = CommandLine.arguments.first ?? "") -> URL {
        if let option, !option.isEmpty { return URL(fileURLWithPath: option) }
        if let env = environment["MADOGUCHI_FORMS_DIR"], !env.isEmpty { return URL(fileURLWithPath: env) }
        let local = URL(fileURLWithPath: currentDirectory).appendingPathComponent("Forms")
        if isDirectory(local) { return local }
        let binary = URL(fileURLWithPath: executablePath).resolvingSymlinksInPath().deletingLastPathComponent()
        for candidate in [binary.appendingPathComponent("Forms"),
                          binary.deletingLastPathComponent().appendingPathComponent("Forms"),
                          binary.deletingLastPathComponent().appendingPathComponent("share/madoguchi/Forms")]
        where isDirectory(candidate) {
            return candidate
        }
        return local
    }

    /// `--clerk`, else `$MADOGUCHI_CLERK`, else the login name.
    public static func clerkID(option: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let option, !option.isEmpty { return option }
        if let env = environment["MADOGUCHI_CLERK"], !env.isEmpty { return env }
        if let user = environment["USER"] ?? environment["LOGNAME"], !user.isEmpty { return user }
        return "clerk"
    }

    private static func isDirectory(_ url: URL) -> Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir) && isDir.boolValue
    }
}
