import CounterCore
import TerminalKit

/// 手数料・支払: the items and total from the printed forms' fees; the method and brand; the
/// references from the payment slip, checked and recorded by the payment engine (which alone
/// decides what is valid). The receipt number follows on 完了.
public struct PaymentScreen: CounterScreen {
    enum Focus: Hashable, Sendable {
        case method, brand, reference(Int), terminal
    }

    public var visit: Visit
    let forms: [FilledForm]
    var methodIndex: Int?
    var brandIndex: Int?
    var references: [TextField] = []
    var terminal: TextField
    var focus: Focus = .method
    var message: String?

    public init(visit: Visit, forms: [FilledForm]) {
        self.visit = visit
        self.forms = forms
        let pt = visit.setup.demoSeed != nil ? SimulatedPaymentTerminal.terminalID : (visit.setup.paymentTerminal ?? "")
        terminal = TextField(pt, visibleWidth: 20, maxLength: 32)
    }

    public var title: String { "手数料・支払" }

    var methods: [PaymentMethod] { visit.setup.methods.methods }
    var method: PaymentMethod? { methodIndex.flatMap { methods.indices.contains($0) ? methods[$0] : nil } }
    var total: Int { forms.reduce(0) { $0 + $1.totalFee } }

    public var keyMap: KeyMap<Action> {
        var bindings = [
            KeyBinding<Action>(.enter, "次へ", help: "次の欄へ進みます。最後の欄では支払を記録します", action: .clerk(.submit),
                               inBar: false),
            KeyBinding(.function(5), "確定", help: "入力した支払を確かめて記録します（領収番号を表示します）", action: .clerk(.record)),
            KeyBinding(.tab, "次の欄", help: "次の欄へ移ります", action: .clerk(.nextField)),
        ]
        if visit.setup.demoSeed != nil {
            bindings.append(KeyBinding(.function(9), "決済端末", help: "研修用の決済端末（承認番号・伝票番号）を表示します",
                                       action: .clerk(.paymentTerminal)))
        }
        return KeyMap(bindings).merging(KeyMaps.common)
    }

    var order: [Focus] {
        guard let method else { return [.method] }
        if method.isCash { return [.method] }
        // A terminal number already known (config.yaml, demo) is not asked again; Tab reaches it.
        let asked = terminal.text.isEmpty || focus == .terminal ? [Focus.terminal] : []
        return [.method, .brand] + method.references.indices.map { Focus.reference($0) } + asked
    }

    public mutating func perform(_ action: Action) -> [ScreenCommand] {
        switch action {
        case .clerk(.nextField):
            let o = order
            if focus != .terminal, o.last != .terminal, method?.isCash == false,
               let i = o.firstIndex(of: focus), i == o.count - 1 {
                focus = .terminal
                return []
            }
            moveNext()
        case .clerk(.submit):
            if let i = order.firstIndex(of: focus), i + 1 < order.count {
                focus = order[i + 1]
                return []
            }
            return record()
        case .clerk(.record):
            return record()
        case .clerk(.paymentTerminal):
            return terminalPopup()
        default:
            break
        }
        return []
    }

    private mutating func moveNext() {
        let o = order
        let i = o.firstIndex(of: focus) ?? 0
        focus = o[(i + 1) % o.count]
    }

    private func terminalPopup() -> [ScreenCommand] {
        guard let seed = visit.setup.demoSeed else { return [] }
        let numbers = SimulatedPaymentTerminal(seed: seed).slip(for: visit.caseID)
        return [.alert(.alert("決済端末（研修用）", message: [
            "承認されました　\(ClerkText.yen(total))",
            "",
            "端末番号　\(SimulatedPaymentTerminal.terminalID)",
            "伝票番号　\(numbers.slip)",
            "承認番号　\(numbers.approval)",
            "",
            "伝票の番号を支払画面に入力してください（F9 で再表示）。",
        ], button: "閉じる"))]
    }

    private mutating func record() -> [ScreenCommand] {
        guard let method else {
            message = "支払方法を数字キーで選んでください。"
            return []
        }
        var request = PaymentRequest(caseID: visit.caseID, method: method.id, amount: String(total),
                                     items: forms.map { "\($0.formID):\($0.copies)" }, clerk: visit.setup.clerkID)
        if !method.isCash {
            request.brand = brandIndex.flatMap { method.brands.indices.contains($0) ? method.brands[$0] : nil }
            request.paymentTerminal = terminal.text
            for (i, rule) in method.references.enumerated() where references.indices.contains(i) {
                let text = references[i].text
                switch rule.key {
                case .slip: request.slip = text
                case .approval: request.approval = text
                case .transaction: request.transaction = text
                }
            }
        }
        message = "記録しています"
        return [.run(.clerk(.recordPayment(request)))]
    }

    public mutating func handle(_ key: Key) -> [ScreenCommand]? {
        message = nil
        if focus == .method || focus == .brand, case .text(let s) = key {
            var out: [ScreenCommand] = []
            for c in s { out += handle(.character(c)) ?? [] }
            return out
        }
        switch focus {
        case .method:
            guard case .character(let c) = key, let d = c.wholeNumberValue, d >= 1, d <= methods.count else {
                return key == .down ? perform(.clerk(.nextField)) : nil
            }
            methodIndex = d - 1
            brandIndex = nil
            references = methods[d - 1].references.map { _ in TextField("", visibleWidth: 20, maxLength: 64) }
            focus = methods[d - 1].isCash ? .method : .brand
            return []
        case .brand:
            guard let method, case .character(let c) = key, let d = c.wholeNumberValue, d >= 1, d <= method.brands.count else {
                return key == .down ? perform(.clerk(.nextField)) : nil
            }
            brandIndex = d - 1
            focus = method.references.isEmpty ? .terminal : .reference(0)
            return []
        case .reference(let i):
            guard references.indices.contains(i) else { return nil }
            return references[i].handle(key) == .ignored ? nil : []
        case .terminal:
            return terminal.handle(key) == .ignored ? nil : []
        }
    }

    public mutating func receive(_ msg: Msg) -> [ScreenCommand] {
        guard case .clerk(let result) = msg else { return [] }
        switch result {
        case let .paid(receipt, amount):
            return [.replace(AnyScreen(CompletionScreen(visit: visit, receipt: receipt, amount: amount)))]
        case .failed(let text):
            message = text
            // A refused card number or 個人番号 does not stay in its field.
            for i in references.indices where SensitiveNumbers.firstKind(in: references[i].text) != nil { references[i].setText("") }
            if SensitiveNumbers.firstKind(in: terminal.text) != nil { terminal.setText("") }
            return []
        default:
            return []
        }
    }

    public func render(into grid: inout CellGrid, area: Rect) {
        let body = area.inset(dx: 1, dy: 0)
        var y = body.y
        func line(_ text: String, _ style: Style = .normal) {
            guard y < body.maxY else { return }
            grid.put(text, at: Point(x: body.x, y: y), maxWidth: body.width, style: style)
            y += 1
        }
        line("受付番号 \(visit.caseID)　対象者 \(visit.subject.name)")
        for form in forms {
            line("  " + ClerkText.cell(form.title, 36) + " " + ClerkText.cell("\(ClerkText.yen(form.fee))・\(form.copies)通", 16)
                 + " " + ClerkText.yen(form.totalFee))
        }
        line("  " + ClerkText.cell("合計", 53) + " " + ClerkText.yen(total), .title)
        y += 1
        let methodText = methods.enumerated().map { "\($0.offset + 1) \($0.element.name)" }.joined(separator: "  ")
        line("支払方法 " + (method.map { "［\($0.name)］" } ?? "") + "　" + methodText, focus == .method ? .selected : .normal)
        if let method, !method.isCash {
            let brands = method.brands.enumerated().map { "\($0.offset + 1) \($0.element)" }.joined(separator: " ")
            let chosen = brandIndex.map { "［\(method.brands[$0])］" } ?? ""
            line("ブランド " + chosen + "　" + brands, focus == .brand ? .selected : .normal)
            for (i, rule) in method.references.enumerated() where references.indices.contains(i) {
                let label = ClerkText.cell(rule.label + (rule.isRequired(brand: brandIndex.map { method.brands[$0] }) ? "" : "（任意）"), 16)
                grid.put(label, at: Point(x: body.x, y: y), style: .normal)
                references[i].render(into: &grid, area: Rect(x: body.x + 17, y: y, width: 20, height: 1),
                                     style: focus == .reference(i) ? .selected : .muted, focused: focus == .reference(i))
                grid.put(rule.formatDescription, at: Point(x: body.x + 39, y: y), maxWidth: body.width - 39, style: .muted)
                y += 1
            }
            grid.put(ClerkText.cell("決済端末番号", 16), at: Point(x: body.x, y: y), style: .normal)
            terminal.render(into: &grid, area: Rect(x: body.x + 17, y: y, width: 20, height: 1),
                            style: focus == .terminal ? .selected : .muted, focused: focus == .terminal)
            y += 1
        }
        y += 1
        let hint: String
        switch focus {
        case .method: hint = "数字キーで支払方法を選びます。" + (method?.isCash == true ? "現金を受け取ったら F5 で確定。" : "")
        case .brand: hint = "数字キーでブランドを選びます。"
        case .reference, .terminal: hint = "伝票の番号を入力して Enter。最後の欄で Enter（または F5）で確定します。"
        }
        line(message ?? hint, message == nil ? .muted : .warning)
        // Demo: the simulated payment terminal's screen, once a brand is chosen.
        if let seed = visit.setup.demoSeed, brandIndex != nil, method?.isCash == false {
            let numbers = SimulatedPaymentTerminal(seed: seed).slip(for: visit.caseID)
            y += 1
            line("+ 決済端末（研修用）の表示 -----------------+", .banner)
            line("  承認されました  \(ClerkText.yen(total))  端末番号 \(SimulatedPaymentTerminal.terminalID)", .banner)
            line("  伝票番号 \(numbers.slip)   承認番号 \(numbers.approval)", .banner)
            line("  この番号を上の欄に入力してください。", .banner)
        }
    }
}
