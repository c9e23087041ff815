import CounterCore
import TerminalKit

/// 申請書確認: each chosen form as the forms engine pre-filled it, with where every value
/// came from (住記 registry, 入力 typed here, 自動 computed, 手書 left for the resident).
/// Missing required fields are filled here; a value typed once serves every form of the case.
/// Eligibility refusals are explained. F5 prints; F6 goes on to the fee.
public struct FormReviewScreen: CounterScreen {
    public var visit: Visit
    var formIndex = 0
    var cursor = 0
    var editing: TextField?
    var message: String?

    public init(visit: Visit) {
        self.visit = visit
        cursor = firstMissing(from: 0) ?? 0
    }

    public var title: String { "申請書確認" }

    public var keyMap: KeyMap<Action> {
        KeyMap([
            KeyBinding(.enter, "入力", help: "カーソルの欄を入力します（選択肢は数字キーで選べます）。入力中は確定します",
                       action: .clerk(.edit), inBar: false),
            KeyBinding(.function(3), "請求者", help: "請求者（本人・同一世帯・配偶者直系・代理人・第三者）を切り替えます",
                       action: .clerk(.requester)),
            KeyBinding(.function(5), "印刷", help: "すべての申請書を印刷します（交付記録をジャーナルに残します）", action: .clerk(.print)),
            KeyBinding(.function(6), "支払へ", help: "手数料の支払に進みます（印刷のあと）", action: .clerk(.pay)),
            KeyBinding(.function(7), "交付しない", help: "交付せずに受付を終了します（理由とともに記録します。委任状がない・正当な理由がないときなど）",
                       action: .clerk(.refuse)),
            KeyBinding(.function(8), "上司へ", help: "交付せずに上司へ引き継いで受付を終了します（支援措置の対象者など）",
                       action: .clerk(.refer)),
            KeyBinding(.tab, "次の書類", help: "次の申請書を表示します", action: .clerk(.nextForm)),
            KeyBinding(.backTab, "前の書類", help: "前の申請書を表示します", action: .clerk(.previousForm), inBar: false),
        ]).merging(KeyMaps.common)
    }

    var forms: [FilledForm] { visit.filled }

    /// The fields of the current form that apply (conditional ones that do not are left out).
    var fields: [FilledField] {
        let all = forms
        guard all.indices.contains(formIndex) else { return [] }
        return all[formIndex].fields.filter(\.applies)
    }

    func firstMissing(from start: Int) -> Int? {
        let f = fields
        guard !f.isEmpty else { return nil }
        for offset in 0..<f.count {
            let i = (start + offset) % f.count
            if f[i].missing { return i }
        }
        return nil
    }

    static func editable(_ field: FilledField) -> Bool {
        !field.isHandwritten && (field.provenance == .entered || field.missing)
    }

    func options(of field: FilledField) -> [String] {
        guard let form = visit.setup.forms.first(where: { $0.id == forms[formIndex].formID }),
              let def = form.field(field.key) else { return [] }
        if def.type == .yesNo, def.options.isEmpty { return ["はい", "いいえ"] }
        return def.options
    }

    public mutating func perform(_ action: Action) -> [ScreenCommand] {
        message = nil
        switch action {
        case .back:
            if editing != nil {
                editing = nil
                return [.replace(AnyScreen(self))]
            }
            return []
        case .clerk(.edit):
            let f = fields
            guard f.indices.contains(cursor) else { return [] }
            if var field = editing {
                let text = field.text
                enter(f[cursor].key, text)
                field.setText("")
                editing = nil
                advance()
                return []
            }
            guard Self.editable(f[cursor]) else {
                message = f[cursor].isHandwritten ? "この欄は申請者が手書きで記入します。" : "この欄は住民記録から記入されています。"
                return []
            }
            if !options(of: f[cursor]).isEmpty {
                message = "数字キーで選んでください。"
                return []
            }
            editing = TextField(f[cursor].value ?? "", visibleWidth: 40, maxLength: 60)
        case .clerk(.nextForm), .clerk(.previousForm):
            let count = forms.count
            guard count > 1 else { return [] }
            formIndex = (formIndex + (action == .clerk(.nextForm) ? 1 : count - 1)) % count
            cursor = firstMissing(from: 0) ?? 0
            editing = nil
        case .clerk(.requester):
            let all = RequesterRelation.allCases
            let i = all.firstIndex(of: visit.requester) ?? 0
            visit.requester = all[(i + 1) % all.count]
            visit.printed = false
        case .clerk(.print):
            let all = forms
            if let bad = all.first(where: { !$0.eligibility.ok }) {
                return [.alert(.alert("印刷できません", message: [bad.title] + bad.eligibility.reasons.flatMap {
                    AppModel.wrap($0.message, width: 56) }, style: .warning))]
            }
            if let incomplete = all.firstIndex(where: { !$0.missingRequired.isEmpty }) {
                formIndex = incomplete
                cursor = firstMissing(from: 0) ?? 0
                let labels = all[incomplete].fields.filter(\.missing).map(\.label)
                message = "未入力の欄があります: " + labels.joined(separator: "・")
                return []
            }
            message = "印刷しています"
            return [.run(.clerk(.printForms(all)))]
        case .clerk(.refuse), .clerk(.refer):
            guard !visit.printed else {
                message = "印刷済みの申請書があります。交付しないときは、印刷した申請書を回収し、支払へ進まずに上司に相談してください。"
                return []
            }
            let reasons = forms.flatMap { $0.eligibility.reasons.map(\.code) }
            message = "受付を終了しています"
            return [.run(.clerk(.closeCase(caseID: visit.caseID, outcome: action == .clerk(.refer) ? .referred : .refused,
                                           reasons: Array(Set(reasons)).sorted())))]
        case .clerk(.pay):
            guard visit.printed else {
                message = "先に F5 で申請書を印刷してください。"
                return []
            }
            let total = forms.reduce(0) { $0 + $1.totalFee }
            if total == 0 {
                return [.push(AnyScreen(CompletionScreen(visit: visit, receipt: nil, amount: 0)))]
            }
            return [.push(AnyScreen(PaymentScreen(visit: visit, forms: forms)))]
        default:
            break
        }
        return []
    }

    private mutating func enter(_ key: String, _ value: String) {
        // Refused as typed: never kept, printed or shown again.
        if let kind = SensitiveNumbers.firstKind(in: value) {
            let label = forms[formIndex].fields.first { $0.key == key }?.label ?? key
            message = SensitiveNumbers.Refusal(field: label, kind: kind).message
            return
        }
        if key == "copies", let n = Int(value.trimmingCharacters(in: .whitespaces)), (1...99).contains(n) {
            let id = forms[formIndex].formID
            if let i = visit.chosen.firstIndex(where: { $0.id == id }) { visit.chosen[i].copies = n }
        } else {
            visit.entered[key] = value
        }
        visit.printed = false
    }

    private mutating func advance() {
        if let next = firstMissing(from: cursor) {
            cursor = next
        } else if let other = forms.firstIndex(where: { !$0.missingRequired.isEmpty }) {
            formIndex = other
            cursor = firstMissing(from: 0) ?? 0
        }
    }

    public mutating func handle(_ key: Key) -> [ScreenCommand]? {
        if editing == nil, case .text(let s) = key {
            // Keys typed quickly can arrive together: one at a time.
            var out: [ScreenCommand] = []
            for c in s { out += handle(.character(c)) ?? [] }
            return out
        }
        if var field = editing {
            let outcome = field.handle(key)
            editing = field
            return outcome == .ignored ? nil : []
        }
        switch key {
        case .up:
            cursor = max(0, cursor - 1)
            return []
        case .down:
            cursor = min(max(0, fields.count - 1), cursor + 1)
            return []
        case .pageDown:
            return perform(.clerk(.nextForm))
        case .pageUp:
            return perform(.clerk(.previousForm))
        case .character(let c):
            let f = fields
            guard let digit = c.wholeNumberValue, f.indices.contains(cursor), Self.editable(f[cursor]) else { return nil }
            let opts = options(of: f[cursor])
            guard !opts.isEmpty else {
                // A number field (通数) takes the digit as its value.
                if f[cursor].type == .number {
                    editing = TextField(String(c), visibleWidth: 40, maxLength: 60)
                    return []
                }
                return nil
            }
            guard digit >= 1, digit <= opts.count else {
                message = "1〜\(opts.count) の数字で選んでください。"
                return []
            }
            enter(f[cursor].key, opts[digit - 1])
            advance()
            return []
        default:
            return nil
        }
    }

    public mutating func receive(_ msg: Msg) -> [ScreenCommand] {
        guard case .clerk(let result) = msg else { return [] }
        switch result {
        case let .printed(count, destination):
            visit.printed = true
            message = "\(count) 件の申請書を印刷しました（\(destination)）。署名をもらい、F6 で支払へ進みます。"
        case .failed(let text):
            message = text
        case let .caseClosed(caseID, at):
            return [.nextVisitor, .alert(.alert("受付終了（交付なし）", message: [
                "受付 \(caseID) を交付せずに終了しました。",
                "処理時間 " + CompletionScreen.duration(at.timeIntervalSince(visit.setup.openedAt)),
            ], button: "次の来庁者へ"))]
        default:
            break
        }
        return []
    }

    public func render(into grid: inout CellGrid, area: Rect) {
        let body = area.inset(dx: 1, dy: 0)
        let all = forms
        guard all.indices.contains(formIndex), body.height >= 6 else { return }
        let form = all[formIndex]
        let missingCount = form.missingRequired.count
        grid.put("\(formIndex + 1)/\(all.count) " + form.title + "　\(form.copies)通 " + ClerkText.yen(form.totalFee)
                 + "　請求者 " + visit.requester.japaneseName + (visit.printed ? "　［印刷済］" : ""),
                 at: body.origin, maxWidth: body.width, style: .title)
        grid.put("未入力 \(missingCount) 件　出典 [住記]住民記録 [入力]窓口 [自動]自動記入 [手書]申請者が記入",
                 at: body.origin.down(1), maxWidth: body.width, style: .muted)
        // Bottom: eligibility and the focused field's hint.
        var footer: [(String, Style)] = []
        if !form.eligibility.ok {
            footer += form.eligibility.reasons.map { ("交付不可: " + $0.message, Style.error) }
        }
        footer += (form.warnings).prefix(2).map { ("注意: " + $0, Style.warning) }
        let f = fields
        if let message {
            footer.append((message, .warning))
        } else if f.indices.contains(cursor) {
            let field = f[cursor]
            let opts = options(of: field)
            if editing != nil {
                footer.append(("「\(field.label)」を入力して Enter で確定、Esc で取り消し。", .muted))
            } else if Self.editable(field), !opts.isEmpty {
                footer.append((opts.enumerated().map { "\($0.offset + 1) \($0.element)" }.joined(separator: "  "), .normal))
            } else if Self.editable(field) {
                footer.append(("Enter で「\(field.label)」を入力します。" + (field.help.isEmpty ? "" : field.help), .muted))
            } else if !field.help.isEmpty {
                footer.append((field.help, .muted))
            }
        }
        footer = Array(footer.suffix(4))
        let listArea = Rect(x: body.x, y: body.y + 2, width: body.width, height: max(1, body.height - 2 - footer.count))
        let rows = listArea.height
        let first = max(0, min(cursor - rows / 2, f.count - rows))
        for (row, index) in (first..<min(f.count, first + rows)).enumerated() {
            let field = f[index]
            let value: String
            var style: Style = .normal
            if index == cursor, let editing {
                value = editing.text
            } else if field.missing {
                value = "（未入力）"
                style = .warning
            } else if field.isHandwritten {
                value = "（申請者が記入）"
                style = .muted
            } else {
                value = field.value ?? ""
            }
            let mark = field.required ? "*" : " "
            let line = "[" + ClerkText.provenance(field.provenance) + "]" + mark + ClerkText.cell(field.label, 20) + " " + value
            grid.put(line, at: listArea.origin.down(row), maxWidth: listArea.width, style: index == cursor ? .selected : style,
                     pad: index == cursor)
            if index == cursor, let editing {
                grid.cursor = Point(x: listArea.x + 28 + editing.visibleCursorColumn, y: listArea.y + row)
            }
        }
        ClerkText.lines(footer, into: &grid, area: Rect(x: body.x, y: body.maxY - footer.count, width: body.width,
                                                          height: footer.count))
    }
}
