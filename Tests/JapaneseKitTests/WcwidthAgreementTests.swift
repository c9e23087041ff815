#if canImport(Glibc)
import Foundation
import Glibc
import JapaneseKit
import Testing

/// glibc's own `wcwidth`, taken from libc itself: the program defines a `wcwidth` of its own
/// (CursesBackend's, for `ambiguous_width: 2`), which a plain call would reach.
private let glibcWcwidth: @convention(c) (Int32) -> Int32 = {
    guard let libc = dlopen("libc.so.6", RTLD_NOW), let symbol = dlsym(libc, "wcwidth") else { fatalError("libc.so.6 has no wcwidth") }
    return unsafeBitCast(symbol, to: (@convention(c) (Int32) -> Int32).self)
}()

private func c_wcwidth(_ wc: Int32) -> Int32 { glibcWcwidth(wc) }

/// DisplayWidth must agree with what the terminal's C library says, since ncurses advances
/// the cursor by glibc's `wcwidth`.
@Suite(.serialized) struct WcwidthAgreementTests {
    init() {
        #expect(setlocale(LC_ALL, "C.UTF-8") != nil)
    }

    /// Scalars where DisplayWidth and wcwidth disagree (wcwidth -1, unprintable, is skipped).
    private func disagreements<S: Sequence>(_ scalars: S) -> [String] where S.Element == Unicode.Scalar {
        var out: [String] = []
        for scalar in scalars {
            let c = c_wcwidth(Int32(bitPattern: scalar.value))
            if c < 0 { continue }
            if Int(c) != DisplayWidth.of(scalar) {
                out.append("U+\(String(scalar.value, radix: 16, uppercase: true)) \(scalar) ours \(DisplayWidth.of(scalar)) glibc \(c)")
            }
        }
        return out
    }

    private func scalars(_ ranges: ClosedRange<UInt32>...) -> [Unicode.Scalar] {
        ranges.flatMap { $0.compactMap(Unicode.Scalar.init) }
    }

    @Test func localeIsUTF8() {
        // Under the C locale glibc would call every non-ASCII character unprintable.
        #expect(c_wcwidth(0x3042) == 2)
        #expect(c_wcwidth(0xFF71) == 1)
    }

    @Test func kanaKanjiAsciiAndWidthForms() {
        let set = scalars(
            0x20...0x7E,  // ASCII
            0xA0...0xFF,  // Latin-1 (× ÷ § °)
            0x0391...0x03C9, 0x0401...0x0451,  // Greek and Cyrillic of JIS X 0208
            0x2010...0x2312,  // punctuation, ※, arrows, maths of JIS X 0208
            0x2460...0x24FF, 0x2500...0x257F, 0x25A0...0x26FF,  // ①, box drawing, shapes
            0x3000...0x303F,  // CJK symbols and punctuation
            0x3041...0x309F, 0x30A0...0x30FF, 0x31F0...0x31FF,  // hiragana, katakana
            0x3200...0x33FF,  // ㈱ ㍻ and other enclosed/compatibility forms
            0x3400...0x4DFF, 0x4E00...0x9FFF, 0xF900...0xFAFF,  // kanji
            0xFF00...0xFFEF,  // full-width ASCII, half-width kana
            0x1AFF0...0x1B16F,  // kana extensions and 変体仮名
            0x20000...0x2A6DF  // 𠮷 and extension B
        )
        #expect(set.count > 60_000)
        let wrong = disagreements(set)
        #expect(wrong.isEmpty, "\(wrong.prefix(40))")
    }

    /// All 2,965 JIS X 0208 level-1 kanji (rows 16–47), level 2 (48–84) and the non-kanji
    /// rows 1–8, decoded from EUC-JP by glibc's iconv so the set is JIS's, not a Unicode block.
    @Test func jisX0208() throws {
        let converter = iconv_open("UTF-32LE", "EUC-JP")
        guard let converter, converter != iconv_t(bitPattern: -1) else {
            Issue.record("glibc iconv has no EUC-JP converter (gconv modules missing)")
            return
        }
        defer { iconv_close(converter) }
        var jis: [Unicode.Scalar] = []
        var level1 = 0
        for row in Array(1...8) + Array(16...84) {
            for cell in 1...94 {
                guard let scalar = decode([UInt8(0xA0 + row), UInt8(0xA0 + cell)], converter) else { continue }
                jis.append(scalar)
                if (16...47).contains(row) { level1 += 1 }
            }
        }
        #expect(level1 == 2965)
        #expect(jis.count >= 6_800)
        #expect(jis.contains("亜") && jis.contains("腕") && jis.contains("※") && jis.contains("ー"))
        let wrong = disagreements(jis)
        #expect(wrong.isEmpty, "\(wrong.prefix(40))")
    }

    /// One EUC-JP character as one scalar, or nil when JIS leaves the code point empty.
    private func decode(_ bytes: [UInt8], _ converter: iconv_t) -> Unicode.Scalar? {
        var input = bytes.map { CChar(bitPattern: $0) }
        var output = [UInt8](repeating: 0, count: 16)
        var inLeft = input.count
        var outLeft = output.count
        let ok = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                var inPointer: UnsafeMutablePointer<CChar>? = inBuffer.baseAddress
                var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuffer.baseAddress!)
                    .assumingMemoryBound(to: CChar.self)
                _ = iconv(converter, nil, nil, nil, nil)  // reset the shift state
                return iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft) != -1
            }
        }
        guard ok, inLeft == 0, output.count - outLeft == 4 else { return nil }
        let value = UInt32(output[0]) | UInt32(output[1]) << 8 | UInt32(output[2]) << 16 | UInt32(output[3]) << 24
        return Unicode.Scalar(value)
    }

    /// Every character of the form definitions in Forms/ (the repository's copy).
    @Test func everyCharacterInForms() throws {
        let forms = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Forms")
        let files = (try? FileManager.default.contentsOfDirectory(at: forms, includingPropertiesForKeys: nil)) ?? []
        var used = Set<Unicode.Scalar>()
        for file in files where file.pathExtension == "yaml" || file.pathExtension == "yml" {
            let text = try String(contentsOf: file, encoding: .utf8)
            used.formUnion(text.unicodeScalars)
        }
        let wrong = disagreements(used.sorted { $0.value < $1.value })
        #expect(wrong.isEmpty, "\(wrong.prefix(40))")
    }
}
#endif
