import CounterCore
import JapaneseKit
import TerminalKit

/// 住民検索: the one search field. A search runs on Enter (each one is journaled, so never per
/// keystroke); Enter again opens the selected resident; F4 shows the selected resident's household.
public struct ResidentSearchScreen: CounterScreen {
    var query = TextField("", visibleWidth: 36, maxLength: 40)
    /// The text the shown results were found for.
    var searched: String?
    var results: [ResidentSummary] = []
    var list = ListView(count: 0, pageSize: 12)
    /// When the list shows a household: whose.
    var householdOf: String?
    var message: String? = "氏名（かな・漢字）、生年月日（S45.3.2 など）または宛名番号を入力して Enter"

    /// Results a search asks for (the Runtime's limit).
    public static let limit = 200

    public init() {}

    public var title: String { "住民検索" }

    public var keyMap: KeyMap<Action> {
        KeyMap([
            KeyBinding(.enter, "検索/開く", help: "入力を変えたら検索します。検索済みなら選んだ住民の詳細を開きます",
                       action: .clerk(.submit), inBar: false),
            KeyBinding(.function(4), "世帯", help: "選んだ住民の世帯員を一覧にします", action: .clerk(.household)),
            KeyBinding(.function(10), "サインアウト", help: "サインアウトします（交代するとき）", action: .clerk(.signOut)),
            OkuyamiFindScreen.openBinding,
        ]).merging(KeyMaps.common)
    }

    public mutating func perform(_ action: Action) -> [ScreenCommand] {
        switch action {
        case .clerk(.submit):
            let text = query.text.trimmingCharacters(in: .whitespaces)
            if text.isEmpty {
                message = "検索する氏名・生年月日・宛名番号を入力してください。"
                return []
            }
            if text != searched || results.isEmpty {
                message = "検索しています"
                return [.run(.clerk(.search(text)))]
            }
            guard results.indices.contains(list.selection) else { return [] }
            return [.run(.clerk(.openResident(id: results[list.selection].id)))]
        case .clerk(.household):
            guard results.indices.contains(list.selection) else {
                message = "先に住民を検索して選んでください。"
                return []
            }
            return [.run(.clerk(.household(id: results[list.selection].id)))]
        case .clerk(.signOut):
            return [.session(.signOut)]
        case .okuyami(.open):
            return [.push(AnyScreen(OkuyamiFindScreen()))]
        default:
            return []
        }
    }

    public mutating func handle(_ key: Key) -> [ScreenCommand]? {
        switch key {
        case .up, .down, .pageUp, .pageDown:
            return list.update(key) ? [] : []
        default:
            return query.handle(key) == .ignored ? nil : []
        }
    }

    public mutating func receive(_ msg: Msg) -> [ScreenCommand] {
        guard case .clerk(let result) = msg else { return [] }
        switch result {
        case let .searchResults(text, found):
            searched = text
            householdOf = nil
            show(found)
            message = found.isEmpty ? "「\(text)」に該当する住民はいません。表記や生年月日を変えて検索してください。"
                : found.count >= Self.limit ? "\(found.count) 件以上あります。名前を続けて入力するか生年月日で絞り込んでください。"
                : "\(found.count) 件。上下キーで選び Enter で詳細を開きます。F4 で世帯を表示します。"
            return []
        case let .householdShown(id, members):
            householdOf = id
            show(members)
            if let i = members.firstIndex(where: { $0.id == id }) { list.select(i) }
            message = "世帯 \(members.first?.householdID ?? "") の \(members.count) 人。Enter で詳細を開きます。"
            return []
        case let .residentOpened(resident, household):
            return [.push(AnyScreen(ResidentDetailScreen(resident: resident, household: household)))]
        case .failed(let text):
            message = text
            // A refused card number or 個人番号 does not stay on screen either.
            if SensitiveNumbers.firstKind(in: query.text) != nil { query.setText("") }
            return []
        default:
            return []
        }
    }

    private mutating func show(_ found: [ResidentSummary]) {
        results = found
        list = ListView(count: found.count, pageSize: list.pageSize)
    }

    public func render(into grid: inout CellGrid, area: Rect) {
        let body = area.inset(dx: 1, dy: 0)
        guard body.height >= 4 else { return }
        grid.put("検索 ", at: body.origin, style: .normal)
        query.render(into: &grid, area: Rect(x: body.x + 5, y: body.y, width: 36, height: 1))
        if let message {
            grid.put(message, at: body.origin.down(1), maxWidth: body.width, style: .muted)
        }
        let header = " " + ClerkText.cell("状態", 4) + " " + ClerkText.cell("支", 2) + " " + ClerkText.cell("氏名", 14) + " "
            + ClerkText.cell("フリガナ", 16) + " " + ClerkText.cell("生年月日", 10) + " " + ClerkText.cell("続柄", 6) + " 住所"
        grid.put(header, at: body.origin.down(2), maxWidth: body.width, style: .muted)
        let listArea = Rect(x: body.x, y: body.y + 3, width: body.width, height: max(1, body.height - 4))
        var visible = list
        visible.pageSize = max(1, listArea.height)
        for (row, index) in visible.visibleRange.enumerated() {
            let r = results[index]
            let selected = index == list.selection
            let line = (selected ? ">" : " ") + ClerkText.cell(ClerkText.badge(r.status), 4) + " "
                + ClerkText.cell(r.supportMeasure ? "支" : "", 2) + " " + ClerkText.cell(r.name, 14) + " "
                + ClerkText.cell(r.kana, 16) + " " + ClerkText.cell(r.birthdateWarekiShort, 10) + " "
                + ClerkText.cell(r.relationship, 6) + " " + (r.alias.map { "〔通称 \($0)〕" } ?? "") + r.address
            let style: Style = selected ? .selected : (r.status == .current ? .normal : .muted)
            grid.put(line, at: listArea.origin.down(row), maxWidth: listArea.width, style: style, pad: selected)
            if r.supportMeasure && !selected {
                grid.put("支", at: Point(x: listArea.x + 6, y: listArea.y + row), style: .warning)
            }
        }
        if results.isEmpty == false, householdOf == nil {
            grid.put("支=支援措置対象　上下キーで選択　Enter で詳細　F4 で世帯", at: Point(x: body.x, y: body.maxY - 1),
                     maxWidth: body.width, style: .muted)
        }
        grid.cursor = Point(x: body.x + 5 + query.visibleCursorColumn, y: body.y)
    }
}
