import CounterCore
import JapaneseKit
import TerminalKit

/// おくやみ 申請書: a linked form pre-filled for the deceased with the applicant, read-only,
/// with where each value came from (住民記録, 入力, 自動, ご本人が記入); missing required
/// values and eligibility refusals are shown. F8 prints it the way 申請書確認 prints (journaled
/// first, then the spool folder or the printer).
public struct OkuyamiFormScreen: CounterScreen {
    public private(set) var form: FilledForm
    public private(set) var list: ListView
    public private(set) var message: (text: String, isError: Bool)?
    public private(set) var waiting = false

    /// Field rows visible at 80×24 (main area less the header and the notes).
    static let pageSize = 14

    public init(form: FilledForm) {
        self.form = form
        list = ListView(count: form.fields.filter(\.applies).count, pageSize: Self.pageSize)
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.form == b.form && a.list == b.list && a.message?.text == b.message?.text
            && a.message?.isError == b.message?.isError && a.waiting == b.waiting
    }

    public var title: String { "申請書" }

    public var keyMap: KeyMap<Action> {
        KeyMap([
            KeyBinding(.function(8), "印刷", help: "この申請書を印刷します（交付の記録を残してから）", action: .okuyami(.printForm)),
        ]).merging(KeyMaps.common)
    }

    var fields: [FilledField] { form.fields.filter(\.applies) }

    public mutating func perform(_ action: Action) -> [ScreenCommand] {
        guard action == .okuyami(.printForm), !waiting else { return [] }
        guard form.eligibility.ok else {
            message = ("交付できないため印刷しません: " + form.eligibility.reasons.map(\.message).joined(separator: " "), true)
            return []
        }
        waiting = true
        message = nil
        return [.run(.clerk(.printForms([form])))]
    }

    public mutating func handle(_ key: Key) -> [ScreenCommand]? { list.update(key) ? [] : nil }

    public mutating func receive(_ msg: Msg) -> [ScreenCommand] {
        switch msg {
        case .clerk(.printed(_, let destination)):
            waiting = false
            message = ("印刷しました: \(destination)", false)
        case .clerk(.failed(let text)), .okuyami(.failed(let text)):
            waiting = false
            message = (text, true)
            return [.alert(OkuyamiText.refusal(text))]
        default: break
        }
        return []
    }

    static func provenance(_ field: FilledField) -> String {
        if field.missing { return "未入力" }
        switch field.provenance {
        case .registry: return "住民記録"
        case .computed: return "自動"
        case .entered: return "入力"
        case .handwritten: return "手書き"
        case .constant: return "定型"
        }
    }

    public func render(into grid: inout CellGrid, area: Rect) {
        let body = area.inset(dx: 1, dy: 0)
        guard body.height >= 6 else { return }
        grid.put("\(form.title)  \(form.department)  受付番号 \(form.caseNumber)", at: body.origin, maxWidth: body.width)
        let missing = fields.filter(\.missing).count
        let state = !form.eligibility.ok ? "交付できません" : missing > 0 ? "必須の未入力 \(missing) 件（窓口で記入）" : "記入済み"
        grid.put("手書きの欄はご本人が記入します。  \(state)", at: body.origin.down(1), maxWidth: body.width,
                 style: form.eligibility.ok ? .muted : .error)
        let rows = fields.map { f -> [String] in
            let value = f.isHandwritten ? "（ご本人が記入）" : (f.value ?? "")
            return [Self.provenance(f), f.label + (f.required ? "＊" : ""), value]
        }
        let table = Table(columns: [
            .init("出所", width: .fixed(8)),
            .init("項目", width: .fixed(24)),
            .init("内容", width: .flexible(min: 10)),
        ], rows: rows)
        let tableArea = Rect(x: body.x, y: body.y + 2, width: body.width, height: min(body.height - 2, Self.pageSize + 1))
        var first = list.visibleRange.lowerBound
        let shown = max(1, tableArea.height - 1)
        if list.selection >= first + shown { first = list.selection - shown + 1 }
        table.render(into: &grid, area: tableArea, selected: list.selection, firstRow: first)
        for (row, f) in fields.enumerated() where (first..<first + shown).contains(row) && f.missing && row != list.selection {
            grid.restyle(Rect(x: body.x, y: tableArea.y + 1 + row - first, width: 8, height: 1), style: .error)
        }
        var y = tableArea.maxY
        var notes: [(String, Style)] = form.eligibility.reasons.map { ($0.message, .error) }
        notes += form.warnings.map { ($0, .warning) }
        if let message { notes.insert((message.text, message.isError ? .error : .warning), at: 0) }
        if waiting { notes.insert(("印刷しています", .muted), at: 0) }
        for note in notes where y < body.maxY {
            grid.put(note.0, at: Point(x: body.x, y: y), maxWidth: body.width, style: note.1)
            y += 1
        }
    }
}
