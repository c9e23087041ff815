import ArgumentParser
import CounterCore
import Foundation
import JapaneseKit

/// The command line's one check for card numbers and 個人番号: every argument of every
/// command goes through `SensitiveNumbers` before the parser sees it, so neither a command
/// nor a parse error can store or echo one.
///
/// The one exception is a 宛名番号 (12 or 15 digits may read as a 個人番号 or a card number):
/// plain digits given to an option or argument that holds a 宛名番号 are let through to the
/// registry, which accepts only a registered one (see `SensitiveNumbers`). After parsing,
/// such a value must indeed sit in one of those fields.
enum SensitiveArguments {
    /// Options whose value is a 宛名番号.
    static let residentIDOptions: Set<String> = ["--subject", "--requester", "--deceased", "--applicant"]
    /// Commands whose argument may be a 宛名番号 (`resident ID`, `search QUERY`, `access-history ID`).
    static let residentIDCommands: Set<String> = ["resident", "search", "access-history"]
    /// The properties of a parsed command that hold a 宛名番号.
    static let residentIDProperties: Set<String> = ["subject", "requester", "deceased", "applicant", "id", "query"]

    /// A refusal for the first argument that reads as sensitive, or the plain-digit values
    /// left for the 宛名番号 check after parsing.
    static func check(_ arguments: [String]) -> Result<[(field: String, value: String)], SensitiveNumbers.Refusal> {
        var deferred: [(field: String, value: String)] = []
        var deferredIndexes: Set<Int> = []
        var commandTakesID = false
        for (i, argument) in arguments.enumerated() {
            var field = "引数"
            var value = argument
            if argument.hasPrefix("--"), let eq = argument.firstIndex(of: "=") {
                field = String(argument[..<eq])
                value = String(argument[argument.index(after: eq)...])
            } else if i > 0, arguments[i - 1].hasPrefix("-"), !argument.hasPrefix("-") {
                field = arguments[i - 1]
            }
            if field == "--set", let eq = value.firstIndex(of: "="), SensitiveNumbers.firstKind(in: String(value[..<eq])) == nil {
                field = "--set \(DisplaySanitizer.sanitize(String(value[..<eq])))"
            }
            if residentIDCommands.contains(argument) { commandTakesID = true }
            guard let kind = SensitiveNumbers.firstKind(in: value) else { continue }
            // Which field takes the value is known only after parsing: `verify` checks it.
            if SensitiveNumbers.isPlainDigits(value) && (residentIDOptions.contains(field) || commandTakesID) {
                deferred.append((field, value))
                deferredIndexes.insert(i)
                continue
            }
            return .failure(SensitiveNumbers.Refusal(field: field == "引数" ? "引数" : "「\(field)」", kind: kind))
        }
        // A number pasted without quotes arrives as several arguments (`4111 1111 1111 1111`),
        // each harmless alone, which a usage error would echo: check them joined too. A
        // 宛名番号 left for the registry does not join its neighbours.
        var run: [String] = []
        for (i, argument) in (arguments + ["-"]).enumerated() {
            if argument.hasPrefix("-") {
                if run.count > 1, let kind = SensitiveNumbers.firstKind(in: run.joined(separator: " ")) {
                    return .failure(SensitiveNumbers.Refusal(field: "引数", kind: kind))
                }
                run.removeAll()
            } else {
                run.append(deferredIndexes.contains(i) ? "|" : argument)
            }
        }
        return .success(deferred)
    }

    /// The `MADOGUCHI_*` settings from the environment stand in for options (`--data-dir`,
    /// `--clerk`, `--forms`): checked like them, the PIN aside (it is only hashed).
    static func check(environment: [String: String]) -> SensitiveNumbers.Refusal? {
        for (key, value) in environment.sorted(by: { $0.key < $1.key }) where key.hasPrefix("MADOGUCHI_") && key != "MADOGUCHI_PIN" {
            if let kind = SensitiveNumbers.firstKind(in: value) { return SensitiveNumbers.Refusal(field: "環境変数 \(key)", kind: kind) }
        }
        return nil
    }

    /// Refuses a deferred value that the parsed `command` does not hold in a 宛名番号 field.
    /// Each 宛名番号 field holds one argument: the same digits given twice (`--clerk N N`)
    /// leave one without a field.
    static func verify(_ deferred: [(field: String, value: String)], in command: ParsableCommand) -> SensitiveNumbers.Refusal? {
        var ids: [String: Int] = [:]
        for id in residentIDValues(command) { ids[id, default: 0] += 1 }
        // Arguments given to a 宛名番号 option or as a positional take the fields first.
        let ordered = deferred.filter { residentIDOptions.contains($0.field) || $0.field == "引数" }
            + deferred.filter { !residentIDOptions.contains($0.field) && $0.field != "引数" }
        for entry in ordered {
            if let n = ids[entry.value], n > 0 {
                ids[entry.value] = n - 1
                continue
            }
            return SensitiveNumbers.Refusal(field: entry.field == "引数" ? "引数" : "「\(entry.field)」",
                                            kind: SensitiveNumbers.firstKind(in: entry.value) ?? .myNumber)
        }
        return nil
    }

    private static func residentIDValues(_ command: ParsableCommand) -> [String] {
        Mirror(reflecting: command).children.compactMap { child -> String? in
            guard let label = child.label, residentIDProperties.contains(String(label.drop(while: { $0 == "_" }))) else { return nil }
            switch child.value {
            case let option as Option<String>: return option.wrappedValue
            case let option as Option<String?>: return option.wrappedValue
            case let argument as Argument<String>: return argument.wrappedValue
            default: return nil
            }
        }
    }
}
