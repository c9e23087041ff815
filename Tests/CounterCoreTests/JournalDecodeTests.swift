@testable import CounterCore
import Foundation
import Testing

/// Verification decodes lines leaving `h`, `prev` and `ts` as bytes; the reader builds every
/// member. Both must read the same line the same way.
@Suite struct JournalDecodeTests {
    static let hash = String(repeating: "0123456789abcdef", count: 4)

    static func decodeBoth(_ text: String) -> (full: JournalLine.Decoded, fast: JournalLine.Decoded) {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { b in
            (JournalLine.decode(b, fieldsToo: true), JournalLine.decode(b, fieldsToo: false))
        }
    }

    static func expectSame(_ text: String) {
        let (full, fast) = decodeBoth(text)
        #expect(full.parsed == fast.parsed, "\(text)")
        #expect(full.syntaxError == fast.syntaxError, "\(text)")
        #expect(full.hash == fast.hash, "\(text)")
        #expect(full.prev == fast.prev, "\(text)")
        #expect(full.ts == fast.ts, "\(text)")
        #expect(full.time == fast.time, "\(text)")
        #expect(full.seq == fast.seq && full.type == fast.type && full.clerk == fast.clerk, "\(text)")
        #expect(full.hashValid == fast.hashValid, "\(text)")
        #expect(full.hashText == fast.hashText && full.prevText == fast.prevText, "\(text)")
    }

    @Test func sealedRecordsReadTheSameBothWays() {
        let (line, h) = JournalLine.record(seq: 3, ts: "2026-11-25T09:00:00.123+09:00", type: "access", clerk: "k01",
                                           fields: ["action": "view", "residents": ["1000001"]], prev: Self.hash)
        let text = String(decoding: line.dropLast(), as: UTF8.self)
        Self.expectSame(text)
        let (_, fast) = Self.decodeBoth(text)
        #expect(fast.hashValid)
        #expect(fast.hash == h)
        #expect(fast.prev == Self.hash)
        #expect(fast.ts == "2026-11-25T09:00:00.123+09:00")
        #expect(fast.time != nil)
        #expect(fast.hashText?.isHash == true)
    }

    @Test func oddValuesReadTheSameBothWays() {
        let h = Self.hash
        let texts = [
            // Upper-case, short, escaped and non-string hashes.
            #"{"seq":1,"ts":"2026-11-25T09:00:00.000+09:00","type":"a","clerk":"k","prev":"\#(h.uppercased())","h":"\#(h)"}"#,
            #"{"seq":1,"ts":"2026-11-25T09:00:00.000+09:00","type":"a","clerk":"k","prev":"abc","h":"\#(h)"}"#,
            #"{"seq":1,"ts":"2026-11-25T09:00:00.000+09:00","type":"a","clerk":"k","prev":"\u0030\#(h.dropFirst())","h":"\#(h)"}"#,
            #"{"seq":1,"ts":"2026-11-25T09:00:00.000+09:00","type":"a","clerk":"k","prev":7,"h":"\#(h)"}"#,
            #"{"seq":1,"ts":"2026-11-25T09:00:00.000+09:00","type":"a","clerk":"k","prev":"\#(h)","h":"\#(h)x"}"#,
            // Time stamps: escaped, too long, not a time, not a string, multi-byte.
            #"{"seq":1,"ts":"2026-11-25T09:00:00\u002e000+09:00","type":"a","clerk":"k","prev":"\#(h)","h":"\#(h)"}"#,
            #"{"seq":1,"ts":"2026-11-25T09:00:00.000+09:00 and then some more","type":"a","clerk":"k","prev":"\#(h)","h":"\#(h)"}"#,
            #"{"seq":1,"ts":"yesterday","type":"a","clerk":"k","prev":"\#(h)","h":"\#(h)"}"#,
            #"{"seq":1,"ts":null,"type":"a","clerk":"k","prev":"\#(h)","h":"\#(h)"}"#,
            #"{"seq":1,"ts":"令和8年11月25日","type":"a","clerk":"k","prev":"\#(h)","h":"\#(h)"}"#,
            // Broken lines.
            #"{"seq":1,"ts":"2026-11-25T09:00:00.000+09:00","type":"a","clerk":"k","prev":"\#(h)","h":"\#(h)""#,
            #"{"seq":1,"ts":"2026-11-25T09:00:00.000+09:00","type":"a","clerk":"k","prev":"\#(h)","prev":"\#(h)","h":"\#(h)"}"#,
            #"{"seq":1,"ts":"2026-11-25T09:00:00.000+09:00","type":"a","clerk":"k","prev":"\#(h)\u12","h":"\#(h)"}"#,
            #"{"seq":1,"ts":"2026-11-25\#u{01}","type":"a","clerk":"k","prev":"\#(h)","h":"\#(h)"}"#,
        ]
        for text in texts { Self.expectSame(text) }
    }

    @Test func hashTextIsEqualExactlyWhenTheTextIs() {
        let a = JournalLine.HashText(Self.hash)
        #expect(a.isHash)
        #expect(a.text == Self.hash)
        #expect(a == JournalLine.HashText(Self.hash))
        #expect(a != JournalLine.HashText(Self.hash.uppercased()))
        #expect(JournalLine.HashText(Self.hash.uppercased()).text == Self.hash.uppercased())
        #expect(!JournalLine.HashText("abc").isHash)
        var other = Self.hash
        other.removeLast()
        other.append("e")
        #expect(a != JournalLine.HashText(other))
    }
}
