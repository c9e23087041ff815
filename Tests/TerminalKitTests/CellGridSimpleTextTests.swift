import JapaneseKit
import Testing
@testable import TerminalKit

/// `CellGrid.put` skips grapheme breaking and Unicode property lookups for text made only
/// of the simple set; these tests hold that shortcut to the general path.
@Suite struct CellGridSimpleTextTests {
    static let ranges: [ClosedRange<UInt32>] = [
        0x0000...0x00FF, 0x2FF0...0x3100, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xFF00...0xFFEF, 0x20000...0x2FFFF,
    ]

    @Test func simpleWidthAgreesWithDisplayWidthAndTheSanitizer() {
        var simple = 0
        for range in Self.ranges {
            for v in range {
                guard let scalar = Unicode.Scalar(v) else { continue }
                let w = CellGrid.simpleWidth(v)
                guard w > 0 else { continue }
                simple += 1
                #expect(w == DisplayWidth.of(scalar), "U+\(String(v, radix: 16))")
                #expect(!DisplaySanitizer.isForbidden(scalar), "U+\(String(v, radix: 16))")
            }
        }
        #expect(simple > 40_000)
    }

    @Test func everySimpleScalarIsACharacterOfItsOwnNextToAnyOther() {
        // Pairs of every simple scalar with a representative of each block, both ways round.
        let neighbours: [Unicode.Scalar] = ["a", "あ", "ー", "ｱ", "山", "𠮷", "、"]
        for range in Self.ranges {
            for v in range where CellGrid.simpleWidth(v) > 0 {
                let scalar = Unicode.Scalar(v)!
                for n in neighbours {
                    var text = String.UnicodeScalarView()
                    text.append(n); text.append(scalar); text.append(n)
                    #expect(String(text).count == 3, "U+\(String(v, radix: 16))")
                }
            }
        }
    }

    @Test func simpleTextIsPutAsTheGeneralPathWouldPutIt() {
        let texts = ["山田太郎　ヤマダ　タロウ", "ﾔﾏﾀﾞ", "abc 123", "いわき市平字田町１２０番地", "𠮷野家", "ｶﾞｷﾞ ｱｲｳ", "が", "か\u{3099}"]
        for text in texts {
            for width in [5, 8, 13] {
                var grid = CellGrid(width: width, height: 1)
                grid.fill(grid.area, style: .muted)
                let written = grid.put(text, at: Point(x: 0, y: 0), style: .title)
                // The general path, spelled out: sanitize, then character by character.
                var expected: [Cell] = []
                for character in DisplaySanitizer.sanitize(text) {
                    let w = DisplayWidth.of(character)
                    if w == 0 { continue }
                    if expected.count + w > width { break }
                    expected.append(Cell(character, width: w, style: .title))
                    for _ in 1..<max(w, 1) { expected.append(.continuation(.title)) }
                }
                let count = expected.count
                while expected.count < width { expected.append(count < DisplayWidth.of(text) ? .blank(.title) : .blank(.muted)) }
                #expect(written == count, "\(text) at \(width)")
                #expect(grid.cells == expected, "\(text) at \(width)")
            }
        }
    }
}
