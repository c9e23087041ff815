import Foundation

/// CP932 (Shift_JIS as Windows writes it) conversion.
///
/// Foundation's `.shiftJIS` on Linux (ICU's converter) was checked against Python's `cp932`
/// codec over every one of its 9,762 characters — NEC specials (①, ㈱), NEC-selected and IBM
/// extensions (髙 at ED/FA/FB), 0x8160 → U+FF5E ～, 0x815C → U+2015, 0x817C → U+FF0D — and
/// decodes each one identically; invalid sequences return nil. So it is used directly.
public enum CP932 {
    /// The text of `bytes`, or nil when they are not valid CP932.
    public static func decode<Bytes: Collection>(_ bytes: Bytes) -> String? where Bytes.Element == UInt8 {
        String(data: Data(bytes), encoding: .shiftJIS)
    }

    /// The CP932 bytes of `text`, or nil when a character has no CP932 code (〜 U+301C, −
    /// U+2212 and most characters outside JIS X 0208 and the Windows extensions).
    public static func encode(_ text: String) -> Data? {
        text.data(using: .shiftJIS)
    }
}
