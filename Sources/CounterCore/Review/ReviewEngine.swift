import Foundation
import JapaneseKit

/// What the review knows besides the journals: from config.yaml, the registry and the cases.
public struct ReviewContext: Sendable {
    public var openingHours: OpeningHours
    /// 宛名番号 whose every access is listed (`watch_list`).
    public var watchList: Set<String>
    /// Each clerk's own household (宛名番号 of its members), for clerks with a `resident_id`.
    public var households: [String: Set<String>]
    /// Residents under 支援措置 now (registry), besides what each access record says.
    public var supportMeasure: Set<String>
    /// Whether a case number is known from before the range (an おくやみ case opened earlier).
    public var isKnownCase: @Sendable (String) -> Bool
    /// Today: days before it that are not sealed are findings.
    public var today: CivilDate
    /// Supervisors' ids: only their views of a finding's resident (`query` 点検 #…) are the
    /// review's own work rather than views.
    public var supervisors: Set<String>

    public init(openingHours: OpeningHours = .standard, watchList: Set<String> = [], households: [String: Set<String>] = [:],
                supportMeasure: Set<String> = [], isKnownCase: @escaping @Sendable (String) -> Bool = { _ in false },
                today: CivilDate, supervisors: Set<String> = []) {
        self.supervisors = supervisors
        self.openingHours = openingHours
        self.watchList = watchList
        self.households = households
        self.supportMeasure = supportMeasure
        self.isKnownCase = isKnownCase
        self.today = today
    }
}

extension ReviewContext {
    /// The `query` of a supervisor's view of a finding's resident, before the finding's id.
    public static let findingQueryPrefix = "点検 #"
}

/// The outcome of a review over a date range.
public struct Review: Codable, Equatable, Sendable {
    public var from: CivilDate
    public var to: CivilDate
    /// Highest severity first, then by time.
    public var findings: [ReviewFinding]
    public var files: Int
    public var records: Int
    /// The verification of every file read (the worst of them).
    public var status: String
    /// Each terminal's last record in range: what a signed 点検記録 anchors.
    public var terminals: [TerminalEnd]
    /// Where the journals came from.
    public var sources: [String]

    public struct TerminalEnd: Codable, Equatable, Sendable {
        public var terminal: String
        public var file: String
        public var lastSeq: Int?
        public var lastHash: String?
        public var status: String
    }

    /// Findings not yet disposed of in a signed review.
    public var open: [ReviewFinding] { findings.filter { $0.reviewed == nil } }
}

/// Runs the review's rules over the journals of a date range, one day at a time (memory stays
/// that of one day plus what the cross-day rule keeps), files of a day read in parallel.
public struct ReviewEngine: Sendable {
    public let sources: JournalSources
    public let rules: ReviewRules
    public let context: ReviewContext

    public init(sources: JournalSources, rules: ReviewRules, context: ReviewContext) {
        self.sources = sources
        self.rules = rules
        self.context = context
    }

    /// Whether a record type is work on residents or money (what off-hours activity means).
    static func isWork(_ type: String) -> Bool {
        switch type {
        case "access", "case_opened", "form_printed", "payment", "void", "refund", "case_closed", "case_item_status", "case_answers": true
        default: false
        }
    }

    public func run(from: CivilDate, to: CivilDate, progress: (@Sendable (CivilDate) -> Void)? = nil) throws -> Review {
        let labels = sources.labels(from: from, to: to)
        var findings: [ReviewFinding] = []
        var repeated = RepeatedViews(rule: rules[.repeatedViews])
        var workDays = Set<CivilDate>()
        var sealedDays = Set<CivilDate>()
        var count = 0
        // The rules run on each day's records as the verification reads them.
        let verification = try sources.verify(from: from, to: to) { day, records in
            progress?(day)
            count += records.count
            findings += check(day: day, records, labels: labels, repeated: &repeated)
            for r in records {
                if r.typeName == "day_closed", let date = r["date"]?.stringValue.flatMap(CivilDate.init(iso:)) { sealedDays.insert(date) }
                if r.typeName == "payment" || r.typeName == "case_opened" { workDays.insert(day) }
            }
        }
        // Days closed later than the range (a seal written the morning after).
        let pending = workDays.subtracting(sealedDays).filter { $0 < context.today }
        if !pending.isEmpty, to < context.today {
            let after = try sources.records(from: to.adding(days: 1), to: min(context.today, to.adding(days: DayCloser.sealLookaheadDays)),
                                            containing: "\"type\":\"day_closed\"")
            for r in after { if let date = r["date"]?.stringValue.flatMap(CivilDate.init(iso:)) { sealedDays.insert(date) } }
        }
        findings += integrity(verification, unsealed: workDays.subtracting(sealedDays).filter { $0 < context.today }.sorted())
        findings += disagreeing(sources.disagreeingCopies(from: from, to: to))
        var ends: [String: Review.TerminalEnd] = [:]
        for (_, report) in verification {
            ends[report.file.terminal] = Review.TerminalEnd(terminal: report.file.terminal, file: report.file.relativePath,
                                                           lastSeq: report.lastValidSeq ?? report.lastSeq, lastHash: report.lastHash,
                                                           status: max(ends[report.file.terminal].flatMap { JournalStatus(rawValue: $0.status) } ?? .pass,
                                                                       report.status).rawValue)
        }
        findings = findings.filter { rules[$0.rule].enabled }
        findings.sort { ($1.severity, $0.ts ?? "", $0.id) < ($0.severity, $1.ts ?? "", $1.id) }
        return Review(from: from, to: to, findings: findings, files: verification.count, records: count,
                      status: (verification.map(\.report.status).max() ?? .pass).rawValue,
                      terminals: ends.values.sorted { $0.terminal < $1.terminal }, sources: sources.sources.map(\.label))
    }

    // MARK: - One day

    private func check(day: CivilDate, _ records: [JournalRecord], labels: [String: String],
                       repeated: inout RepeatedViews) -> [ReviewFinding] {
        var findings: [ReviewFinding] = []
        // Each file's path and source once per day, not once per record.
        struct FileKey: Hashable { let terminal: String; let segment: Int }
        var places: [FileKey: (path: String, label: String)] = [:]
        for r in records where places[FileKey(terminal: r.terminal, segment: r.file.segment)] == nil {
            let path = r.file.relativePath
            places[FileKey(terminal: r.terminal, segment: r.file.segment)] = (path, labels[path] ?? "")
        }
        let evidence = { (r: JournalRecord) -> ReviewEvidence in
            let place = places[FileKey(terminal: r.terminal, segment: r.file.segment)] ?? (r.file.relativePath, "")
            return ReviewEvidence(source: place.label, file: place.path, terminal: r.terminal, record: r.record, seq: r.seq, ts: r.ts,
                                  type: r.typeName)
        }
        var views: [String: [(record: JournalRecord, resident: String)]] = [:]
        var business: [String: Set<String>] = [:]
        // Case numbers each clerk worked on that day (a case opened by number is business for it).
        var worked: [String: Set<String>] = [:]
        var opened = Set<String>()
        var prints: [JournalRecord] = []
        var offHours: [String: [JournalRecord]] = [:]
        var sessions = Sessions()
        let dayStart = day.startDate()
        let dayEnd = day.adding(days: 1).startDate()
        let hours = context.openingHours.window(on: day)
        let isOpen = { (t: Date) -> Bool in
            guard t >= dayStart, t < dayEnd else { return self.context.openingHours.isOpen(at: t) }
            return hours?.contains(t) ?? false
        }
        for r in records {
            let residents = Self.residents(of: r)
            // Per record: 支援措置, watch list, the clerk's own household.
            if !residents.isEmpty {
                let marked = r["support"]?.arrayValue?.compactMap(\.stringValue) ?? []
                if let hit = residents.first(where: { marked.contains($0) || context.supportMeasure.contains($0) }) {
                    findings.append(ReviewFinding(rule: rules[.supportMeasure], clerk: r.clerk, terminal: r.terminal, ts: r.ts,
                                                  resident: hit, detail: "支援措置の対象者を\(Self.act(r))", evidence: [evidence(r)]))
                }
                if let hit = residents.first(where: context.watchList.contains) {
                    findings.append(ReviewFinding(rule: rules[.watchList], clerk: r.clerk, terminal: r.terminal, ts: r.ts,
                                                  resident: hit, detail: "注意リストの住民を\(Self.act(r))", evidence: [evidence(r)]))
                }
                if let own = context.households[r.clerk], let hit = residents.first(where: own.contains) {
                    findings.append(ReviewFinding(rule: rules[.ownHousehold], clerk: r.clerk, terminal: r.terminal, ts: r.ts,
                                                  resident: hit, detail: "職員本人の世帯の住民を\(Self.act(r))", evidence: [evidence(r)]))
                }
            }
            if Self.isWork(r.typeName), r.clerk != Journal.systemClerk, !isOpen(r.timestamp) {
                offHours["\(r.clerk)\u{1F}\(r.terminal)", default: []].append(r)
            }
            switch r.typeName {
            case "access":
                if r["action"]?.stringValue == "view", !isReviewOfFinding(r), let first = residents.first {
                    views[r.clerk, default: []].append((r, first))
                }
            case "case_opened":
                opened.insert(r["case"]?.stringValue ?? DayLedger.caseID(terminal: r.terminal, seq: r.seq))
                for key in ["subject", "applicant"] { if let id = r[key]?.stringValue { business[r.clerk, default: []].insert(id) } }
            case "form_printed":
                prints.append(r)
                for key in ["subject", "requester"] { if let id = r[key]?.stringValue { business[r.clerk, default: []].insert(id) } }
            case "login": sessions.login(r)
            case "logout": sessions.logout(r)
            default: break
            }
            if r.typeName != "access", let number = r["case"]?.stringValue { worked[r.clerk, default: []].insert(number) }
            sessions.saw(r)
        }
        // 用件のない閲覧: a view with nothing done for that resident by that clerk that day.
        for (clerk, list) in views {
            let done = business[clerk] ?? []
            let cases = worked[clerk] ?? []
            var seen: [String: [JournalRecord]] = [:]
            for (record, resident) in list where !done.contains(resident) && !(record["query"]?.stringValue.map(cases.contains) ?? false) {
                seen[resident, default: []].append(record)
            }
            for (resident, records) in seen.sorted(by: { $0.value[0].timestamp < $1.value[0].timestamp }) {
                findings.append(ReviewFinding(rule: rules[.viewWithoutBusiness], clerk: clerk, terminal: records[0].terminal,
                                              ts: records[0].ts, resident: resident,
                                              detail: "閲覧 \(records.count) 回。この日この職員の受付・印刷・手続・支払がありません",
                                              evidence: records.map(evidence)))
            }
        }
        // 短時間に多数: more than N distinct residents within T minutes.
        let many = rules[.manyResidents]
        for (clerk, list) in views {
            findings += Self.bursts(list, limit: many["residents"], window: Double(many["minutes"]) * 60).map { burst in
                ReviewFinding(rule: many, clerk: clerk, terminal: burst[0].record.terminal, ts: burst[0].record.ts, resident: nil,
                              detail: "\(many["minutes"]) 分間に \(Set(burst.map(\.resident)).count) 人を閲覧（基準 \(many["residents"]) 人）",
                              evidence: burst.map { evidence($0.record) })
            }
        }
        // 繰り返し閲覧 (across days).
        for (clerk, list) in views {
            for (record, resident) in list {
                if let days = repeated.add(clerk: clerk, resident: resident, day: day, evidence: evidence(record)) {
                    findings.append(ReviewFinding(rule: rules[.repeatedViews], clerk: clerk, terminal: record.terminal, ts: days[0].ts,
                                                  resident: resident,
                                                  detail: "\(repeated.withinDays) 日のうち \(days.count) 日閲覧（基準 \(repeated.days) 日）",
                                                  evidence: days))
                }
            }
        }
        repeated.forget(before: day)
        // 受付のない印刷.
        for r in prints {
            let number = r["case"]?.stringValue ?? ""
            guard number.isEmpty || (!opened.contains(number) && !context.isKnownCase(number)) else { continue }
            findings.append(ReviewFinding(rule: rules[.printWithoutCase], clerk: r.clerk, terminal: r.terminal, ts: r.ts,
                                          resident: r["subject"]?.stringValue,
                                          detail: number.isEmpty ? "受付番号のない印刷（\(r["title"]?.stringValue ?? "")）"
                                                                 : "この日に受付されていない受付番号 \(number) で印刷（\(r["title"]?.stringValue ?? "")）",
                                          evidence: [evidence(r)]))
        }
        // 時間外: one finding per clerk and terminal and day.
        for (_, list) in offHours.sorted(by: { $0.value[0].timestamp < $1.value[0].timestamp }) {
            let first = list[0]
            let why = Holidays.isClosedDay(day) ? "閉庁日（\(Self.closedDayName(day))）" : "開庁時間（\(context.openingHours)）外"
            findings.append(ReviewFinding(rule: rules[.offHours], clerk: first.clerk, terminal: first.terminal, ts: first.ts, resident: nil,
                                          detail: "\(why)の操作 \(list.count) 件", evidence: list.map(evidence)))
        }
        // 二つの端末.
        for (a, b) in sessions.overlaps() {
            findings.append(ReviewFinding(rule: rules[.twoTerminals], clerk: a.clerk, terminal: b.terminal, ts: b.ts, resident: nil,
                                          detail: "端末 \(a.terminal) にサインインしたまま端末 \(b.terminal) にサインイン",
                                          evidence: [evidence(a), evidence(b)]))
        }
        return findings
    }

    /// A supervisor opening the resident a finding names (`query` 点検 #…): the review's own
    /// work. A view with any other `query` (a case opened by its number) is a view like any.
    private func isReviewOfFinding(_ r: JournalRecord) -> Bool {
        guard let query = r["query"]?.stringValue else { return false }
        return query.hasPrefix(ReviewContext.findingQueryPrefix) && context.supervisors.contains(r.clerk)
    }

    // MARK: - Integrity

    private func integrity(_ verification: [(label: String, report: JournalFileReport)], unsealed: [CivilDate]) -> [ReviewFinding] {
        let rule = rules[.integrity]
        var findings: [ReviewFinding] = []
        for (label, report) in verification where report.status != .pass {
            let first = report.findings.first
            let detail = "検証 \(report.status.rawValue): " + report.findings.prefix(3).map { "\($0.code.rawValue) \($0.detail)" }
                .joined(separator: "／") + (report.findings.count > 3 ? " ほか \(report.findings.count - 3) 件" : "")
            findings.append(ReviewFinding(rule: rule, clerk: nil, terminal: report.file.terminal, ts: report.firstTime, resident: nil,
                                          detail: detail,
                                          evidence: [ReviewEvidence(source: label, file: report.file.relativePath, terminal: report.file.terminal,
                                                                    record: first?.record ?? 0, seq: first?.seq ?? 0, ts: report.firstTime ?? "",
                                                                    type: first?.code.rawValue ?? "")],
                                          severity: report.status == .fail ? rule.severity : rule.severity.lower,
                                          key: "\(report.file.relativePath)|\(report.findings.map(\.code.rawValue).joined(separator: ","))"))
        }
        for day in unsealed {
            findings.append(ReviewFinding(rule: rule, clerk: nil, terminal: nil, ts: nil, resident: nil,
                                          detail: "\(day.iso) は受付・支払がありますが、日計が締められていません（madoguchi close-day --date \(day.iso)）",
                                          evidence: [], severity: rule.severity.lower, key: "unsealed|\(day.iso)"))
        }
        return findings
    }

    /// One finding per file whose copies disagree: what the review read may not be all there is.
    private func disagreeing(_ copies: [(read: JournalSources.File, other: JournalSources.File)]) -> [ReviewFinding] {
        let rule = rules[.integrity]
        return copies.map { read, other in
            let readLabel = sources.sources[read.source].label, otherLabel = sources.sources[other.source].label
            return ReviewFinding(rule: rule, clerk: nil, terminal: read.ref.terminal, ts: nil, resident: nil,
                                 detail: "\(read.ref.relativePath) の写しが食い違います（\(readLabel) を読みました。\(otherLabel) の写しには読んでいない記録か違う内容があります）",
                                 evidence: [ReviewEvidence(source: otherLabel, file: other.ref.relativePath, terminal: other.ref.terminal,
                                                           record: 0, seq: 0, ts: "", type: "copy")],
                                 key: "copies|\(read.ref.relativePath)|\(otherLabel)")
        }
    }

    // MARK: - Helpers

    /// The residents a record is about: those an access record lists, the subject, requester
    /// or applicant of a print or a case.
    static func residents(of r: JournalRecord) -> [String] {
        switch r.typeName {
        case "access": return r["residents"]?.arrayValue?.compactMap(\.stringValue) ?? []
        case "form_printed", "case_opened":
            return ["subject", "requester", "applicant"].compactMap { r[$0]?.stringValue }
        default: return []
        }
    }

    /// 「検索しました」「閲覧しました」「印刷しました」.
    static func act(_ r: JournalRecord) -> String {
        switch (r.typeName, r["action"]?.stringValue) {
        case ("access", "search"): "検索しました（結果に表示）"
        case ("access", "history"): "アクセス履歴で照会しました"
        case ("access", _): "閲覧しました"
        case ("form_printed", _): "印刷しました（\(r["title"]?.stringValue ?? "")）"
        case ("case_opened", _): "受付しました"
        default: "扱いました"
        }
    }

    static func closedDayName(_ day: CivilDate) -> String {
        if let name = Holidays.holidayName(day) { return name }
        if day.isWeekend { return day.weekday == 1 ? "日曜日" : "土曜日" }
        return "年末年始"
    }

    /// Windows of more than `limit` distinct residents within `window` seconds; a window is
    /// reported once and the next starts after it.
    static func bursts(_ views: [(record: JournalRecord, resident: String)], limit: Int,
                       window: TimeInterval) -> [[(record: JournalRecord, resident: String)]] {
        var result: [[(record: JournalRecord, resident: String)]] = []
        var counts: [String: Int] = [:]
        var start = 0
        var j = 0
        while j < views.count {
            counts[views[j].resident, default: 0] += 1
            while views[j].record.timestamp.timeIntervalSince(views[start].record.timestamp) > window {
                let r = views[start].resident
                counts[r]! -= 1
                if counts[r] == 0 { counts[r] = nil }
                start += 1
            }
            if counts.count > limit {
                result.append(Array(views[start...j]))
                counts = [:]
                start = j + 1
            }
            j += 1
        }
        return result
    }
}

/// Sign-in sessions of one day, per clerk and terminal: from a `login` to the `logout` (or
/// the clerk's last record on that terminal that day).
struct Sessions {
    struct Open {
        var login: JournalRecord
        var end: Date
        var closed: Bool
    }
    private struct Key: Hashable {
        let clerk: String
        let terminal: String
    }
    private var sessions: [Key: [Open]] = [:]

    private static func key(_ r: JournalRecord) -> Key { Key(clerk: r.clerk, terminal: r.terminal) }

    mutating func login(_ r: JournalRecord) {
        let key = Self.key(r)
        // An unlock, or a second sign-in while the session is open, continues it.
        if let last = sessions[key]?.last, !last.closed { return }
        sessions[key, default: []].append(Open(login: r, end: r.timestamp, closed: false))
    }

    mutating func logout(_ r: JournalRecord) {
        let key = Self.key(r)
        guard let i = sessions[key]?.indices.last, !sessions[key]![i].closed else { return }
        sessions[key]![i].end = r.timestamp
        sessions[key]![i].closed = true
    }

    mutating func saw(_ r: JournalRecord) {
        guard !sessions.isEmpty else { return }
        let key = Self.key(r)
        guard let i = sessions[key]?.indices.last, !sessions[key]![i].closed else { return }
        sessions[key]![i].end = max(sessions[key]![i].end, r.timestamp)
    }

    /// Pairs of sessions of one clerk on two terminals that overlap: (the earlier login, the later).
    func overlaps() -> [(JournalRecord, JournalRecord)] {
        var byClerk: [String: [Open]] = [:]
        for list in sessions.values { for s in list { byClerk[s.login.clerk, default: []].append(s) } }
        var result: [(JournalRecord, JournalRecord)] = []
        for (_, list) in byClerk.sorted(by: { $0.key < $1.key }) {
            let sorted = list.sorted { $0.login.timestamp < $1.login.timestamp }
            for (i, a) in sorted.enumerated() {
                for b in sorted[(i + 1)...] where b.login.terminal != a.login.terminal && b.login.timestamp < a.end {
                    result.append((a.login, b.login))
                }
            }
        }
        return result
    }
}

/// The days each clerk viewed each resident, kept only as long as the rule's window.
struct RepeatedViews {
    let days: Int
    let withinDays: Int
    private struct Key: Hashable {
        let clerk: String
        let resident: String
    }
    private var seen: [Key: [(day: Int, evidence: ReviewEvidence)]] = [:]
    private var reported = Set<Key>()

    init(rule: ReviewRule) {
        days = rule["days"]
        withinDays = rule["within_days"]
    }

    /// Adds a view; the evidence of each day once the resident was viewed on `days` days
    /// within `withinDays` (reported once per clerk and resident).
    mutating func add(clerk: String, resident: String, day: CivilDate, evidence: ReviewEvidence) -> [ReviewEvidence]? {
        let key = Key(clerk: clerk, resident: resident)
        guard !reported.contains(key) else { return nil }
        var list = seen[key] ?? []
        if list.last?.day == day.dayNumber { return nil }
        list.append((day.dayNumber, evidence))
        list.removeAll { day.dayNumber - $0.day >= withinDays }
        if list.count >= days {
            reported.insert(key)
            seen[key] = nil
            return list.map(\.evidence)
        }
        seen[key] = list
        return nil
    }

    /// Drops what can no longer reach `days` within the window.
    mutating func forget(before day: CivilDate) {
        seen = seen.filter { day.dayNumber - ($0.value.last?.day ?? 0) < withinDays - 1 }
    }
}
