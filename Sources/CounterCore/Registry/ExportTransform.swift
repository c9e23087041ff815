import Foundation
import JapaneseKit

/// One row of a city's export made into a row of the import format, as the mapping file says:
/// where → values → dates → join → columns. Built once from the header; used for every row
/// when the mapping needs more than renames (`ColumnMapping.transformsRows`).
///
/// The output has one field per import column, in `layout` order; the row parser reads it as
/// it reads an import-format row, so every check of the import (required values, 支援措置 and
/// memberships 0 or 1, card numbers and 個人番号 in any value, lengths) runs on what is stored.
struct ExportTransform: Sendable {
    enum Source: Sendable {
        case column(Int)
        case join([Int], separator: String)
    }

    struct FilterStep: Sendable {
        var index: Int
        var accepted: Set<String>
    }

    struct ValueStep: Sendable {
        var index: Int
        var table: ColumnMapping.CodeTable
    }

    struct DateStep: Sendable {
        var index: Int
        var eraIndex: Int?
    }

    enum Outcome {
        /// Left out by `where`.
        case skip
        case record(CSVRecord)
        case failure([ImportIssue])
    }

    /// The export's headers (as written), for messages.
    let headers: [String]
    let fieldCount: Int
    let filters: [FilterStep]
    let values: [ValueStep]
    let dates: [DateStep]
    let rules: ColumnMapping.DateRules
    /// Where each output field comes from.
    let sources: [Source]

    func apply(_ record: CSVRecord) -> Outcome {
        let line = record.line
        guard record.fields.count == fieldCount else {
            return .failure([ImportIssue(line: line, column: nil, reason: .fieldCount(expected: fieldCount, found: record.fields.count))])
        }
        for filter in filters where !filter.accepted.contains(ResidentRowParser.clean(record.fields[filter.index])) {
            return .skip
        }
        var fields = record.fields
        var issues: [ImportIssue] = []
        for step in values {
            let code = ResidentRowParser.clean(fields[step.index])
            if let value = step.table.value(code) {
                fields[step.index] = value
            } else {
                issues.append(ImportIssue(line: line, column: headers[step.index],
                                          reason: .unmappedCode(value: Self.shown(code), mappingLine: step.table.line)))
            }
        }
        for step in dates {
            let era = step.eraIndex.map { ResidentRowParser.clean(fields[$0]) }
            switch convert(ResidentRowParser.clean(fields[step.index]), eraCode: era) {
            case .success(let text): fields[step.index] = text
            case .failure(let error): issues.append(ImportIssue(line: line, column: headers[step.index], reason: error.reason))
            }
        }
        if !issues.isEmpty { return .failure(issues) }
        let out = sources.map { source -> String in
            switch source {
            case .column(let i): return fields[i]
            case .join(let parts, let separator):
                return parts.map { ResidentRowParser.clean(fields[$0]) }.filter { !$0.isEmpty }.joined(separator: separator)
            }
        }
        return .record(CSVRecord(line: line, fields: out))
    }

    /// A value as a message may show it: never one that reads as a card number or 個人番号.
    static func shown(_ value: String) -> String {
        SensitiveNumbers.firstKind(in: value) == nil ? value : "（番号の形の値）"
    }

    // MARK: - Dates

    struct ReasonError: Error {
        var reason: ImportReason
        init(_ reason: ImportReason) { self.reason = reason }
    }

    /// The date `value` as text the row parser reads: `YYYY-MM-DD`, or `明治45年7月30日` when the
    /// record names its 元号; a 不詳日 is passed on as written.
    func convert(_ value: String, eraCode: String?) -> Result<String, ReasonError> {
        guard !value.isEmpty else { return .success("") }
        var era: Era?
        if let eraCode, !eraCode.isEmpty {
            guard let e = rules.eraCodes[eraCode] else {
                return .failure(ReasonError(.unknownEraCode(value: Self.shown(eraCode), mappingLine: rules.line)))
            }
            era = e
        }
        guard case let (year, month, day, written)? = parts(value) else {
            if UncertainDate.read(value) != nil { return .success(value) }
            let format = rules.format ?? .iso
            return .failure(ReasonError(.dateFormat(value: Self.shown(value), format: format.rawValue, example: format.example, mappingLine: rules.line)))
        }
        if let written {
            if let era, era != written {
                return .failure(ReasonError(.badDate(value: Self.shown(value), detail: "7桁の元号は\(written.name)、元号の列は\(era.name)で、食い違っています")))
            }
            era = written
        }
        let iso = String(format: "%04d-%02d-%02d", year, month, day)
        guard let era else { return .success(iso) }
        let eraYear = era.eraYear(of: year)
        // The common case: the record's 元号 is the calendar's; the day goes on as ISO (the fast path).
        if let date = CivilDate(year: year, month: month, day: day), date.era == era { return .success(iso) }
        if let date = CivilDate(year: year, month: month, day: day), !era.contains(writable: date) || eraYear < 1 {
            return .failure(ReasonError(.badDate(value: Self.shown(value), detail: "\(date.iso) は\(era.name)の期間ではありません")))
        }
        // A day the calendar lacks (2月29日 of a common year) goes on in 和暦 too: the parser keeps it as text.
        return .success("\(era.name)\(eraYear)年\(month)月\(day)日")
    }

    /// Year, month, day (and for `wareki7` the era its first digit names) in the export's format.
    private func parts(_ value: String) -> (Int, Int, Int, Era?)? {
        let ascii = ResidentRowParser.compat(value)
        let digits = ascii.allSatisfy { $0.isASCII && $0.isNumber }
        switch rules.format {
        case .ymd8?:
            guard digits, ascii.count == 8 else { return nil }
            return ymd(ascii)
        case .wareki7?:
            guard digits, ascii.count == 7 else { return nil }
            let chars = Array(ascii)
            guard let era = rules.eraCodes[String(chars[0])] else { return nil }
            let yy = Int(String(chars[1...2]))!, mm = Int(String(chars[3...4]))!, dd = Int(String(chars[5...6]))!
            return (era.gregorianYear(yy), mm, dd, era)
        case .iso?:
            return iso(ascii)
        case nil:
            if digits, ascii.count == 8 { return ymd(ascii) }
            return iso(ascii)
        }
    }

    private func ymd(_ s: String) -> (Int, Int, Int, Era?) {
        let c = Array(s)
        return (Int(String(c[0...3]))!, Int(String(c[4...5]))!, Int(String(c[6...7]))!, nil)
    }

    private func iso(_ s: String) -> (Int, Int, Int, Era?)? {
        let p = s.split(separator: "-", omittingEmptySubsequences: false)
        guard p.count == 3, p[0].count == 4, (1...2).contains(p[1].count), (1...2).contains(p[2].count),
              let y = Int(p[0]), let m = Int(p[1]), let d = Int(p[2]) else { return nil }
        return (y, m, d, nil)
    }
}
