/// A JSON value as the journal stores it: text, whole numbers, booleans, null, arrays and
/// objects. Amounts are whole yen, so there are no fractions.
///
/// Build values with literals: `["form": "juminhyo", "copies": 2, "items": ["本籍", "続柄"]]`.
public enum JournalValue: Hashable, Sendable {
    case string(String)
    case int(Int)
    case bool(Bool)
    case null
    case array([JournalValue])
    case object([String: JournalValue])

    /// The text, when this is a string.
    public var stringValue: String? { if case .string(let s) = self { return s } else { return nil } }
    /// The number, when this is an integer.
    public var intValue: Int? { if case .int(let n) = self { return n } else { return nil } }
    /// The flag, when this is a boolean.
    public var boolValue: Bool? { if case .bool(let b) = self { return b } else { return nil } }
    /// The elements, when this is an array.
    public var arrayValue: [JournalValue]? { if case .array(let a) = self { return a } else { return nil } }
    /// The members, when this is an object.
    public var objectValue: [String: JournalValue]? { if case .object(let o) = self { return o } else { return nil } }
    /// True for `null`.
    public var isNull: Bool { self == .null }

    /// The member `key` of an object (nil otherwise).
    public subscript(key: String) -> JournalValue? { objectValue?[key] }
}

extension JournalValue: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
}

extension JournalValue: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: Int) { self = .int(value) }
}

extension JournalValue: ExpressibleByBooleanLiteral {
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}

extension JournalValue: ExpressibleByNilLiteral {
    public init(nilLiteral: ()) { self = .null }
}

extension JournalValue: ExpressibleByArrayLiteral {
    public init(arrayLiteral elements: JournalValue...) { self = .array(elements) }
}

extension JournalValue: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, JournalValue)...) {
        var object: [String: JournalValue] = [:]
        for (key, value) in elements { object[key] = value }
        self = .object(object)
    }
}

extension JournalValue: CustomStringConvertible {
    /// The value in the journal's own JSON form.
    public var description: String {
        var bytes: [UInt8] = []
        JournalJSON.write(self, into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}
