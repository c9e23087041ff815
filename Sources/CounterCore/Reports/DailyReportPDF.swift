import Foundation

/// The 日計表 as a PDF: its text layout (`DailyReportRenderer.text`) on A4.
public enum DailyReportPDF {
    public static func document(_ report: DailyReport, cityName: String, created: Date) -> PDFDocument {
        let lines = DailyReportRenderer.text(report, cityName: cityName).split(separator: "\n", omittingEmptySubsequences: false)
        return TextPDF.document(title: "日計表 \(report.date)", lines: lines.map(String.init), created: created)
    }
}
