import Foundation
import JapaneseKit
import Yams

/// How a city's export becomes the import format, read from a YAML file (Forms/README.md,
/// 「住民データの取込（import/*.yaml）」):
///
/// ```yaml
/// where:            # keep only matching rows (history rows have 最新フラグ 0)
///   最新フラグ: "1"
/// dates:            # how the export writes dates, and its 元号 codes
///   format: iso
///   era_codes: {"1": 明治, "2": 大正, "3": 昭和, "4": 平成, "5": 令和}
///   era_column: {生年月日: 生年月日_元号}
/// values:           # code → value per source column; "*" = any other non-empty value
///   支援措置区分: {"": "0", "*": "1"}
/// join:             # one import column from several export columns
///   住所: {from: [住所_市区郡町村名, 住所_町字, 住所_番地号表記], sep: ""}
/// columns:          # the export's header: the import header
///   氏名_フリガナ: 氏名フリガナ
/// ignore: [備考]    # columns the counter does not need
/// ignore_unlisted: true   # every column not named above is dropped
/// ```
///
/// Applied to each row in this order: where → values → dates → join → columns. Every name on
/// the left (and in `from`, `era_column`) is a header of the export; every target is an import
/// column. Each part keeps the line it was written on, so a refusal can name it.
public struct ColumnMapping: Equatable, Sendable {
    /// Export header → import header.
    public var columns: [String: String]
    /// Export headers to skip.
    public var ignore: Set<String>
    /// Drop every column the mapping does not name (and that is not an import column itself).
    public var ignoreUnlisted: Bool
    public var filters: [Filter]
    /// Export header → its code table.
    public var values: [String: CodeTable]
    public var dates: DateRules
    public var joins: [Join]
    /// The file, as messages name it.
    public var path: String
    /// The line of each `columns` entry (by export header).
    var columnLines: [String: Int]

    /// `where`: the rows kept are those whose `column` holds one of `accepted`.
    public struct Filter: Equatable, Sendable {
        public var column: String
        public var accepted: [String]
        public var line: Int
    }

    /// `values` of one export column.
    public struct CodeTable: Equatable, Sendable {
        public var column: String
        public var codes: [String: String]
        /// The value of `"*"`: any other non-empty code.
        public var other: String?
        public var line: Int

        /// The value for `code`, nil when the table has no entry and no `"*"`.
        func value(_ code: String) -> String? {
            if let v = codes[code] { return v }
            // An empty cell is no code: it stays empty unless the table says what it means ("").
            return code.isEmpty ? "" : other
        }
    }

    /// `dates`: the export's date format and 元号 codes.
    public struct DateRules: Equatable, Sendable {
        public var format: DateFormat?
        /// 元号 code → era; the standard's 1 明治 … 5 令和 when the file gives none.
        public var eraCodes: [String: Era]
        /// Export date column → the export column holding the 元号 code the record uses.
        public var eraColumns: [String: String]
        public var line: Int
        public var eraCodesGiven: Bool

        public static let standardEraCodes: [String: Era] = Dictionary(uniqueKeysWithValues: Era.allCases.map { (String($0.rawValue), $0) })

        public init(format: DateFormat? = nil, eraCodes: [String: Era] = standardEraCodes, eraColumns: [String: String] = [:],
                    line: Int = 0, eraCodesGiven: Bool = false) {
            self.format = format
            self.eraCodes = eraCodes
            self.eraColumns = eraColumns
            self.line = line
            self.eraCodesGiven = eraCodesGiven
        }
    }

    /// How the export writes dates.
    public enum DateFormat: String, Equatable, Sendable, CaseIterable {
        /// `1952-03-02`.
        case iso
        /// `19520302`.
        case ymd8
        /// `3270302`: the 元号 code (`era_codes`), then YYMMDD.
        case wareki7

        var example: String {
            switch self {
            case .iso: "1952-03-02"
            case .ymd8: "19520302"
            case .wareki7: "3270302"
            }
        }
    }

    /// `join`: one import column from several export columns, empty parts left out.
    public struct Join: Equatable, Sendable {
        public var target: String
        public var from: [String]
        public var separator: String
        public var line: Int
    }

    public init(columns: [String: String] = [:], ignore: Set<String> = [], ignoreUnlisted: Bool = false, filters: [Filter] = [],
                values: [String: CodeTable] = [:], dates: DateRules = DateRules(), joins: [Join] = [], path: String = "") {
        self.columns = Dictionary(columns.map { (ResidentColumn.normalizedHeader($0.key), $0.value) }, uniquingKeysWith: { a, _ in a })
        self.ignore = Set(ignore.map(ResidentColumn.normalizedHeader))
        self.ignoreUnlisted = ignoreUnlisted
        self.filters = filters
        self.values = values
        self.dates = dates
        self.joins = joins
        self.path = path
        columnLines = [:]
    }

    /// True when rows need more than renaming: `where`, `values`, `dates` or `join` is used.
    var transformsRows: Bool {
        !filters.isEmpty || !values.isEmpty || dates.format != nil || !dates.eraColumns.isEmpty || dates.eraCodesGiven || !joins.isEmpty
    }

    /// Every export header the mapping names.
    var namedHeaders: Set<String> {
        var names = Set(columns.keys).union(ignore).union(filters.map(\.column)).union(values.keys)
        names.formUnion(dates.eraColumns.keys)
        names.formUnion(dates.eraColumns.values)
        for join in joins { names.formUnion(join.from) }
        return names
    }

    static let topKeys = ["where", "dates", "values", "join", "columns", "ignore", "ignore_unlisted"]

    // MARK: - Loading

    /// Reads and checks a mapping file; every problem is `file:line: what to write`.
    public static func load(url: URL) throws(ImportError) -> ColumnMapping {
        let (mapping, problems) = read(url: url, shownAs: url.path)
        guard let mapping, problems.isEmpty else { throw .mappingProblems(problems) }
        return mapping
    }

    /// The problems of the mapping file at `url` (`madoguchi forms check`), named `shownAs`.
    public static func problems(url: URL, shownAs: String) -> [FormProblem] { read(url: url, shownAs: shownAs).1 }

    static func read(url: URL, shownAs file: String) -> (ColumnMapping?, [FormProblem]) {
        let text: String
        switch FormProblem.readText(url, relative: file) {
        case let .text(t): text = t
        case let .problem(problem): return (nil, [problem])
        }
        return parse(text, file: file)
    }

    /// Parses the text of a mapping file; `file` names it in problems.
    public static func parse(_ text: String, file: String) -> (ColumnMapping?, [FormProblem]) {
        var reader = Reader(file: file)
        guard let root = reader.compose(text, emptyMeansMissing: "columns") else { return (nil, reader.problems) }
        guard let top = reader.mapping(root, what: "列名の対応ファイル") else { return (nil, reader.problems) }
        reader.checkKeys(top, allowed: topKeys)
        var mapping = ColumnMapping(path: file)

        func header(_ node: Node) -> String? {
            guard case let .scalar(s) = node else {
                reader.add(node, .badValue(key: "列名", value: "…", expected: "列名を文字で書いてください。"))
                return nil
            }
            let name = ResidentColumn.normalizedHeader(s.string)
            if name.isEmpty { reader.add(node, .empty(key: "列名")) }
            return name.isEmpty ? nil : name
        }
        func scalar(_ node: Node, key: String) -> String? {
            guard case let .scalar(s) = node else {
                reader.add(node, .badValue(key: key, value: "…", expected: "文字で書いてください（\"1\" のように引用符で囲むと確実です）。"))
                return nil
            }
            return s.string.trimmingCharacters(in: .whitespaces)
        }
        func target(_ node: Node, key: String) -> String? {
            guard let name = scalar(node, key: key) else { return nil }
            guard ResidentColumn(header: name) != nil else {
                reader.add(node, .badValue(key: key, value: Self.named(name),
                                           expected: "取込形式の列名（宛名番号・氏名・住所・続柄 など、README の表）を書いてください。"))
                return nil
            }
            return name
        }

        if let (_, v) = reader.entry(top, "columns"), let m = reader.mapping(v, what: "columns") {
            for (k, value) in m {
                guard let from = header(k), let to = target(value, key: Self.named(from)) else { continue }
                mapping.columns[from] = to
                mapping.columnLines[from] = k.mark?.line ?? 0
            }
        }
        if let (_, v) = reader.entry(top, "ignore") {
            mapping.ignore = Set(reader.stringList(v, key: "ignore").map { ResidentColumn.normalizedHeader($0.0) })
        }
        if top.contains(where: { $0.key.string == "ignore_unlisted" }) {
            mapping.ignoreUnlisted = reader.bool(top, "ignore_unlisted") ?? false
        }
        if let (_, v) = reader.entry(top, "where"), let m = reader.mapping(v, what: "where") {
            for (k, value) in m {
                guard let column = header(k) else { continue }
                let accepted = reader.stringList(value, key: column).map(\.0)
                mapping.filters.append(Filter(column: column, accepted: accepted, line: k.mark?.line ?? 0))
            }
        }
        if let (_, v) = reader.entry(top, "values"), let m = reader.mapping(v, what: "values") {
            for (k, value) in m {
                guard let column = header(k), let table = reader.mapping(value, what: "values の \(column)") else { continue }
                var codes: [String: String] = [:]
                var other: String?
                for (code, to) in table {
                    guard let c = scalar(code, key: column), let t = scalar(to, key: "\(column) の \(c)") else { continue }
                    if c == "*" { other = t } else { codes[c] = t }
                }
                mapping.values[column] = CodeTable(column: column, codes: codes, other: other, line: k.mark?.line ?? 0)
            }
        }
        if let (k, v) = reader.entry(top, "dates"), let m = reader.mapping(v, what: "dates") {
            reader.checkKeys(m, allowed: ["format", "era_codes", "era_column"])
            mapping.dates.line = k.mark?.line ?? 0
            if let format = reader.string(m, "format", required: false, parent: v) {
                if let f = DateFormat(rawValue: format) { mapping.dates.format = f } else {
                    reader.add(reader.entry(m, "format")?.value, .badValue(key: "format", value: format, expected: "iso・ymd8・wareki7 のどれかを書いてください。"))
                }
            }
            if let (_, codesNode) = reader.entry(m, "era_codes"), let codes = reader.mapping(codesNode, what: "era_codes") {
                var table: [String: Era] = [:]
                for (code, name) in codes {
                    guard let c = scalar(code, key: "era_codes"), let n = scalar(name, key: "era_codes の \(c)") else { continue }
                    guard let era = Era.allCases.first(where: { $0.name == n }) else {
                        reader.add(name, .badValue(key: "era_codes の \(c)", value: n, expected: "明治・大正・昭和・平成・令和 のどれかを書いてください。"))
                        continue
                    }
                    table[c] = era
                }
                mapping.dates.eraCodes = table
                mapping.dates.eraCodesGiven = true
            }
            if let (_, columnsNode) = reader.entry(m, "era_column"), let eras = reader.mapping(columnsNode, what: "era_column") {
                for (date, era) in eras {
                    guard let d = header(date), let e = header(era) else { continue }
                    mapping.dates.eraColumns[d] = e
                }
            }
        }
        if let (_, v) = reader.entry(top, "join"), let m = reader.mapping(v, what: "join") {
            for (k, value) in m {
                guard let to = target(k, key: "join"), let spec = reader.mapping(value, what: "join の \(to)") else { continue }
                reader.checkKeys(spec, allowed: ["from", "sep"])
                guard let (_, fromNode) = reader.entry(spec, "from") else {
                    reader.add(value, .missing(key: "from"))
                    continue
                }
                let from = reader.stringList(fromNode, key: "from").map { ResidentColumn.normalizedHeader($0.0) }.filter { !$0.isEmpty }
                if from.isEmpty { reader.add(fromNode, .empty(key: "from")) }
                let separator: String
                if let (_, sepNode) = reader.entry(spec, "sep"), case let .scalar(s) = sepNode { separator = s.string } else { separator = "" }
                mapping.joins.append(Join(target: to, from: from, separator: separator, line: k.mark?.line ?? 0))
            }
        }
        return (reader.problems.isEmpty ? mapping : nil, reader.problems)
    }

    /// A name as a message may show it: never one that reads as a card number or 個人番号.
    static func named(_ text: String) -> String { SensitiveNumbers.firstKind(in: text) == nil ? text : "（番号のような列名）" }

    /// The import header for the export's `header`, or nil when it has none.
    func target(of header: String) -> String? {
        let key = ResidentColumn.normalizedHeader(header)
        if let to = columns[key] { return to }
        return ResidentColumn(header: key) != nil ? header : nil
    }

    func ignores(_ header: String) -> Bool { ignore.contains(ResidentColumn.normalizedHeader(header)) }
}
