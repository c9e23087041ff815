import CounterCore
import TerminalKit

/// 担当者: the clerks of config.yaml, locked ones first, then disabled ones, then the rest.
/// F5 unlocks and F6 disables the one under the cursor, each after a confirmation, with the
/// same `clerk_changed` record `madoguchi clerk unlock|disable` writes.
public struct ClerkListScreen: CounterScreen, SupervisorNotices {
    public private(set) var rows: [ClerkRow] = []
    var list = ListView(count: 0, pageSize: 14)
    var working: String? = "担当者を読み込んでいます"
    var message: Notice?
    var pending: PendingConfirm?

    public init() {}

    public var title: String { "担当者" }

    public var keyMap: KeyMap<Action> {
        if pending != nil { return PendingConfirm.keyMap }
        return KeyMap([
            KeyBinding(.function(5), "ロック解除", help: "選んだ担当者のロック（暗証番号の誤り）を解除します", action: .supervisor(.unlock)),
            KeyBinding(.function(6), "無効", help: "選んだ担当者をサインインできなくします（最後の管理者は無効にできません）",
                       action: .supervisor(.disable)),
        ]).merging(KeyMaps.common)
    }

    var selected: ClerkRow? { rows.indices.contains(list.selection) ? rows[list.selection] : nil }

    public mutating func perform(_ action: Action) -> [ScreenCommand] {
        if pending != nil { return answer(action == .supervisor(.confirm) ? .enter : .escape) }
        guard working == nil, let clerk = selected else { return [] }
        let who = "\(clerk.name)（\(clerk.id)）"
        switch action {
        case .supervisor(.unlock):
            guard clerk.locked else {
                message = Notice("\(who) はロックされていません。", .warning)
                return []
            }
            pending = PendingConfirm(dialog: .confirm("ロック解除", message: ["担当者 \(who) のロックを解除します。", "よろしいですか。"],
                                                      confirm: "解除する", cancel: "やめる"),
                                     effect: .unlockClerk(clerk: clerk.id), working: "ロックを解除しています")
        case .supervisor(.disable):
            guard !clerk.disabled else {
                message = Notice("\(who) はもう無効です。", .warning)
                return []
            }
            pending = PendingConfirm(dialog: .confirm("担当者の無効化", message: ["担当者 \(who) をサインインできなくします。",
                                                                              "よろしいですか。"],
                                                      confirm: "無効にする", cancel: "やめる", style: .warning),
                                     effect: .disableClerk(clerk: clerk.id), working: "担当者を無効にしています")
        default:
            break
        }
        return []
    }

    private mutating func answer(_ key: Key) -> [ScreenCommand] {
        PendingConfirm.answer(&pending, key, working: &working, message: &message, cancelled: "何も変えませんでした。")
    }

    public mutating func handle(_ key: Key) -> [ScreenCommand]? {
        if pending != nil { return answer(key) }
        switch key {
        case .up, .down, .pageUp, .pageDown, .home, .end:
            _ = list.update(key)
            message = nil
            return []
        default:
            return nil
        }
    }

    public mutating func receive(_ msg: Msg) -> [ScreenCommand] {
        guard case .supervisor(let answer) = msg, !note(answer) else { return [] }
        switch answer {
        case .clerks(let rows):
            show(rows)
        case let .clerkChanged(done, rows):
            show(rows)
            message = Notice(done, .normal)
        default:
            return []
        }
        return []
    }

    private mutating func show(_ rows: [ClerkRow]) {
        let id = selected?.id
        self.rows = rows
        working = nil
        message = nil
        list.count = rows.count
        if let id, let i = rows.firstIndex(where: { $0.id == id }) { list.select(i) }
    }

    public func render(into grid: inout CellGrid, area: Rect) {
        let body = area.inset(dx: 1, dy: 0)
        let status = working.map { Notice($0, .muted) } ?? message ?? Notice("上下キーで選び、F5 でロック解除、F6 で無効にします。", .muted)
        grid.put(status.text, at: body.origin, maxWidth: body.width, style: status.style)
        let header = ClerkText.cell("担当者ID", 16) + " " + ClerkText.cell("氏名", 24) + " " + ClerkText.cell("役割", 8) + " 状態"
        grid.put(header, at: body.origin.down(2), maxWidth: body.width, style: .title)
        var visible = list
        visible.pageSize = max(1, body.height - 4)
        for (row, index) in visible.visibleRange.enumerated() {
            let r = rows[index]
            let line = ClerkText.cell(r.id, 16) + " " + ClerkText.cell(r.name, 24) + " " + ClerkText.cell(r.role.title, 8) + " " + r.state
            let style: Style = index == list.selection ? .selected : (r.locked ? .warning : (r.disabled ? .muted : .normal))
            grid.put(line, at: body.origin.down(3 + row), maxWidth: body.width, style: style, pad: index == list.selection)
        }
        if let pending { pending.dialog.render(into: &grid, area: area) }
    }
}
