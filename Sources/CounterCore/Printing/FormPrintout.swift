import Foundation

/// Lays a filled form out on A4 pages for the resident to check and sign.
///
/// Title, city and department at the top; a two-column table of labels and values; empty
/// boxes for handwritten fields; the fee; a footer with 受付番号, printed date-time, clerk
/// and page number. Long tables continue on further pages.
public enum FormPrintout {
    static let margin = 42.0
    static let labelWidth = 150.0
    static let bodySize = 10.5
    static let lineHeight = 15.0
    static let footerTop = PDFPage.a4.height - 56

    /// The printout of `form`, printed at `printedAt` (from the injected clock).
    public static func document(for form: FilledForm, printedAt: Date) -> PDFDocument {
        var doc = PDFDocument(title: form.title, created: printedAt)
        let printed = JapanTime(printedAt).minuteText
        var pages: [PDFPage] = []
        var page = newPage(form, continued: false)
        var y = 128.0
        let tableLeft = margin
        let tableRight = PDFPage.a4.width - margin
        let valueLeft = tableLeft + labelWidth
        let valueWidth = tableRight - valueLeft - 12

        for field in form.fields where field.applies {
            let labelLines = PDFFont.wrap(field.label, width: labelWidth - 14, size: bodySize - 0.5)
            let valueLines = field.value.map { PDFFont.wrap($0, width: valueWidth, size: bodySize) } ?? []
            let lines = max(labelLines.count, valueLines.count, 1)
            var height = max(26.0, Double(lines) * lineHeight + 11)
            if field.isHandwritten { height = max(height, 46) }
            if y + height > footerTop - 60 {
                pages.append(page)
                page = newPage(form, continued: true)
                y = 100
            }
            page.rectangle(x: tableLeft, y: y, width: labelWidth, height: height, stroke: 0, fill: 0.92)
            page.rectangle(x: valueLeft, y: y, width: tableRight - valueLeft, height: height, stroke: 0)
            for (i, line) in labelLines.enumerated() {
                page.text(line, x: tableLeft + 7, y: y + 17 + Double(i) * lineHeight, size: bodySize - 0.5, font: .gothic)
            }
            if field.required && !field.isHandwritten {
                page.text("必須", x: valueLeft - 5, y: y + height - 5, size: 6, font: .gothic, alignment: .right, gray: 0.45)
            }
            if field.isHandwritten {
                // The box stays empty for the resident; only a faint hint in the corner.
                page.text("ご本人が記入してください", x: tableRight - 5, y: y + height - 5, size: 6.5, alignment: .right, gray: 0.55)
            } else {
                for (i, line) in valueLines.enumerated() {
                    page.text(line, x: valueLeft + 8, y: y + 17 + Double(i) * lineHeight, size: bodySize)
                }
            }
            y += height
        }

        // The fee.
        if y + 60 > footerTop - 10 {
            pages.append(page)
            page = newPage(form, continued: true)
            y = 100
        }
        y += 16
        let feeText: String = form.fee == 0
            ? "手数料　無料"
            : "手数料　\(yen(form.fee))円 × \(form.copies)通 ＝ \(yen(form.totalFee))円"
        page.rectangle(x: tableRight - 260, y: y, width: 260, height: 30, stroke: 0, lineWidth: 1)
        page.text(feeText, x: tableRight - 250, y: y + 20, size: 12, font: .gothic)
        if !form.feeNote.isEmpty {
            page.text(form.feeNote, x: tableRight - 260, y: y + 44, size: 8, gray: 0.3)
        }
        pages.append(page)

        // Footers, now that the page count is known.
        for (index, var p) in pages.enumerated() {
            p.line(from: margin, footerTop, to: PDFPage.a4.width - margin, footerTop, width: 0.5, gray: 0.4)
            p.text("受付番号 \(form.caseNumber)　印刷 \(printed)　担当 \(form.clerkName)", x: margin, y: footerTop + 16, size: 8.5)
            p.text("\(index + 1) / \(pages.count)", x: PDFPage.a4.width - margin, y: footerTop + 16, size: 8.5, alignment: .right)
            doc.append(p)
        }
        return doc
    }

    static func newPage(_ form: FilledForm, continued: Bool) -> PDFPage {
        var page = PDFPage()
        let width = PDFPage.a4.width
        page.text(form.title + (continued ? "（続き）" : ""), x: width / 2, y: 62, size: continued ? 14 : 18,
                  font: .gothic, alignment: .center)
        page.line(from: margin, 74, to: width - margin, 74, width: 1.2)
        page.text("\(form.cityName)長 あて", x: margin, y: 96, size: 11)
        page.text("担当課　\(form.department)", x: width - margin, y: 96, size: 10, font: .gothic, alignment: .right)
        return page
    }

    /// 1,300.
    static func yen(_ amount: Int) -> String {
        let digits = Array(String(amount))
        var out = ""
        for (i, d) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(d)
        }
        return out
    }
}
