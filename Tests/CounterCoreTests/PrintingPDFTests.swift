@testable import CounterCore
import CounterTestSupport
import Foundation
import Testing

@Suite struct PrintingPDFTests {
    let created = Date(timeIntervalSince1970: 1_795_000_000)

    @Test func japaneseTextReadsBack() throws {
        var doc = PDFDocument(title: "試験", created: created)
        var page = PDFPage()
        page.text("住民票の写し等交付請求書", x: 50, y: 60, size: 18, font: .gothic)
        page.text("山田 太郎 ﾔﾏﾀﾞ ABC 123", x: 50, y: 100, size: 11)
        page.text("𠮷野家", x: 50, y: 130, size: 11)
        page.rectangle(x: 40, y: 150, width: 200, height: 40, stroke: 0, fill: 0.9)
        page.line(from: 40, 200, to: 300, 200)
        doc.append(page)
        let text = try PDFText.text(of: doc.data())
        #expect(text.contains("住民票の写し等交付請求書"))
        #expect(text.contains("山田 太郎 ﾔﾏﾀﾞ ABC 123"))
        #expect(text.contains("𠮷野家"))
    }

    @Test func severalPagesInOrder() throws {
        var doc = PDFDocument(title: "複数ページ", created: created)
        for n in 1...3 {
            var page = PDFPage()
            page.text("ページ\(n)", x: 50, y: 60, size: 12)
            doc.append(page)
        }
        let data = doc.data()
        let text = try PDFText.text(of: data)
        let pages = text.split(separator: "\u{0C}").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
        #expect(pages == ["ページ1", "ページ2", "ページ3"])
        #expect(String(decoding: data, as: UTF8.self).contains("/Count 3"))
    }

    @Test func xrefOffsetsPointAtTheirObjects() throws {
        var doc = PDFDocument(title: "目次", created: created)
        var page = PDFPage()
        page.text("漢字とABC", x: 10, y: 20, size: 10)
        doc.append(page)
        let data = doc.data()
        let bytes = [UInt8](data)
        let text = String(decoding: data, as: UTF8.self)
        // startxref gives the byte offset of the table.
        let tail = text.components(separatedBy: "startxref\n").last ?? ""
        let xrefOffset = try #require(Int(tail.split(separator: "\n").first ?? ""))
        #expect(String(decoding: bytes[xrefOffset..<(xrefOffset + 4)], as: UTF8.self) == "xref")
        let table = String(decoding: bytes[xrefOffset...], as: UTF8.self).split(separator: "\n")
        let count = try #require(Int(table[1].split(separator: " ")[1]))
        #expect(count > 5)
        for object in 1..<count {
            let entry = table[2 + object]
            #expect(entry.count == 19) // 20 bytes with the newline
            let offset = try #require(Int(entry.prefix(10)))
            let header = String(decoding: bytes[offset..<(offset + "\(object) 0 obj".utf8.count)], as: UTF8.self)
            #expect(header == "\(object) 0 obj")
        }
    }

    @Test func fontIsType0OverCIDFontType0WithJapan1() {
        var doc = PDFDocument(title: "字体", created: created)
        doc.append(PDFPage())
        let text = String(decoding: doc.data(), as: UTF8.self)
        #expect(text.contains("/Subtype /Type0 /BaseFont /HeiseiMin-W3 /Encoding /UniJIS-UTF16-H"))
        #expect(text.contains("/Subtype /CIDFontType0"))
        #expect(text.contains("/Registry (Adobe) /Ordering (Japan1) /Supplement 5"))
        #expect(text.contains("/DW 1000 /W [1 95 500 231 632 500]"))
        #expect(text.contains("/BaseFont /HeiseiKakuGo-W5"))
        #expect(text.contains("/MediaBox [0 0 595.28 841.89]"))
    }

    @Test func hexIsUTF16BigEndianWithSurrogates() {
        #expect(PDFPage.hex("Aあ") == "00413042")
        #expect(PDFPage.hex("𠮷") == "D842DFB7")
        #expect(PDFPage.hex("a\u{07}b") == "00610020" + "0062")
    }

    @Test func widthsAndWrapping() {
        #expect(PDFFont.width(of: "AB", size: 10) == 10)
        #expect(PDFFont.width(of: "山田", size: 10) == 20)
        #expect(PDFFont.width(of: "ﾔﾏ", size: 10) == 10)
        let lines = PDFFont.wrap("あいうえおかきくけこ", width: 45, size: 10)
        #expect(lines == ["あいうえ", "おかきく", "けこ"])
    }

    @Test func creationDateIsJapanTime() {
        // 2026-11-25T00:30:00Z is 09:30 in Japan.
        let date = Date(timeIntervalSince1970: 1_795_566_600)
        #expect(PDFDocument.pdfDate(date) == "D:20261125093000+09'00'")
    }
}

/// The test reader itself: it follows the file's structure and refuses what is broken.
@Suite struct PDFTextReaderTests {
    let created = Date(timeIntervalSince1970: 1_795_000_000)

    func sample() -> Data {
        var doc = PDFDocument(title: "読み順", created: created)
        var page = PDFPage()
        // Drawn bottom first and right first: read back top-down, left to right.
        page.text("下の行", x: 50, y: 200, size: 12)
        page.text("右", x: 200, y: 100, size: 12)
        page.text("左", x: 50, y: 100, size: 12)
        doc.append(page)
        return doc.data()
    }

    @Test func readsLinesTopDownAndRunsLeftToRight() throws {
        #expect(try PDFText.pages(of: sample()) == ["左 右\n下の行"])
    }

    @Test func refusesAnOffsetThatMissesItsObject() throws {
        var bytes = [UInt8](sample())
        // Shift every object by one byte after the header: the xref offsets no longer match.
        bytes.insert(UInt8(ascii: " "), at: 16)
        #expect(throws: PDFReadError.self) { try PDFText.text(of: Data(bytes)) }
    }

    @Test func refusesATruncatedFile() throws {
        let data = sample()
        #expect(throws: PDFReadError.self) { try PDFText.text(of: data.prefix(data.count - 30)) }
        #expect(throws: PDFReadError.self) { try PDFText.text(of: Data("not a pdf".utf8)) }
    }

    @Test func refusesAStreamLengthThatDoesNotEndAtEndstream() throws {
        let text = String(decoding: sample(), as: UTF8.self)
        let range = try #require(text.range(of: #"/Length \d+"#, options: .regularExpression))
        let length = try #require(Int(text[range].dropFirst("/Length ".count)))
        // Same byte count (the offsets stay right), a length five bytes short.
        let shorter = "/Length " + String(length - 5).padding(toLength: String(length).count, withPad: " ", startingAt: 0)
        let broken = text.replacingCharacters(in: range, with: shorter)
        #expect(throws: PDFReadError.self) { try PDFText.text(of: Data(broken.utf8)) }
    }
}

/// The declared platform matches the APIs the code uses.
@Suite struct PackagePlatformTests {
    @Test func mutexNeedsMacOS15() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let manifest = try String(contentsOf: root.appendingPathComponent("Package.swift"), encoding: .utf8)
        let sources = root.appendingPathComponent("Sources")
        let files = try #require(FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil))
        var usesMutex = false
        for case let url as URL in files where url.pathExtension == "swift" {
            if try String(contentsOf: url, encoding: .utf8).contains("Mutex<") { usesMutex = true }
        }
        #expect(usesMutex)
        let declared = try #require(manifest.firstMatch(of: /\.macOS\(\.v(\d+)\)/)).1
        #expect(Int(declared) ?? 0 >= 15, "Synchronization.Mutex is macOS 15; Package.swift declares macOS \(declared)")
    }
}
