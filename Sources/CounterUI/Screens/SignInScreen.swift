import JapaneseKit
import TerminalKit

/// サインイン: the clerk's id and PIN. The PIN is never shown, only one `*` per digit.
public struct SignInScreen: CounterScreen {
    var id = TextField("", visibleWidth: 20, maxLength: 32)
    var pin = TextField("", visibleWidth: 14, maxLength: 12)
    var pinFocused = false
    var message: String?
    var busy = false

    public init() {}

    public var title: String { "サインイン" }

    public var keyMap: KeyMap<Action> {
        KeyMap([
            KeyBinding(.enter, "確定", help: "次の欄へ進みます。暗証番号の欄ではサインインします", action: .clerk(.submit)),
            KeyBinding(.tab, "次の欄", help: "担当者IDと暗証番号の欄を切り替えます", action: .clerk(.nextField)),
            KeyBinding(.function(2), "表示幅", help: "表示の確認の縦線がそろわないとき、丸や記号の幅（1桁・2桁）を切り替えます",
                       action: .clerk(.switchAmbiguousWidth), inBar: false),
        ]).merging(KeyMaps.common)
    }

    public mutating func perform(_ action: Action) -> [ScreenCommand] {
        switch action {
        case .clerk(.switchAmbiguousWidth):
            return [.session(.switchAmbiguousWidth)]
        case .clerk(.nextField):
            pinFocused.toggle()
            return []
        case .clerk(.submit):
            if !pinFocused {
                pinFocused = true
                return []
            }
            guard !id.text.isEmpty else {
                message = "担当者IDを入力してください。"
                pinFocused = false
                return []
            }
            guard !pin.text.isEmpty else {
                message = "暗証番号を入力してください。"
                return []
            }
            busy = true
            message = "確認しています"
            let command = ScreenCommand.run(.clerk(.signIn(id: id.text, pin: pin.text)))
            pin.setText("")
            return [command]
        case .back:
            return [.pop]
        default:
            return []
        }
    }

    public mutating func handle(_ key: Key) -> [ScreenCommand]? {
        message = nil
        if pinFocused {
            if case .character(let c) = key, !c.isASCII || !c.isNumber { return [] }
            return pin.handle(key) == .ignored ? nil : []
        }
        return id.handle(key) == .ignored ? nil : []
    }

    public mutating func receive(_ msg: Msg) -> [ScreenCommand] {
        guard case .clerk(let result) = msg else { return [] }
        switch result {
        case let .signedIn(id, name, supervisor):
            return [.session(.signedIn(id: id, name: name, supervisor: supervisor))]
        case .signInRefused(let text):
            busy = false
            message = text
            return [.alert(.alert("サインインできません", message: AppModel.wrap(text, width: 56), style: .warning))]
        default:
            return []
        }
    }

    public func render(into grid: inout CellGrid, area: Rect) {
        let box = area.inset(dx: 4, dy: 1)
        ClerkText.lines([
            ("担当者IDと暗証番号を入力して、Enter でサインインしてください。", .normal),
            ("", .normal),
        ], into: &grid, area: box)
        grid.put("担当者ID　", at: box.origin.down(3), style: .normal)
        id.render(into: &grid, area: Rect(x: box.x + 10, y: box.y + 3, width: 20, height: 1),
                  style: pinFocused ? .muted : .selected, focused: !pinFocused)
        grid.put("暗証番号　", at: box.origin.down(5), style: .normal)
        let masked = String(repeating: "*", count: pin.text.count)
        grid.put(masked, at: Point(x: box.x + 10, y: box.y + 5), maxWidth: 14, style: pinFocused ? .selected : .muted, pad: true)
        if pinFocused { grid.cursor = Point(x: box.x + 10 + pin.text.count, y: box.y + 5) }
        if let message {
            grid.put(message, at: box.origin.down(7), maxWidth: box.width, style: .warning)
        }
        grid.put("担当者の登録: madoguchi clerk add ID --name 氏名（管理者が行います）", at: box.origin.down(9),
                 maxWidth: box.width, style: .muted)
        Self.renderWidthCheck(into: &grid, at: box.origin.down(11), width: box.width)
    }

    /// 表示の確認: ten ○ (an ambiguous character) ending in ｜, over a ruler of full-width
    /// characters (the same on every terminal) ending in ｜ where the grid measures the ○ to
    /// end. The two ｜ line up exactly when the setting matches how the terminal draws ○.
    static func renderWidthCheck(into grid: inout CellGrid, at origin: Point, width: Int) {
        let circles = String(repeating: "○", count: 10)
        let label = "表示の確認　"
        grid.put(label + circles + "｜", at: origin, maxWidth: width, style: .normal)
        let measured = DisplayWidth.of(circles, ambiguousWide: grid.ambiguousWide)
        grid.put(String(repeating: "　", count: DisplayWidth.of(label) / 2) + String(repeating: "ー", count: measured / 2) + "｜",
                 at: origin.down(1), maxWidth: width, style: .normal)
        let hint = grid.ambiguousWide
            ? "丸や記号を2桁で表示中（いつもは config.yaml に ambiguous_width: 2）"
            : "上下の ｜ がそろわなければ F2 を押します（丸や記号を2桁で表示）。"
        grid.put(hint, at: origin.down(2), maxWidth: width, style: .muted)
    }
}
