import Foundation

/// The journal's own JSON: one canonical form, written and read without Foundation's coders.
///
/// Writing: no whitespace, object keys sorted (the record's fixed keys first, see
/// `JournalLine`), text in NFC, and every C0/C1 control, DEL, bidi control and line/paragraph
/// separator escaped as `\u` so nothing in a journal line can act on a terminal or reorder
/// text. Reading is strict: UTF-8 is validated, duplicate keys, fractions, whitespace and
/// anything the writer cannot produce are refused.
enum JournalJSON {
    // MARK: - Writing

    static func write(_ value: JournalValue, into out: inout [UInt8]) {
        switch value {
        case .string(let s): writeString(s, into: &out)
        case .int(let n): out.append(contentsOf: String(n).utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .null: out.append(contentsOf: "null".utf8)
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            for (i, element) in elements.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                write(element, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            for (i, key) in members.keys.sorted(by: utf8Less).enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                writeString(key, into: &out)
                out.append(UInt8(ascii: ":"))
                write(members[key]!, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// Keys sort by their UTF-8 bytes, so the order does not depend on the locale.
    static func utf8Less(_ a: String, _ b: String) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
    }

    /// `text` in NFC, quoted and escaped.
    static func writeString(_ text: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        let isASCII = text.utf8.allSatisfy { $0 < 0x80 }
        let normalized = isASCII ? text : text.precomposedStringWithCanonicalMapping
        for scalar in normalized.unicodeScalars {
            let v = scalar.value
            switch v {
            case 0x22: out.append(contentsOf: [0x5C, 0x22])
            case 0x5C: out.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0x20..<0x7F: out.append(UInt8(v))
            default:
                if mustEscape(v) {
                    out.append(contentsOf: [0x5C, UInt8(ascii: "u")])
                    for shift in stride(from: 12, through: 0, by: -4) {
                        out.append(hexDigits[Int((v >> UInt32(shift)) & 0xF)])
                    }
                } else {
                    out.append(contentsOf: String(scalar).utf8)
                }
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// Controls, DEL, C1, bidi controls and the line/paragraph separators.
    static func mustEscape(_ v: UInt32) -> Bool {
        switch v {
        case 0x00...0x1F, 0x7F...0x9F: return true
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069, 0x2028, 0x2029: return true
        default: return false
        }
    }

    static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    // MARK: - Reading

    /// Why a line is not valid journal JSON, and where (byte offset within the line).
    struct ParseError: Error, Equatable {
        var offset: Int
        var reason: String
    }

    /// Parses one line holding a single object; returns its members in file order.
    ///
    /// With `only`, values of other top-level members are fully validated but not built
    /// (they come back as `.null`): the verifier needs the structure checked, not the values.
    static func parseObject(_ bytes: UnsafeBufferPointer<UInt8>, only: Set<String>? = nil) throws(ParseError) -> [(String, JournalValue)] {
        var parser = Parser(bytes: bytes)
        parser.only = only
        let members = try parser.object(depth: 0)
        guard parser.index == bytes.count else { throw ParseError(offset: parser.index, reason: "trailing bytes") }
        return members
    }

    /// Where the string values of a record's `h`, `prev` and `ts` lie in the line (the
    /// bytes between the quotes), when they were left as bytes instead of built as Strings.
    struct RawStrings {
        var hash: Range<Int>?
        var prev: Range<Int>?
        var ts: Range<Int>?
    }

    /// Like `parseObject(_:only:)`, but a top-level `h`, `prev` or `ts` whose value is a string
    /// without escapes is validated and left in the line: its member comes back as `.null`
    /// and its byte range in `RawStrings`. Verification reads these three on every line, and
    /// building them as Strings would cost three allocations a line.
    ///
    /// `onlyUTF8` (the UTF-8 of the keys of `only`) lets a line whose keys are plain ASCII be
    /// read without building the other keys at all: they are validated and left out.
    static func parseObjectLeavingRaw(_ bytes: UnsafeBufferPointer<UInt8>, only: Set<String>, onlyUTF8: [[UInt8]]? = nil)
        throws(ParseError) -> (members: [(String, JournalValue)], raw: RawStrings) {
        var parser = Parser(bytes: bytes)
        parser.only = only
        parser.onlyRaw = onlyUTF8
        parser.leaveRaw = true
        let members = try parser.object(depth: 0)
        guard parser.index == bytes.count else { throw ParseError(offset: parser.index, reason: "trailing bytes") }
        return (members, parser.raw)
    }

    static func parseObject(_ bytes: [UInt8]) throws(ParseError) -> [(String, JournalValue)] {
        do {
            return try bytes.withUnsafeBufferPointer { buffer in try parseObject(buffer) }
        } catch let error as ParseError {
            throw error
        } catch {
            throw ParseError(offset: 0, reason: "\(error)")
        }
    }

    /// The members `parseObjectLeavingRaw` may leave as bytes.
    private enum RawSlot {
        case hash, prev, ts

        init?(_ key: String) {
            switch key {
            case "h": self = .hash
            case "prev": self = .prev
            case "ts": self = .ts
            default: return nil
            }
        }
    }

    private struct Parser {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0
        var only: Set<String>?
        var building = true
        var leaveRaw = false
        var raw = RawStrings()
        /// With `leaveRaw`: the UTF-8 of the keys in `only`, for `rawKeyedObject`.
        var onlyRaw: [[UInt8]]?

        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        func fail(_ reason: String) -> ParseError { ParseError(offset: index, reason: reason) }

        mutating func expect(_ byte: UInt8) throws(ParseError) {
            guard index < bytes.count, bytes[index] == byte else {
                throw fail("expected '\(Character(Unicode.Scalar(byte)))'")
            }
            index += 1
        }

        mutating func object(depth: Int) throws(ParseError) -> [(String, JournalValue)] {
            guard depth < 32 else { throw fail("nested too deeply") }
            try expect(UInt8(ascii: "{"))
            var members: [(String, JournalValue)] = []
            members.reserveCapacity(12)
            // Objects are small: a linear search beats hashing every key.
            var seen: Set<String>?
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; return members }
            if depth == 0, leaveRaw, let fixed = onlyRaw, let fast = try rawKeyedObject(fixed: fixed, from: index) {
                return fast
            }
            while true {
                let keyOffset = index
                let key = try string()
                let duplicate: Bool
                if members.count < 16 {
                    duplicate = members.contains { $0.0 == key }
                } else {
                    if seen == nil { seen = Set(members.map(\.0)) }
                    duplicate = !seen!.insert(key).inserted
                }
                guard !duplicate else {
                    throw ParseError(offset: keyOffset, reason: "duplicate key")
                }
                try expect(UInt8(ascii: ":"))
                if depth == 0, let only, !only.contains(key) {
                    building = false
                    _ = try value(depth: depth + 1)
                    building = true
                    members.append((key, .null))
                } else if depth == 0, leaveRaw, index < bytes.count, bytes[index] == UInt8(ascii: "\""),
                          let slot = RawSlot(key) {
                    let start = index
                    let escaped = try skipString()
                    let range = (start + 1)..<(index - 1)
                    if escaped {
                        // Escapes: build the String as usual.
                        index = start
                        members.append((key, try value(depth: depth + 1)))
                    } else {
                        switch slot {
                        case .hash: raw.hash = range
                        case .prev: raw.prev = range
                        case .ts: raw.ts = range
                        }
                        members.append((key, .null))
                    }
                } else {
                    members.append((key, try value(depth: depth + 1)))
                }
                guard index < bytes.count else { throw fail("unterminated object") }
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                if bytes[index] == UInt8(ascii: "}") { index += 1; return members }
                throw fail("expected ',' or '}'")
            }
        }

        /// The members of a top-level object whose keys are all plain ASCII (no escapes), read
        /// without building a String for the keys that `fixed` (their UTF-8) leaves out: those
        /// are validated and skipped, and not returned (but the last member, so that the last
        /// key is still the last one). Nil (and nothing consumed) when a key has an escape,
        /// a control or non-ASCII text: the caller reads the object the general way.
        mutating func rawKeyedObject(fixed: [[UInt8]], from start: Int) throws(ParseError) -> [(String, JournalValue)]? {
            var members: [(String, JournalValue)] = []
            members.reserveCapacity(fixed.count)
            var keys: [Range<Int>] = []
            keys.reserveCapacity(16)
            var lastSkipped: Range<Int>?
            while true {
                let keyOffset = index
                try expect(UInt8(ascii: "\""))
                let keyStart = index
                while index < bytes.count, bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "\\"),
                      bytes[index] >= 0x20, bytes[index] < 0x7F { index += 1 }
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                    // An escape, a control or non-ASCII text in a key: the general way.
                    index = start
                    return nil
                }
                let range = keyStart..<index
                index += 1
                let length = range.count
                let base = bytes.baseAddress! + keyStart
                for other in keys where other.count == length && memcmp(bytes.baseAddress! + other.lowerBound, base, length) == 0 {
                    throw ParseError(offset: keyOffset, reason: "duplicate key")
                }
                keys.append(range)
                try expect(UInt8(ascii: ":"))
                lastSkipped = nil
                let wanted = fixed.first { $0.count == length && memcmp($0, base, length) == 0 }
                if let wanted {
                    let key = String(decoding: wanted, as: UTF8.self)
                    if index < bytes.count, bytes[index] == UInt8(ascii: "\""), let slot = RawSlot(key) {
                        let valueStart = index
                        let escaped = try skipString()
                        let valueRange = (valueStart + 1)..<(index - 1)
                        if escaped {
                            index = valueStart
                            members.append((key, try value(depth: 1)))
                        } else {
                            switch slot {
                            case .hash: raw.hash = valueRange
                            case .prev: raw.prev = valueRange
                            case .ts: raw.ts = valueRange
                            }
                            members.append((key, .null))
                        }
                    } else {
                        members.append((key, try value(depth: 1)))
                    }
                } else {
                    building = false
                    _ = try value(depth: 1)
                    building = true
                    lastSkipped = range
                }
                guard index < bytes.count else { throw fail("unterminated object") }
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                if bytes[index] == UInt8(ascii: "}") {
                    index += 1
                    if let last = lastSkipped { members.append((String(decoding: UnsafeBufferPointer(rebasing: bytes[last]), as: UTF8.self), .null)) }
                    return members
                }
                throw fail("expected ',' or '}'")
            }
        }

        mutating func value(depth: Int) throws(ParseError) -> JournalValue {
            guard index < bytes.count else { throw fail("missing value") }
            switch bytes[index] {
            case UInt8(ascii: "\""):
                guard building else { _ = try skipString(); return .null }
                return .string(try string())
            case UInt8(ascii: "{"):
                let members = try self.object(depth: depth)
                guard building else { return .null }
                var object: [String: JournalValue] = [:]
                for (k, v) in members { object[k] = v }
                return .object(object)
            case UInt8(ascii: "["):
                guard depth < 32 else { throw fail("nested too deeply") }
                index += 1
                var elements: [JournalValue] = []
                if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return .array(elements) }
                while true {
                    let element = try value(depth: depth + 1)
                    if building { elements.append(element) }
                    guard index < bytes.count else { throw fail("unterminated array") }
                    if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                    if bytes[index] == UInt8(ascii: "]") { index += 1; return .array(elements) }
                    throw fail("expected ',' or ']'")
                }
            case UInt8(ascii: "t"): try literal("true"); return .bool(true)
            case UInt8(ascii: "f"): try literal("false"); return .bool(false)
            case UInt8(ascii: "n"): try literal("null"); return .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .int(try integer())
            default: throw fail("unexpected byte")
            }
        }

        mutating func literal(_ word: String) throws(ParseError) {
            let expected = Array(word.utf8)
            guard index + expected.count <= bytes.count else { throw fail("truncated literal") }
            for i in 0..<expected.count where bytes[index + i] != expected[i] { throw fail("bad literal") }
            index += expected.count
        }

        mutating func integer() throws(ParseError) -> Int {
            var negative = false
            if bytes[index] == UInt8(ascii: "-") { negative = true; index += 1 }
            let start = index
            var magnitude: UInt64 = 0
            while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
                let (m, o1) = magnitude.multipliedReportingOverflow(by: 10)
                let (a, o2) = m.addingReportingOverflow(UInt64(bytes[index] - 0x30))
                guard !o1, !o2 else { throw fail("number out of range") }
                magnitude = a
                index += 1
            }
            let digits = index - start
            guard digits > 0 else { throw fail("missing digits") }
            guard !(digits > 1 && bytes[start] == 0x30) else { throw fail("leading zero") }
            if index < bytes.count, [UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E")].contains(bytes[index]) {
                throw fail("fractions are not used in the journal")
            }
            if negative {
                guard magnitude <= UInt64(Int.max) + 1 else { throw fail("number out of range") }
                guard digits != 1 || magnitude != 0 else { throw fail("negative zero") }
                return magnitude == UInt64(Int.max) + 1 ? Int.min : -Int(magnitude)
            }
            guard magnitude <= UInt64(Int.max) else { throw fail("number out of range") }
            return Int(magnitude)
        }

        mutating func string() throws(ParseError) -> String {
            try expect(UInt8(ascii: "\""))
            let start = index
            var scratch: [UInt8]? = nil
            var runStart = start
            while true {
                skipPlainText()
                guard index < bytes.count else { throw fail("unterminated string") }
                let b = bytes[index]
                if b == UInt8(ascii: "\"") {
                    let result: String
                    if var buffer = scratch {
                        buffer.append(contentsOf: bytes[runStart..<index])
                        result = String(decoding: buffer, as: UTF8.self)
                    } else {
                        result = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                    }
                    index += 1
                    return result
                }
                if b == UInt8(ascii: "\\") {
                    if scratch == nil { scratch = [] }
                    scratch!.append(contentsOf: bytes[runStart..<index])
                    index += 1
                    guard index < bytes.count else { throw fail("unterminated escape") }
                    let e = bytes[index]
                    index += 1
                    switch e {
                    case UInt8(ascii: "\""): scratch!.append(0x22)
                    case UInt8(ascii: "\\"): scratch!.append(0x5C)
                    case UInt8(ascii: "/"): scratch!.append(0x2F)
                    case UInt8(ascii: "b"): scratch!.append(0x08)
                    case UInt8(ascii: "f"): scratch!.append(0x0C)
                    case UInt8(ascii: "n"): scratch!.append(0x0A)
                    case UInt8(ascii: "r"): scratch!.append(0x0D)
                    case UInt8(ascii: "t"): scratch!.append(0x09)
                    case UInt8(ascii: "u"):
                        var code = try hex4()
                        if (0xD800...0xDBFF).contains(code) {
                            guard index + 1 < bytes.count, bytes[index] == 0x5C, bytes[index + 1] == UInt8(ascii: "u") else {
                                throw fail("lone surrogate")
                            }
                            index += 2
                            let low = try hex4()
                            guard (0xDC00...0xDFFF).contains(low) else { throw fail("lone surrogate") }
                            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                        } else if (0xDC00...0xDFFF).contains(code) {
                            throw fail("lone surrogate")
                        }
                        scratch!.append(contentsOf: String(Unicode.Scalar(code)!).utf8)
                    default: throw fail("unknown escape")
                    }
                    runStart = index
                    continue
                }
                if b < 0x20 || b == 0x7F { throw fail("control character in string") }
                if b < 0x80 { index += 1; continue }
                try utf8Sequence()
            }
        }

        /// Moves past plain ASCII text (no quote, backslash, control or DEL), eight bytes at a
        /// time: most of a line is hex digits, numbers and ASCII names.
        mutating func skipPlainText() {
            let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
            @inline(__always) func anyZero(_ v: UInt64) -> Bool { (v &- ones) & ~v & highs != 0 }
            let base = UnsafeRawPointer(bytes.baseAddress!)
            while index + 8 <= bytes.count {
                let w = (base + index).loadUnaligned(as: UInt64.self)
                // Non-ASCII, below 0x20, DEL, '"' or '\\' in any of the eight bytes.
                if w & highs != 0 || (w &- ones &* 0x20) & ~w & highs != 0 || anyZero(w ^ (ones &* 0x7F))
                    || anyZero(w ^ (ones &* 0x22)) || anyZero(w ^ (ones &* 0x5C)) { break }
                index += 8
            }
        }

        /// Validates a string without building it; true when it holds an escape.
        @discardableResult
        mutating func skipString() throws(ParseError) -> Bool {
            try expect(UInt8(ascii: "\""))
            var escaped = false
            while true {
                skipPlainText()
                guard index < bytes.count else { throw fail("unterminated string") }
                let b = bytes[index]
                if b == UInt8(ascii: "\"") { index += 1; return escaped }
                if b == UInt8(ascii: "\\") {
                    escaped = true
                    index += 1
                    guard index < bytes.count else { throw fail("unterminated escape") }
                    let e = bytes[index]
                    index += 1
                    switch e {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                         UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"): continue
                    case UInt8(ascii: "u"):
                        let code = try hex4()
                        if (0xD800...0xDBFF).contains(code) {
                            guard index + 1 < bytes.count, bytes[index] == 0x5C, bytes[index + 1] == UInt8(ascii: "u") else {
                                throw fail("lone surrogate")
                            }
                            index += 2
                            guard (0xDC00...0xDFFF).contains(try hex4()) else { throw fail("lone surrogate") }
                        } else if (0xDC00...0xDFFF).contains(code) {
                            throw fail("lone surrogate")
                        }
                        continue
                    default: throw fail("unknown escape")
                    }
                }
                if b < 0x20 || b == 0x7F { throw fail("control character in string") }
                if b < 0x80 { index += 1; continue }
                try utf8Sequence()
            }
        }

        mutating func hex4() throws(ParseError) -> UInt32 {
            guard index + 4 <= bytes.count else { throw fail("truncated escape") }
            var v: UInt32 = 0
            for _ in 0..<4 {
                let c = bytes[index]
                let d: UInt32
                switch c {
                case 0x30...0x39: d = UInt32(c - 0x30)
                case 0x61...0x66: d = UInt32(c - 0x61 + 10)
                case 0x41...0x46: d = UInt32(c - 0x41 + 10)
                default: throw fail("bad hex digit")
                }
                v = v << 4 | d
                index += 1
            }
            return v
        }

        /// Validates one multi-byte UTF-8 sequence (no overlongs, no surrogates, ≤ U+10FFFF).
        mutating func utf8Sequence() throws(ParseError) {
            let b0 = bytes[index]
            let length: Int
            var lower: UInt8 = 0x80, upper: UInt8 = 0xBF
            switch b0 {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; lower = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; upper = 0x9F
            case 0xF0: length = 4; lower = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; upper = 0x8F
            default: throw fail("invalid UTF-8")
            }
            guard index + length <= bytes.count else { throw fail("truncated UTF-8") }
            let b1 = bytes[index + 1]
            guard b1 >= lower, b1 <= upper else { throw fail("invalid UTF-8") }
            for i in 2..<max(2, length) where bytes[index + i] & 0xC0 != 0x80 { throw fail("invalid UTF-8") }
            // The writer escapes these; raw ones mean the line was not written by it.
            let b2 = length > 2 ? bytes[index + 2] : 0
            let unescaped = (b0 == 0xC2 && b1 <= 0x9F) || (b0 == 0xD8 && b1 == 0x9C)
                || (b0 == 0xE2 && b1 == 0x80 && [0x8E, 0x8F, 0xA8, 0xA9, 0xAA, 0xAB, 0xAC, 0xAD, 0xAE].contains(b2))
                || (b0 == 0xE2 && b1 == 0x81 && (0xA6...0xA9).contains(b2))
            if unescaped { throw fail("unescaped control character") }
            index += length
        }
    }
}
