import Foundation
import Yams

/// How much a finding of the review (点検) matters: the list is sorted by it.
public enum ReviewSeverity: String, CaseIterable, Codable, Comparable, Sendable {
    case high
    case medium
    case low

    /// 高・中・低 as the screens and the 点検記録 print it.
    public var label: String {
        switch self {
        case .high: "高"
        case .medium: "中"
        case .low: "低"
        }
    }

    /// The severity a YAML word names (高/中/低 or high/medium/low).
    public init?(word: String) {
        switch word.lowercased() {
        case "高", "high": self = .high
        case "中", "medium": self = .medium
        case "低", "low": self = .low
        default: return nil
        }
    }

    /// One step less (a warning of a rule whose failures are `self`).
    public var lower: ReviewSeverity { self == .high ? .medium : .low }

    private var rank: Int { ReviewSeverity.allCases.firstIndex(of: self)! }
    public static func < (a: ReviewSeverity, b: ReviewSeverity) -> Bool { a.rank > b.rank }
}

/// The rules of the access-log review (DOMAIN.md §11). What each looks for is code; whether it
/// runs, how severe it is and its thresholds are data in `Forms/review-rules.yaml`.
public enum ReviewRuleID: String, CaseIterable, Codable, Sendable {
    /// A 支援措置 subject searched, viewed or printed.
    case supportMeasure = "support_measure"
    /// A resident viewed with no case, form, checklist or payment for them by that clerk that day.
    case viewWithoutBusiness = "view_without_business"
    /// Resident or payment work outside opening hours or on a closed day.
    case offHours = "off_hours"
    /// More than `residents` distinct residents viewed by one clerk within `minutes`.
    case manyResidents = "many_residents"
    /// One resident viewed by one clerk on `days` different days within `within_days`.
    case repeatedViews = "repeated_views"
    /// One clerk signed in on two terminals at once.
    case twoTerminals = "two_terminals"
    /// A form or handout printed without a case.
    case printWithoutCase = "print_without_case"
    /// The clerk's own household (clerks' `resident_id` in config.yaml) accessed.
    case ownHousehold = "own_household"
    /// A resident of `watch_list` (config.yaml) accessed.
    case watchList = "watch_list"
    /// Journal files that fail or warn verification, and past days left unsealed.
    case integrity

    /// The title when the file gives none.
    public var defaultTitle: String {
        switch self {
        case .supportMeasure: "支援措置対象者の検索・閲覧・印刷"
        case .viewWithoutBusiness: "用件のない閲覧"
        case .offHours: "開庁時間外・閉庁日の操作"
        case .manyResidents: "短時間に多数の住民を閲覧"
        case .repeatedViews: "同じ住民の繰り返し閲覧"
        case .twoTerminals: "同じ職員が二つの端末に同時にサインイン"
        case .printWithoutCase: "受付のない印刷"
        case .ownHousehold: "職員本人の世帯の閲覧"
        case .watchList: "注意リストの住民の閲覧"
        case .integrity: "ジャーナルの完全性"
        }
    }

    var defaultSeverity: ReviewSeverity {
        switch self {
        case .supportMeasure, .twoTerminals, .ownHousehold, .integrity: .high
        case .viewWithoutBusiness, .manyResidents, .repeatedViews, .watchList, .printWithoutCase: .medium
        case .offHours: .medium
        }
    }

    /// The thresholds the rule takes, with defaults and allowed ranges.
    var parameters: [(key: String, default: Int, range: ClosedRange<Int>)] {
        switch self {
        case .manyResidents: [("residents", 20, 1...10_000), ("minutes", 10, 1...1440)]
        case .repeatedViews: [("days", 3, 2...30), ("within_days", 14, 1...366)]
        default: []
        }
    }
}

/// One rule as configured.
public struct ReviewRule: Equatable, Sendable {
    public var id: ReviewRuleID
    public var title: String
    public var severity: ReviewSeverity
    public var enabled: Bool
    public var parameters: [String: Int]

    public init(id: ReviewRuleID, title: String? = nil, severity: ReviewSeverity? = nil, enabled: Bool = true,
                parameters: [String: Int] = [:]) {
        self.id = id
        self.title = title ?? id.defaultTitle
        self.severity = severity ?? id.defaultSeverity
        self.enabled = enabled
        self.parameters = Dictionary(uniqueKeysWithValues: id.parameters.map { ($0.key, parameters[$0.key] ?? $0.default) })
    }

    /// A threshold (its default when the file does not set it).
    public subscript(parameter: String) -> Int { parameters[parameter] ?? 0 }
}

/// Every rule of the review, from `Forms/review-rules.yaml`; a rule the file does not name
/// runs with its defaults.
public struct ReviewRules: Equatable, Sendable {
    public var rules: [ReviewRuleID: ReviewRule]

    public init(_ rules: [ReviewRule] = []) {
        var all = Dictionary(uniqueKeysWithValues: ReviewRuleID.allCases.map { ($0, ReviewRule(id: $0)) })
        for rule in rules { all[rule.id] = rule }
        self.rules = all
    }

    public subscript(id: ReviewRuleID) -> ReviewRule { rules[id] ?? ReviewRule(id: id) }

    /// The file name inside the forms directory.
    public static let fileName = "review-rules.yaml"

    /// Loads `<forms>/review-rules.yaml`; the defaults when the file is missing.
    public static func load(formsDirectory: URL) throws(ReviewRulesError) -> ReviewRules {
        let url = formsDirectory.appendingPathComponent(fileName)
        guard FileManager.default.fileExists(atPath: url.path) else { return ReviewRules() }
        let (rules, problems) = check(formsDirectory: formsDirectory)
        if let first = problems.first { throw .invalid(first) }
        return rules ?? ReviewRules()
    }

    /// Every problem of `<forms>/review-rules.yaml` with its line (`forms check`); none when it is missing.
    public static func problems(formsDirectory: URL) -> [FormProblem] {
        guard FileManager.default.fileExists(atPath: formsDirectory.appendingPathComponent(fileName).path) else { return [] }
        return check(formsDirectory: formsDirectory).problems
    }

    static func check(formsDirectory: URL) -> (rules: ReviewRules?, problems: [FormProblem]) {
        switch FormProblem.readText(formsDirectory.appendingPathComponent(fileName), relative: fileName) {
        case let .text(text): return check(text, file: fileName)
        case let .problem(problem): return (nil, [problem])
        }
    }

    /// Parses the rules file: `rules:` mapping each rule id to `enabled`, `severity`, `title`
    /// and its thresholds. Every problem as `file:line: message`.
    public static func check(_ text: String, file: String) -> (rules: ReviewRules?, problems: [FormProblem]) {
        var reader = Reader(file: file)
        guard let root = reader.compose(text, emptyMeansMissing: "rules") else { return (nil, reader.problems) }
        guard let top = reader.mapping(root, what: "点検ルールの定義") else { return (nil, reader.problems) }
        reader.checkKeys(top, allowed: ["rules"])
        guard let (rulesKey, rulesNode) = reader.entry(top, "rules") else {
            reader.add(root, .missing(key: "rules"))
            return (nil, reader.problems)
        }
        guard case let .mapping(entries) = rulesNode else {
            reader.add(rulesKey, .notAMapping(what: "rules（ルールID: 設定）"))
            return (nil, reader.problems)
        }
        var rules: [ReviewRule] = []
        for (key, value) in entries {
            let name = key.string ?? ""
            guard let id = ReviewRuleID(rawValue: name) else {
                reader.add(key, .unknownKey(key: name, allowed: ReviewRuleID.allCases.map(\.rawValue)))
                continue
            }
            guard let m = reader.mapping(value, what: "ルール \(name)") else { continue }
            reader.checkKeys(m, allowed: ["enabled", "severity", "title"] + id.parameters.map(\.key))
            var severity: ReviewSeverity?
            if let word = reader.string(m, "severity", required: false, parent: value) {
                severity = ReviewSeverity(word: word)
                if severity == nil {
                    reader.add(reader.entry(m, "severity")?.value, .badValue(key: "severity", value: word, expected: "高・中・低 のどれかです。"))
                }
            }
            var parameters: [String: Int] = [:]
            for p in id.parameters {
                let expected = "\(p.range.lowerBound) 以上 \(p.range.upperBound) 以下の整数で書いてください。"
                guard let n = reader.int(m, p.key, expected: expected) else { continue }
                guard p.range.contains(n) else {
                    reader.add(reader.entry(m, p.key)?.value, .badValue(key: p.key, value: String(n), expected: expected))
                    continue
                }
                parameters[p.key] = n
            }
            let title = reader.string(m, "title", required: false, parent: value)
            rules.append(ReviewRule(id: id, title: title?.isEmpty == false ? title : nil, severity: severity,
                                    enabled: reader.bool(m, "enabled") ?? true, parameters: parameters))
        }
        return (reader.problems.isEmpty ? ReviewRules(rules) : nil, reader.problems)
    }
}

/// The rules file cannot be used.
public enum ReviewRulesError: Error, Equatable, Sendable {
    case invalid(FormProblem)

    public var message: String {
        switch self {
        case .invalid(let problem):
            "点検ルール（\(problem.file)）を読めません: \(problem.description.hasSuffix("。") ? String(problem.description.dropLast()) : problem.description)。madoguchi forms check で確かめてください。"
        }
    }
}
