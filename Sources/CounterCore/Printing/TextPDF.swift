import Foundation

/// Text laid out as on the terminal, printed on A4 in ゴシック (ASCII half an em, so columns
/// line up): the 日計表, the 点検記録 and the アクセス履歴 are all printed this way.
public enum TextPDF {
    public static func document(title: String, lines: [String], created: Date) -> PDFDocument {
        var document = PDFDocument(title: title, created: created)
        let size = 8.0, top = 40.0, left = 36.0, leading = 11.0
        let perPage = Int((PDFPage.a4.height - top * 2) / leading)
        var index = 0
        repeat {
            var page = PDFPage()
            for (row, line) in lines[index..<min(lines.count, index + perPage)].enumerated() {
                page.text(line, x: left, y: top + Double(row + 1) * leading, size: size, font: .gothic)
            }
            document.append(page)
            index += perPage
        } while index < lines.count
        return document
    }
}
