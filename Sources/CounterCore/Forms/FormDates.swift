import Foundation
import JapaneseKit

/// The date services forms need, all from JapaneseKit.
enum FormDates {
    /// 令和元年5月1日.
    static func wareki(_ date: CivilDate) -> String { date.warekiLong }

    /// A date as a clerk types it, or the one-line Japanese reason it is not one.
    static func parse(_ text: String) -> Result<CivilDate, FormValueError> {
        do { return .success(try JapaneseDate.parse(text)) } catch {
            return .failure(FormValueError(message: error.message))
        }
    }

    static func age(born: CivilDate, on day: CivilDate) -> Int { Age.years(born: born, on: day) }
}

/// Why a typed value could not be used.
struct FormValueError: Error {
    let message: String
}
