import Foundation

/// One page being drawn: text, lines and rectangles.
///
/// Coordinates are in points (1/72 inch) measured from the **top-left** corner, the way a
/// form is laid out; the page converts them to PDF's bottom-left origin. A text's `y` is its
/// baseline.
public struct PDFPage: Sendable {
    /// A4 portrait in points.
    public static let a4 = (width: 595.28, height: 841.89)

    public let width: Double
    public let height: Double
    private(set) var content: String = ""
    private(set) var fontsUsed: Set<PDFFont> = []

    public init(width: Double = PDFPage.a4.width, height: Double = PDFPage.a4.height) {
        self.width = width
        self.height = height
    }

    /// Horizontal placement of a text relative to its `x`.
    public enum Alignment: Sendable {
        case left, center, right
    }

    /// Draws `text` on one line with its baseline at `y`. Control characters print as spaces.
    public mutating func text(_ text: String, x: Double, y: Double, size: Double, font: PDFFont = .mincho,
                              alignment: Alignment = .left, gray: Double = 0) {
        guard !text.isEmpty else { return }
        let width = PDFFont.width(of: text, size: size)
        let left: Double = switch alignment {
        case .left: x
        case .center: x - width / 2
        case .right: x - width
        }
        fontsUsed.insert(font)
        content += "BT \(PDFPage.n(gray)) g /\(font.resourceName) \(PDFPage.n(size)) Tf "
            + "\(PDFPage.n(left)) \(PDFPage.n(height - y)) Td <\(PDFPage.hex(text))> Tj ET\n"
    }

    /// A straight line.
    public mutating func line(from x1: Double, _ y1: Double, to x2: Double, _ y2: Double, width: Double = 0.5, gray: Double = 0) {
        content += "\(PDFPage.n(width)) w \(PDFPage.n(gray)) G \(PDFPage.n(x1)) \(PDFPage.n(height - y1)) m "
            + "\(PDFPage.n(x2)) \(PDFPage.n(height - y2)) l S\n"
    }

    /// A rectangle whose top-left corner is (`x`, `y`): outlined with `stroke` (a gray level,
    /// 0 black) and/or filled with `fill`.
    public mutating func rectangle(x: Double, y: Double, width: Double, height h: Double,
                                   stroke: Double? = 0, fill: Double? = nil, lineWidth: Double = 0.5) {
        let rect = "\(PDFPage.n(x)) \(PDFPage.n(height - y - h)) \(PDFPage.n(width)) \(PDFPage.n(h)) re"
        if let fill {
            content += "\(PDFPage.n(fill)) g \(rect) f\n"
        }
        if let stroke {
            content += "\(PDFPage.n(lineWidth)) w \(PDFPage.n(stroke)) G \(rect) S\n"
        }
    }

    // MARK: - Encoding

    /// A number with at most two decimals, no exponent.
    static func n(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        if rounded == rounded.rounded() { return String(Int(rounded)) }
        return String(format: "%.2f", rounded)
    }

    /// UTF-16BE hex for `UniJIS-UTF16-H` (characters beyond the BMP as surrogate pairs).
    static func hex(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf16.count * 4)
        let digits = Array("0123456789ABCDEF")
        for unit in text.unicodeScalars.map({ $0.value < 0x20 || $0.value == 0x7F ? " " : Character($0) }).map(String.init).joined().utf16 {
            out.append(digits[Int(unit >> 12) & 0xF])
            out.append(digits[Int(unit >> 8) & 0xF])
            out.append(digits[Int(unit >> 4) & 0xF])
            out.append(digits[Int(unit) & 0xF])
        }
        return out
    }
}
