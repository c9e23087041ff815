import CounterCore
import Foundation
import JapaneseKit

/// The shipped rule book, loaded against the shipped forms.
enum ShippedBereavement {
    static let book = BereavementRuleBook.load(directory: ShippedForms.directory, forms: ShippedForms.library)
}

/// A temporary forms directory with bereavement files.
struct TempBereavement {
    let url: URL

    /// `files` are placed in `bereavement/`; the walking order is added unless given.
    init(_ files: [String: String], walkingOrder: String? = TempBereavement.defaultOrder) throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("bereavement-\(UUID().uuidString)")
        let folder = url.appendingPathComponent("bereavement")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        if let walkingOrder {
            try walkingOrder.write(to: folder.appendingPathComponent("_departments.yaml"), atomically: true, encoding: .utf8)
        }
        for (name, text) in files {
            try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
    }

    static let defaultOrder = """
    contact: 代表 0246-22-1111
    departments:
      - name: 市民課
        counter: 1階 2番
      - name: 保険年金課
        counter: 1階 7番
    """

    func remove() { try? FileManager.default.removeItem(at: url) }
}

func day(_ iso: String) -> CivilDate { CivilDate(iso: iso)! }

/// A resident for bereavement tests.
func person(_ id: String, household: String = "H1", born: String, sex: Sex = .male, relationship: String,
            status: ResidentStatus = .current, statusDate: String? = nil, _ memberships: Set<Membership> = []) -> Resident {
    Resident(id: id, householdID: household, name: "山田 \(id)", kana: "ヤマダ \(id)", birthdate: day(born), sex: sex,
             relationship: relationship, postalCode: "970-8686", address: "福島県いわき市平字梅本21", status: status,
             statusDate: statusDate.map(day), memberships: memberships)
}
