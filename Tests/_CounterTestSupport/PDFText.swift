import Foundation

/// Reads back the text of a PDF the way a person sees it: page by page, lines from the top,
/// runs from the left. Written for tests, independently of the product's writer: it follows the
/// file's own structure (startxref → xref table → trailer → catalog → page tree → content
/// streams and font resources) and refuses anything it does not understand instead of guessing,
/// so a malformed printout fails the test that reads it.
///
/// Understood: PDF 1.4 with a classic cross-reference table, uncompressed streams (a
/// `/Filter` is refused by name), text operators `BT ET Tf Td TD Tm T* TL Tc Tw Tz TJ Tj ' "`,
/// `cm q Q`, Type0 fonts with a Unicode CMap (`UniJIS-UTF16-H`, `UniJIS-UCS2-H`) whose
/// strings are UTF-16BE, and simple fonts read as Latin-1; anything else is refused. Widths come from
/// the fonts' `/DW` and `/W` (Type0) or `/Widths` (simple), 1000 units per em.
public enum PDFText {
    /// The text of each page, in page-tree order.
    public static func pages(of data: Data) throws -> [String] {
        let file = try PDFFile(data)
        return try file.pages().map { try file.text(ofPage: $0) }
    }

    /// Every page's text, pages separated by a form feed (as `pdftotext` does).
    public static func text(of data: Data) throws -> String {
        try pages(of: data).joined(separator: "\u{0C}")
    }

    /// The PDF at `url`, read as `text(of:)`.
    public static func text(ofFile url: URL) throws -> String {
        try text(of: Data(contentsOf: url))
    }
}

/// Why a PDF could not be read; says where.
public struct PDFReadError: Error, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { "PDF: " + message }
}

// MARK: - Objects

indirect enum PDFObject {
    case null
    case bool(Bool)
    case number(Double)
    case string([UInt8])
    case name(String)
    case array([PDFObject])
    case dictionary([String: PDFObject])
    case reference(Int)
    case stream([String: PDFObject], [UInt8])
    /// A content-stream operator (only inside content streams).
    case op(String)

    var dictionary: [String: PDFObject]? {
        switch self {
        case .dictionary(let d), .stream(let d, _): d
        default: nil
        }
    }

    var number: Double? { if case .number(let n) = self { n } else { nil } }
    var name: String? { if case .name(let n) = self { n } else { nil } }
    var array: [PDFObject]? { if case .array(let a) = self { a } else { nil } }
}

/// A tokenizer and parser over bytes, for both the file's objects and content streams.
struct PDFParser {
    let bytes: [UInt8]
    var position: Int

    init(_ bytes: [UInt8], at position: Int = 0) {
        self.bytes = bytes
        self.position = position
    }

    static func isWhite(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 || b == 0x0C || b == 0x00 }
    static func isDelimiter(_ b: UInt8) -> Bool { "()<>[]{}/%".utf8.contains(b) }

    var atEnd: Bool { position >= bytes.count }

    mutating func skipWhite() {
        while position < bytes.count {
            if Self.isWhite(bytes[position]) {
                position += 1
            } else if bytes[position] == UInt8(ascii: "%") {
                while position < bytes.count, bytes[position] != 0x0A, bytes[position] != 0x0D { position += 1 }
            } else {
                return
            }
        }
    }

    /// A bare word (keyword, number or operator).
    mutating func word() -> String {
        let start = position
        while position < bytes.count, !Self.isWhite(bytes[position]), !Self.isDelimiter(bytes[position]) { position += 1 }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    mutating func expect(_ keyword: String) throws {
        skipWhite()
        let at = position
        let got = word()
        guard got == keyword else { throw PDFReadError("expected \(keyword) at byte \(at), found \(got.prefix(20))") }
    }

    /// The next object; `references` resolves `N G R` (true in files, false in content streams).
    mutating func object(references: Bool) throws -> PDFObject {
        skipWhite()
        guard position < bytes.count else { throw PDFReadError("unexpected end at byte \(position)") }
        let b = bytes[position]
        switch b {
        case UInt8(ascii: "/"):
            position += 1
            return .name(word())
        case UInt8(ascii: "("):
            return .string(try literalString())
        case UInt8(ascii: "<"):
            if position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "<") {
                position += 2
                var dict: [String: PDFObject] = [:]
                while true {
                    skipWhite()
                    if position + 1 < bytes.count, bytes[position] == UInt8(ascii: ">"), bytes[position + 1] == UInt8(ascii: ">") {
                        position += 2
                        break
                    }
                    guard case .name(let key) = try object(references: references) else {
                        throw PDFReadError("dictionary key is not a name at byte \(position)")
                    }
                    dict[key] = try object(references: references)
                }
                return .dictionary(dict)
            }
            return .string(try hexString())
        case UInt8(ascii: "["):
            position += 1
            var items: [PDFObject] = []
            while true {
                skipWhite()
                guard position < bytes.count else { throw PDFReadError("unterminated array") }
                if bytes[position] == UInt8(ascii: "]") { position += 1; break }
                items.append(try object(references: references))
            }
            return .array(items)
        case UInt8(ascii: "]"), UInt8(ascii: ">"), UInt8(ascii: ")"), UInt8(ascii: "{"), UInt8(ascii: "}"):
            throw PDFReadError("unexpected '\(Character(Unicode.Scalar(b)))' at byte \(position)")
        default:
            let start = position
            let w = word()
            guard !w.isEmpty else { throw PDFReadError("unreadable byte at \(start)") }
            if let n = Double(w), w.first.map({ $0.isNumber || "+-.".contains($0) }) == true {
                if references, let ref = Int(w) {
                    // `N G R`: look ahead without consuming when it is not a reference.
                    var look = self
                    look.skipWhite()
                    let generation = look.word()
                    look.skipWhite()
                    if Int(generation) != nil, look.word() == "R" {
                        self = look
                        return .reference(ref)
                    }
                }
                return .number(n)
            }
            switch w {
            case "true": return .bool(true)
            case "false": return .bool(false)
            case "null": return .null
            default:
                guard !references else { throw PDFReadError("unexpected keyword \(w.prefix(20)) at byte \(start)") }
                return .op(w)
            }
        }
    }

    mutating func literalString() throws -> [UInt8] {
        position += 1
        var out: [UInt8] = []
        var depth = 1
        while position < bytes.count {
            let b = bytes[position]
            position += 1
            switch b {
            case UInt8(ascii: "\\"):
                guard position < bytes.count else { break }
                let e = bytes[position]
                position += 1
                switch e {
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "0")...UInt8(ascii: "7"):
                    var value = Int(e - UInt8(ascii: "0"))
                    for _ in 0..<2 where position < bytes.count && (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(bytes[position]) {
                        value = value * 8 + Int(bytes[position] - UInt8(ascii: "0"))
                        position += 1
                    }
                    out.append(UInt8(value & 0xFF))
                case 0x0A: break
                case 0x0D: if position < bytes.count, bytes[position] == 0x0A { position += 1 }
                default: out.append(e)
                }
            case UInt8(ascii: "("):
                depth += 1
                out.append(b)
            case UInt8(ascii: ")"):
                depth -= 1
                if depth == 0 { return out }
                out.append(b)
            default:
                out.append(b)
            }
        }
        throw PDFReadError("unterminated string")
    }

    mutating func hexString() throws -> [UInt8] {
        position += 1
        var digits: [UInt8] = []
        while position < bytes.count, bytes[position] != UInt8(ascii: ">") {
            let b = bytes[position]
            position += 1
            if Self.isWhite(b) { continue }
            guard let v = Self.hexValue(b) else { throw PDFReadError("bad hex digit at byte \(position - 1)") }
            digits.append(v)
        }
        guard position < bytes.count else { throw PDFReadError("unterminated hex string") }
        position += 1
        if digits.count % 2 == 1 { digits.append(0) }
        return stride(from: 0, to: digits.count, by: 2).map { digits[$0] << 4 | digits[$0 + 1] }
    }

    static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): b - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): b - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): b - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

// MARK: - The file

struct PDFFile {
    let bytes: [UInt8]
    /// Object number → byte offset, from the cross-reference table.
    var offsets: [Int: Int] = [:]
    var trailer: [String: PDFObject] = [:]

    init(_ data: Data) throws {
        bytes = [UInt8](data)
        guard bytes.starts(with: Array("%PDF-".utf8)) else { throw PDFReadError("no %PDF- header") }
        let text = String(decoding: bytes.suffix(64), as: UTF8.self)
        guard let range = text.range(of: "startxref", options: .backwards) else { throw PDFReadError("no startxref") }
        let tail = text[range.upperBound...].split(whereSeparator: { $0.isWhitespace })
        guard tail.count >= 2, let xref = Int(tail[0]), tail[1] == "%%EOF" else { throw PDFReadError("bad startxref or missing %%EOF") }
        guard xref < bytes.count else { throw PDFReadError("startxref \(xref) is beyond the file") }
        var parser = PDFParser(bytes, at: xref)
        try parser.expect("xref")
        while true {
            parser.skipWhite()
            let save = parser.position
            let first = parser.word()
            if first == "trailer" { break }
            parser.skipWhite()
            guard let start = Int(first), let count = Int(parser.word()) else {
                throw PDFReadError("bad xref subsection at byte \(save)")
            }
            for n in start..<(start + count) {
                parser.skipWhite()
                let offset = parser.word()
                parser.skipWhite()
                _ = parser.word()
                parser.skipWhite()
                let kind = parser.word()
                guard let value = Int(offset), kind == "n" || kind == "f" else { throw PDFReadError("bad xref entry for object \(n)") }
                if kind == "n" { offsets[n] = value }
            }
        }
        guard case .dictionary(let t) = try parser.object(references: true) else { throw PDFReadError("trailer is not a dictionary") }
        trailer = t
        // Every entry must point at its own `N G obj`.
        for (n, offset) in offsets {
            guard offset < bytes.count else { throw PDFReadError("object \(n) offset \(offset) is beyond the file") }
            var p = PDFParser(bytes, at: offset)
            let number = p.word()
            p.skipWhite()
            _ = p.word()
            p.skipWhite()
            guard Int(number) == n, p.word() == "obj" else { throw PDFReadError("xref offset \(offset) does not point at object \(n)") }
        }
    }

    func object(_ number: Int) throws -> PDFObject {
        guard let offset = offsets[number] else { throw PDFReadError("object \(number) is not in the xref table") }
        var p = PDFParser(bytes, at: offset)
        p.skipWhite(); _ = p.word(); p.skipWhite(); _ = p.word()
        try p.expect("obj")
        let value = try p.object(references: true)
        p.skipWhite()
        let save = p.position
        if p.word() == "stream" {
            guard case .dictionary(let dict) = value else { throw PDFReadError("stream of object \(number) without a dictionary") }
            if p.position < bytes.count, bytes[p.position] == 0x0D { p.position += 1 }
            guard p.position < bytes.count, bytes[p.position] == 0x0A else { throw PDFReadError("stream keyword of object \(number) not followed by a newline") }
            p.position += 1
            guard case .number(let length)? = try dict["Length"].map(resolve) else { throw PDFReadError("stream of object \(number) has no /Length") }
            let end = p.position + Int(length)
            guard end <= bytes.count else { throw PDFReadError("stream of object \(number) runs past the file") }
            let body = Array(bytes[p.position..<end])
            // The data ends exactly where /Length says: at most an end-of-line, then endstream.
            p.position = end
            if p.position < bytes.count, bytes[p.position] == 0x0D { p.position += 1 }
            if p.position < bytes.count, bytes[p.position] == 0x0A { p.position += 1 }
            guard bytes[p.position...].starts(with: Array("endstream".utf8)) else {
                throw PDFReadError("stream of object \(number) does not end where its /Length says")
            }
            p.position += "endstream".utf8.count
            try p.expect("endobj")
            if let filter = dict["Filter"] { throw PDFReadError("object \(number): filter \(filter) is not supported") }
            return .stream(dict, body)
        }
        p.position = save
        try p.expect("endobj")
        return value
    }

    func resolve(_ value: PDFObject) throws -> PDFObject {
        if case .reference(let n) = value { return try object(n) }
        return value
    }

    func dictionary(_ value: PDFObject?, _ what: String) throws -> [String: PDFObject] {
        guard let value, let dict = try resolve(value).dictionary else { throw PDFReadError("\(what) is not a dictionary") }
        return dict
    }

    /// The leaf pages, each with the resources it inherits.
    func pages() throws -> [[String: PDFObject]] {
        let root = try dictionary(trailer["Root"], "/Root")
        guard root["Type"]?.name == "Catalog" else { throw PDFReadError("/Root is not a /Catalog") }
        var out: [[String: PDFObject]] = []
        var visited: Set<Int> = []
        func walk(_ node: PDFObject?, inherited: [String: PDFObject]) throws {
            if case .reference(let n)? = node {
                guard visited.insert(n).inserted else { throw PDFReadError("page tree loops at object \(n)") }
            }
            var dict = try dictionary(node, "page tree node")
            for key in ["Resources", "MediaBox"] where dict[key] == nil { dict[key] = inherited[key] }
            switch dict["Type"]?.name {
            case "Pages":
                guard let kids = try dict["Kids"].map(resolve)?.array else { throw PDFReadError("/Pages without /Kids") }
                for kid in kids { try walk(kid, inherited: dict) }
            case "Page":
                out.append(dict)
            default:
                throw PDFReadError("page tree node of unknown /Type")
            }
        }
        try walk(root["Pages"], inherited: [:])
        return out
    }

    // MARK: Text

    struct Font {
        var twoByte: Bool
        var defaultWidth: Double
        /// By CID for two-byte fonts, by code for simple fonts.
        var widths: [Int: Double]

        func width(of code: Int) -> Double { widths[code] ?? defaultWidth }

        /// The Adobe-Japan1 CID of a Unicode scalar, for the ranges whose widths differ from
        /// the default: proportional ASCII (CID 1–95) and half-width katakana (CID 327–389).
        static func japan1CID(_ scalar: Unicode.Scalar) -> Int? {
            switch scalar.value {
            case 0x20...0x7E: Int(scalar.value) - 0x1F
            case 0xFF61...0xFF9F: 327 + Int(scalar.value) - 0xFF61
            default: nil
            }
        }
    }

    func font(_ value: PDFObject) throws -> Font {
        let dict = try dictionary(value, "font")
        switch dict["Subtype"]?.name {
        case "Type0":
            let encoding = try dict["Encoding"].map(resolve)?.name ?? ""
            guard encoding.hasSuffix("UTF16-H") || encoding.hasSuffix("UCS2-H") else {
                throw PDFReadError("Type0 encoding \(encoding) is not read as Unicode")
            }
            guard let descendants = try dict["DescendantFonts"].map(resolve)?.array, let first = descendants.first else {
                throw PDFReadError("Type0 font without /DescendantFonts")
            }
            let cid = try dictionary(first, "descendant font")
            var widths: [Int: Double] = [:]
            let w = try cid["W"].map(resolve)?.array ?? []
            var i = 0
            while i < w.count {
                guard let start = w[i].number.map(Int.init) else { throw PDFReadError("bad /W array") }
                if i + 1 < w.count, let list = w[i + 1].array {
                    for (k, item) in list.enumerated() { widths[start + k] = item.number ?? 0 }
                    i += 2
                } else if i + 2 < w.count, let end = w[i + 1].number.map(Int.init), let value = w[i + 2].number {
                    for code in start...end { widths[code] = value }
                    i += 3
                } else {
                    throw PDFReadError("bad /W array")
                }
            }
            return Font(twoByte: true, defaultWidth: try cid["DW"].map(resolve)?.number ?? 1000, widths: widths)
        default:
            var widths: [Int: Double] = [:]
            let first = Int(try dict["FirstChar"].map(resolve)?.number ?? 0)
            for (k, item) in (try dict["Widths"].map(resolve)?.array ?? []).enumerated() { widths[first + k] = item.number ?? 0 }
            return Font(twoByte: false, defaultWidth: 500, widths: widths)
        }
    }

    struct Run {
        var x: Double
        var y: Double
        var endX: Double
        var size: Double
        var text: String
    }

    func text(ofPage page: [String: PDFObject]) throws -> String {
        let resources = try page["Resources"].map { try dictionary($0, "/Resources") } ?? [:]
        let fontTable = try resources["Font"].map { try dictionary($0, "/Font") } ?? [:]
        var contents: [UInt8] = []
        if let value = page["Contents"] {
            let resolved = try resolve(value)
            let parts: [PDFObject] = resolved.array ?? [resolved]
            for part in parts {
                guard case .stream(_, let body) = try resolve(part) else { throw PDFReadError("/Contents is not a stream") }
                contents += body + [0x0A]
            }
        }
        var fonts: [String: Font] = [:]
        var runs: [Run] = []
        var parser = PDFParser(contents)
        var operands: [PDFObject] = []

        typealias Matrix = (a: Double, b: Double, c: Double, d: Double, e: Double, f: Double)
        func multiply(_ m: Matrix, _ n: Matrix) -> Matrix {
            (m.a * n.a + m.b * n.c, m.a * n.b + m.b * n.d, m.c * n.a + m.d * n.c, m.c * n.b + m.d * n.d,
             m.e * n.a + m.f * n.c + n.e, m.e * n.b + m.f * n.d + n.f)
        }
        let identity: Matrix = (1, 0, 0, 1, 0, 0)
        var ctm = identity, stack: [Matrix] = []
        var tm = identity, lm = identity
        var font: Font?, size = 0.0, leading = 0.0, charSpace = 0.0, wordSpace = 0.0, scale = 1.0

        func numbers(_ count: Int, _ op: String) throws -> [Double] {
            let values = operands.suffix(count).compactMap(\.number)
            guard values.count == count else { throw PDFReadError("operator \(op) needs \(count) numbers") }
            return values
        }
        func show(_ bytes: [UInt8]) throws {
            guard let font else { throw PDFReadError("text shown before Tf") }
            var text = ""
            var advance = 0.0
            if font.twoByte {
                guard bytes.count % 2 == 0 else { throw PDFReadError("odd byte count in a two-byte string") }
                let units = stride(from: 0, to: bytes.count, by: 2).map { UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]) }
                for scalar in String(decoding: units, as: UTF16.self).unicodeScalars {
                    text.unicodeScalars.append(scalar)
                    let cid = Font.japan1CID(scalar)
                    let w = cid.map(font.width(of:)) ?? font.defaultWidth
                    advance += (w / 1000 * size + charSpace + (scalar == " " ? wordSpace : 0)) * scale
                }
            } else {
                for b in bytes {
                    text.unicodeScalars.append(Unicode.Scalar(b))
                    advance += (font.width(of: Int(b)) / 1000 * size + charSpace + (b == 0x20 ? wordSpace : 0)) * scale
                }
            }
            let start = multiply(tm, ctm)
            tm = multiply((1, 0, 0, 1, advance, 0), tm)
            let end = multiply(tm, ctm)
            let height = (start.c * start.c + start.d * start.d).squareRoot()
            runs.append(Run(x: start.e, y: start.f, endX: end.e, size: size * height, text: text))
        }
        func nextLine(_ tx: Double, _ ty: Double) {
            lm = multiply((1, 0, 0, 1, tx, ty), lm)
            tm = lm
        }

        while true {
            parser.skipWhite()
            if parser.atEnd { break }
            let item = try parser.object(references: false)
            guard case .op(let op) = item else { operands.append(item); continue }
            switch op {
            case "q": stack.append(ctm)
            case "Q": ctm = stack.popLast() ?? identity
            case "cm":
                let v = try numbers(6, op)
                ctm = multiply((v[0], v[1], v[2], v[3], v[4], v[5]), ctm)
            case "BT": tm = identity; lm = identity
            case "ET": break
            case "Tf":
                guard operands.count >= 2, let name = operands[operands.count - 2].name, let s = operands.last?.number else {
                    throw PDFReadError("bad Tf")
                }
                if fonts[name] == nil {
                    guard let ref = fontTable[name] else { throw PDFReadError("font /\(name) is not in the page's resources") }
                    fonts[name] = try self.font(ref)
                }
                font = fonts[name]
                size = s
            case "Td":
                let v = try numbers(2, op)
                nextLine(v[0], v[1])
            case "TD":
                let v = try numbers(2, op)
                leading = -v[1]
                nextLine(v[0], v[1])
            case "Tm":
                let v = try numbers(6, op)
                lm = (v[0], v[1], v[2], v[3], v[4], v[5])
                tm = lm
            case "T*": nextLine(0, -leading)
            case "TL": leading = try numbers(1, op)[0]
            case "Tc": charSpace = try numbers(1, op)[0]
            case "Tw": wordSpace = try numbers(1, op)[0]
            case "Tz": scale = try numbers(1, op)[0] / 100
            case "Tj", "'", "\"":
                if op != "Tj" { nextLine(0, -leading) }
                guard case .string(let s)? = operands.last else { throw PDFReadError("\(op) without a string") }
                try show(s)
            case "TJ":
                guard let items = operands.last?.array else { throw PDFReadError("TJ without an array") }
                for element in items {
                    switch element {
                    case .string(let s): try show(s)
                    case .number(let n): tm = multiply((1, 0, 0, 1, -n / 1000 * size * scale, 0), tm)
                    default: throw PDFReadError("TJ array holds neither strings nor numbers")
                    }
                }
            default: break // graphics: paths, colours, line widths
            }
            operands.removeAll()
        }
        return Self.layout(runs)
    }

    /// Runs into lines: a run joins a line when its baseline is within a third of its size;
    /// lines from the top of the page, runs from the left, a space where a gap is wider
    /// than a fifth of the size.
    static func layout(_ runs: [Run]) -> String {
        var lines: [(y: Double, runs: [Run])] = []
        for run in runs where !run.text.isEmpty {
            if let i = lines.firstIndex(where: { abs($0.y - run.y) <= max(run.size, 1) / 3 }) {
                lines[i].runs.append(run)
            } else {
                lines.append((run.y, [run]))
            }
        }
        return lines.sorted { $0.y > $1.y }.map { line in
            var text = ""
            var lastEnd: Double?
            for run in line.runs.sorted(by: { $0.x < $1.x }) {
                if let lastEnd, run.x - lastEnd > run.size / 5 { text += " " }
                text += run.text
                lastEnd = run.endX
            }
            return text
        }.joined(separator: "\n")
    }
}
