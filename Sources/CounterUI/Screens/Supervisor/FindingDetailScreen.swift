import Foundation
import CounterCore
import JapaneseKit
import TerminalKit

/// 指摘の詳細: one finding and the records behind it. Enter shows the selected record as
/// stored; F4 opens the resident it names (a journaled view).
public struct FindingDetailScreen: CounterScreen {
    public let finding: ReviewFinding
    /// The disposition chosen for it on the 点検 screen (not signed yet).
    public let marked: ReviewDisposition?
    public let comment: String?
    public private(set) var list: ListView
    public private(set) var message: String?
    public private(set) var waiting = false

    static let pageSize = 10

    public init(finding: ReviewFinding, marked: ReviewDisposition? = nil, comment: String? = nil) {
        self.finding = finding
        self.marked = marked
        self.comment = comment
        list = ListView(count: finding.evidence.count, pageSize: Self.pageSize)
    }

    public var title: String { "指摘の詳細" }

    public var keyMap: KeyMap<Action> {
        var bindings = [KeyBinding<Action>(.enter, "記録", help: "選んだ記録を、保存されているとおりに表示します", action: .review(.submit))]
        if finding.resident != nil {
            bindings.append(KeyBinding(.function(4), "住民", help: "この指摘の住民を表示します（この表示もアクセス記録に残ります）",
                                       action: .review(.resident)))
        }
        return KeyMap(bindings).merging(KeyMaps.common)
    }

    public mutating func perform(_ action: Action) -> [ScreenCommand] {
        guard !waiting else { return [] }
        switch action {
        case .review(.submit):
            guard finding.evidence.indices.contains(list.selection) else {
                message = "この指摘には開ける記録がありません。"
                return []
            }
            waiting = true
            message = nil
            return [.run(.review(.storedLine(finding.evidence[list.selection])))]
        case .review(.resident):
            guard finding.resident != nil else { return [] }
            waiting = true
            message = nil
            return [.run(.review(.openResident(finding)))]
        default:
            return []
        }
    }

    public mutating func handle(_ key: Key) -> [ScreenCommand]? { list.update(key) ? [] : nil }

    public mutating func receive(_ msg: Msg) -> [ScreenCommand] {
        guard case .review(let result) = msg else { return [] }
        switch result {
        case let .storedLine(evidence, line):
            waiting = false
            let header = ReviewTextLine("\(evidence.file)  \(evidence.record) 行目  seq \(evidence.seq)  \(evidence.type)", .muted)
            let body = OkuyamiText.wrap(line, width: ReviewTextScreen.width).map { ReviewTextLine($0) }
            return [.push(AnyScreen(ReviewTextScreen(title: "記録", lines: [header, ReviewTextLine("")] + body)))]
        case .residentOpened(let r):
            waiting = false
            var lines = [ReviewTextLine("この表示はアクセス記録（閲覧）に残りました。", .muted), ReviewTextLine("")]
            if r.supportMeasure {
                lines.append(ReviewTextLine("【支援措置対象者】住所の開示・証明書の交付は制限されます。", .warning))
            }
            lines += [
                ReviewTextLine("氏名　　 \(r.name)"),
                ReviewTextLine("カナ　　 \(r.kana)"),
                ReviewTextLine("宛名番号 \(r.id)　世帯番号 \(r.householdID)"),
                ReviewTextLine("住所　　 〒\(r.postalCode) \(r.address)\(r.addressDetail.isEmpty ? "" : " " + r.addressDetail)"),
                ReviewTextLine("支援措置 \(r.supportMeasure ? "あり" : "なし")", r.supportMeasure ? .warning : .normal),
            ]
            return [.push(AnyScreen(ReviewTextScreen(title: "住民", lines: lines)))]
        case .failed(let text):
            waiting = false
            message = text
            return []
        default:
            return []
        }
    }

    public func render(into grid: inout CellGrid, area: Rect) {
        let body = area.inset(dx: 1, dy: 0)
        guard body.height >= 10 else { return }
        let f = finding
        var lines: [ReviewTextLine] = [
            ReviewTextLine("[\(f.severity.label)] \(f.title)　#\(f.id)", f.severity == .high ? .warning : .normal),
            ReviewTextLine(["職員 \(f.clerk ?? "-")", "端末 \(f.terminal ?? "-")", "日時 \(f.ts.map { String($0.prefix(19)) } ?? "-")",
                            "宛名番号 \(f.resident ?? "-")"].joined(separator: "  ")),
        ]
        lines += OkuyamiText.wrap(f.detail, width: body.width).prefix(2).map { ReviewTextLine($0) }
        if let marked {
            lines.append(ReviewTextLine("処置（未署名）: \(marked.label)\(comment.map { "　" + $0 } ?? "")"))
        } else if let mark = f.reviewed {
            lines.append(ReviewTextLine("点検済: \(mark.disposition.label)（\(mark.reviewer) \(mark.signedAt.prefix(10))）\(mark.comment.isEmpty ? "" : "　" + mark.comment)",
                                        .muted))
        }
        for (row, line) in lines.enumerated() {
            grid.put(line.text, at: body.origin.down(row), maxWidth: body.width, style: line.style)
        }
        var y = body.y + lines.count + 1
        grid.put("もとの記録（\(f.evidence.count) 件）", at: Point(x: body.x, y: y), maxWidth: body.width, style: .muted)
        y += 1
        let table = Table(columns: [
            .init("ファイル", width: .flexible(min: 20)),
            .init("seq", width: .fixed(7), alignment: .trailing),
            .init("日時", width: .fixed(19)),
            .init("種類", width: .fixed(14)),
        ], rows: f.evidence.map { e in [e.file, String(e.seq), String(e.ts.prefix(19)), e.type] })
        let tableArea = Rect(x: body.x, y: y, width: body.width, height: max(0, body.maxY - 1 - y))
        table.render(into: &grid, area: tableArea, following: list)
        let bottom = Point(x: body.x, y: body.maxY - 1)
        if waiting {
            grid.put("読み込んでいます", at: bottom, maxWidth: body.width, style: .muted)
        } else if let message {
            grid.put(message, at: bottom, maxWidth: body.width, style: .error)
        } else {
            grid.put("上下で記録を選び Enter で内容を表示します。" + (f.resident != nil ? "F4 で住民を表示します。" : ""),
                     at: bottom, maxWidth: body.width, style: .muted)
        }
    }
}

/// One line of a text screen, in its style.
public struct ReviewTextLine: Equatable, Sendable {
    public var text: String
    public var style: Style

    public init(_ text: String, _ style: Style = .normal) {
        self.text = text
        self.style = style
    }
}

/// A record as stored, or a resident: lines of data text (sanitized when drawn), scrolled
/// with the arrow and page keys.
public struct ReviewTextScreen: CounterScreen {
    public let title: String
    public let lines: [ReviewTextLine]
    public private(set) var offset = 0

    /// The width text is wrapped to (80 columns less the margins).
    static let width = 78
    /// Text rows visible at 80×24 (one more row says how to go on).
    static let rows = 20

    public init(title: String, lines: [ReviewTextLine]) {
        self.title = title
        self.lines = lines
    }

    public var keyMap: KeyMap<Action> { KeyMaps.common }

    public mutating func handle(_ key: Key) -> [ScreenCommand]? {
        let page = Self.rows
        switch key {
        case .up: offset -= 1
        case .down: offset += 1
        case .pageUp: offset -= page
        case .pageDown: offset += page
        case .home: offset = 0
        case .end: offset = lines.count
        default: return nil
        }
        offset = max(0, min(offset, max(0, lines.count - page)))
        return []
    }

    public func render(into grid: inout CellGrid, area: Rect) {
        let body = area.inset(dx: 1, dy: 0)
        let rows = max(0, min(Self.rows, body.height - 1))
        for (row, line) in lines.dropFirst(offset).prefix(rows).enumerated() {
            grid.put(line.text, at: body.origin.down(row), maxWidth: body.width, style: line.style)
        }
        let more = lines.count > offset + rows ? "下に続きがあります（下キー・PgDn）。" : ""
        grid.put(more + "Esc で戻ります。", at: Point(x: body.x, y: body.maxY - 1), maxWidth: body.width, style: .muted)
    }
}
