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
    /// - Throws: `PaymentCatalogError` naming the file and what is wrong.
    public static func load(formsDirectory: URL) throws(PaymentCatalogError) -> PaymentMethodCatalog {
        let url = formsDirectory.appendingPathComponent(fileName)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw .missing(path: url.path)
        }
        guard let text = String(data: data, encoding: .utf8) else { throw .invalid(path: url.path, reason: "UTF-8 ではありません") }
        return try parse(text, path: url.path)
    }

    /// Parses the YAML text of a catalog and checks it.
    public static func parse(_ text: String, path: String = fileName) throws(PaymentCatalogError) -> PaymentMethodCatalog {
        let file: CatalogFile
        do {
            file = try YAMLDecoder().decode(CatalogFile.self, from: text)
        } catch {
            throw .invalid(path: path, reason: CounterMessage.reason(for: error))
        }
        var seen = Set<String>()
        var methods: [PaymentMethod] = []
        for m in file.methods {
            guard !m.id.isEmpty, m.id.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F }) else {
                throw .invalid(path: path, reason: "id「\(m.id)」は半角英小文字・数字・_ で書いてください")
            }
            guard seen.insert(m.id).inserted else { throw .invalid(path: path, reason: "id「\(m.id)」が重複しています") }
            let cash = m.cash ?? false
            let refs = try (m.references ?? []).map { (r: ReferenceFile) throws(PaymentCatalogError) -> ReferenceRule in
                guard ReferenceRule.Key(rawValue: r.key) != nil else {
                    throw .invalid(path: path, reason: "\(m.id) の参照番号 key「\(r.key)」は slip・approval・transaction のどれかです")
                }
                guard let format = ReferenceRule.Format(rawValue: r.format ?? "digits") else {
                    throw .invalid(path: path, reason: "\(m.id) の \(r.key) の format は digits か alnum です")
                }
                let minLength = r.min_length ?? 1, maxLength = r.max_length ?? 64
                guard minLength >= 1, maxLength >= minLength, maxLength <= 64 else {
                    throw .invalid(path: path, reason: "\(m.id) の \(r.key) の桁数（min_length・max_length）が正しくありません")
                }
                return ReferenceRule(key: ReferenceRule.Key(rawValue: r.key)!, label: r.label ?? r.key, format: format,
                                     minLength: minLength, maxLength: maxLength, required: r.required ?? true,
                                     optionalFor: Set(r.optional_for ?? []))
            }
            if !cash && (m.brands ?? []).isEmpty {
                throw .invalid(path: path, reason: "\(m.id) にブランド（brands）がありません")
            }
            methods.append(PaymentMethod(id: m.id, name: m.name ?? m.id, isCash: cash, brands: m.brands ?? [],
                                         references: refs, acceptsLast4: m.last4 ?? false))
        }
        guard !methods.isEmpty else { throw .invalid(path: path, reason: "methods が空です") }
        return PaymentMethodCatalog(methods: methods)
    }

    private struct CatalogFile: Decodable {
        var methods: [MethodFile]
    }

    // swiftlint:disable identifier_name
    private struct MethodFile: Decodable {
        var id: String
        var name: String?
        var cash: Bool?
        var brands: [String]?
        var last4: Bool?
        var references: [ReferenceFile]?
    }

    private struct ReferenceFile: Decodable {
        var key: String
        var label: String?
        var format: String?
        var min_length: Int?
        var max_length: Int?
        var required: Bool?
        var optional_for: [String]?
    }
    // swiftlint:enable identifier_name
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

    /// The expected format in words, for refusals (`数字6桁`).
    public var formatDescription: String {
        let kind = format == .digits ? "数字" : "半角英数字と -"
        return minLength == maxLength ? "\(kind)\(minLength)桁" : "\(kind)\(minLength)〜\(maxLength)桁"
    }
}

/// `payment-methods.yaml` cannot be used.
public enum PaymentCatalogError: Error, Equatable, Sendable {
    case missing(path: String)
    case invalid(path: String, reason: String)

    /// One line of Japanese saying what to do.
    public var message: String {
        switch self {
        case .missing(let path): return "支払方法の定義がありません: \(path)。--forms で Forms フォルダを指定してください。"
        case .invalid(let path, let reason): return "支払方法の定義を読めません: \(path)（\(reason)）。ファイルを直してください。"
        }
    }
}
