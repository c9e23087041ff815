import ArgumentParser
import Foundation
import JapaneseKit

/// `madoguchi date INPUT [--json]`: reads a date as clerks type it and prints it in every form.
struct DateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "date",
        abstract: "Read a date (西暦, 和暦, 7-digit code) and print it as ISO, 和暦 and 7-digit code.",
        discussion: """
        Accepted: 2019-05-01, 2019/5/1, 20190501, 令和元年5月1日, 令和1年5月1日, R1.5.1, R01/05/01, \
        H31.4.30, S45.3.2, 昭45.3.2, full-width digits, and the 7-digit code 5010501 \
        (era digit 1 明治 … 5 令和, then YYMMDD). Dates outside their era and before 1873-01-01 are refused. \
        --json prints {"iso":"2019-05-01","wareki":"令和元年5月1日","code7":"5010501"}. \
        Invalid input: exit 2, a message on stderr, nothing on stdout.
        """
    )

    @Argument(help: "The date as typed, e.g. R1.5.1 or 令和元年5月1日.")
    var input: String

    @Flag(help: "Print one JSON object on stdout.")
    var json = false

    func run() throws {
        let date: CivilDate
        do {
            date = try JapaneseDate.parse(input)
        } catch {
            throw CommandFailure.usage(error.message)
        }
        if json {
            let code = date.code7.map(DateCommand.jsonString) ?? "null"
            print("{\"iso\":\(DateCommand.jsonString(date.iso)),\"wareki\":\(DateCommand.jsonString(date.warekiLong)),\"code7\":\(code)}")
        } else {
            print("西暦 \(date.iso)（\(date.weekdaySymbol)）")
            print("和暦 \(date.warekiLong)（\(date.warekiShort)）")
            print("7桁 \(date.code7 ?? "なし")")
        }
    }

    /// A JSON string literal for `text`, escaping quotes, backslashes and every control character.
    static func jsonString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default:
                let v = scalar.value
                if v < 0x20 || (0x7F...0x9F).contains(v) || (0x2028...0x2029).contains(v) || (0x202A...0x202E).contains(v) {
                    out += String(format: "\\u%04x", v)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
