import Testing
import TerminalKit
@testable import CursesBackend

/// Values are ncurses' own numbers (curses.h, octal there), written out so the table is
/// checked against the library rather than against itself.
@Suite struct KeyDecoderTests {
    @Test(arguments: [
        (UInt32(10), Key.enter), (13, .enter), (127, .backspace), (8, .backspace), (9, .tab), (27, .escape),
        (3, .control("c")), (1, .control("a")), (19, .control("s")), (26, .control("z")),
        (0x61, .character("a")), (0x3042, .character("あ")), (0x20BB7, .character("𠮷")),
        (0xFF80, .character("ﾀ")), (0x20, .character(" ")),
    ])
    func characters(value: UInt32, key: Key) {
        #expect(KeyDecoder.character(value) == key)
    }

    @Test func meaninglessCharactersAreDropped() {
        #expect(KeyDecoder.character(0) == nil)
        #expect(KeyDecoder.character(28) == nil)
        #expect(KeyDecoder.character(0x9B) == nil)  // C1 CSI must never become text
    }

    @Test(arguments: [
        (Int32(0o402), Key.down), (0o403, .up), (0o404, .left), (0o405, .right), (0o406, .home),
        (0o407, .backspace), (0o410 + 1, .function(1)), (0o410 + 12, .function(12)), (0o512, .delete),
        (0o513, .insert), (0o522, .pageDown), (0o523, .pageUp), (0o527, .enter), (0o541, .backTab),
        (0o550, .end),
    ])
    func keyCodes(code: Int32, key: Key) {
        #expect(KeyDecoder.keyCode(code) == key)
    }

    @Test func unusedKeyCodesAndResizeAreNotKeys() {
        #expect(KeyDecoder.keyCode(0o410 + 13) == nil)  // F13 (Shift+F1 on some terminals)
        #expect(KeyDecoder.keyCode(0o632) == nil)  // KEY_RESIZE: an event, not a key
    }
}
