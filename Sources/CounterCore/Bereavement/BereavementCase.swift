import Foundation
import JapaneseKit

/// A family's bereavement case: the checklist as it was opened, and where each item stands.
public struct BereavementCase: Hashable, Sendable {
    /// Human-friendly number the family keeps: `OK20261125-0003` (see `BereavementCaseStore.open`).
    public var number: String
    public var deceasedID: String
    /// 氏名 as the record had it when the case was opened (the registry is replaced on import).
    public var deceasedName: String
    public var dateOfDeath: CivilDate
    public var knownDate: CivilDate?
    public var funeralDate: CivilDate?
    /// 宛名番号 of the person who came to the counter, if registered.
    public var applicantID: String?
    public var openedAt: Date
    public var openedBy: String
    public var items: [Item]
    /// The family's answers to the rules' questions (key → answer), as given at the counter.
    public var answers: [String: String] = [:]

    public init(number: String, deceasedID: String, deceasedName: String, dateOfDeath: CivilDate, knownDate: CivilDate?,
                funeralDate: CivilDate?, applicantID: String?, openedAt: Date, openedBy: String, items: [Item]) {
        self.number = number
        self.deceasedID = deceasedID
        self.deceasedName = deceasedName
        self.dateOfDeath = dateOfDeath
        self.knownDate = knownDate
        self.funeralDate = funeralDate
        self.applicantID = applicantID
        self.openedAt = openedAt
        self.openedBy = openedBy
        self.items = items
    }

    /// One checklist item and its status.
    public struct Item: Hashable, Sendable {
        public var item: ChecklistItem
        public var status: CaseItemStatus
        /// When and by whom the status last changed (nil while untouched).
        public var changedAt: Date?
        public var changedBy: String?

        public init(item: ChecklistItem, status: CaseItemStatus, changedAt: Date?, changedBy: String?) {
            self.item = item
            self.status = status
            self.changedAt = changedAt
            self.changedBy = changedBy
        }
    }

    /// The item with `id`.
    public func item(_ id: String) -> Item? { items.first { $0.item.id == id } }
}

/// One status change in a case's history.
public struct CaseStatusChange: Hashable, Sendable {
    public var caseNumber: String
    public var itemID: String
    public var from: CaseItemStatus
    public var to: CaseItemStatus
    public var at: Date
    public var clerk: String

    public init(caseNumber: String, itemID: String, from: CaseItemStatus, to: CaseItemStatus, at: Date, clerk: String) {
        self.caseNumber = caseNumber
        self.itemID = itemID
        self.from = from
        self.to = to
        self.at = at
        self.clerk = clerk
    }
}

/// Why the case store refused.
public enum BereavementCaseError: Error, Equatable, Sendable {
    /// No case has this number.
    case noSuchCase(number: String)
    /// The case has no item with this id.
    case noSuchItem(number: String, item: String, known: [String])
    /// The case file cannot be opened or written.
    case storage(reason: String)
    /// The shared case store (the hub) cannot be reached.
    case hubUnavailable(reason: String)
    /// Someone (at another terminal) changed the item since the clerk saw it: nothing was overwritten.
    case conflict(number: String, item: String, title: String, now: CaseItemStatus, by: String?)

    /// One line of Japanese that says what to do.
    public var message: String {
        switch self {
        case let .noSuchCase(number): "受付番号「\(DisplaySanitizer.sanitize(number))」の案件はありません。番号（例: OK20261125-0003）を確かめてください。"
        case let .noSuchItem(number, item, known):
            "案件 \(DisplaySanitizer.sanitize(number)) に手続「\(DisplaySanitizer.sanitize(item))」はありません。使える手続: \(known.joined(separator: ", "))"
        case let .storage(reason): "案件ファイルを読み書きできません（\(reason)）。データフォルダの空き容量と権限を確かめてください。"
        case let .hubUnavailable(reason):
            "共有の案件（ハブ）に接続できません（\(DisplaySanitizer.sanitize(reason))）。つながるまで案件は開けません。ネットワークとハブを確かめてください。"
        case let .conflict(number, _, title, now, by):
            "案件 \(number) の「\(DisplaySanitizer.sanitize(title))」は、ほかの窓口で「\(now.japaneseName)」に変わっています\(by.map { "（担当 \(DisplaySanitizer.sanitize($0))）" } ?? "")。上書きしていません。案件を開き直して確かめてから、もう一度操作してください。"
        }
    }
}
