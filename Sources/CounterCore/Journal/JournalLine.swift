import Crypto

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
        var hash: String?
        var prev: String?
        var seq: Int?
        var ts: String?
        var type: String?
        var clerk: String?

        var parsed: Bool { members != nil }
    }

    /// The members every record has; a scan that does not keep fields builds only these.
    static let fixedKeys: Set<String> = reservedKeys

    /// Decodes a line; with `fieldsToo: false` the record's own fields are validated but left
    /// out (as `.null`), which is what verification needs.
    static func decode(_ line: UnsafeBufferPointer<UInt8>, fieldsToo: Bool = true) -> Decoded {
        var d = Decoded()
        do {
            d.members = try JournalJSON.parseObject(line, only: fieldsToo ? nil : fixedKeys)
        } catch {
            d.syntaxError = error.reason
            return d
        }
        for (key, value) in d.members! {
            switch key {
            case "h": d.hash = value.stringValue
            case "prev": d.prev = value.stringValue
            case "seq": d.seq = value.intValue
            case "ts": d.ts = value.stringValue
            case "type": d.type = value.stringValue
            case "clerk": d.clerk = value.stringValue
            default: break
            }
        }
        // The hash must be the last member, written exactly as the writer writes it.
        let n = line.count
        if let h = d.hash, isHash(h), d.members!.last?.0 == "h", n > hashSuffixLength + 1,
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
}
