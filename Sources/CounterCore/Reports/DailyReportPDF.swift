import Foundation

/// The 日計表 as a PDF (A4, the text layout in ゴシック, where ASCII is half an em so the
/// columns line up as on the terminal).
public enum DailyReportPDF {
    public static func document(_ report: DailyReport, cityName: String, created: Date) -> PDFDocument {
        var document = PDFDocument(title: "日計表 \(report.date)", created: created)
        let lines = DailyReportRenderer.text(report, cityName: cityName).split(separator: "\n", omittingEmptySubsequences: false)
        let size = 8.0, top = 40.0, left = 36.0, leading = 11.0
        let perPage = Int((PDFPage.a4.height - top * 2) / leading)
        var index = 0
        repeat {
            var page = PDFPage()
            for (row, line) in lines[index..<min(lines.count, index + perPage)].enumerated() {
                page.text(String(line), x: left, y: top + Double(row + 1) * leading, size: size, font: .gothic)
            }
            document.append(page)
            index += perPage
        } while index < lines.count
        return document
    }
}
