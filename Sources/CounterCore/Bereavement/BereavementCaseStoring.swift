import Foundation
import JapaneseKit

/// Where bereavement cases live: `cases.sqlite` beside one terminal (`BereavementCaseStore`,
/// the embedded default), or the hub, where every terminal opens, resumes and updates the same
/// cases. Both journal every case opened and every status change in the acting terminal's
/// journal, and both behave the same (one contract, tested against both).
public protocol BereavementCaseStoring: Sendable {
    /// Stores a new case for `checklist`, every item 未着手, and journals `case_opened`.
    /// Numbers count the day's cases: `OK<today>-0001`, `-0002`, ….
    func open(checklist: BereavementChecklist, applicantID: String?, clerk: String) throws -> BereavementCase

    /// The case with `number` (resume another day, at another window).
    func load(number: String) throws -> BereavementCase

    /// Case numbers for a deceased, oldest first.
    func cases(deceasedID: String) throws -> [String]

    /// Every status change of a case, oldest first.
    func history(number: String) throws -> [CaseStatusChange]

    /// Sets one item's status, records who and when, and journals `case_item_status`. Setting
    /// the status an item already has changes nothing and writes nothing.
    ///
    /// `seen` is the status the clerk was shown: when someone else has changed the item since
    /// (another terminal), the change is refused with `BereavementCaseError.conflict` instead of
    /// overwriting theirs. Changes to other items of the case never conflict: no mark is lost.
    @discardableResult
    func setStatus(_ status: CaseItemStatus, item itemID: String, number: String, clerk: String,
                   seen: CaseItemStatus?) throws -> BereavementCase

    /// Stores the family's answers (a later answer to the same question replaces the earlier
    /// one) and brings the items in line with `checklist`, made from the case's facts with every
    /// answer (`BereavementCase.AnswerPlan`): an item still 要確認 is rewritten, a new one added
    /// 未着手, one that waited on an answer and no longer applies removed. Items already decided
    /// keep their status and text. Journals `case_answers` with the answers and the items added
    /// and removed; answers the case already holds change nothing and write nothing.
    @discardableResult
    func answer(_ answers: [String: String], number: String, checklist: BereavementChecklist,
                clerk: String) throws -> BereavementCase
}

extension BereavementCaseStoring {
    @discardableResult
    public func setStatus(_ status: CaseItemStatus, item itemID: String, number: String, clerk: String) throws -> BereavementCase {
        try setStatus(status, item: itemID, number: number, clerk: clerk, seen: nil)
    }
}

// MARK: - What both stores share

extension BereavementCase {
    /// The number prefix of the cases opened on the day of `date` (`OK20261125-`). The letters
    /// are glued to the date on purpose: `OK-20261125-0003` would be a 12-digit run that the
    /// journal's 個人番号 guard refuses whenever its last digit happens to be a valid check digit.
    public static func numberPrefix(openedAt date: Date) -> String {
        "OK" + CivilDate(date).iso.replacingOccurrences(of: "-", with: "") + "-"
    }

    /// The number of the case opened after `count` others of the same day.
    public static func number(prefix: String, after count: Int) -> String {
        let digits = String(count + 1)
        return prefix + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// The `case_opened` record's fields.
    public static func openedFields(number: String, checklist: BereavementChecklist, applicantID: String?) -> [String: JournalValue] {
        let facts = checklist.facts
        return ["case": .string(number), "kind": "okuyami", "subject": .string(facts.deceased.id),
                "applicant": applicantID.map { .string($0) } ?? .null,
                "date_of_death": .string(facts.dateOfDeath.iso),
                "items": .array(checklist.items.map { .string($0.id) }),
                "answers": .object(facts.answers.mapValues { .string($0) })]
    }

    /// What answering the rules' questions changes in a case's items.
    public struct AnswerPlan: Sendable {
        /// Items still 要確認 (waiting on an answer), as the fresh checklist now words them.
        public var rewritten: [ChecklistItem] = []
        /// Items the answers bring in, to be stored 未着手.
        public var added: [ChecklistItem] = []
        /// Items that waited on an answer and no longer apply.
        public var removed: [String] = []
        /// Every item id the case keeps, in the fresh checklist's walking order; items it no
        /// longer lists (already decided) keep their place after those.
        public var order: [String] = []

        /// The plan that brings `current` in line with `checklist` (made with every answer).
        public init(current: BereavementCase, checklist: BereavementChecklist) {
            let fresh = Dictionary(uniqueKeysWithValues: checklist.items.map { ($0.id, $0) })
            for entry in current.items where entry.item.needsAnswers {
                if let item = fresh[entry.item.id] { rewritten.append(item) } else { removed.append(entry.item.id) }
            }
            added = checklist.items.filter { current.item($0.id) == nil }
            let walking = checklist.items.map(\.id)
            let kept = current.items.map(\.item.id).filter { !removed.contains($0) } + added.map(\.id)
            order = kept.enumerated().sorted { a, b in
                (walking.firstIndex(of: a.element) ?? walking.count + a.offset) < (walking.firstIndex(of: b.element) ?? walking.count + b.offset)
            }.map(\.element)
        }
    }

    /// The `case_answers` record's fields: the answers that changed and what they did to the items.
    public static func answersFields(number: String, subject: String, answers: [String: String], plan: AnswerPlan) -> [String: JournalValue] {
        ["case": .string(number), "subject": .string(subject),
         "answers": .object(answers.mapValues { .string($0) }),
         "added": .array(plan.added.map { .string($0.id) }), "removed": .array(plan.removed.map { .string($0) })]
    }

    /// The `case_item_status` record's fields.
    public static func statusFields(number: String, item: String, from: CaseItemStatus, to: CaseItemStatus) -> [String: JournalValue] {
        ["case": .string(number), "item": .string(item), "from": .string(from.rawValue), "to": .string(to.rawValue)]
    }

    /// Refuses a change to `item` when someone changed it since the clerk saw `seen`.
    public static func checkUnchanged(_ item: Item, seen: CaseItemStatus?, target: CaseItemStatus, number: String) throws {
        guard let seen, item.status != seen, item.status != target else { return }
        throw BereavementCaseError.conflict(number: number, item: item.item.id, title: item.item.title, now: item.status,
                                            by: item.changedBy)
    }
}
