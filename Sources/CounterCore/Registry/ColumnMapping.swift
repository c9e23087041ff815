import Foundation
import Yams

/// A city's own headers renamed to the standard ones, read from a YAML file:
///
/// ```yaml
/// columns:          # the city's header: the standard header
///   住民番号: 宛名番号
///   カナ氏名: 氏名フリガナ
/// ignore:           # columns of the city's export that the counter does not need
///   - 備考
/// ```
public struct ColumnMapping: Equatable, Sendable {
    /// City header → standard header.
    public var columns: [String: String]
    /// City headers to skip.
    public var ignore: Set<String>

    public init(columns: [String: String] = [:], ignore: Set<String> = []) {
        self.columns = columns
        self.ignore = ignore
    }

    private struct File: Decodable {
        var columns: [String: String]?
        var ignore: [String]?
    }

    /// Reads and checks a mapping file: every target must be a standard header.
    public static func load(url: URL) throws(ImportError) -> ColumnMapping {
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw .mapping(path: url.path, reason: "読めません（UTF-8 の YAML ファイルを指定してください）")
        }
        let file: File
        do {
            file = try YAMLDecoder().decode(File.self, from: text)
        } catch {
            throw .mapping(path: url.path, reason: CounterMessage.reason(for: error))
        }
        var columns: [String: String] = [:]
        for (from, to) in file.columns ?? [:] {
            guard ResidentColumn(header: to) != nil else {
                // Named only when it cannot hold a card number or 個人番号 (never echoed).
                func named(_ text: String) -> String { SensitiveNumbers.firstKind(in: text) == nil ? text : "（番号のような列名）" }
                throw .mapping(path: url.path, reason: "「\(named(to))」は取込形式の列名ではありません（\(named(from)) の変換先）")
            }
            columns[ResidentColumn.normalizedHeader(from)] = to
        }
        return ColumnMapping(columns: columns, ignore: Set((file.ignore ?? []).map(ResidentColumn.normalizedHeader)))
    }

    /// The standard header for the city's `header` (unchanged when not mapped).
    func rename(_ header: String) -> String {
        columns[ResidentColumn.normalizedHeader(header)] ?? header
    }

    func ignores(_ header: String) -> Bool { ignore.contains(ResidentColumn.normalizedHeader(header)) }
}
