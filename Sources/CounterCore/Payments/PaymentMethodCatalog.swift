import Foundation
import Yams

/// The payment methods a city accepts, read from `Forms/payment-methods.yaml`: method ids,
/// brands, and which references (伝票番号, 承認番号, 取引ID) each needs in which format.
public struct PaymentMethodCatalog: Sendable, Equatable {
    public var methods: [PaymentMethod]

    public init(methods: [PaymentMethod]) { self.methods = methods }

    /// The file name inside the forms directory.
    public static let fileName = "payment-methods.yaml"

    /// The method with `id` (`cash`, `credit`, `emoney`, `qr`).
    public func method(id: String) -> PaymentMethod? { methods.first { $0.id == id } }

    /// Loads `<forms>/payment-methods.yaml`.
    ///
    /// - Throws: `PaymentCatalogError` naming the file, the line and what is wrong.
    public static func load(formsDirectory: URL) throws(PaymentCatalogError) -> PaymentMethodCatalog {
        let url = formsDirectory.appendingPathComponent(fileName)
        guard FileManager.default.fileExists(atPath: url.path) else { throw .missing(path: url.path) }
        switch FormProblem.readText(url, relative: fileName) {
        case let .text(text): return try parse(text, path: url.path)
        case let .problem(problem): throw .invalid(path: url.path, line: problem.line, reason: problem.message)
        }
    }

    /// Parses the YAML text of a catalog and checks it; throws the first problem.
    public static func parse(_ text: String, path: String = fileName) throws(PaymentCatalogError) -> PaymentMethodCatalog {
        let (catalog, problems) = check(text, file: path)
        if let first = problems.first { throw .invalid(path: path, line: first.line, reason: first.message) }
        guard let catalog else { throw .invalid(path: path, line: 0, reason: FormProblem(file: path, line: 0, kind: .missing(key: "methods")).message) }
        return catalog
    }

    /// Checks `<forms>/payment-methods.yaml`: every problem with its line (`forms check`).
    public static func problems(formsDirectory: URL) -> [FormProblem] {
        switch FormProblem.readText(formsDirectory.appendingPathComponent(fileName), relative: fileName) {
        case let .text(text): return check(text, file: fileName).problems
        case let .problem(problem): return [problem]
        }
    }

    static let topKeys = ["methods"]
    static let methodKeys = ["id", "name", "cash", "brands", "last4", "references"]
    static let referenceKeys = ["key", "label", "format", "min_length", "max_length", "required", "optional_for"]

    /// Parses `text`, reporting every problem as `file:line: message` with the reader the
    /// form and bereavement loaders use. The catalog only when there is no problem.
    public static func check(_ text: String, file: String) -> (catalog: PaymentMethodCatalog?, problems: [FormProblem]) {
        var reader = Reader(file: file)
        guard let root = reader.compose(text, emptyMeansMissing: "methods") else { return (nil, reader.problems) }
        guard let top = reader.mapping(root, what: "支払方法の定義") else { return (nil, reader.problems) }
        reader.checkKeys(top, allowed: topKeys)
        guard let (methodsKey, methodsNode) = reader.entry(top, "methods") else {
            reader.add(root, .missing(key: "methods"))
            return (nil, reader.problems)
        }
        guard case let .sequence(items) = methodsNode, !items.isEmpty else {
            reader.add(methodsKey, .empty(key: "methods"))
            return (nil, reader.problems)
        }
        var firstLines: [String: Int] = [:]
        var methods: [PaymentMethod] = []
        for item in items {
            guard let m = reader.mapping(item, what: "支払方法") else { continue }
            reader.checkKeys(m, allowed: methodKeys)
            guard let id = reader.string(m, "id", required: true, parent: item) else { continue }
            let idNode = reader.entry(m, "id")?.value
            guard id.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F }) else {
                reader.add(idNode, .badValue(key: "id", value: id, expected: "半角英小文字・数字・_ で書いてください（例: credit）。"))
                continue
            }
            let line = idNode?.mark?.line ?? 0
            if let first = firstLines[id] {
                reader.add(line: line, .duplicateMethodID(id: id, firstLine: first))
                continue
            }
            firstLines[id] = line
            let cash = reader.bool(m, "cash") ?? false
            let brands = reader.entry(m, "brands").map { reader.stringList($0.value, key: "brands").map(\.0) } ?? []
            if !cash && brands.isEmpty { reader.add(item, .missing(key: "brands")) }
            var references: [ReferenceRule] = []
            if let (_, refsNode) = reader.entry(m, "references") {
                if case let .sequence(refs) = refsNode {
                    for ref in refs { if let rule = reference(ref, reader: &reader) { references.append(rule) } }
                } else {
                    reader.add(refsNode, .badValue(key: "references", value: "…", expected: "「- key: slip」の並びで書いてください。"))
                }
            }
            methods.append(PaymentMethod(id: id, name: reader.string(m, "name", required: false, parent: item) ?? id, isCash: cash,
                                         brands: brands, references: references, acceptsLast4: reader.bool(m, "last4") ?? false))
        }
        return (reader.problems.isEmpty ? PaymentMethodCatalog(methods: methods) : nil, reader.problems)
    }

    private static func reference(_ node: Node, reader: inout Reader) -> ReferenceRule? {
        guard let m = reader.mapping(node, what: "参照番号") else { return nil }
        reader.checkKeys(m, allowed: referenceKeys)
        guard let keyText = reader.string(m, "key", required: true, parent: node) else { return nil }
        guard let key = ReferenceRule.Key(rawValue: keyText) else {
            reader.add(reader.entry(m, "key")?.value, .badValue(key: "key", value: keyText, expected: "slip・approval・transaction のどれかです。"))
            return nil
        }
        let formatText = reader.string(m, "format", required: false, parent: node) ?? "digits"
        guard let format = ReferenceRule.Format(rawValue: formatText) else {
            reader.add(reader.entry(m, "format")?.value, .badValue(key: "format", value: formatText, expected: "digits か alnum です。"))
            return nil
        }
        let lengths = "1 以上 64 以下の整数で、min_length ≦ max_length にしてください。"
        let minLength = reader.int(m, "min_length", expected: lengths) ?? 1
        let maxLength = reader.int(m, "max_length", expected: lengths) ?? 64
        guard minLength >= 1, maxLength >= minLength, maxLength <= 64 else {
            reader.add(reader.entry(m, "max_length")?.value ?? reader.entry(m, "min_length")?.value ?? node,
                       .badValue(key: "max_length", value: "\(minLength)〜\(maxLength)", expected: lengths))
            return nil
        }
        let optionalFor = reader.entry(m, "optional_for").map { reader.stringList($0.value, key: "optional_for").map(\.0) } ?? []
        return ReferenceRule(key: key, label: reader.string(m, "label", required: false, parent: node) ?? keyText, format: format,
                             minLength: minLength, maxLength: maxLength, required: reader.bool(m, "required") ?? true,
                             optionalFor: Set(optionalFor))
    }
}

/// One way to pay (現金, クレジット, 電子マネー, QR).
public struct PaymentMethod: Sendable, Equatable {
    /// `cash`, `credit`, `emoney`, `qr`: used on the command line and in the journal.
    public var id: String
    /// 現金, クレジット…: shown to clerks and printed in the 日計表.
    public var name: String
    /// Cash takes no brand and no references, and never mixes with cashless in one case.
    public var isCash: Bool
    public var brands: [String]
    public var references: [ReferenceRule]
    /// Whether the last 4 card digits may be recorded.
    public var acceptsLast4: Bool

    public init(id: String, name: String, isCash: Bool, brands: [String], references: [ReferenceRule], acceptsLast4: Bool) {
        self.id = id
        self.name = name
        self.isCash = isCash
        self.brands = brands
        self.references = references
        self.acceptsLast4 = acceptsLast4
    }
}

/// One reference printed on the payment terminal's slip, and its format.
public struct ReferenceRule: Sendable, Equatable {
    public enum Key: String, Sendable, CaseIterable {
        /// 伝票番号: the payment terminal's own sequence number.
        case slip
        /// 承認番号: the acquirer's approval (000000 is valid).
        case approval
        /// 取引ID of a QR payment.
        case transaction
    }

    public enum Format: String, Sendable {
        /// ASCII digits only.
        case digits
        /// ASCII letters, digits and `-`.
        case alnum
    }

    public var key: Key
    /// 伝票番号, 承認番号, 取引ID.
    public var label: String
    public var format: Format
    public var minLength: Int
    public var maxLength: Int
    public var required: Bool
    /// Brands for which a required reference may be absent (offline IC has no 承認番号).
    public var optionalFor: Set<String>

    public init(key: Key, label: String, format: Format, minLength: Int, maxLength: Int, required: Bool, optionalFor: Set<String> = []) {
        self.key = key
        self.label = label
        self.format = format
        self.minLength = minLength
        self.maxLength = maxLength
        self.required = required
        self.optionalFor = optionalFor
    }

    /// Whether the reference must be given for `brand`.
    public func isRequired(brand: String?) -> Bool {
        required && !(brand.map { optionalFor.contains($0) } ?? false)
    }

    /// Whether `value` has the right format and length.
    public func accepts(_ value: String) -> Bool {
        let bytes = Array(value.utf8)
        guard bytes.count >= minLength, bytes.count <= maxLength else { return false }
        switch format {
        case .digits: return bytes.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
        case .alnum:
            return bytes.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x2D }
        }
    }

    /// A 伝票番号 as the payment terminal counts it: digits compare as numbers (`0555` is `555`,
    /// as one slip prints leading zeros and a settlement file drops them); anything else as typed.
    public static func slipKey(_ slip: String) -> String {
        guard !slip.isEmpty, slip.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return slip }
        let trimmed = slip.drop { $0 == "0" }
        return trimmed.isEmpty ? "0" : String(trimmed)
    }

    /// The expected format in words, for refusals (`数字6桁`).
    public var formatDescription: String {
        let kind = format == .digits ? "数字" : "半角英数字と -"
        return minLength == maxLength ? "\(kind)\(minLength)桁" : "\(kind)\(minLength)〜\(maxLength)桁"
    }
}

/// `payment-methods.yaml` cannot be used.
public enum PaymentCatalogError: Error, Equatable, Sendable {
    case missing(path: String)
    /// The first problem of the file, at `line` (0 when the whole file is concerned).
    case invalid(path: String, line: Int, reason: String)

    /// One line of Japanese saying what to do.
    public var message: String {
        switch self {
        case .missing(let path): return "支払方法の定義がありません: \(path)。--forms で Forms フォルダを指定してください。"
        case let .invalid(path, line, reason):
            return "支払方法の定義に問題があります: \(path):\(line): \(reason) 直したら madoguchi forms check で確かめてください。"
        }
    }
}
