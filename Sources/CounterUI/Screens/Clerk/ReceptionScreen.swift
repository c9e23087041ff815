import CounterCore
import TerminalKit

/// 受付: the case is open; pick the procedures (several forms, copies each) from the form
/// library. A number key or Space chooses a form, + and - change its copies, Enter goes on to
/// 申請書確認.
public struct ReceptionScreen: CounterScreen {
    public var visit: Visit
    var list: ListView
    var message: String?

    public init(visit: Visit) {
        self.visit = visit
        list = ListView(count: visit.setup.forms.count, pageSize: 12)
    }

    public var title: String { "受付" }

    public var keyMap: KeyMap<Action> {
        KeyMap([
            KeyBinding(.enter, "申請書確認", help: "選んだ申請書の確認に進みます", action: .clerk(.proceed)),
            KeyBinding(.character(" "), "選択", help: "カーソルの申請書を選ぶ・外す（数字キーでも選べます）", action: .clerk(.toggle)),
            KeyBinding(.character("+"), "通数+", help: "カーソルの申請書の通数を1増やします", action: .clerk(.moreCopies)),
            KeyBinding(.character("-"), "通数-", help: "カーソルの申請書の通数を1減らします", action: .clerk(.fewerCopies)),
        ]).merging(KeyMaps.common)
    }

    static let shortcuts: [Character] = Array("123456789abcdefghijklmnopqrstuvwxyz")

    public mutating func perform(_ action: Action) -> [ScreenCommand] {
        let forms = visit.setup.forms
        switch action {
        case .clerk(.toggle):
            toggle(list.selection)
        case .clerk(.moreCopies), .clerk(.fewerCopies):
            guard forms.indices.contains(list.selection) else { return [] }
            let id = forms[list.selection].id
            let delta = action == .clerk(.moreCopies) ? 1 : -1
            if let i = visit.chosen.firstIndex(where: { $0.id == id }) {
                let copies = visit.chosen[i].copies + delta
                if copies <= 0 { visit.chosen.remove(at: i) } else { visit.chosen[i].copies = min(copies, 99) }
            } else if delta > 0 {
                visit.chosen.append((id, 1))
            }
        case .clerk(.proceed):
            guard !visit.chosen.isEmpty else {
                message = "申請書を1つ以上選んでください（数字キーまたは Space）。"
                return []
            }
            return [.push(AnyScreen(FormReviewScreen(visit: visit)))]
        default:
            break
        }
        return []
    }

    private mutating func toggle(_ index: Int) {
        let forms = visit.setup.forms
        guard forms.indices.contains(index) else { return }
        list.select(index)
        let id = forms[index].id
        if let i = visit.chosen.firstIndex(where: { $0.id == id }) {
            visit.chosen.remove(at: i)
        } else {
            visit.chosen.append((id, 1))
        }
        message = nil
    }

    public mutating func handle(_ key: Key) -> [ScreenCommand]? {
        if case .text(let s) = key {
            // Keys typed quickly can arrive together: one at a time.
            var out: [ScreenCommand] = []
            for c in s { out += (c == "+" || c == "-" || c == " " ? perform(.clerk(c == "+" ? .moreCopies : c == "-" ? .fewerCopies : .toggle)) : handle(.character(c)) ?? []) }
            return out
        }
        switch key {
        case .up, .down, .pageUp, .pageDown, .home, .end:
            _ = list.update(key)
            return []
        case .character(let c):
            if let i = Self.shortcuts.firstIndex(of: c), i < visit.setup.forms.count {
                toggle(i)
                return []
            }
            return nil
        default:
            return nil
        }
    }

    public func render(into grid: inout CellGrid, area: Rect) {
        let body = area.inset(dx: 1, dy: 0)
        grid.put("受付番号 \(visit.caseID)　対象者 \(visit.subject.name)（\(visit.subject.kana)）", at: body.origin,
                 maxWidth: body.width, style: .normal)
        grid.put(message ?? "数字キーで申請書を選び、+ / - で通数を変えて Enter。", at: body.origin.down(1), maxWidth: body.width,
                 style: message == nil ? .muted : .warning)
        let listArea = Rect(x: body.x, y: body.y + 2, width: body.width, height: max(0, body.height - 4))
        var visible = list
        visible.pageSize = max(1, listArea.height)
        let forms = visit.setup.forms
        for (row, index) in visible.visibleRange.enumerated() {
            let form = forms[index]
            let chosen = visit.chosen.first { $0.id == form.id }
            let key = index < Self.shortcuts.count ? String(Self.shortcuts[index]) : " "
            let fee = form.fee == 0 ? "無料" : ClerkText.yen(form.fee)
            let line = "\(key) [\(chosen == nil ? " " : "x")] " + ClerkText.cell(form.title, 34) + " "
                + ClerkText.cell(form.department, 12) + " " + ClerkText.cell(fee, 7) + " "
                + (chosen.map { "\($0.copies) 通" } ?? "")
            let style: Style = index == list.selection ? .selected : (chosen == nil ? .normal : .title)
            grid.put(line, at: listArea.origin.down(row), maxWidth: listArea.width, style: style, pad: index == list.selection)
        }
        let total = visit.chosen.reduce(0) { sum, item in
            sum + (forms.first { $0.id == item.id }?.fee ?? 0) * item.copies
        }
        grid.put("選択 \(visit.chosen.count) 件　手数料（基本）合計 \(ClerkText.yen(total))", at: Point(x: body.x, y: body.maxY - 1),
                 maxWidth: body.width, style: .normal)
    }
}
