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
                "items": .array(checklist.items.map { .string($0.id) })]
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
