import Foundation
import JapaneseKit

/// One line of the acquirer's settlement file
/// (`date,time,terminal,brand,slip,approval,amount,type`).
public struct SettlementLine: Equatable, Sendable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case sale = "売上"
        case void = "取消"
        case refund = "返品"
    }

    /// The line number in the file (1 is the header).
    public var line: Int
    public var date: CivilDate
    public var time: String
    /// The payment terminal's 端末番号.
    public var terminal: String
    public var brand: String
    /// 伝票番号 (for QR payments the 取引ID may stand here).
    public var slip: String
    /// 承認番号; empty when the slip had none (offline IC).
    public var approval: String
    /// Whole yen, positive (a sign in the file is dropped: the kind says which way).
    public var amount: Int
    public var kind: Kind
}

/// A settlement file line that could not be used.
public struct SettlementProblem: Equatable, Sendable, Codable {
    public enum Reason: String, Sendable, Codable {
        case wrongColumnCount = "列の数が8ではありません"
        case badDate = "日付が読めません"
        case badAmount = "金額が読めません"
        case badType = "取引内容が 売上・取消・返品 のどれでもありません"
        /// The digits are not kept or shown.
        case sensitiveNumber = "カード番号または個人番号のような数字があります（表示しません）"
    }

    public var line: Int
    public var reason: Reason
}

/// Parses the settlement file's records.
public enum SettlementFile {
    /// The header the file must start with.
    public static let header = ["date", "time", "terminal", "brand", "slip", "approval", "amount", "type"]

    /// Why a settlement file cannot be used at all.
    public enum Failure: Error, Equatable, Sendable {
        case missingHeader(found: [String])
        case unreadable(message: String)

        public var message: String {
            switch self {
            case .missingHeader:
                return "精算ファイルの1行目が date,time,terminal,brand,slip,approval,amount,type ではありません。決済事業者の精算データ（CSV）を指定してください。"
            case .unreadable(let message): return message
            }
        }
    }

    /// Lines and problems from CSV records (the first is the header), each with its line number.
    public static func parse(_ records: [(line: Int, fields: [String])]) throws(Failure) -> (lines: [SettlementLine], problems: [SettlementProblem]) {
        guard let first = records.first else { throw .missingHeader(found: []) }
        let found = first.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard found == header else {
            throw .missingHeader(found: found.map { SensitiveNumbers.firstKind(in: $0) == nil ? $0 : "・・・" })
        }
        var lines: [SettlementLine] = []
        var problems: [SettlementProblem] = []
        for record in records.dropFirst() {
            let f = record.fields.map { $0.trimmingCharacters(in: .whitespaces) }
            // Each field alone, and the line as the reconciliation prints it (fields side by side).
            if f.contains(where: { SensitiveNumbers.firstKind(in: $0) != nil }) || SensitiveNumbers.firstKind(in: f.joined(separator: " ")) != nil {
                problems.append(SettlementProblem(line: record.line, reason: .sensitiveNumber)); continue
            }
            guard f.count == header.count else { problems.append(SettlementProblem(line: record.line, reason: .wrongColumnCount)); continue }
            guard let date = try? JapaneseDate.parse(f[0]) else {
                problems.append(SettlementProblem(line: record.line, reason: .badDate)); continue
            }
            guard let amount = parseSignedAmount(f[6]) else {
                problems.append(SettlementProblem(line: record.line, reason: .badAmount)); continue
            }
            guard let kind = SettlementLine.Kind(rawValue: f[7]) else {
                problems.append(SettlementProblem(line: record.line, reason: .badType)); continue
            }
            lines.append(SettlementLine(line: record.line, date: date, time: f[1], terminal: f[2], brand: f[3], slip: f[4],
                                        approval: f[5], amount: abs(amount), kind: kind))
        }
        return (lines, problems)
    }

    static func parseSignedAmount(_ text: String) -> Int? {
        var t = text
        var negative = false
        if t.hasPrefix("-") || t.hasPrefix("−") || t.hasPrefix("△") { negative = true; t.removeFirst() }
        guard let value = PaymentService.parseAmount(t) else { return nil }
        return negative ? -value : value
    }
}

extension SettlementFile {
    /// Reads a settlement CSV (UTF-8 or CP932, detected) and parses its lines.
    public static func load(url: URL) throws(Failure) -> (lines: [SettlementLine], problems: [SettlementProblem]) {
        var records: [(line: Int, fields: [String])] = []
        do {
            let reader = try CSVReader(url: url, encoding: .auto)
            while let record = try reader.next() { records.append((record.line, record.fields)) }
        } catch {
            throw .unreadable(message: "精算ファイル: " + error.message)
        }
        if var first = records.first?.fields.first, first.hasPrefix("\u{FEFF}") {
            first.removeFirst()
            records[0].fields[0] = first
        }
        return try parse(records)
    }
}
