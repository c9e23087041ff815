import ArgumentParser
import Foundation
import JapaneseKit

/// `madoguchi holidays YEAR [--json]`: the year's 国民の祝日, 振替休日 and 国民の休日.
struct HolidaysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "holidays",
        abstract: "List a year's 国民の祝日 (with 振替休日 and 国民の休日), 1949–2099.",
        discussion: """
        --json prints an array of {"date":"YYYY-MM-DD","name":"..."} in date order. \
        A year outside 1949–2099: exit 2 with a message on stderr.
        """
    )

    @Argument(help: "The year (西暦), 1949–2099.")
    var year: String

    @Flag(help: "Print a JSON array on stdout.")
    var json = false

    func run() throws {
        let range = Holidays.supportedYears
        let text = year.precomposedStringWithCompatibilityMapping.trimmingCharacters(in: .whitespaces)
        guard text.count <= 4, text.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(text) else {
            let shown = DisplaySanitizer.sanitize(String(year.prefix(20)))
            throw CommandFailure.usage("「\(shown)」は年として読めません。\(range.lowerBound)から\(range.upperBound)までの西暦年を数字で指定してください。")
        }
        guard range.contains(value) else {
            throw CommandFailure.usage("\(value)年の祝日は扱えません。\(range.lowerBound)から\(range.upperBound)までの西暦年を指定してください。")
        }
        let holidays = Holidays.holidays(in: value)
        if json {
            let items = holidays.map {
                "{\"date\":\(DateCommand.jsonString($0.date.iso)),\"name\":\(DateCommand.jsonString($0.name))}"
            }
            print("[" + items.joined(separator: ",") + "]")
        } else {
            for holiday in holidays {
                print("\(holiday.date.iso)（\(holiday.date.weekdaySymbol)）\(holiday.name)")
            }
        }
    }
}
