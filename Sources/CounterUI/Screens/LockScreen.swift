import TerminalKit

/// 画面ロック: shown after inactivity, over the work of every mode (nothing of it is drawn);
/// only the signed-in clerk's PIN resumes it, and signing out drops it.
public struct LockScreen: CounterScreen {
    public let clerkID: String
    public let clerkName: String
    var pin = TextField("", visibleWidth: 14, maxLength: 12)
    var message: String?
    /// A line for trainees (demo mode): which PIN unlocks.
    public let hint: String?

    public init(clerkID: String, clerkName: String, hint: String? = nil) {
        self.clerkID = clerkID
        self.clerkName = clerkName
        self.hint = hint
    }

    public var title: String { "画面ロック" }

    public var keyMap: KeyMap<Action> {
        KeyMap([
            KeyBinding(.enter, "解除", help: "暗証番号を確かめてロックを解除します", action: .clerk(.submit)),
            KeyBinding(.function(10), "サインアウト", help: "サインアウトして、別の担当者がサインインできるようにします",
                       action: .clerk(.signOut)),
        ]).merging(KeyMaps.common)
    }

    public mutating func perform(_ action: Action) -> [ScreenCommand] {
        switch action {
        case .clerk(.submit):
            guard !pin.text.isEmpty else {
                message = "暗証番号を入力してください。"
                return []
            }
            let command = ScreenCommand.run(.clerk(.unlock(pin: pin.text)))
            pin.setText("")
            message = "確認しています"
            return [command]
        case .clerk(.signOut):
            return [.session(.signOut)]
        default:
            return []
        }
    }

    public mutating func handle(_ key: Key) -> [ScreenCommand]? {
        if case .character(let c) = key, !c.isASCII || !c.isNumber { return [] }
        return pin.handle(key) == .ignored ? nil : []
    }

    public mutating func receive(_ msg: Msg) -> [ScreenCommand] {
        guard case .clerk(let result) = msg else { return [] }
        switch result {
        case let .signedIn(id, name, supervisor): return [.session(.signedIn(id: id, name: name, supervisor: supervisor))]
        case .signInRefused(let text):
            message = text
            return []
        default: return []
        }
    }

    public func render(into grid: inout CellGrid, area: Rect) {
        let box = area.inset(dx: 4, dy: 1)
        ClerkText.lines([
            ("一定時間操作がなかったため、画面をロックしました。", .warning),
            ("住民の情報は表示していません。解除すると作業の続きに戻ります。", .normal),
            ("", .normal),
            ("担当 \(clerkName)（\(clerkID)）の暗証番号を入力して Enter を押してください。", .normal),
        ], into: &grid, area: box)
        grid.put("暗証番号　", at: box.origin.down(5), style: .normal)
        grid.put(String(repeating: "*", count: pin.text.count), at: Point(x: box.x + 10, y: box.y + 5), maxWidth: 14,
                 style: .selected, pad: true)
        grid.cursor = Point(x: box.x + 10 + pin.text.count, y: box.y + 5)
        if let message { grid.put(message, at: box.origin.down(7), maxWidth: box.width, style: .warning) }
        if let hint { grid.put(hint, at: box.origin.down(9), maxWidth: box.width, style: .muted) }
    }
}
