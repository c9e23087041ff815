import CounterCore
import JapaneseKit
import TerminalKit

/// Text helpers the clerk screens share: data is sanitized before it is measured, so a name
/// carrying control characters is shown inert and never shifts a column.
enum ClerkText {
    /// `text` sanitized, clipped to `width` columns without splitting a wide character, padded.
    static func cell(_ text: String, _ width: Int) -> String {
        let safe = DisplaySanitizer.sanitize(text)
        return DisplayWidth.padded(String(DisplayWidth.prefix(safe, fitting: max(0, width)).text), to: max(0, width))
    }

    /// Columns `text` takes once sanitized.
    static func width(_ text: String) -> Int { DisplayWidth.of(DisplaySanitizer.sanitize(text)) }

    static func badge(_ status: ResidentStatus) -> String {
        switch status {
        case .current: ""
        case .movedOut: "転出"
        case .deceased: "死亡"
        case .removed: "消除"
        }
    }

    static func sex(_ sex: Sex) -> String { sex == .male ? "男" : "女" }

    static func provenance(_ p: Provenance) -> String {
        switch p {
        case .registry: "住記"
        case .computed: "自動"
        case .entered: "入力"
        case .handwritten: "手書"
        case .constant: "定型"
        }
    }

    static func yen(_ amount: Int) -> String {
        var digits = String(amount)
        var out = ""
        while digits.count > 3 {
            out = "," + digits.suffix(3) + out
            digits.removeLast(3)
        }
        return digits + out + "円"
    }

    /// Draws `lines` from the top of `area`, one per row, clipped.
    static func lines(_ lines: [(String, Style)], into grid: inout CellGrid, area: Rect) {
        for (row, line) in lines.enumerated() where row < area.height {
            grid.put(line.0, at: area.origin.down(row), maxWidth: area.width, style: line.1)
        }
    }
}
