import Foundation
import JapaneseKit

/// The review and the access history as text: what `madoguchi review` prints and what the
/// 点検記録 and アクセス履歴 PDFs lay out. Journal text passes the display sanitizer.
public enum ReviewReport {
    /// The 点検記録 (or, unsigned, the review's findings): range, reviewer, every finding with
    /// its disposition, the verification and each terminal's last hash.
    public static func text(_ review: Review, cityName: String, entries: [ReviewSignOff.Entry] = [],
                            signed: (reviewer: String, record: AppendedRecord, at: String)? = nil) -> [String] {
        let s = DisplaySanitizer.sanitize
        let byID = Dictionary(entries.map { ($0.findingID, $0) }, uniquingKeysWith: { _, b in b })
        var lines = ["\(s(cityName))　\(signed == nil ? "点検結果" : "点検記録")（アクセス記録の点検）", ""]
        lines.append("期間　　　\(review.from.iso) 〜 \(review.to.iso)")
        if let signed {
            lines.append("点検者　　\(s(signed.reviewer))　　署名 \(s(signed.at))")
            lines.append("記録　　　seq \(signed.record.seq)  \(signed.record.hash)")
        }
        lines.append("対象　　　ファイル \(review.files) 件・記録 \(review.records) 件（\(review.sources.map(s).joined(separator: "、"))）")
        lines.append("検証　　　\(review.status)")
        let counts = ReviewSeverity.allCases.map { sev in "\(sev.label) \(review.findings.filter { $0.severity == sev }.count)" }
        lines.append("指摘　　　\(review.findings.count) 件（\(counts.joined(separator: "・"))）")
        lines.append("")
        for (n, f) in review.findings.enumerated() {
            let who = [f.clerk.map { "職員 \(s($0))" }, f.terminal.map { "端末 \(s($0))" }, f.resident.map { "宛名番号 \(s($0))" }]
                .compactMap { $0 }.joined(separator: "  ")
            lines.append("\(n + 1). [\(f.severity.label)] \(s(f.title))  \(f.ts.map { s(String($0.prefix(19))) } ?? "")  #\(f.id)")
            if !who.isEmpty { lines.append("   \(who)") }
            lines.append("   \(s(f.detail))")
            let records = f.evidence.prefix(5).map { "\(s($0.file)) seq \($0.seq)" }.joined(separator: "、")
            if !records.isEmpty { lines.append("   記録: \(records)\(f.evidence.count > 5 ? " ほか \(f.evidence.count - 5) 件" : "")") }
            if let e = byID[f.id] {
                lines.append("   処置: \(e.disposition.label)\(e.comment.isEmpty ? "" : "　\(s(e.comment))")")
            } else if let mark = f.reviewed {
                lines.append("   点検済: \(mark.disposition.label)（\(s(mark.reviewer)) \(s(String(mark.signedAt.prefix(10))))）\(mark.comment.isEmpty ? "" : "　\(s(mark.comment))")")
            }
        }
        if review.findings.isEmpty { lines.append("指摘はありません。") }
        lines.append("")
        lines.append("端末ごとの最後の記録")
        for t in review.terminals {
            lines.append("  \(s(t.terminal))  \(t.status)  seq \(t.lastSeq.map(String.init) ?? "-")  \(t.lastHash ?? "-")")
        }
        if signed != nil {
            lines += ["", "点検者 印 ＿＿＿＿＿＿＿＿　　所属長 印 ＿＿＿＿＿＿＿＿"]
        }
        return lines
    }

    /// The アクセス履歴 of one resident, for the resident who asked (本人開示).
    public static func text(_ history: AccessHistory, cityName: String, name: String? = nil, printedBy: String) -> [String] {
        let s = DisplaySanitizer.sanitize
        var lines = ["\(s(cityName))　住民記録のアクセス履歴", ""]
        lines.append("宛名番号　\(s(history.resident))\(name.map { "　\(s($0))" } ?? "")")
        lines.append("期間　　　\(history.from.iso) 〜 \(history.to.iso)")
        lines.append("件数　　　\(history.entries.count) 件　　作成 \(s(printedBy))")
        lines.append("")
        lines.append("日時                 職員         端末         内容")
        for e in history.entries {
            lines.append("\(s(String(e.ts.prefix(19))))  \(pad(s(e.clerk), 12)) \(pad(s(e.terminal), 12)) \(s(e.what))")
        }
        if history.entries.isEmpty { lines.append("この期間にアクセスはありません。") }
        if !history.unreadable.isEmpty {
            let places = history.unreadable.prefix(5).map { "\(s($0.file)) \($0.record) 行目" }.joined(separator: "、")
            lines += ["", "注意　この宛名番号を含む読めない記録が \(history.unreadable.count) 件あります（\(places)\(history.unreadable.count > 5 ? " ほか" : "")）。",
                      "　　　この履歴はそこが欠けているかもしれません。ジャーナルの検証（madoguchi journal verify）で確かめてください。"]
        }
        return lines
    }

    static func pad(_ text: String, _ width: Int) -> String {
        let w = DisplayWidth.of(text)
        return w >= width ? text : text + String(repeating: " ", count: width - w)
    }
}
