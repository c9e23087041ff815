import Foundation
import CounterCore
import JapaneseKit
import TerminalKit

/// アクセス履歴: who looked at one resident's record, when, at which terminal, doing what —
/// for a resident who asks (本人開示). The lookup is itself journaled before it is shown; F5
/// prints it.
public struct AccessHistoryScreen: CounterScreen {
    public enum Focus: Hashable, Sendable { case resident, from, to, list }

    public private(set) var resident = TextField("", visibleWidth: 12, maxLength: 20)
    private(set) var dates = DateRangeFields()
    public private(set) var focus: Focus = .resident
    public private(set) var history: AccessHistory?
    public private(set) var list = ListView(count: 0, pageSize: AccessHistoryScreen.pageSize)
    public private(set) var message: String?
    /// The last message is a success, not a refusal.
    public private(set) var done = false
    public private(set) var waiting = false

    static let pageSize = 16

    public init() {}

    public var title: String { "アクセス履歴" }

    public var from: TextField { dates.from }
    public var to: TextField { dates.to }

    public var keyMap: KeyMap<Action> {
        var bindings = [
            KeyBinding<Action>(.enter, "照会", help: "宛名番号と期間でアクセス履歴を照会します（照会も記録に残ります）", action: .review(.submit)),
            KeyBinding(.tab, "欄移動", help: "宛名番号・期間・一覧の間を移ります", action: .review(.nextField), inBar: false),
        ]
        if history != nil {
            bindings.append(KeyBinding(.function(5), "印刷", help: "表示中のアクセス履歴を印刷します", action: .review(.print)))
        }
        return KeyMap(bindings).merging(KeyMaps.common)
    }

    public mutating func perform(_ action: Action) -> [ScreenCommand] {
        guard !waiting else { return [] }
        switch action {
        case .review(.submit): return lookUp()
        case .review(.nextField):
            focus = switch focus {
            case .resident: .from
            case .from: .to
            case .to: history?.entries.isEmpty == false ? .list : .resident
            case .list: .resident
            }
            return []
        case .review(.print):
            guard let history else { return [] }
            waiting = true
            message = nil
            return [.run(.review(.printAccessHistory(history: history)))]
        default:
            return []
        }
    }

    private mutating func lookUp() -> [ScreenCommand] {
        done = false
        let id = resident.text.precomposedStringWithCompatibilityMapping.trimmingCharacters(in: .whitespaces)
        guard !id.isEmpty else {
            message = "宛名番号を入力してください。"
            focus = .resident
            return []
        }
        switch dates.parsed() {
        case .failure(let refusal):
            message = refusal.message
            focus = refusal.field == .from ? .from : .to
            return []
        case .success(let range):
            message = nil
            waiting = true
            return [.run(.review(.accessHistory(resident: id, from: range.from, to: range.to)))]
        }
    }

    public mutating func handle(_ key: Key) -> [ScreenCommand]? {
        switch focus {
        case .list: return list.update(key) ? [] : nil
        case .resident: return resident.handle(key) == .ignored ? nil : []
        case .from: return dates.handle(key, in: .from)
        case .to: return dates.handle(key, in: .to)
        }
    }

    public mutating func receive(_ msg: Msg) -> [ScreenCommand] {
        switch msg {
        case .tick(let now):
            dates.offer(from: ReviewText.yearBefore(CivilDate(now)), to: CivilDate(now))
            return []
        case .review(.history(let found)):
            waiting = false
            history = found
            dates.show(from: found.from, to: found.to)
            list = ListView(count: found.entries.count, pageSize: Self.pageSize)
            if !found.entries.isEmpty { focus = .list }
            // Lines naming the resident that could not be read: the answer may be incomplete.
            message = found.unreadable.isEmpty ? nil
                : "読めない記録が \(found.unreadable.count) 件あり、履歴が欠けているかもしれません。ジャーナルの検証で確かめてください。"
            return []
        case .review(.printed(let destination)):
            waiting = false
            done = true
            message = "アクセス履歴を \(destination) に印刷しました。"
            return []
        case .review(.failed(let text)):
            waiting = false
            done = false
            message = text
            // A refused card number or 個人番号 does not stay on screen either.
            if SensitiveNumbers.firstKind(in: resident.text) != nil { resident.setText("") }
            return []
        default:
            return []
        }
    }

    public func render(into grid: inout CellGrid, area: Rect) {
        let body = area.inset(dx: 1, dy: 0)
        guard body.height >= 8 else { return }
        let x = ReviewText.field("宛名番号 ", resident, placeholder: "", focused: focus == .resident, at: body.origin, into: &grid)
        let typing: DateRangeFields.Which? = focus == .from ? .from : focus == .to ? .to : nil
        dates.render("  期間 ", placeholders: ("1年前", "今日"), focus: typing, at: Point(x: x, y: body.y), into: &grid)
        let statusRow = body.origin.down(1)
        if waiting {
            grid.put("照会しています", at: statusRow, maxWidth: body.width, style: .muted)
        } else if let history {
            grid.put("宛名番号 \(history.resident)  \(history.from.iso) 〜 \(history.to.iso)  \(history.entries.count) 件（この照会も記録に残りました）",
                     at: statusRow, maxWidth: body.width)
        } else {
            grid.put("住民から開示を求められたとき、宛名番号と期間を入れて Enter で照会します。", at: statusRow, maxWidth: body.width, style: .muted)
        }
        if let message {
            grid.put(message, at: body.origin.down(2), maxWidth: body.width, style: done ? .normal : .error)
        } else if let history, history.entries.isEmpty {
            grid.put("この期間にこの住民へのアクセスはありません。", at: body.origin.down(2), maxWidth: body.width, style: .muted)
        } else if history != nil {
            grid.put("F5 で印刷して本人にお渡しできます。", at: body.origin.down(2), maxWidth: body.width, style: .muted)
        }
        guard let history, !history.entries.isEmpty else { return }
        let table = Table(columns: [
            .init("日時", width: .fixed(16)),
            .init("職員", width: .fixed(10)),
            .init("端末", width: .fixed(10)),
            .init("内容", width: .flexible(min: 10)),
        ], rows: history.entries.map { e in [String(e.ts.prefix(16)).replacingOccurrences(of: "T", with: " "), e.clerk, e.terminal, e.what] })
        let tableArea = Rect(x: body.x, y: body.y + 3, width: body.width, height: body.height - 3)
        table.render(into: &grid, area: tableArea, following: list, highlight: focus == .list)
    }
}
