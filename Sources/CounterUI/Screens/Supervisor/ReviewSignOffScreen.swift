import Foundation
import CounterCore
import JapaneseKit
import TerminalKit

/// 点検記録: the range and every finding with its disposition, as the printed record will
/// show it. F9 signs (a `review` journal record) and prints; the screen then says where it
/// went and the record's seq and hash.
public struct ReviewSignOffScreen: CounterScreen {
    public let review: Review
    public let entries: [ReviewSignOff.Entry]
    public private(set) var signed: ReviewSigned?
    public private(set) var message: String?
    public private(set) var waiting = false
    public private(set) var offset = 0
    /// The summary, laid out as the 点検記録 prints it (without its title lines).
    let lines: [String]

    /// Summary rows visible at 80×24 (fewer under the result of signing).
    static let rows = 18

    public init(review: Review, entries: [ReviewSignOff.Entry]) {
        self.review = review
        self.entries = entries
        lines = ReviewReport.text(review, cityName: "", entries: entries).dropFirst(2)
            .flatMap { OkuyamiText.wrap($0, width: ReviewTextScreen.width) }
    }

    public var title: String { "点検記録" }

    public var keyMap: KeyMap<Action> {
        guard signed == nil else { return KeyMaps.common }
        return KeyMap([
            KeyBinding(.function(9), "署名・印刷", help: "この内容で点検記録に署名し（記録に残ります）、印刷します", action: .review(.sign)),
        ]).merging(KeyMaps.common)
    }

    public mutating func perform(_ action: Action) -> [ScreenCommand] {
        guard action == .review(.sign), signed == nil, !waiting else { return [] }
        waiting = true
        message = nil
        return [.run(.review(.sign(review: review, entries: entries)))]
    }

    public mutating func handle(_ key: Key) -> [ScreenCommand]? {
        switch key {
        case .up: offset -= 1
        case .down: offset += 1
        case .pageUp: offset -= visibleRows
        case .pageDown: offset += visibleRows
        default: return nil
        }
        offset = max(0, min(offset, max(0, lines.count - visibleRows)))
        return []
    }

    public mutating func receive(_ msg: Msg) -> [ScreenCommand] {
        guard case .review(let result) = msg else { return [] }
        switch result {
        case .signed(let record):
            waiting = false
            signed = record
            return []
        case .failed(let text):
            waiting = false
            message = text
            return []
        default:
            return []
        }
    }

    /// Summary rows shown at 80×24 below the state lines.
    var visibleRows: Int { Self.rows + 1 - head(width: ReviewTextScreen.width).count }

    /// What the screen says above the summary: how to sign, signing, the result or a refusal.
    func head(width: Int) -> [ReviewTextLine] {
        var head: [ReviewTextLine] = []
        if let signed {
            head = [ReviewTextLine("署名しました。点検記録を \(signed.destination) に印刷しました。", .normal),
                    ReviewTextLine("記録 seq \(signed.seq)（この点検記録の署名）", .muted),
                    ReviewTextLine("hash \(signed.hash)", .muted),
                    ReviewTextLine("Esc で点検に戻り、F2 で再点検すると点検済として表示されます。", .muted)]
        } else if waiting {
            head = [ReviewTextLine("署名しています", .muted)]
        } else if let message {
            head = OkuyamiText.wrap(message, width: width).prefix(3).map { ReviewTextLine($0, .error) }
        } else {
            head = [ReviewTextLine("内容を確かめて F9 で署名・印刷します。直すときは Esc で点検に戻ります。", .muted)]
        }
        return head
    }

    public func render(into grid: inout CellGrid, area: Rect) {
        let body = area.inset(dx: 1, dy: 0)
        guard body.height >= 8 else { return }
        let head = head(width: body.width)
        for (row, line) in head.enumerated() {
            grid.put(line.text, at: body.origin.down(row), maxWidth: body.width, style: line.style)
        }
        let top = body.y + head.count + 1
        let rows = min(visibleRows, body.maxY - 1 - top)
        for (row, line) in lines.dropFirst(offset).prefix(rows).enumerated() {
            grid.put(line, at: Point(x: body.x, y: top + row), maxWidth: body.width)
        }
        if lines.count > offset + rows {
            grid.put("下に続きがあります（下キー・PgDn）", at: Point(x: body.x, y: body.maxY - 1), maxWidth: body.width, style: .muted)
        }
    }
}
