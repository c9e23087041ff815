import Foundation
import JapaneseKit

/// A small PDF 1.4 writer for printouts: A4 pages of Japanese text, lines and rectangles,
/// with the standard non-embedded Japanese fonts (see `PDFFont`).
///
/// ```swift
/// var doc = PDFDocument(title: "住民票の写し等交付請求書", created: clock.now())
/// var page = PDFPage()
/// page.text("住民票", x: 50, y: 60, size: 18, font: .gothic)
/// doc.append(page)
/// try doc.data().write(to: url)
/// ```
public struct PDFDocument: Sendable {
    /// `/Title` in the document information.
    public var title: String
    /// `/CreationDate`.
    public var created: Date
    public private(set) var pages: [PDFPage] = []

    public init(title: String, created: Date) {
        self.title = title
        self.created = created
    }

    public mutating func append(_ page: PDFPage) { pages.append(page) }

    /// The complete file: objects, a cross-reference table with exact byte offsets, trailer.
    public func data() -> Data {
        let pageList = pages.isEmpty ? [PDFPage()] : pages
        // Object numbers: 1 catalog, 2 pages, 3 info, then 3 per font, then 2 per page.
        let fonts = PDFFont.allCases
        let fontBase = 4
        let pageBase = fontBase + fonts.count * 3
        var objects: [String] = []

        objects.append("<< /Type /Catalog /Pages 2 0 R >>")
        let kids = pageList.indices.map { "\(pageBase + $0 * 2) 0 R" }.joined(separator: " ")
        objects.append("<< /Type /Pages /Kids [\(kids)] /Count \(pageList.count) >>")
        objects.append("<< /Title <FEFF\(PDFPage.hex(title))> /Producer (madoguchi) /CreationDate (\(PDFDocument.pdfDate(created))) >>")
        for (i, font) in fonts.enumerated() {
            let type0 = fontBase + i * 3
            objects.append("<< /Type /Font /Subtype /Type0 /BaseFont /\(font.baseFont) /Encoding /UniJIS-UTF16-H "
                           + "/DescendantFonts [\(type0 + 1) 0 R] >>")
            objects.append("<< /Type /Font /Subtype /CIDFontType0 /BaseFont /\(font.baseFont) "
                           + "/CIDSystemInfo << /Registry (Adobe) /Ordering (Japan1) /Supplement 5 >> "
                           + "/FontDescriptor \(type0 + 2) 0 R /DW 1000 /W [1 95 500 231 632 500] >>")
            objects.append("<< /Type /FontDescriptor /FontName /\(font.baseFont) \(font.descriptor) >>")
        }
        let fontResources = fonts.enumerated().map { "/\($1.resourceName) \(fontBase + $0 * 3) 0 R" }.joined(separator: " ")
        for (i, page) in pageList.enumerated() {
            let contentObject = pageBase + i * 2 + 1
            objects.append("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 \(PDFPage.n(page.width)) \(PDFPage.n(page.height))] "
                           + "/Resources << /Font << \(fontResources) >> >> /Contents \(contentObject) 0 R >>")
            let stream = Data(page.content.utf8)
            objects.append("<< /Length \(stream.count) >>\nstream\n\(page.content)endstream")
        }

        var out = Data("%PDF-1.4\n%\u{E2}\u{E3}\u{CF}\u{D3}\n".utf8)
        var offsets: [Int] = []
        for (i, body) in objects.enumerated() {
            offsets.append(out.count)
            out.append(Data("\(i + 1) 0 obj\n\(body)\nendobj\n".utf8))
        }
        let xref = out.count
        var table = "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for offset in offsets {
            let digits = String(offset)
            table += String(repeating: "0", count: 10 - digits.count) + digits + " 00000 n \n"
        }
        table += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R /Info 3 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
        out.append(Data(table.utf8))
        return out
    }

    /// `D:YYYYMMDDHHmmSS+09'00'` in Japan time.
    static func pdfDate(_ date: Date) -> String {
        let local = JapanTime(date)
        return "D:" + local.compact + "+09'00'"
    }
}

/// Date and time of day in Japan (UTC+9, no daylight saving) without a Calendar.
struct JapanTime {
    let year, month, day, hour, minute, second: Int

    init(_ date: Date) {
        let seconds = Int((date.timeIntervalSince1970 + 9 * 3600).rounded(.down))
        let days = Int((Double(seconds) / 86_400).rounded(.down))
        let civil = CivilDate(dayNumber: days)
        let rest = seconds - days * 86_400
        year = civil.year
        month = civil.month
        day = civil.day
        hour = rest / 3600
        minute = rest % 3600 / 60
        second = rest % 60
    }

    var compact: String { String(format: "%04d%02d%02d%02d%02d%02d", year, month, day, hour, minute, second) }

    /// `2026-11-25 10:15`.
    var minuteText: String { String(format: "%04d-%02d-%02d %02d:%02d", year, month, day, hour, minute) }
}
