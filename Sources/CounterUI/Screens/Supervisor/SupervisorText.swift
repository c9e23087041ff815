import CounterCore
import Foundation
import JapaneseKit
import TerminalKit

/// What the 管理者モード screens share: reading a typed date, the time of a journal stamp,
/// and the confirmation a screen shows before it changes anything.
enum SupervisorText {
    /// A typed date: empty is nil (today, by the Runtime's clock); anything else as
    /// `JapaneseDate.parse` reads it (R8.12.2, 2026-12-02 …). A 個人番号 or card number is
    /// refused without being shown.
    static func date(_ text: String, field: String) -> Result<CivilDate?, DateRefusal> {
        let typed = text.trimmingCharacters(in: .whitespaces)
        if typed.isEmpty { return .success(nil) }
        if let kind = SensitiveNumbers.firstKind(in: typed) {
            return .failure(DateRefusal(message: SensitiveNumbers.Refusal(field: "「\(field)」", kind: kind).message))
        }
        do { return .success(try JapaneseDate.parse(typed)) } catch {
            return .failure(DateRefusal(message: "\(field): \(error.message)"))
        }
    }

    struct DateRefusal: Error, Equatable { var message: String }

    /// `10:42:05` of a journal stamp `2026-12-02T10:42:05.123+09:00`; the stamp itself (sanitized)
    /// when it has another shape.
    static func time(ofStamp stamp: String) -> String {
        let parts = stamp.split(separator: "T", maxSplits: 1)
        guard parts.count == 2, parts[1].count >= 8 else { return DisplaySanitizer.sanitize(stamp) }
        return String(parts[1].prefix(8))
    }

    /// The first row in view after `key` over `count` rows (↑↓ one, PgUp PgDn ten); nil for
    /// another key.
    static func scrolled(_ first: Int, by key: Key, count: Int) -> Int? {
        let step: Int
        switch key {
        case .up: step = -1
        case .down: step = 1
        case .pageUp: step = -10
        case .pageDown: step = 10
        default: return nil
        }
        return min(max(0, count - 1), max(0, first + step))
    }

    /// `10:42:05` of `date` in Japan time.
    static func clock(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .japan
        let c = calendar.dateComponents([.hour, .minute, .second], from: date)
        return [c.hour, c.minute, c.second].map { String(format: "%02d", $0 ?? 0) }.joined(separator: ":")
    }
}

/// A yes/no question a screen asks before it changes something: the dialog, and the effect
/// to run on yes. Cancel has the focus first.
struct PendingConfirm: Equatable, Sendable {
    var dialog: Dialog
    let effect: SupervisorEffect
    /// What the screen says while the effect runs (…しています).
    let working: String

    /// Keys while a confirmation is open: Enter answers with the focused button, Esc cancels;
    /// ←→ Tab move between the buttons, y / n answer directly.
    static let keyMap = KeyMap<Action>([
        KeyBinding(.enter, "決定", help: "選んでいるボタンで答えます（左右キーで選びます。y ではい、n でいいえ）",
                   action: .supervisor(.confirm)),
        KeyBinding(.escape, "取消", help: "何もせずに閉じます", action: .supervisor(.cancel)),
    ]).merging(KeyMaps.common)

    /// Applies `key` to the question a screen holds in `pending`: on yes the effect runs and
    /// `working` says so; on no the screen says `cancelled`; either way the question closes.
    static func answer(_ pending: inout PendingConfirm?, _ key: Key, working: inout String?, message: inout Notice?,
                       cancelled: String) -> [ScreenCommand] {
        guard var question = pending else { return [] }
        let outcome = question.dialog.update(key)
        pending = outcome == nil ? question : nil
        switch outcome {
        case nil: return []
        case .cancelled:
            message = Notice(cancelled, .muted)
            return []
        case .confirmed:
            working = question.working
            message = nil
            return [.run(.supervisor(question.effect))]
        }
    }
}

/// A line a screen shows under its fields: what happened, in the style it deserves.
struct Notice: Equatable, Sendable {
    var text: String
    var style: Style

    init(_ text: String, _ style: Style) {
        self.text = text
        self.style = style
    }

    /// What every screen says to a printout or a failure; nil for other answers.
    static func of(_ result: SupervisorResult) -> Notice? {
        switch result {
        case let .printed(title, destination): return Notice("\(title)を印刷しました（\(destination)）。", .normal)
        case .failed(let text): return Notice(text, .warning)
        default: return nil
        }
    }
}

/// A 管理者モード screen that says what is under way (…しています) and what happened.
protocol SupervisorNotices {
    var working: String? { get set }
    var message: Notice? { get set }
}

extension SupervisorNotices {
    /// Shows a printout or a failure and says it did (true); other answers are the screen's.
    mutating func note(_ result: SupervisorResult) -> Bool {
        guard let notice = Notice.of(result) else { return false }
        working = nil
        message = notice
        return true
    }
}
