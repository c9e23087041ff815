import Foundation
import JapaneseKit

/// Handling times per procedure, clerk and hour over a date range (業務量調査): each case from
/// its `case_opened` to its `case_closed`.
public struct Workload: Codable, Equatable, Sendable {
    public var from: CivilDate
    public var to: CivilDate
    public var rows: [Row]

    public struct Row: Codable, Equatable, Sendable {
        public var procedure: String
        public var clerk: String
        /// The hour (0–23, Japan time) the case was opened.
        public var hour: Int
        public var cases: Int
        /// Cases closed (those with a handling time).
        public var closed: Int
        public var medianSeconds: Double?
        public var p90Seconds: Double?
        public var totalSeconds: Double
    }

    public init(from: CivilDate, to: CivilDate, ledgers: [DayLedger]) {
        self.from = from
        self.to = to
        struct Key: Hashable { var procedure: String; var clerk: String; var hour: Int }
        var groups: [Key: [DayLedger.Case]] = [:]
        for ledger in ledgers {
            for c in ledger.cases {
                let hour = Int(c.opened.timeIntervalSince(CivilDate(c.opened).startDate()) / 3600)
                groups[Key(procedure: c.procedure, clerk: c.clerk, hour: hour), default: []].append(c)
            }
        }
        rows = groups.map { key, cases in
            let times = cases.compactMap(\.handlingSeconds).sorted()
            return Row(procedure: key.procedure, clerk: key.clerk, hour: key.hour, cases: cases.count, closed: times.count,
                       medianSeconds: DailyReport.nearestRank(times, 0.5), p90Seconds: DailyReport.nearestRank(times, 0.9),
                       totalSeconds: times.reduce(0, +))
        }.sorted { ($0.procedure, $0.clerk, $0.hour) < ($1.procedure, $1.clerk, $1.hour) }
    }

    /// The 業務量 as CSV (UTF-8 BOM, CRLF, formula guard): one line per procedure, clerk and hour.
    public var csv: String {
        var text = CSVCell.byteOrderMark + CSVCell.line(["手続", "担当者", "時台", "件数", "完了", "中央値（秒）", "90%（秒）", "合計（秒）"])
        for r in rows {
            text += CSVCell.line([CSVCell.text(r.procedure), CSVCell.text(r.clerk), CSVCell.number(r.hour), CSVCell.number(r.cases),
                                  CSVCell.number(r.closed), r.medianSeconds.map { CSVCell.number(Int($0.rounded())) } ?? "",
                                  r.p90Seconds.map { CSVCell.number(Int($0.rounded())) } ?? "", CSVCell.number(Int(r.totalSeconds.rounded()))])
        }
        return text
    }
}
