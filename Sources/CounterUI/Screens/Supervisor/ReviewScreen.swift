import Foundation
import CounterCore
import JapaneseKit
import TerminalKit

/// 点検: the findings of the journals of a date range, highest severity first. The supervisor
/// marks each (1 問題なし・2 要聞き取り・3 報告済), may add a comment, opens one for its
/// records, and signs the 点検記録 (F9) once every open finding is marked.
public struct ReviewScreen: CounterScreen {
    public enum Focus: Hashable, Sendable { case from, to, list }

    private(set) var dates = DateRangeFields()
    public private(set) var focus: Focus = .from
    public private(set) var review: Review?
    /// Dispositions chosen on this screen (not yet signed), by finding id.
    public private(set) var marks: [String: ReviewDisposition] = [:]
    /// Comments typed on this screen, by finding id.
    public private(set) var comments: [String: String] = [:]
    public private(set) var list = ListView(count: 0, pageSize: ReviewScreen.pageSize)
    /// The comment being typed for the selected finding.
    public private(set) var comment: TextField?
    public private(set) var message: String?
    public private(set) var waiting = false
    /// Finding rows visible at 80×24.
    static let pageSize = 15

    /// `running`: opened with today's review already asked for (from the 管理者メニュー).
    public init(running: Bool = false) { waiting = running }

    public var title: String { "点検" }

    public var from: TextField { dates.from }
    public var to: TextField { dates.to }

    /// The finding under the cursor.
    public var selected: ReviewFinding? {
        guard focus == .list, let review, review.findings.indices.contains(list.selection) else { return nil }
        return review.findings[list.selection]
    }

    /// What signing would record: a disposition for each finding marked on this screen.
    public var entries: [ReviewSignOff.Entry] {
        (review?.findings ?? []).compactMap { f in
            marks[f.id].map { ReviewSignOff.Entry(findingID: f.id, disposition: $0, comment: comments[f.id] ?? "") }
        }
    }

    /// Open findings (not signed before) still without a disposition.
    public var unmarked: [ReviewFinding] { (review?.open ?? []).filter { marks[$0.id] == nil } }

    public var keyMap: KeyMap<Action> {
        if comment != nil {
            return KeyMap([
                KeyBinding(.enter, "保存", help: "コメントを保存します（Esc で取り消し）", action: .review(.submit)),
            ]).merging(KeyMaps.common)
        }
        var bindings: [KeyBinding<Action>] = []
        if focus == .list {
            bindings += [
                KeyBinding(.enter, "詳細", help: "選んだ指摘の詳細と、もとの記録を表示します", action: .review(.submit)),
                KeyBinding(.character("1"), "問題なし", help: "選んだ指摘を「問題なし」にします", action: .review(.mark(.noIssue)), inBar: false),
                KeyBinding(.character("2"), "要聞き取り", help: "選んだ指摘を「要聞き取り」にします", action: .review(.mark(.interview)),
                           inBar: false),
                KeyBinding(.character("3"), "報告済", help: "選んだ指摘を「報告済」にします", action: .review(.mark(.reported)), inBar: false),
                KeyBinding(.function(3), "コメント", help: "選んだ指摘にコメントを書きます", action: .review(.comment)),
            ]
        } else {
            bindings.append(KeyBinding(.enter, "点検", help: "入力した期間の記録を点検します", action: .review(.run)))
        }
        bindings += [
            KeyBinding(.tab, "欄移動", help: "期間の欄と指摘の一覧の間を移ります", action: .review(.nextField), inBar: false),
            KeyBinding(.function(2), "再点検", help: "入力した期間の記録をもう一度点検します", action: .review(.run)),
            KeyBinding(.function(9), "署名", help: "点検記録（処置の一覧）を確かめ、署名して印刷します", action: .review(.sign)),
        ]
        return KeyMap(bindings).merging(KeyMaps.common)
    }

    // MARK: - Update

    public mutating func perform(_ action: Action) -> [ScreenCommand] {
        switch action {
        case .back:
            guard comment != nil else { return [] }
            comment = nil
            return [.replace(AnyScreen(self))]
        case .review(.run): return run()
        case .review(.submit):
            if comment != nil { return saveComment() }
            if let finding = selected {
                return [.push(AnyScreen(FindingDetailScreen(finding: finding, marked: marks[finding.id], comment: comments[finding.id])))]
            }
            return run()
        case .review(.nextField):
            let hasList = !(review?.findings.isEmpty ?? true)
            focus = switch focus {
            case .from: .to
            case .to: hasList ? .list : .from
            case .list: .from
            }
            return []
        case .review(.mark(let disposition)):
            guard let finding = selected else { return [] }
            marks[finding.id] = disposition
            message = nil
            list.select(list.selection + 1)
            return []
        case .review(.comment):
            guard let finding = selected else { return [] }
            comment = TextField(comments[finding.id] ?? "", visibleWidth: 60, maxLength: 200)
            return []
        case .review(.sign): return sign()
        default: return []
        }
    }

    private mutating func run() -> [ScreenCommand] {
        switch dates.parsed() {
        case .failure(let refusal):
            message = refusal.message
            focus = refusal.field == .from ? .from : .to
            return []
        case .success(let range):
            message = nil
            waiting = true
            // An empty start is the end's day; an empty end is today (the Runtime's clock).
            return [.run(.review(.run(from: range.from ?? range.to, to: range.to)))]
        }
    }

    private mutating func saveComment() -> [ScreenCommand] {
        guard let field = comment, let finding = selected else { comment = nil; return [] }
        let text = field.text.trimmingCharacters(in: .whitespaces)
        if let kind = SensitiveNumbers.firstKind(in: text) {
            // Refused as typed: the number is neither kept nor shown back.
            message = SensitiveNumbers.Refusal(field: "「コメント」", kind: kind).message
            comment?.setText("")
            return []
        }
        comments[finding.id] = text.isEmpty ? nil : text
        comment = nil
        message = nil
        return []
    }

    private mutating func sign() -> [ScreenCommand] {
        guard let review, !waiting else {
            message = "まず期間を入れて Enter で点検してください。"
            return []
        }
        let open = unmarked
        guard open.isEmpty else {
            return [.alert(OkuyamiText.refusal("処置を選んでいない指摘が \(open.count) 件あります。一覧で指摘を選び、1 問題なし・2 要聞き取り・3 報告済 のどれかを付けてから F9 を押してください。"))]
        }
        return [.push(AnyScreen(ReviewSignOffScreen(review: review, entries: entries)))]
    }

    public mutating func handle(_ key: Key) -> [ScreenCommand]? {
        if comment != nil { return comment!.handle(key) == .ignored ? nil : [] }
        switch focus {
        case .list: return list.update(key) ? [] : nil
        case .from: return dates.handle(key, in: .from)
        case .to: return dates.handle(key, in: .to)
        }
    }

    public mutating func receive(_ msg: Msg) -> [ScreenCommand] {
        switch msg {
        case .tick(let now):
            dates.offer(from: CivilDate(now), to: CivilDate(now))
            return []
        case .review(.reviewed(let result)):
            waiting = false
            review = result
            dates.show(from: result.from, to: result.to)
            // What a signed review disposed of is shown as signed; what is left stays marked.
            let open = Set(result.open.map(\.id))
            marks = marks.filter { open.contains($0.key) }
            comments = comments.filter { open.contains($0.key) }
            list = ListView(count: result.findings.count, pageSize: Self.pageSize)
            if result.findings.isEmpty {
                message = "この期間に指摘はありません。F9 で点検記録に署名できます。"
            } else {
                focus = .list
                message = nil
            }
            return []
        case .review(.failed(let text)):
            waiting = false
            message = text
            return []
        default:
            return []
        }
    }

    // MARK: - View

    public func render(into grid: inout CellGrid, area: Rect) {
        let body = area.inset(dx: 1, dy: 0)
        guard body.height >= 8 else { return }
        let typing: DateRangeFields.Which? = comment != nil ? nil : focus == .from ? .from : focus == .to ? .to : nil
        let x = dates.render("期間 ", placeholders: ("今日", "今日"), focus: typing, at: body.origin, into: &grid)
        grid.put("  例 R8.12.2、2026-12-02", at: Point(x: x, y: body.y), maxWidth: body.maxX - x, style: .muted)
        let statusRow = body.origin.down(1)
        if waiting {
            grid.put("点検しています", at: statusRow, maxWidth: body.width, style: .muted)
        } else if let review {
            var w = grid.put("指摘 \(review.findings.count) 件（\(ReviewText.counts(review.findings))）  ", at: statusRow, maxWidth: body.width)
            let (status, style) = ReviewText.status(review.status)
            w += grid.put(status, at: statusRow.right(w), maxWidth: body.width - w, style: style)
            grid.put("  記録 \(review.records) 件・\(review.files) ファイル", at: statusRow.right(w), maxWidth: body.width - w)
        }
        if let message {
            for (i, line) in OkuyamiText.wrap(message, width: body.width).prefix(1).enumerated() {
                grid.put(line, at: body.origin.down(2 + i), maxWidth: body.width, style: .error)
            }
        } else if focus == .list, review != nil {
            grid.put("未処置 \(unmarked.count) 件　1 問題なし・2 要聞き取り・3 報告済　F3 コメント　Enter 詳細",
                     at: body.origin.down(2), maxWidth: body.width, style: .muted)
        } else {
            grid.put("期間を入れて Enter で点検します。Tab で欄を移ります。", at: body.origin.down(2), maxWidth: body.width, style: .muted)
        }
        guard let review, !review.findings.isEmpty else { return }
        let table = Table(columns: [
            .init("重要", width: .fixed(4)),
            .init("処置", width: .fixed(12)),
            .init("指摘", width: .flexible(min: 12)),
            .init("職員", width: .fixed(8)),
            .init("端末", width: .fixed(8)),
            .init("日時", width: .fixed(11)),
            .init("宛名番号", width: .fixed(10)),
        ], rows: review.findings.map { f in
            [f.severity.label, disposition(of: f), f.title, f.clerk ?? "", f.terminal ?? "", ReviewText.time(f.ts), f.resident ?? ""]
        })
        let tableArea = Rect(x: body.x, y: body.y + 3, width: body.width, height: body.height - 5)
        table.render(into: &grid, area: tableArea, following: list, highlight: focus == .list)
        // The selected finding in full, and its comment.
        let finding = review.findings[list.selection]
        let detailRow = Point(x: body.x, y: body.maxY - 2)
        grid.put("詳細: " + finding.detail, at: detailRow, maxWidth: body.width, style: .muted)
        let commentRow = Point(x: body.x, y: body.maxY - 1)
        if let comment {
            let w = grid.put("コメント: ", at: commentRow)
            comment.render(into: &grid, area: Rect(x: body.x + w, y: commentRow.y, width: min(60, body.width - w), height: 1))
        } else if let text = comments[finding.id] {
            grid.put("コメント: " + text, at: commentRow, maxWidth: body.width)
        } else if let mark = finding.reviewed, marks[finding.id] == nil {
            grid.put("点検済: \(mark.disposition.label)（\(mark.reviewer) \(mark.signedAt.prefix(10))）\(mark.comment.isEmpty ? "" : "　" + mark.comment)",
                     at: commentRow, maxWidth: body.width, style: .muted)
        }
    }

    /// The 処置 column: chosen now, or signed in an earlier review (済…).
    func disposition(of finding: ReviewFinding) -> String {
        if let mark = marks[finding.id] { return mark.label }
        if let signed = finding.reviewed { return "済" + signed.disposition.label }
        return ""
    }
}
