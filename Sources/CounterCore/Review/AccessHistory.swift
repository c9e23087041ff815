import Foundation
import JapaneseKit

/// Every access to one resident across all sources in a range (本人開示): who, when, which
/// terminal, what — for a resident who asks who looked at their record.
public struct AccessHistory: Codable, Equatable, Sendable {
    public var resident: String
    public var from: CivilDate
    public var to: CivilDate
    public var entries: [Entry]
    /// Lines naming the 宛名番号 that could not be read (damaged, or changed after they were
    /// written): the history may be incomplete there, and says so.
    public var unreadable: [ReviewEvidence]

    public struct Entry: Codable, Equatable, Sendable {
        public var ts: String
        public var clerk: String
        public var terminal: String
        /// 検索・閲覧・印刷・受付・照会 and what (a form's title).
        public var what: String
        public var evidence: ReviewEvidence
    }

    /// Reads the history of `resident` from `sources`; only lines naming the 宛名番号 are decoded.
    public static func read(_ sources: JournalSources, resident: String, from: CivilDate, to: CivilDate) throws -> AccessHistory {
        let labels = sources.labels(from: from, to: to)
        let (records, damaged) = try sources.matches(from: from, to: to, containing: "\"\(resident)\"")
        let unreadable = damaged.map { file, line in
            ReviewEvidence(source: sources.sources[file.source].label, file: file.ref.relativePath, terminal: file.ref.terminal,
                           record: line, seq: 0, ts: "", type: "unreadable")
        }
        let entries: [Entry] = records.compactMap { r in
            guard ReviewEngine.residents(of: r).contains(resident) else { return nil }
            return Entry(ts: r.ts, clerk: r.clerk, terminal: r.terminal, what: what(r),
                         evidence: ReviewEvidence(r, source: labels[r.file.relativePath] ?? ""))
        }
        return AccessHistory(resident: resident, from: from, to: to, entries: entries, unreadable: unreadable)
    }

    static func what(_ r: JournalRecord) -> String {
        switch (r.typeName, r["action"]?.stringValue) {
        case ("access", "search"): "検索（結果に表示）"
        case ("access", "history"): "アクセス履歴の照会"
        case ("access", _): "閲覧"
        case ("form_printed", _): "印刷（\(r["title"]?.stringValue ?? r["form"]?.stringValue ?? "")）"
        case ("case_opened", _): r["kind"]?.stringValue == "okuyami" ? "おくやみ受付" : "受付"
        default: r.typeName
        }
    }
}
