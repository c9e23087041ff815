import ArgumentParser
import CounterCore
import Foundation
import JapaneseKit

/// `madoguchi search QUERY`: the one search field, from the command line.
struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Find residents by name (kana or kanji prefix), birth date (any form) or 宛名番号.",
        discussion: """
        QUERY as a clerk types it: やまだ, ﾔﾏﾀﾞ ﾀ, 山田, 4050101 (7-digit 和暦 code), 19930101, H5.1.1, \
        平成5年1月1日, or a 宛名番号. Every search is written to the journal (access) first.
        """
    )

    @Argument(help: "What to look for.") var query: String
    @Flag(help: "Print a JSON array on stdout.") var json = false
    @Option(help: "At most this many results.") var limit = 50
    @OptionGroup var clerk: ClerkOption
    @OptionGroup var dataDir: DataDirOption

    mutating func run() throws {
        guard limit > 0 else { throw CommandFailure.usage("--limit は 1 以上にしてください。") }
        let app = try CounterSession.open(dataDir)
        let clerkID = try CounterSession.signIn(app, clerk).id
        let results = try CounterSession.refusing { try app.search(query, limit: limit, clerk: clerkID) }
        if json {
            print(try RegistryAccess.json(results))
            return
        }
        if results.isEmpty {
            FileHandle.standardError.write(Data("該当する住民はいません。\n".utf8))
            return
        }
        for r in results {
            let badge = RegistryAccess.badge(r.status) + (r.supportMeasure ? "［支援措置］" : "")
            let line = [r.id, r.name, r.kana, r.birthdateWareki, r.sex == .male ? "男" : "女", r.relationship,
                        "世帯 \(r.householdID)", r.address].joined(separator: "  ")
            print(DisplaySanitizer.sanitize(badge.isEmpty ? line : badge + " " + line))
        }
    }
}

/// Shared by the registry commands: badges and terminal-safe JSON.
enum RegistryAccess {
    static func badge(_ status: ResidentStatus) -> String {
        switch status {
        case .current: ""
        case .movedOut: "［転出］"
        case .deceased: "［死亡］"
        case .removed: "［消除］"
        }
    }

    /// JSON with every control, DEL, C1 and bidi character escaped, so the output is safe to
    /// show on a terminal and still carries the data exactly.
    static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let text = String(decoding: try encoder.encode(value), as: UTF8.self)
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            if DisplaySanitizer.isForbidden(scalar) {
                out += String(format: "\\u%04x", scalar.value)
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
