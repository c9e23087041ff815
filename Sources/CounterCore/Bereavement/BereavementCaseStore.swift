import Foundation
import GRDB
import JapaneseKit

/// Bereavement cases in their own SQLite file, `<data-dir>/cases.sqlite` (the registry
/// database is replaced on every import, so cases never live there).
///
/// Every case opened and every status change is also written to the journal, inside the
/// database transaction: if the journal refuses, nothing is stored.
public final class BereavementCaseStore: BereavementCaseStoring {
    /// The file name inside the data directory.
    public static let fileName = "cases.sqlite"

    private let queue: DatabaseQueue
    private let clock: any WallClock
    private let journal: Journal?

    /// Opens (or creates) `<dataDirectory>/cases.sqlite`. Pass the counter's journal so that
    /// case events are journaled; nil only where no journal exists (benchmarks).
    public init(dataDirectory: URL, clock: any WallClock, journal: Journal?) throws {
        self.clock = clock
        self.journal = journal
        do {
            try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
            var config = Configuration()
            config.busyMode = .timeout(5)
            queue = try DatabaseQueue(path: dataDirectory.appendingPathComponent(Self.fileName).path, configuration: config)
            try Self.migrator.migrate(queue)
        } catch let error as BereavementCaseError {
            throw error
        } catch {
            throw BereavementCaseError.storage(reason: CounterMessage.reason(for: error))
        }
    }

    private static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE bereavement_case (
                    number TEXT PRIMARY KEY NOT NULL,
                    deceased_id TEXT NOT NULL,
                    deceased_name TEXT NOT NULL,
                    date_of_death TEXT NOT NULL,
                    known_date TEXT,
                    funeral_date TEXT,
                    applicant_id TEXT,
                    opened_at TEXT NOT NULL,
                    opened_by TEXT NOT NULL
                );
                CREATE INDEX bereavement_case_deceased ON bereavement_case(deceased_id);
                CREATE TABLE case_item (
                    case_number TEXT NOT NULL REFERENCES bereavement_case(number),
                    item_id TEXT NOT NULL,
                    position INTEGER NOT NULL,
                    item_json TEXT NOT NULL,
                    status TEXT NOT NULL,
                    changed_at TEXT,
                    changed_by TEXT,
                    PRIMARY KEY (case_number, item_id)
                );
                CREATE TABLE case_item_history (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    case_number TEXT NOT NULL,
                    item_id TEXT NOT NULL,
                    from_status TEXT NOT NULL,
                    to_status TEXT NOT NULL,
                    changed_at TEXT NOT NULL,
                    clerk TEXT NOT NULL
                );
                CREATE INDEX case_item_history_case ON case_item_history(case_number, id);
                """)
        }
        migrator.registerMigration("v2-answers") { db in
            try db.execute(sql: """
                CREATE TABLE case_answer (
                    case_number TEXT NOT NULL REFERENCES bereavement_case(number),
                    question TEXT NOT NULL,
                    answer TEXT NOT NULL,
                    answered_at TEXT NOT NULL,
                    clerk TEXT NOT NULL,
                    PRIMARY KEY (case_number, question)
                );
                """)
        }
        return migrator
    }

    // MARK: - Open

    /// Stores a new case for `checklist`, every item 未着手, and journals `case_opened`
    /// (`BereavementCaseStoring.open`).
    public func open(checklist: BereavementChecklist, applicantID: String?, clerk: String) throws -> BereavementCase {
        let now = clock.now()
        let stamp = JournalTimestamp.format(now)
        let prefix = BereavementCase.numberPrefix(openedAt: now)
        let facts = checklist.facts
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try write { db in
            let count = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM bereavement_case WHERE number LIKE ?",
                                         arguments: [prefix + "%"]) ?? 0
            let number = BereavementCase.number(prefix: prefix, after: count)
            try db.execute(sql: """
                INSERT INTO bereavement_case (number, deceased_id, deceased_name, date_of_death, known_date, funeral_date, applicant_id,
                                              opened_at, opened_by)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [number, facts.deceased.id, facts.deceased.name, facts.dateOfDeath.iso,
                                 facts.knownDate == facts.dateOfDeath ? nil : facts.knownDate.iso,
                                 facts.funeralDate?.iso, applicantID, stamp, clerk])
            for (position, item) in checklist.items.enumerated() {
                let json = String(decoding: try encoder.encode(item), as: UTF8.self)
                try db.execute(sql: """
                    INSERT INTO case_item (case_number, item_id, position, item_json, status) VALUES (?, ?, ?, ?, ?)
                    """, arguments: [number, item.id, position, json, CaseItemStatus.todo.rawValue])
            }
            try Self.storeAnswers(facts.answers, number: number, stamp: stamp, clerk: clerk, db)
            _ = try journal?.append(.caseOpened, clerk: clerk,
                                    fields: BereavementCase.openedFields(number: number, checklist: checklist, applicantID: applicantID))
            return try Self.fetch(number, db)
        }
    }

    // MARK: - Read

    /// The case with `number` (resume another day).
    public func load(number: String) throws -> BereavementCase {
        try read { db in try Self.fetch(number, db) }
    }

    /// Case numbers for a deceased, oldest first.
    public func cases(deceasedID: String) throws -> [String] {
        try read { db in
            try String.fetchAll(db, sql: "SELECT number FROM bereavement_case WHERE deceased_id = ? ORDER BY opened_at, number",
                                arguments: [deceasedID])
        }
    }

    /// Every status change of a case, oldest first.
    public func history(number: String) throws -> [CaseStatusChange] {
        try read { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM bereavement_case WHERE number = ?", arguments: [number]) == true else {
                throw BereavementCaseError.noSuchCase(number: number)
            }
            return try Row.fetchAll(db, sql: """
                SELECT item_id, from_status, to_status, changed_at, clerk FROM case_item_history WHERE case_number = ? ORDER BY id
                """, arguments: [number]).map { row in
                CaseStatusChange(caseNumber: number, itemID: row["item_id"],
                                 from: CaseItemStatus(rawValue: row["from_status"]) ?? .todo,
                                 to: CaseItemStatus(rawValue: row["to_status"]) ?? .todo,
                                 at: JournalTimestamp.parse(row["changed_at"]) ?? Date(timeIntervalSince1970: 0),
                                 clerk: row["clerk"])
            }
        }
    }

    // MARK: - Update

    /// Sets one item's status (`BereavementCaseStoring.setStatus`); the write transaction
    /// makes the check against `seen` and the change one step.
    @discardableResult
    public func setStatus(_ status: CaseItemStatus, item itemID: String, number: String, clerk: String,
                          seen: CaseItemStatus?) throws -> BereavementCase {
        let stamp = JournalTimestamp.format(clock.now())
        return try write { db in
            let current = try Self.fetch(number, db)
            guard let item = current.item(itemID) else {
                throw BereavementCaseError.noSuchItem(number: number, item: itemID, known: current.items.map(\.item.id))
            }
            guard item.status != status else { return current }
            try BereavementCase.checkUnchanged(item, seen: seen, target: status, number: number)
            try db.execute(sql: "UPDATE case_item SET status = ?, changed_at = ?, changed_by = ? WHERE case_number = ? AND item_id = ?",
                           arguments: [status.rawValue, stamp, clerk, number, itemID])
            try db.execute(sql: """
                INSERT INTO case_item_history (case_number, item_id, from_status, to_status, changed_at, clerk) VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [number, itemID, item.status.rawValue, status.rawValue, stamp, clerk])
            _ = try journal?.append(.caseItemStatus, clerk: clerk,
                                    fields: BereavementCase.statusFields(number: number, item: itemID, from: item.status, to: status))
            return try Self.fetch(number, db)
        }
    }

    /// Stores the family's answers and brings the items in line (`BereavementCaseStoring.answer`);
    /// the write transaction makes reading the case and changing it one step.
    @discardableResult
    public func answer(_ answers: [String: String], number: String, checklist: BereavementChecklist,
                       clerk: String) throws -> BereavementCase {
        let stamp = JournalTimestamp.format(clock.now())
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try write { db in
            let current = try Self.fetch(number, db)
            let changed = answers.filter { current.answers[$0.key] != $0.value }
            guard !changed.isEmpty else { return current }
            try Self.storeAnswers(changed, number: number, stamp: stamp, clerk: clerk, db)
            let plan = BereavementCase.AnswerPlan(current: current, checklist: checklist)
            for item in plan.rewritten {
                try db.execute(sql: "UPDATE case_item SET item_json = ? WHERE case_number = ? AND item_id = ?",
                               arguments: [String(decoding: try encoder.encode(item), as: UTF8.self), number, item.id])
            }
            for id in plan.removed {
                try db.execute(sql: "DELETE FROM case_item WHERE case_number = ? AND item_id = ?", arguments: [number, id])
            }
            for item in plan.added {
                try db.execute(sql: "INSERT INTO case_item (case_number, item_id, position, item_json, status) VALUES (?, ?, ?, ?, ?)",
                               arguments: [number, item.id, 0, String(decoding: try encoder.encode(item), as: UTF8.self),
                                           CaseItemStatus.todo.rawValue])
            }
            for (position, id) in plan.order.enumerated() {
                try db.execute(sql: "UPDATE case_item SET position = ? WHERE case_number = ? AND item_id = ?",
                               arguments: [position, number, id])
            }
            _ = try journal?.append(.caseAnswers, clerk: clerk,
                                    fields: BereavementCase.answersFields(number: number, subject: current.deceasedID, answers: changed, plan: plan))
            return try Self.fetch(number, db)
        }
    }

    // MARK: - Helpers

    private static func storeAnswers(_ answers: [String: String], number: String, stamp: String, clerk: String, _ db: Database) throws {
        for (key, value) in answers.sorted(by: { $0.key < $1.key }) {
            try db.execute(sql: """
                INSERT INTO case_answer (case_number, question, answer, answered_at, clerk) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT(case_number, question) DO UPDATE SET answer = excluded.answer, answered_at = excluded.answered_at,
                    clerk = excluded.clerk
                """, arguments: [number, key, value, stamp, clerk])
        }
    }

    private static func fetch(_ number: String, _ db: Database) throws -> BereavementCase {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM bereavement_case WHERE number = ?", arguments: [number]) else {
            throw BereavementCaseError.noSuchCase(number: number)
        }
        let decoder = JSONDecoder()
        let items = try Row.fetchAll(db, sql: "SELECT * FROM case_item WHERE case_number = ? ORDER BY position", arguments: [number])
            .map { r -> BereavementCase.Item in
                let json: String = r["item_json"]
                let item = try decoder.decode(ChecklistItem.self, from: Data(json.utf8))
                let changedAt: String? = r["changed_at"]
                return BereavementCase.Item(item: item, status: CaseItemStatus(rawValue: r["status"]) ?? .todo,
                                            changedAt: changedAt.flatMap(JournalTimestamp.parse), changedBy: r["changed_by"])
            }
        let date = { (column: String) -> CivilDate? in (row[column] as String?).flatMap { CivilDate(iso: $0) } }
        var answers: [String: String] = [:]
        for r in try Row.fetchAll(db, sql: "SELECT question, answer FROM case_answer WHERE case_number = ?", arguments: [number]) {
            answers[r["question"]] = r["answer"]
        }
        var found = BereavementCase(number: number, deceasedID: row["deceased_id"], deceasedName: row["deceased_name"], dateOfDeath: date("date_of_death")!,
                               knownDate: date("known_date"), funeralDate: date("funeral_date"), applicantID: row["applicant_id"],
                               openedAt: JournalTimestamp.parse(row["opened_at"]) ?? Date(timeIntervalSince1970: 0),
                               openedBy: row["opened_by"], items: items)
        found.answers = answers
        return found
    }

    private func write<T>(_ body: (Database) throws -> T) throws -> T {
        do { return try queue.write(body) } catch let error as BereavementCaseError { throw error } catch let error as JournalError {
            throw error
        } catch {
            throw BereavementCaseError.storage(reason: CounterMessage.reason(for: error))
        }
    }

    private func read<T>(_ body: (Database) throws -> T) throws -> T {
        do { return try queue.read(body) } catch let error as BereavementCaseError { throw error } catch {
            throw BereavementCaseError.storage(reason: CounterMessage.reason(for: error))
        }
    }
}
