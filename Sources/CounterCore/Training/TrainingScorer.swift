import Foundation
import JapaneseKit

/// Marks a training attempt against its scenario. The one place scoring happens: it reads
/// only the attempt's journal records (from its `training_started` to its `training_ended`),
/// never what a screen showed, so it marks what was really recorded.
public enum TrainingScorer {
    /// What the attempt's records say happened.
    struct Facts {
        var printed: [JournalRecord] = []
        var outcome: CaseOutcome?
        var payments: [String] = []
        var asked: [String] = []
        var checklist: Set<String> = []
    }

    /// An attempt's id: the day and the sequence number of its `training_started` record.
    public static func attemptID(day: CivilDate, seq: Int) -> String {
        String(format: "T%04d%02d%02d-%d", day.year, day.month, day.day, seq)
    }

    /// The day and sequence number an attempt id names.
    public static func parseAttemptID(_ attempt: String) -> (CivilDate, Int)? {
        guard attempt.hasPrefix("T"), let dash = attempt.firstIndex(of: "-") else { return nil }
        let digits = attempt[attempt.index(after: attempt.startIndex)..<dash]
        guard digits.count == 8, digits.allSatisfy(\.isASCII), let n = Int(digits), let seq = Int(attempt[attempt.index(after: dash)...]),
              let day = CivilDate(year: n / 10000, month: n / 100 % 100, day: n % 100) else { return nil }
        return (day, seq)
    }

    /// The records of `attempt` among `records` (one day's, in order): from its start to its
    /// end, or to the terminal's last record when it has not ended. Nil when it never started.
    public static func records(of attempt: String, in records: [JournalRecord]) -> [JournalRecord]? {
        guard let (_, seq) = parseAttemptID(attempt),
              let start = records.firstIndex(where: { $0.type == .trainingStarted && $0.seq == seq }) else { return nil }
        let terminal = records[start].terminal
        var out: [JournalRecord] = []
        for record in records[start...] where record.terminal == terminal {
            out.append(record)
            if record.type == .trainingEnded, record["attempt"]?.stringValue == attempt { break }
        }
        return out
    }

    /// Marks `records` (one attempt's, as `records(of:in:)` gives them) against `scenario`.
    public static func score(_ scenario: TrainingScenario, records: [JournalRecord]) -> TrainingResult {
        let facts = facts(records, subject: scenario.subject)
        let start = records.first
        let end = records.last { $0.type == .trainingEnded }
        let last = end ?? records.last
        let elapsed = max(0, Int(((last?.timestamp ?? Date()).timeIntervalSince(start?.timestamp ?? Date())).rounded()))
        let ending = facts.outcome?.label ?? "途中終了"
        return TrainingResult(
            attempt: start.map { record in
                TrainingScorer.attemptID(day: JournalTimestamp.day(ofStamp: record.ts) ?? CivilDate(year: 2000, month: 1, day: 1)!,
                                         seq: record.seq)
            } ?? "", scenario: scenario.id, scenarioTitle: scenario.title,
            trainee: shown(start?["trainee"]?.stringValue ?? ""), started: start?.ts ?? "", date: String((start?.ts ?? "").prefix(10)),
            elapsedSeconds: elapsed, keystrokes: end?["keys"]?.intValue ?? 0,
            screens: (end?["screens"]?.arrayValue ?? []).compactMap(\.stringValue), ending: ending,
            points: scenario.expected.map { TrainingResult.Mark(label: label($0.check, scenario), why: $0.why, hit: holds($0.check, facts)) },
            criticalFails: scenario.criticalFails.map {
                TrainingResult.Mark(label: label($0.check, scenario), why: $0.why, hit: holds($0.check, facts))
            },
            questionsAsked: facts.asked.map { id in scenario.questions.first { $0.id == id }?.ask ?? id })
    }

    /// The trainee's name as results show it: a name holding a card number or a 個人番号 (the
    /// counter refuses one; a journal written otherwise may hold one) is never shown.
    static func shown(_ name: String) -> String {
        SensitiveNumbers.firstKind(in: name) == nil ? name : "（番号を含む氏名のため表示しません）"
    }

    /// A point's label; a question is named by what the trainee asks.
    static func label(_ check: TrainingCheck, _ scenario: TrainingScenario) -> String {
        if case .asked(let id) = check, let question = scenario.questions.first(where: { $0.id == id }) { return "確認: " + question.ask }
        return check.label
    }

    static func facts(_ records: [JournalRecord], subject: String) -> Facts {
        var facts = Facts()
        for record in records {
            switch record.type {
            case .formPrinted? where record["subject"]?.stringValue == subject:
                facts.printed.append(record)
            case .caseClosed?:
                facts.outcome = record["outcome"]?.stringValue.flatMap(CaseOutcome.init(rawValue:)) ?? .issued
            case .payment?:
                if let method = record["method"]?.stringValue { facts.payments.append(method) }
            case .trainingQuestion?:
                if let id = record["question"]?.stringValue, !facts.asked.contains(id) { facts.asked.append(id) }
            case .caseOpened? where record["kind"]?.stringValue == "okuyami" && record["subject"]?.stringValue == subject:
                facts.checklist = Set((record["items"]?.arrayValue ?? []).compactMap(\.stringValue))
            case .caseAnswers? where record["subject"]?.stringValue == subject:
                facts.checklist.formUnion((record["added"]?.arrayValue ?? []).compactMap(\.stringValue))
                facts.checklist.subtract((record["removed"]?.arrayValue ?? []).compactMap(\.stringValue))
            default:
                break
            }
        }
        return facts
    }

    static func holds(_ check: TrainingCheck, _ facts: Facts) -> Bool {
        switch check {
        case let .printed(match):
            return facts.printed.contains { matches(match, $0) }
        case let .decision(decision):
            switch decision {
            case .issue: return facts.outcome == .issued && !facts.printed.isEmpty
            case .refuse, .refer: return facts.outcome == decision.outcome && facts.printed.isEmpty
            }
        case let .decisionOtherThan(decision):
            return !holds(.decision(decision), facts)
        case let .fee(yen):
            return !facts.printed.isEmpty && facts.printed.reduce(0) { $0 + ($1["total_fee"]?.intValue ?? 0) } == yen
        case let .payment(method):
            return facts.payments.contains(method)
        case let .asked(id):
            return facts.asked.contains(id)
        case let .checklistHas(id):
            return facts.checklist.contains(id)
        case let .checklistLacks(id):
            return !facts.checklist.isEmpty && !facts.checklist.contains(id)
        }
    }

    static func matches(_ match: TrainingPrintMatch, _ record: JournalRecord) -> Bool {
        if let form = match.form, record["form"]?.stringValue != form { return false }
        if let copies = match.copies, record["copies"]?.intValue != copies { return false }
        if let relation = match.relation, record["requester_relation"]?.stringValue != relation { return false }
        let items = record["items"]?.objectValue ?? [:]
        return match.items.allSatisfy { items[$0.key]?.stringValue == $0.value }
    }
}
