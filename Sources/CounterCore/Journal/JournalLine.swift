import Crypto
import Foundation

/// One journal line: a JSON object whose last two members are `prev` (the previous line's
/// hash) and `h`, the SHA-256 of every byte of the line before `"h"`.
///
/// `{"seq":7,"ts":"…","type":"access","clerk":"k01",<fields sorted>,"prev":"…","h":"…"}\n`
enum JournalLine {
    /// Why a line is not what it should be.
    struct Problem: Error, Equatable, CustomStringConvertible {
        var reason: String
        init(_ reason: String) { self.reason = reason }
        var description: String { reason }
    }

    /// The members the journal itself writes in every record; fields may not use them.
    static let reservedKeys: Set<String> = ["seq", "ts", "type", "clerk", "prev", "h"]

    /// `reservedKeys.contains(key)` without hashing (asked for every member of every record read).
    static func isReserved(_ key: String) -> Bool {
        switch key {
        case "seq", "ts", "type", "clerk", "prev", "h": true
        default: false
        }
    }

    /// `"h":"` + 64 hex + `"}`.
    static let hashSuffixLength = 71

    /// Writes `members` then `prev`, hashes, and appends `h` and the newline.
    static func seal(_ members: [(String, JournalValue)], prev: String) -> (line: [UInt8], hash: String) {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        out.append(UInt8(ascii: "{"))
        for (key, value) in members {
            JournalJSON.writeString(key, into: &out)
            out.append(UInt8(ascii: ":"))
            JournalJSON.write(value, into: &out)
            out.append(UInt8(ascii: ","))
        }
        out.append(contentsOf: #""prev":""#.utf8)
        out.append(contentsOf: prev.utf8)
        out.append(contentsOf: #"","#.utf8)
        let hash = hex(SHA256.hash(data: out))
        out.append(contentsOf: #""h":""#.utf8)
        out.append(contentsOf: hash.utf8)
        out.append(contentsOf: "\"}\n".utf8)
        return (out, hash)
    }

    /// A record line for `type` with the fixed members first and `fields` in key order.
    static func record(seq: Int, ts: String, type: String, clerk: String, fields: [String: JournalValue],
                       prev: String) -> (line: [UInt8], hash: String) {
        var members: [(String, JournalValue)] = [("seq", .int(seq)), ("ts", .string(ts)), ("type", .string(type)),
                                                 ("clerk", .string(clerk))]
        for key in fields.keys.sorted(by: JournalJSON.utf8Less) { members.append((key, fields[key]!)) }
        return seal(members, prev: prev)
    }

    static func isHash(_ s: String) -> Bool {
        s.utf8.count == 64 && s.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for b in digest {
            out.append(hexDigits[Int(b >> 4)])
            out.append(hexDigits[Int(b & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// What one line (without its newline) says, checked as far as it can be on its own.
    struct Decoded {
        /// The members in file order, when the line is valid JSON.
        var members: [(String, JournalValue)]?
        /// Why the line is not valid JSON (nil when it is).
        var syntaxError: String?
        /// The line ends in a well-formed `h` that matches its bytes.
        var hashValid = false
        var hashText: HashText?
        var prevText: HashText?
        var tsText: CompactText?
        var seq: Int?
        var type: String?
        var clerk: String?

        var parsed: Bool { members != nil }
        var hash: String? { hashText?.text }
        var prev: String? { prevText?.text }
        var ts: String? { tsText?.text }

        /// The time of `ts`, when it is in the form the writer writes.
        var time: Date? { tsText?.withUTF8 { JournalTimestamp.parse(utf8: $0) } ?? nil }
    }

    /// The members every record has; a scan that does not keep fields builds only these.
    static let fixedKeys: Set<String> = reservedKeys
    static let fixedKeysUTF8: [[UInt8]] = fixedKeys.map { Array($0.utf8) }

    /// Decodes a line; with `fieldsToo: false` the record's own fields are validated but left
    /// out (as `.null`), which is what verification needs.
    static func decode(_ line: UnsafeBufferPointer<UInt8>, fieldsToo: Bool = true) -> Decoded {
        var d = Decoded()
        var raw = JournalJSON.RawStrings()
        do {
            if fieldsToo {
                d.members = try JournalJSON.parseObject(line)
            } else {
                (d.members, raw) = try JournalJSON.parseObjectLeavingRaw(line, only: fixedKeys, onlyUTF8: fixedKeysUTF8)
            }
        } catch {
            d.syntaxError = error.reason
            return d
        }
        for (key, value) in d.members! {
            switch key {
            case "h": d.hashText = value.stringValue.map(HashText.init)
            case "prev": d.prevText = value.stringValue.map(HashText.init)
            case "seq": d.seq = value.intValue
            case "ts": d.tsText = value.stringValue.map(CompactText.init)
            case "type": d.type = value.stringValue
            case "clerk": d.clerk = value.stringValue
            default: break
            }
        }
        if let r = raw.hash { d.hashText = HashText(utf8: UnsafeBufferPointer(rebasing: line[r])) }
        if let r = raw.prev { d.prevText = HashText(utf8: UnsafeBufferPointer(rebasing: line[r])) }
        if let r = raw.ts { d.tsText = CompactText(utf8: UnsafeBufferPointer(rebasing: line[r])) }
        // The hash must be the last member, written exactly as the writer writes it.
        let n = line.count
        if let h = d.hashText, h.isHash, d.members!.last?.0 == "h", n > hashSuffixLength + 1,
           line[n - hashSuffixLength - 1] == UInt8(ascii: ","),
           line[n - hashSuffixLength] == UInt8(ascii: "\""), line[n - hashSuffixLength + 1] == UInt8(ascii: "h") {
            let body = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(line)[0..<(n - hashSuffixLength)])
            let digest = SHA256.hash(data: body)
            var equal = true
            var i = n - 66
            for b in digest {
                if line[i] != hexDigits[Int(b >> 4)] || line[i + 1] != hexDigits[Int(b & 0xF)] { equal = false; break }
                i += 2
            }
            d.hashValid = equal
        }
        return d
    }

    /// A line's `h` or `prev` without allocating: 64 lower-case hex digits (what the writer
    /// writes) kept as their 32 bytes, anything else as the text itself. Equal exactly when
    /// the texts are equal.
    enum HashText: Equatable {
        case digest(UInt64, UInt64, UInt64, UInt64)
        case other(String)

        init(_ text: String) {
            var text = text
            self = text.withUTF8 { HashText(utf8: $0) }
        }

        init(utf8 b: UnsafeBufferPointer<UInt8>) {
            guard b.count == 64 else { self = .other(String(decoding: b, as: UTF8.self)); return }
            var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
            for w in 0..<4 {
                var v: UInt64 = 0
                for i in (w * 16)..<(w * 16 + 16) {
                    let c = b[i]
                    let nibble: UInt8
                    if c >= 0x30 && c <= 0x39 { nibble = c - 0x30 }
                    else if c >= 0x61 && c <= 0x66 { nibble = c - 0x61 + 10 }
                    else { self = .other(String(decoding: b, as: UTF8.self)); return }
                    v = v << 4 | UInt64(nibble)
                }
                switch w {
                case 0: words.0 = v
                case 1: words.1 = v
                case 2: words.2 = v
                default: words.3 = v
                }
            }
            self = .digest(words.0, words.1, words.2, words.3)
        }

        /// 64 lower-case hex digits.
        var isHash: Bool { if case .digest = self { true } else { false } }

        var text: String {
            switch self {
            case .other(let s): return s
            case .digest(let a, let b, let c, let d):
                var out: [UInt8] = []
                out.reserveCapacity(64)
                for word in [a, b, c, d] {
                    for shift in stride(from: 60, through: 0, by: -4) { out.append(hexDigits[Int((word >> UInt64(shift)) & 0xF)]) }
                }
                return String(decoding: out, as: UTF8.self)
            }
        }
    }

    /// Text of up to 32 UTF-8 bytes kept inline (a time stamp is 29), longer text as a String.
    enum CompactText {
        case inline((UInt64, UInt64, UInt64, UInt64), count: Int)
        case other(String)

        init(_ text: String) {
            var text = text
            self = text.withUTF8 { CompactText(utf8: $0) }
        }

        /// `b` is valid UTF-8 (the parser has checked it).
        init(utf8 b: UnsafeBufferPointer<UInt8>) {
            guard b.count <= 32 else { self = .other(String(decoding: b, as: UTF8.self)); return }
            var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
            withUnsafeMutableBytes(of: &words) { $0.copyMemory(from: UnsafeRawBufferPointer(b)) }
            self = .inline(words, count: b.count)
        }

        func withUTF8<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
            switch self {
            case .other(var s): return s.withUTF8(body)
            case .inline(var words, let count):
                return withUnsafeBytes(of: &words) { raw in
                    body(UnsafeBufferPointer(rebasing: raw.bindMemory(to: UInt8.self)[0..<count]))
                }
            }
        }

        var text: String { withUTF8 { String(decoding: $0, as: UTF8.self) } }
    }
}
