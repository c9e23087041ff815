import TerminalKit

/// 開始画面: where every visit begins. The main area is empty apart from a short welcome and
/// a hint; business screens (受付, 住民検索 …) open from here with their function keys.
public struct StartScreen: CounterScreen {
    public init() {}

    public var title: String { "開始" }

    public var keyMap: KeyMap<Action> { KeyMaps.common }

    public func render(into grid: inout CellGrid, area: Rect) {
        let body = area.inset(dx: 2, dy: 0).splitTop(1).rest
        let lines: [(String, Style)] = [
            ("窓口端末へようこそ", .normal),
            ("", .normal),
            ("来庁された方の用件をうかがい、下の機能キーから業務を選んでください。", .normal),
            ("キーの一覧は F1 で表示します。終了は F12、または Esc を2回押します。", .muted),
        ]
        for (row, line) in lines.enumerated() where row < body.height {
            grid.put(line.0, at: body.origin.down(row), maxWidth: body.width, style: line.1)
        }
    }
}
