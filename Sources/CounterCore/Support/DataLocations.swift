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

    /// `--forms`, else `$MADOGUCHI_FORMS_DIR`, else `./Forms`, else the `Forms` installed with the
    /// binary: beside it, in `share/madoguchi/Forms` of an installation prefix, or in the source
    /// checkout a build directory sits in (the nearest ancestor, up to four levels, whose `Forms`
    /// holds `procedures/`).
    public static func formsDirectory(option: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
                                      currentDirectory: String = FileManager.default.currentDirectoryPath,
                                      executablePath: String = Bundle.main.executablePath ?? CommandLine.arguments.first ?? "") -> URL {
        if let option, !option.isEmpty { return URL(fileURLWithPath: option) }
        if let env = environment["MADOGUCHI_FORMS_DIR"], !env.isEmpty { return URL(fileURLWithPath: env) }
        let local = URL(fileURLWithPath: currentDirectory).appendingPathComponent("Forms")
        if isDirectory(local) { return local }
        var dir = URL(fileURLWithPath: executablePath).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0...4 {
            for candidate in [dir.appendingPathComponent("Forms"), dir.appendingPathComponent("share/madoguchi/Forms")]
            where isDirectory(candidate.appendingPathComponent("procedures")) {
                return candidate
            }
            guard dir.path != "/" else { break }
            dir.deleteLastPathComponent()
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
