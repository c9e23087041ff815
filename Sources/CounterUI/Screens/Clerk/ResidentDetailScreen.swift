import CounterCore
import JapaneseKit
import TerminalKit

/// 住民詳細: one record (already journaled as viewed), the household, memberships and the
/// 支援措置 warning. F2 opens a case (受付) for this resident.
public struct ResidentDetailScreen: CounterScreen {
    public let resident: Resident
    public let household: [Resident]

    public init(resident: Resident, household: [Resident]) {
        self.resident = resident
        self.household = household
    }

    public var title: String { "住民詳細" }

    public var keyMap: KeyMap<Action> {
        KeyMap([
            KeyBinding(.function(2), "受付", help: "この住民の受付を開始し、申請書を選びます", action: .clerk(.reception)),
        ]).merging(KeyMaps.common)
    }

    public mutating func perform(_ action: Action) -> [ScreenCommand] {
        switch action {
        case .clerk(.reception): return [.run(.clerk(.openCase(procedure: PaymentRequest.defaultProcedure, subject: resident.id)))]
        default: return []
        }
    }

    public mutating func receive(_ msg: Msg) -> [ScreenCommand] {
        guard case .clerk(.caseOpened(let setup)) = msg else { return [] }
        return [.push(AnyScreen(ReceptionScreen(visit: Visit(setup: setup, subject: resident, household: household))))]
    }

    static func statusText(_ r: Resident) -> String {
        let date = r.statusDateWareki.map { " " + $0 } ?? ""
        switch r.status {
        case .current: return "現住"
        case .movedOut: return "転出" + date
        case .deceased: return "死亡" + date
        case .removed: return "消除" + date
        }
    }

    public func render(into grid: inout CellGrid, area: Rect) {
        let body = area.inset(dx: 1, dy: 0)
        let r = resident
        var lines: [(String, Style)] = []
        if r.supportMeasure {
            lines.append(("【支援措置対象者】証明書の交付・住所の開示は制限されます。管理者に確認を。", .warning))
        }
        if r.status != .current {
            lines.append(("【\(ClerkText.badge(r.status))】この方は現在の住民ではありません（\(Self.statusText(r))）。", .warning))
        }
        lines += [
            ("氏名　　 " + r.name + "（" + r.kana + "）" + (r.alias.map { "　通称 " + $0 } ?? ""), .normal),
            ("宛名番号 " + r.id + "　世帯番号 " + r.householdID + "　続柄 " + r.relationship, .normal),
            ("生年月日 " + r.birthdateWareki + "（" + ClerkText.sex(r.sex) + "）　状態 " + Self.statusText(r), .normal),
            ("住所　　 〒" + r.postalCode + " " + r.address + (r.addressDetail.isEmpty ? "" : " " + r.addressDetail), .normal),
            ("本籍　　 " + r.honseki + "　筆頭者 " + r.hittousha, .normal),
            ("加入等　 " + (r.memberships.isEmpty ? "なし" : Membership.allCases.filter { r.memberships.contains($0) }
                .map(\.columnName).joined(separator: "・")), .normal),
            ("", .normal),
            ("世帯（\(household.count) 人）", .muted),
        ]
        for m in household {
            let mark = m.id == r.id ? ">" : " "
            let line = mark + ClerkText.cell(m.relationship, 8) + " " + ClerkText.cell(m.name, 16) + " "
                + ClerkText.cell(m.kana, 18) + " " + ClerkText.cell(m.birthdateWareki, 16) + " " + ClerkText.badge(m.status)
            lines.append((line, m.status == .current ? .normal : .muted))
        }
        ClerkText.lines(lines, into: &grid, area: body)
        if body.height > lines.count + 1 {
            grid.put("F2 で受付を開始して申請書を選びます。", at: Point(x: body.x, y: body.maxY - 1), maxWidth: body.width,
                     style: .muted)
        }
    }
}
