import CounterCore
import JapaneseKit
import TerminalKit

/// おくやみ チェックリスト: the case's procedures grouped by department in walking order,
/// each with its status, deadline (和暦 and weekday) and, below, the selected item's counter,
/// documents and reason. F2–F5 set the status (stored and journaled), F8 prints the family
/// handout, F9 opens the linked form pre-filled with the applicant. An item that waits on the
/// family's answer shows 要確認 and its question: F7 chooses an answer, F10 records it.
public struct OkuyamiChecklistScreen: CounterScreen {
    public private(set) var bereavementCase: BereavementCase
    public private(set) var walkingOrder: WalkingOrder
    /// The selected item, an index into `bereavementCase.items`.
    public private(set) var selection = 0
    /// The first list row on screen (department headings count as rows).
    public private(set) var offset = 0
    /// Today, for "あと何日" (from the clock's ticks).
    public private(set) var today: CivilDate?
    /// What the last effect did, or why it was refused.
    public private(set) var message: (text: String, isError: Bool)?
    public private(set) var waiting = false
    /// The answer being chosen for the selected item's first open question (F7), before F10 records it.
    public private(set) var draft: (key: String, choice: Int)?

    /// List rows at 80×24: the main area (21) less the header (2) and the detail pane (6).
    static let listHeight = 13
    static let detailHeight = 6

    public init(bereavementCase: BereavementCase, walkingOrder: WalkingOrder, today: CivilDate? = nil) {
        self.bereavementCase = bereavementCase
        self.walkingOrder = walkingOrder
        self.today = today
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.bereavementCase == b.bereavementCase && a.walkingOrder == b.walkingOrder && a.selection == b.selection
            && a.offset == b.offset && a.today == b.today && a.message?.text == b.message?.text
            && a.message?.isError == b.message?.isError && a.waiting == b.waiting
            && a.draft?.key == b.draft?.key && a.draft?.choice == b.draft?.choice
    }

    public var title: String { "チェックリスト" }

    public var keyMap: KeyMap<Action> {
        let asks = !(selectedItem?.item.questions.isEmpty ?? true)
        return KeyMap([
            KeyBinding(.function(2), "完了", help: "選んだ手続きを「完了」にします（記録されます）", action: .okuyami(.mark(.done))),
            KeyBinding(.function(3), "対象外", help: "選んだ手続きを「対象外」にします", action: .okuyami(.mark(.notApplicable))),
            KeyBinding(.function(4), "後日", help: "選んだ手続きを「後日」（あらためて来庁）にします", action: .okuyami(.mark(.later))),
            KeyBinding(.function(5), "未着手", help: "選んだ手続きを「未着手」に戻します", action: .okuyami(.mark(.todo))),
            // Enter does the same, and the detail pane says so: the bar keeps its room for the rest.
            KeyBinding(.function(6), "詳細", help: "持ち物・窓口・理由・根拠を大きく表示します（Enter でも）", action: .okuyami(.details), inBar: false),
            KeyBinding(.function(8), "一覧印刷", help: "ご遺族に渡す「お手続き一覧」を印刷します", action: .okuyami(.printHandout)),
            KeyBinding(.function(9), "帳票", help: "選んだ手続きの申請書を、来庁者の情報を入れて開きます", action: .okuyami(.openForm)),
            // In the bar only while the selected item has a question to answer, so the bar fits 80 columns.
            KeyBinding(.function(7), "回答", help: "要確認の手続き: ご家族への質問の答えを選びます（押すたびに次の答え）",
                       action: .okuyami(.nextAnswer), inBar: asks),
            KeyBinding(.function(10), "回答記録", help: "F7 で選んだ答えを記録し、チェックリストを答えに合わせます（記録されます）",
                       action: .okuyami(.confirm), inBar: asks),
            KeyBinding(.enter, "詳細", help: "選んだ手続きの詳細を表示します", action: .okuyami(.details), inBar: false),
        ]).merging(KeyMaps.common)
    }

    // MARK: - Rows

    /// One line of the list: a department heading or an item.
    public enum Row: Equatable, Sendable {
        case department(String)
        case item(Int)
    }

    /// The list as drawn: each department's heading, then its items.
    public var rows: [Row] {
        var out: [Row] = []
        var department: String?
        for (index, entry) in bereavementCase.items.enumerated() {
            if entry.item.department != department {
                department = entry.item.department
                out.append(.department(entry.item.department))
            }
            out.append(.item(index))
        }
        return out
    }

    public var selectedItem: BereavementCase.Item? {
        bereavementCase.items.indices.contains(selection) ? bereavementCase.items[selection] : nil
    }

    /// The first row to draw so that the selection (and its department heading, when it is
    /// the first of its group) shows in `height` rows, starting from `offset`.
    static func scrolled(offset: Int, rows: [Row], selection: Int, height: Int) -> Int {
        guard height > 0, let row = rows.firstIndex(of: .item(selection)) else { return 0 }
        var top = row
        if row > 0, case .department = rows[row - 1] { top = row - 1 }
        var first = min(offset, top)
        if row >= first + height { first = row - height + 1 }
        first = max(0, min(first, max(0, rows.count - height)))
        // Never leave a group's items at the top without their department when one more
        // row up still keeps the selection on screen.
        if first > 0, case .item = rows[first], case .department = rows[first - 1], row <= first - 1 + height - 1 {
            first -= 1
        }
        return first
    }

    // MARK: - Update

    public mutating func perform(_ action: Action) -> [ScreenCommand] {
        guard case .okuyami(let okuyamiAction) = action else { return [] }
        guard let selected = selectedItem else {
            if okuyamiAction == .printHandout { return printHandout() }
            return []
        }
        switch okuyamiAction {
        case .mark(let mark):
            guard !waiting else { return [] }
            let status = OkuyamiText.status(mark)
            guard selected.status != status else {
                message = ("「\(selected.item.title)」はすでに\(status.japaneseName)です。", false)
                return []
            }
            waiting = true
            return [.run(.okuyami(.setStatus(number: bereavementCase.number, item: selected.item.id, status: status,
                                              seen: selected.status)))]
        case .details:
            return [.alert(detailDialog(selected))]
        case .nextAnswer:
            guard let question = selected.item.questions.first else {
                message = ("この手続きにご家族への質問はありません。", false)
                return []
            }
            if let current = draft, current.key == question.key {
                draft = (question.key, (current.choice + 1) % question.answers.count)
            } else {
                draft = (question.key, 0)
            }
            message = nil
            return []
        case .confirm:
            guard !waiting else { return [] }
            guard let current = draft, let question = selected.item.questions.first(where: { $0.key == current.key }) else {
                message = ("先に F7 で答えを選んでください。", true)
                return []
            }
            waiting = true
            draft = nil
            return [.run(.okuyami(.answer(number: bereavementCase.number, answers: [question.key: question.answers[current.choice]])))]
        case .printHandout:
            return printHandout()
        case .openForm:
            guard selected.item.form != nil else {
                message = ("この手続きに市の申請書はありません。持ち物と窓口をご案内ください。", true)
                return []
            }
            waiting = true
            return [.run(.okuyami(.fillForm(number: bereavementCase.number, item: selected.item.id)))]
        default:
            return []
        }
    }

    private mutating func printHandout() -> [ScreenCommand] {
        guard !waiting else { return [] }
        waiting = true
        message = nil
        return [.run(.okuyami(.printHandout(number: bereavementCase.number)))]
    }

    public mutating func handle(_ key: Key) -> [ScreenCommand]? {
        let count = bereavementCase.items.count
        guard count > 0 else { return nil }
        let page = Self.listHeight - 1
        switch key {
        case .down: selection = min(selection + 1, count - 1)
        case .up: selection = max(selection - 1, 0)
        case .pageDown: selection = min(selection + page, count - 1)
        case .pageUp: selection = max(selection - page, 0)
        case .home: selection = 0
        case .end: selection = count - 1
        default: return nil
        }
        message = nil
        draft = nil
        offset = Self.scrolled(offset: offset, rows: rows, selection: selection, height: Self.listHeight)
        return []
    }

    public mutating func receive(_ msg: Msg) -> [ScreenCommand] {
        switch msg {
        case .tick(let now):
            today = CivilDate(now)
        case .okuyami(.caseUpdated(let updated)) where updated.number == bereavementCase.number:
            waiting = false
            let before = selectedItem
            let answered = updated.answers != bereavementCase.answers
            bereavementCase = updated
            if answered {
                message = ("答えを記録しました。チェックリストは\(updated.items.count)件です。", false)
            } else if let before, let after = updated.item(before.item.id) {
                message = ("「\(after.item.title)」を\(after.status.japaneseName)にしました。", false)
            }
            if let before, let index = updated.items.firstIndex(where: { $0.item.id == before.item.id }) {
                selection = index
            } else {
                selection = min(selection, max(0, updated.items.count - 1))
            }
            offset = Self.scrolled(offset: offset, rows: rows, selection: selection, height: Self.listHeight)
        case .okuyami(.printed(let printout)):
            waiting = false
            let where_ = printout.printer.map { "プリンタ \($0) に送りました（控え \(printout.fileName)）" } ?? printout.fileName
            message = ("\(printout.title)を出力しました: \(where_)", false)
        case .okuyami(.formFilled(let filled)):
            waiting = false
            return [.push(AnyScreen(OkuyamiFormScreen(form: filled)))]
        case .okuyami(.failed(let text)):
            waiting = false
            message = (text, true)
            return [.alert(OkuyamiText.refusal(text))]
        default:
            break
        }
        return []
    }

    // MARK: - Details

    /// The popup for `entry`: counter, deadline, documents, who applies, reason, form, note, source.
    func detailDialog(_ entry: BereavementCase.Item) -> Dialog {
        let item = entry.item
        let width = 66
        var lines: [String] = []
        func add(_ label: String, _ text: String) {
            guard !text.isEmpty else { return }
            lines += OkuyamiText.wrap("\(label): \(text)", width: width)
        }
        add("状態", entry.status.japaneseName + (entry.changedBy.map { "（\($0)）" } ?? ""))
        add("窓口", "\(item.department)  \(item.counter)")
        add("期限", ([item.due.map(OkuyamiText.date)].compactMap { $0 } + [item.deadlineText]).filter { !$0.isEmpty }
            .joined(separator: "  "))
        if item.documents.isEmpty {
            add("持ち物", "特になし")
        } else {
            lines.append("持ち物:")
            for document in item.documents { lines += OkuyamiText.wrap("  ・\(document)", width: width) }
        }
        add("申請する方", item.applicants.joined(separator: "、"))
        add("理由", item.reason)
        for question in item.questions { add("要確認", "\(question.text)（\(question.answers.joined(separator: "・"))。F7 で選び F10 で記録）") }
        add("支給額", item.amount.map { $0.replacingOccurrences(of: "支給額: ", with: "") } ?? "")
        add("申請書", item.form.map { _ in "あり（F9 で記入済みの申請書を開きます）" } ?? "")
        add("備考", item.note ?? "")
        add("根拠", item.source)
        let room = 14
        if lines.count > room { lines = Array(lines.prefix(room - 1)) + ["（続きはお手続き一覧に印刷されます）"] }
        return .alert(String(DisplayWidth.prefix(DisplaySanitizer.sanitize(item.title), fitting: width - 4).text),
                      message: lines, button: "閉じる")
    }

    // MARK: - View

    public func render(into grid: inout CellGrid, area: Rect) {
        let body = area.inset(dx: 1, dy: 0)
        guard body.height >= 8 else { return }
        let c = bereavementCase
        grid.put("受付番号 \(c.number)  故 \(c.deceasedName) 様  死亡日 \(OkuyamiText.date(c.dateOfDeath))",
                 at: body.origin, maxWidth: body.width)
        var counts: [CaseItemStatus: Int] = [:]
        for entry in c.items { counts[entry.status, default: 0] += 1 }
        let summary = CaseItemStatus.allCases.map { "\($0.japaneseName) \(counts[$0] ?? 0)" }.joined(separator: " / ")
        grid.put("全\(c.items.count)件  \(summary)" + (c.funeralDate.map { "  葬儀 \(OkuyamiText.date($0))" } ?? ""),
                 at: body.origin.down(1), maxWidth: body.width, style: .muted)

        let listHeight = max(1, body.height - 2 - Self.detailHeight)
        let list = Rect(x: body.x, y: body.y + 2, width: body.width, height: listHeight)
        let all = rows
        if all.isEmpty {
            grid.put("この方に当てはまる手続きはありません。", at: list.origin, maxWidth: list.width)
        }
        let first = Self.scrolled(offset: offset, rows: all, selection: selection, height: listHeight)
        let dueWidth = 30
        let titleWidth = max(8, list.width - 2 - 9 - dueWidth - 2)  // the last column holds the scroll marks
        for line in 0..<listHeight {
            let index = first + line
            guard index < all.count else { break }
            let at = list.origin.down(line)
            switch all[index] {
            case .department(let name):
                let counter = walkingOrder.department(named: name)?.counter
                    ?? c.items.first { $0.item.department == name }?.item.counter ?? ""
                grid.put("【\(name)】 \(counter)", at: at, maxWidth: list.width, style: .title, pad: true)
            case .item(let i):
                let entry = c.items[i]
                let style: Style = i == selection ? .selected : (entry.status == .todo ? .normal : .muted)
                let due: String
                if let date = entry.item.due {
                    due = OkuyamiText.date(date) + (today.map { " " + OkuyamiText.remaining(date, today: $0) } ?? "")
                } else {
                    due = entry.item.deadlineText.isEmpty ? "期限なし" : entry.item.deadlineText
                }
                let text = "  " + OkuyamiText.badge(entry) + DisplayWidth.padded(DisplaySanitizer.sanitize(entry.item.title), to: titleWidth)
                    + " " + due
                grid.put(text, at: at, maxWidth: list.width, style: style, pad: true)
                if i != selection, entry.status == .todo, let date = entry.item.due, let today, date < today {
                    grid.restyle(Rect(x: at.x + 2 + 9 + titleWidth + 1, y: at.y, width: dueWidth, height: 1), style: .error)
                }
            }
        }
        if first > 0 {
            grid.put("^", at: Point(x: list.maxX - 1, y: list.y), maxWidth: 1, style: .muted)
        }
        if first + listHeight < all.count {
            grid.put("v", at: Point(x: list.maxX - 1, y: list.maxY - 1), maxWidth: 1, style: .muted)
        }
        renderDetail(into: &grid, area: Rect(x: area.x, y: list.maxY, width: area.width, height: body.maxY - list.maxY))
    }

    private func renderDetail(into grid: inout CellGrid, area: Rect) {
        guard area.height >= 2 else { return }
        let inner = area.inset(dx: 1, dy: 0)
        guard let entry = selectedItem else { return }
        let item = entry.item
        grid.put(" 選択中: \(item.title)", at: area.origin, maxWidth: area.width, style: .title, pad: true)
        var lines: [(String, Style)] = []
        let deadline = [item.due.map(OkuyamiText.date), item.deadlineText.isEmpty ? nil : item.deadlineText]
            .compactMap { $0 }.joined(separator: "  ")
        if let question = item.questions.first {
            // Room for the question and its answer: the counter and the deadline share a line.
            let choice = draft.flatMap { $0.key == question.key ? question.answers[$0.choice] : nil }
            lines.append(("窓口: \(item.counter)  期限: " + (deadline.isEmpty ? "なし" : deadline), .normal))
            lines.append(("要確認: \(question.text)", .warning))
            lines.append((choice.map { "答え: < \($0) >  F7 で次の答え、F10 で記録" }
                ?? "F7 で答えを選び、F10 で記録します（" + question.answers.joined(separator: "・") + "）", .normal))
        } else {
            lines.append(("窓口: \(item.counter)", .normal))
            lines.append(("期限: " + (deadline.isEmpty ? "なし" : deadline), .normal))
            lines.append(("持ち物: " + (item.documents.isEmpty ? "特になし" : item.documents.joined(separator: "、")), .normal))
            lines.append(("理由: \(item.reason)", .normal))
        }
        if let message {
            lines.append((message.text, message.isError ? .error : .warning))
        } else if waiting {
            lines.append(("処理しています", .muted))
        } else {
            lines.append((item.form.map { _ in "帳票あり: F9 で申請書を開きます。F6/Enter で詳細。" } ?? "F6/Enter で詳細。", .muted))
        }
        for (row, line) in lines.enumerated() where row + 1 < area.height {
            grid.put(line.0, at: inner.origin.down(row + 1), maxWidth: inner.width, style: line.1)
        }
    }
}
