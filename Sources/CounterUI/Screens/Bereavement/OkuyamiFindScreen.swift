import CounterCore
import JapaneseKit
import TerminalKit

/// おくやみ: find the deceased in the registry (the one search field), or resume a case by
/// its number (OK20261125-0003). Enter searches; Enter again on a result opens the dates.
public struct OkuyamiFindScreen: CounterScreen {
    public var query = TextField("", visibleWidth: 40, maxLength: 60)
    /// The text the shown results answer.
    public private(set) var searched: String?
    public private(set) var results: [ResidentSummary] = []
    public private(set) var list = ListView(count: 0, pageSize: OkuyamiFindScreen.pageSize)
    /// A refusal or hint from the last effect.
    public private(set) var message: String?
    /// An effect is running; its answer is awaited.
    public private(set) var waiting = false

    /// Result rows visible at 80×24.
    static let pageSize = 17

    public init() {}

    /// The key that opens this screen from the start or 受付 screen (perform `.okuyami(.open)`
    /// by pushing `OkuyamiFindScreen()`).
    public static let openBinding = KeyBinding<Action>(.function(7), "おくやみ", help: "おくやみ窓口: 亡くなった方の手続きをまとめて案内します",
                                                       action: .okuyami(.open))

    public var title: String { "おくやみ" }

    public var keyMap: KeyMap<Action> {
        KeyMap([
            KeyBinding(.enter, "検索/決定", help: "検索します。結果を選んでもう一度押すと、その方の手続きに進みます", action: .okuyami(.submit)),
        ]).merging(KeyMaps.common)
    }

    // MARK: - Update

    public mutating func perform(_ action: Action) -> [ScreenCommand] {
        guard action == .okuyami(.submit) else { return [] }
        let text = query.text.trimmingCharacters(in: .whitespaces)
        if let number = OkuyamiText.caseNumber(text) {
            message = nil
            waiting = true
            return [.run(.okuyami(.loadCase(number: number)))]
        }
        if text == searched, results.indices.contains(list.selection) {
            message = nil
            waiting = true
            return [.run(.okuyami(.loadDeceased(id: results[list.selection].id)))]
        }
        guard !text.isEmpty else {
            message = "氏名（かな・漢字）、生年月日、宛名番号、または受付番号を入力してください。"
            return []
        }
        message = nil
        waiting = true
        return [.run(.okuyami(.search(query: text)))]
    }

    public mutating func handle(_ key: Key) -> [ScreenCommand]? {
        // Up/Down and the page keys move in the results; every other key edits the field.
        if !results.isEmpty, [.up, .down, .pageUp, .pageDown].contains(key), list.update(key) { return [] }
        return query.handle(key) == .ignored ? nil : []
    }

    public mutating func receive(_ msg: Msg) -> [ScreenCommand] {
        guard case .okuyami(let result) = msg else { return [] }
        waiting = false
        switch result {
        case let .searchResults(q, found):
            searched = q
            results = SearchOrder.deceasedFirst.arranged(found)
            list = ListView(count: found.count, pageSize: Self.pageSize)
            message = found.isEmpty ? "「\(q)」に当たる住民はいません。かなや生年月日で探し直してください。" : nil
            return []
        case let .deceasedLoaded(deceased):
            return [.push(AnyScreen(OkuyamiDatesScreen(deceased: deceased)))]
        case let .caseLoaded(bereavementCase, order, today):
            return [.push(AnyScreen(OkuyamiChecklistScreen(bereavementCase: bereavementCase, walkingOrder: order, today: today)))]
        case let .failed(text):
            message = text
            // A refused card number or 個人番号 does not stay on screen either.
            if SensitiveNumbers.firstKind(in: query.text) != nil { query.setText("") }
            return []
        default:
            return []
        }
    }

    // MARK: - View

    public func render(into grid: inout CellGrid, area: Rect) {
        let body = area.inset(dx: 1, dy: 0)
        guard body.height >= 6 else { return }
        grid.put("亡くなった方を氏名・生年月日・宛名番号で探します。続きは受付番号で開きます。",
                 at: body.origin, maxWidth: body.width, style: .muted)
        grid.put("検索:", at: body.origin.down(1), maxWidth: 6)
        var field = query
        field.visibleWidth = min(40, body.width - 7)
        field.render(into: &grid, area: Rect(x: body.x + 6, y: body.y + 1, width: field.visibleWidth, height: 1))
        // A message may take two rows; the results move down to make room.
        var notice: [(String, Style)] = []
        if waiting {
            notice = [("問い合わせています", .muted)]
        } else if let message {
            notice = OkuyamiText.wrap(message, width: body.width).prefix(2).map { ($0, .error) }
        } else if searched != nil {
            notice = [("\(results.count)件。上下キーで選び Enter で開きます。", .muted)]
        }
        for (row, line) in notice.enumerated() {
            grid.put(line.0, at: body.origin.down(2 + row), maxWidth: body.width, style: line.1)
        }
        guard !results.isEmpty else { return }
        let top = body.y + 2 + max(1, notice.count)
        let table = Table(columns: [
            .init("状態", width: .fixed(4)),
            .init("宛名番号", width: .fixed(10)),
            .init("氏名", width: .flexible(min: 10)),
            .init("カナ", width: .flexible(min: 10)),
            .init("生年月日", width: .fixed(10)),
            .init("異動日", width: .fixed(10)),
        ], rows: results.map { r in
            [r.status.japaneseName, r.id, r.name, r.kana, r.birthdateWarekiShort, r.statusDateText ?? r.statusDate?.warekiShort ?? ""]
        })
        let tableArea = Rect(x: body.x, y: top, width: body.width, height: min(body.maxY - top, Self.pageSize + 1))
        // A shorter area (the 研修モード banner takes a row) still shows the selection.
        table.render(into: &grid, area: tableArea, following: list)
    }
}
