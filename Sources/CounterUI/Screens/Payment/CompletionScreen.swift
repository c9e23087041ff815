import CounterCore
import Foundation
import TerminalKit

/// 完了: the receipt number and the handling time; Enter closes the case (case_closed) and
/// returns to 住民検索 for the next visit.
public struct CompletionScreen: CounterScreen {
    public var visit: Visit
    /// 領収番号, nil when nothing was paid.
    public let receipt: String?
    public let amount: Int
    var closedAt: Date?
    var now: Date?

    public init(visit: Visit, receipt: String?, amount: Int) {
        self.visit = visit
        self.receipt = receipt
        self.amount = amount
    }

    public var title: String { "完了" }

    public var keyMap: KeyMap<Action> {
        KeyMap([
            KeyBinding(.enter, "受付終了", help: "受付を終了して（記録を残し）、次の来庁者の検索に戻ります", action: .clerk(.close)),
        ]).merging(KeyMaps.common)
    }

    public mutating func perform(_ action: Action) -> [ScreenCommand] {
        switch action {
        case .clerk(.close):
            if closedAt != nil { return [.nextVisitor] }
            return [.run(.clerk(.closeCase(caseID: visit.caseID)))]
        default:
            return []
        }
    }

    public mutating func receive(_ msg: Msg) -> [ScreenCommand] {
        switch msg {
        case .tick(let date):
            now = date
        case .clerk(.caseClosed(_, let at)):
            closedAt = at
            return [.nextVisitor, .alert(.alert("受付終了", message: [
                "受付 \(visit.caseID) を終了しました。",
                "処理時間 " + Self.duration(at.timeIntervalSince(visit.setup.openedAt)),
            ], button: "次の来庁者へ"))]
        default:
            break
        }
        return []
    }

    static func duration(_ seconds: TimeInterval) -> String {
        let s = max(0, Int(seconds.rounded()))
        return s >= 60 ? "\(s / 60)分\(s % 60)秒" : "\(s)秒"
    }

    public func render(into grid: inout CellGrid, area: Rect) {
        let body = area.inset(dx: 2, dy: 1)
        var lines: [(String, Style)] = [
            ("受付番号　\(visit.caseID)", .normal),
            ("対象者　　\(visit.subject.name)", .normal),
            ("申請書　　" + visit.filled.map { "\($0.title) \($0.copies)通" }.joined(separator: "、"), .normal),
        ]
        if let receipt {
            lines.append(("領収番号　\(receipt)　\(ClerkText.yen(amount))", .title))
        } else {
            lines.append(("手数料　　なし", .normal))
        }
        let elapsed = (closedAt ?? now ?? visit.setup.openedAt).timeIntervalSince(visit.setup.openedAt)
        lines.append(("処理時間　" + Self.duration(elapsed) + "（受付から）", .normal))
        lines.append(("", .normal))
        lines.append(("書類と領収書をお渡ししたら Enter で受付を終了します。", .muted))
        ClerkText.lines(lines, into: &grid, area: body)
    }
}
