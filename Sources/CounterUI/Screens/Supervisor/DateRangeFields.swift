import CounterCore
import Foundation
import JapaneseKit
import TerminalKit

/// The 開始日 and 終了日 fields of the supervisor's screens: a date in either calendar
/// (R8.12.2, 2026-12-02) or empty for the screen's default.
struct DateRangeFields: Equatable, Sendable {
    enum Which: Equatable, Sendable { case from, to }

    var from = TextField("", visibleWidth: 12, maxLength: 20)
    var to = TextField("", visibleWidth: 12, maxLength: 20)
    /// A default was offered (or an answer shown): later ticks leave the fields alone.
    private var dated = false

    /// Offers `from`…`to` once, unless something was typed already.
    mutating func offer(from: CivilDate, to: CivilDate) {
        if !dated, self.from.text.isEmpty, self.to.text.isEmpty {
            self.from.setText(from.iso)
            self.to.setText(to.iso)
        }
        dated = true
    }

    /// Shows the range an answer covered.
    mutating func show(from: CivilDate, to: CivilDate) {
        dated = true
        self.from.setText(from.iso)
        self.to.setText(to.iso)
    }

    /// The dates typed (nil where empty), or the field that is wrong and what to do; a field
    /// holding a card number or 個人番号 is emptied.
    mutating func parsed() -> Result<(from: CivilDate?, to: CivilDate?), Refusal> {
        var dates: [CivilDate?] = []
        for (which, name) in [(Which.from, "開始日"), (Which.to, "終了日")] {
            let text = (which == .from ? from : to).text.trimmingCharacters(in: .whitespaces)
            if text.isEmpty {
                dates.append(nil)
                continue
            }
            if let kind = SensitiveNumbers.firstKind(in: text) {
                if which == .from { from.setText("") } else { to.setText("") }
                return .failure(Refusal(field: which, message: SensitiveNumbers.Refusal(field: "「\(name)」", kind: kind).message))
            }
            do { dates.append(try JapaneseDate.parse(text)) } catch {
                return .failure(Refusal(field: which, message: "\(name): \(error.message)（例: R8.12.2、2026-12-02）"))
            }
        }
        return .success((dates[0], dates[1]))
    }

    struct Refusal: Error, Equatable {
        var field: Which
        var message: String
    }

    /// Sends a key to the field `which`; nil when the field does not take it.
    mutating func handle(_ key: Key, in which: Which) -> [ScreenCommand]? {
        let outcome = which == .from ? from.handle(key) : to.handle(key)
        return outcome == .ignored ? nil : []
    }

    /// Draws `label`, the two fields and `〜` from `point`; the column after them.
    @discardableResult
    func render(_ label: String, placeholders: (String, String), focus: Which?, at point: Point, into grid: inout CellGrid) -> Int {
        var x = ReviewText.field(label, from, placeholder: placeholders.0, focused: focus == .from, at: point, into: &grid)
        x += grid.put(" 〜 ", at: Point(x: x, y: point.y))
        return ReviewText.field("", to, placeholder: placeholders.1, focused: focus == .to, at: Point(x: x, y: point.y), into: &grid)
    }
}
