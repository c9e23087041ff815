import Foundation
import JapaneseKit

/// The daily report as text (the 日計表 a supervisor stamps), CSV (for a spreadsheet) or JSON.
public enum DailyReportRenderer {
    // MARK: - Text

    /// The 日計表. Every data-derived text is sanitized for the terminal.
    /// `unclosedNote` says how to close a day not yet closed, in the words of the face showing it.
    public static func text(_ report: DailyReport, cityName: String = "", sealNote: String? = nil,
                            unclosedNote: String = "（この日はまだ締められていません: madoguchi close-day）") -> String {
        var out = ""
        let date = CivilDate(iso: report.date)
        let heading = (cityName.isEmpty ? "" : s(cityName) + "  ") + "日計表  " + (date.map { "\($0.warekiLong)（\($0.iso)）" } ?? report.date)
        out += heading + "\n"
        out += warnings(report)
        out += "端末: " + (report.terminals.isEmpty ? "（記録なし）" : report.terminals.map(s).joined(separator: ", ")) + "\n"
        out += totalsText(report.total)
        if report.perTerminal.count > 1 {
            out += "\n【端末別】\n"
            out += table(["端末", "記録数", "支払件数", "売上", "取消件数", "取消額", "差引", "受付", "終了"],
                         report.perTerminal.map { t in
                             [s(t.terminal), "\(t.records)", "\(t.totals.payments)", yen(t.totals.sales), "\(t.totals.voids)",
                              yen(t.totals.voided), yen(t.totals.net), "\(t.totals.casesOpened)", "\(t.totals.casesClosed)"]
                         }, right: Set(1...8))
        }
        out += "\n【各端末の最終記録（ハッシュ）】\n"
        for t in report.perTerminal {
            out += "  \(s(t.terminal))  記録 \(t.lastSeq)  \(t.lastHash)\n"
        }
        if let seal = report.seal {
            out += "\n【日計締め】 端末 \(s(seal.terminal)) 記録 \(seal.seq)  担当 \(s(seal.clerk))\n"
            out += "  封印ハッシュ: \(seal.hash)\n"
            out += "  監督者確認印: ＿＿＿＿＿＿＿＿\n"
        } else {
            out += "\n" + unclosedNote + "\n"
        }
        if let sealNote { out += sealNote + "\n" }
        return out
    }

    /// What must be seen before the figures: records that disagree with the seal, payments
    /// the seal does not cover, damaged lines left out. Empty when there is none.
    public static func warnings(_ report: DailyReport) -> String {
        var out = ""
        if !report.sealProblems.isEmpty {
            out += "＊＊ 締めの後に記録が変わっています（締めと合いません）。監督者に報告してください ＊＊\n"
            for p in report.sealProblems { out += "  " + s(p) + "\n" }
        }
        if !report.afterSeal.isEmpty {
            out += "＊＊ 締めに含まれない支払があります：締めの合計と実際の金額が次の分だけ違います ＊＊\n"
            for a in report.afterSeal {
                let why = a.sealed ? "締めの後に記録" : "この端末は締めに含まれていません"
                out += "  \(s(a.terminal))  支払 \(a.payments)件 \(yen(a.sales))  取消・返品 \(a.voids)件 \(yen(a.voided))  差引 \(yen(a.net))（\(why)）\n"
                if !a.receipts.isEmpty { out += "    受付番号: " + a.receipts.map(s).joined(separator: ", ") + "\n" }
            }
        }
        if !report.damaged.isEmpty {
            out += "＊ ジャーナルに欠けか損傷があります。読める記録だけで集計しています（madoguchi journal verify で確認）: "
                + report.damaged.map(s).joined(separator: ", ") + "\n"
        }
        return out
    }

    static func totalsText(_ t: DailyReport.Totals) -> String {
        var out = ""
        out += "\n【合計】\n"
        out += "  支払 \(t.payments)件 \(yen(t.sales))  取消・返品 \(t.voids)件 \(yen(t.voided))  差引 \(yen(t.net))\n"
        out += "\n【支払方法・ブランド別】\n"
        out += table(["方法", "ブランド", "件数", "売上", "取消件数", "取消額", "差引"], t.byMethod.map { m in
            [s(m.methodName), s(m.brand.isEmpty ? "-" : m.brand), "\(m.payments)", yen(m.sales), "\(m.voids)", yen(m.voided), yen(m.net)]
        }, right: [2, 3, 4, 5, 6])
        out += "\n【帳票別（取消・返品を差し引き）】\n"
        out += table(["帳票", "帳票名", "件数", "通数", "金額"], t.byForm.map { f in
            [s(f.form), s(f.title), "\(f.count)", "\(f.copies)", yen(f.yen)]
        }, right: [2, 3, 4])
        out += "\n【担当者別】\n"
        out += table(["担当", "受付", "支払件数", "売上", "取消件数", "取消額", "差引"], t.byClerk.map { c in
            [s(c.clerk), "\(c.casesOpened)", "\(c.payments)", yen(c.sales), "\(c.voids)", yen(c.voided), yen(c.net)]
        }, right: [1, 2, 3, 4, 5, 6])
        out += "\n【受付件数・処理時間（手続別）】 受付 \(t.casesOpened)件  終了 \(t.casesClosed)件\n"
        out += table(["手続", "受付", "終了", "中央値", "90%"], t.handling.map { h in
            [s(h.procedure), "\(h.opened)", "\(h.closed)", duration(h.medianSeconds), duration(h.p90Seconds)]
        }, right: [1, 2, 3, 4])
        out += "\n【取消・返品】\n"
        if t.voidList.isEmpty {
            out += "  なし\n"
        } else {
            out += table(["区分", "時刻", "端末", "記録", "元の記録", "受付", "方法", "金額", "担当", "理由"], t.voidList.map { v in
                [v.kind, v.time, s(v.terminal), "\(v.seq)", "\(s(v.originalTerminal)) \(v.originalSeq) (\(v.originalDate))",
                 s(v.caseID), s(v.brand.isEmpty ? v.method : v.brand), yen(v.amount), s(v.clerk), s(v.reason)]
            }, right: [3, 7])
        }
        return out
    }

    /// `1,300円`.
    public static func yen(_ value: Int) -> String {
        let digits = String(abs(value))
        var grouped = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { grouped += "," }
            grouped.append(c)
        }
        return (value < 0 ? "-" : "") + grouped + "円"
    }

    /// `4分05秒`, or `-` when there is no value.
    public static func duration(_ seconds: Double?) -> String {
        guard let seconds else { return "-" }
        let total = Int(seconds.rounded())
        if total >= 3600 { return String(format: "%d時間%02d分", total / 3600, total / 60 % 60) }
        return String(format: "%d分%02d秒", total / 60, total % 60)
    }

    private static func s(_ text: String) -> String { DisplaySanitizer.sanitize(text) }

    private static func table(_ header: [String], _ rows: [[String]], right: Set<Int>) -> String {
        guard !rows.isEmpty else { return "  なし\n" }
        var widths = header.map { DisplayWidth.of($0) }
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], DisplayWidth.of(cell)) } }
        func render(_ cells: [String]) -> String {
            "  " + cells.enumerated().map { i, cell in
                let pad = String(repeating: " ", count: max(0, widths[i] - DisplayWidth.of(cell)))
                return right.contains(i) ? pad + cell : cell + pad
            }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) + "\n"
        }
        return render(header) + rows.map(render).joined()
    }

    // MARK: - CSV

    /// One table: 区分, 端末 (全体 or a terminal), 項目, 明細, 件数, 通数, 金額, 取消件数, 取消額, 差引.
    /// UTF-8 with BOM, CRLF; text cells guarded against formula injection.
    public static func csv(_ report: DailyReport) -> String {
        var out = CSVCell.byteOrderMark
        out += CSVCell.line(["日付", "区分", "端末", "項目", "明細", "件数", "通数", "金額", "取消件数", "取消額", "差引"].map(CSVCell.text))
        func row(_ section: String, _ terminal: String, _ key: String, _ detail: String, _ numbers: [Int?]) {
            out += CSVCell.line([report.date, section, terminal, key, detail].map(CSVCell.text)
                                + numbers.map { $0.map(CSVCell.number) ?? "" })
        }
        let scopes: [(String, DailyReport.Totals)] = [("全体", report.total)] + report.perTerminal.map { ($0.terminal, $0.totals) }
        for (scope, t) in scopes {
            row("合計", scope, "", "", [t.payments, nil, t.sales, t.voids, t.voided, t.net])
            for m in t.byMethod { row("支払方法", scope, m.methodName, m.brand, [m.payments, nil, m.sales, m.voids, m.voided, m.net]) }
            for f in t.byForm { row("帳票", scope, f.form, f.title, [f.count, f.copies, f.yen, nil, nil, nil]) }
            for c in t.byClerk { row("担当者", scope, c.clerk, "受付\(c.casesOpened)件", [c.payments, nil, c.sales, c.voids, c.voided, c.net]) }
            for h in t.handling {
                row("処理時間", scope, h.procedure, "中央値\(duration(h.medianSeconds)) 90%\(duration(h.p90Seconds))",
                    [h.closed, nil, nil, nil, nil, nil])
            }
        }
        for v in report.total.voidList {
            row(v.kind, v.terminal, "\(v.originalTerminal) \(v.originalSeq)", v.reason, [1, nil, nil, 1, v.amount, -v.amount])
        }
        return out
    }

    // MARK: - JSON

    /// The report as JSON (sorted keys).
    public static func json(_ report: DailyReport) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(report), as: UTF8.self)
    }
}
