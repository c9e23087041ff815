import CounterCore
import Foundation
import JapaneseKit
import PostgresNIO

/// Bereavement cases on the hub: any terminal opens, resumes and updates the same case.
///
/// Each case row carries a version. A status change reads the case, then writes only if the
/// version is still the one read (`UPDATE … WHERE version = v`): when another terminal changed
/// the case meanwhile, the change is retried on what is there now — a mark on another item is
/// kept, a change to the same item since the clerk saw it is refused with a clear message
/// (`BereavementCaseError.conflict`). The acting terminal's journal gets the same records as
/// with `cases.sqlite`, inside the hub's transaction: if the journal refuses, nothing is stored.
public final class HubCaseStore: BereavementCaseStoring, @unchecked Sendable {
    // Safe: `connection` is used and replaced only while holding `lock` (one statement at a time).
    private let lock = NSLock()
    private var connection: HubConnection?
    let endpoint: HubEndpoint
    let clock: any WallClock
    let journal: Journal?
    let terminal: String

    public init(endpoint: HubEndpoint, clock: any WallClock, journal: Journal?, terminal: String) {
        self.endpoint = endpoint
        self.clock = clock
        self.journal = journal
        self.terminal = terminal
    }

    deinit { connection?.close() }

    // MARK: - Open

    public func open(checklist: BereavementChecklist, applicantID: String?, clerk: String) throws -> BereavementCase {
        let now = clock.now()
        let stamp = JournalTimestamp.format(now)
        let prefix = BereavementCase.numberPrefix(openedAt: now)
        let facts = checklist.facts
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = try checklist.items.map { String(decoding: try encoder.encode($0), as: UTF8.self) }
        return try withHub { hub in
            try hub.transaction { () throws(HubError) -> BereavementCase in
                // One number per case, whichever terminals open cases at the same moment.
                try hub.query("SELECT pg_advisory_xact_lock(hashtext(\("hub_case:" + prefix)))")
                let count = try hub.query("SELECT count(*)::int8 FROM hub_case WHERE number LIKE \(prefix + "%")").first
                    .flatMap { try? $0.decode(Int.self) } ?? 0
                let number = BereavementCase.number(prefix: prefix, after: count)
                let known: String? = facts.knownDate == facts.dateOfDeath ? nil : facts.knownDate.iso
                let funeral: String? = facts.funeralDate?.iso
                try hub.query("""
                    INSERT INTO hub_case (number, deceased_id, deceased_name, date_of_death, known_date, funeral_date, applicant_id,
                                          opened_at, opened_by, opened_terminal)
                    VALUES (\(number), \(facts.deceased.id), \(facts.deceased.name), \(facts.dateOfDeath.iso), \(known), \(funeral),
                            \(applicantID), \(stamp), \(clerk), \(terminal))
                    """)
                let ids = checklist.items.map(\.id), positions = Array(checklist.items.indices)
                try hub.query("""
                    INSERT INTO hub_case_item (case_number, item_id, position, item_json, status)
                    SELECT \(number), i, p, j, 'todo' FROM unnest(\(ids)::text[], \(positions)::integer[], \(json)::text[]) AS u(i, p, j)
                    """)
                try storeAnswers(facts.answers, number: number, stamp: stamp, clerk: clerk, hub)
                try journaled(hub) {
                    _ = try journal?.append(.caseOpened, clerk: clerk,
                                            fields: BereavementCase.openedFields(number: number, checklist: checklist, applicantID: applicantID))
                }
                return try fetch(number, hub).case
            }
        }
    }

    // MARK: - Read

    public func load(number: String) throws -> BereavementCase {
        try withHub { hub in try fetch(number, hub).case }
    }

    public func cases(deceasedID: String) throws -> [String] {
        try withHub { hub in
            try hub.query("SELECT number FROM hub_case WHERE deceased_id = \(deceasedID) ORDER BY opened_at, number")
                .compactMap { try? $0.decode(String.self) }
        }
    }

    public func history(number: String) throws -> [CaseStatusChange] {
        try withHub { hub in
            _ = try fetch(number, hub)
            return try hub.query("""
                SELECT item_id, from_status, to_status, changed_at, clerk FROM hub_case_history WHERE case_number = \(number) ORDER BY id
                """).compactMap { row -> CaseStatusChange? in
                guard let (item, from, to, at, clerk) = try? row.decode((String, String, String, String, String).self) else { return nil }
                return CaseStatusChange(caseNumber: number, itemID: item, from: CaseItemStatus(rawValue: from) ?? .todo,
                                        to: CaseItemStatus(rawValue: to) ?? .todo,
                                        at: JournalTimestamp.parse(at) ?? Date(timeIntervalSince1970: 0), clerk: clerk)
            }
        }
    }

    // MARK: - Update

    /// How often a change is tried again after other terminals changed the case meanwhile.
    static let attempts = 20

    @discardableResult
    public func setStatus(_ status: CaseItemStatus, item itemID: String, number: String, clerk: String,
                          seen: CaseItemStatus?) throws -> BereavementCase {
        try withHub { hub in
            var expected = seen
            for _ in 0..<Self.attempts {
                let (current, version) = try fetch(number, hub)
                guard let item = current.item(itemID) else {
                    throw BereavementCaseError.noSuchItem(number: number, item: itemID, known: current.items.map(\.item.id))
                }
                guard item.status != status else { return current }
                try BereavementCase.checkUnchanged(item, seen: expected, target: status, number: number)
                // What this change is based on, if it has to be tried again.
                expected = item.status
                let stamp = JournalTimestamp.format(clock.now())
                let written = try hub.transaction { () throws(HubError) -> Bool in
                    let bumped = try hub.query("""
                        UPDATE hub_case SET version = version + 1 WHERE number = \(number) AND version = \(version) RETURNING version
                        """)
                    guard !bumped.isEmpty else { return false }
                    try hub.query("""
                        UPDATE hub_case_item SET status = \(status.rawValue), changed_at = \(stamp), changed_by = \(clerk)
                        WHERE case_number = \(number) AND item_id = \(itemID)
                        """)
                    try hub.query("""
                        INSERT INTO hub_case_history (case_number, item_id, from_status, to_status, changed_at, clerk, terminal)
                        VALUES (\(number), \(itemID), \(item.status.rawValue), \(status.rawValue), \(stamp), \(clerk), \(terminal))
                        """)
                    try journaled(hub) {
                        _ = try journal?.append(.caseItemStatus, clerk: clerk,
                                                fields: BereavementCase.statusFields(number: number, item: itemID, from: item.status, to: status))
                    }
                    return true
                }
                if written { return try fetch(number, hub).case }
            }
            throw BereavementCaseError.hubUnavailable(reason: "案件 \(number) がほかの窓口で更新され続けています。少し待ってもう一度操作してください")
        }
    }

    /// Stores the family's answers and brings the items in line (`BereavementCaseStoring.answer`).
    /// Like a status change, the write goes through only on the version read; when another
    /// terminal changed the case meanwhile, the plan is made again on what is there now.
    @discardableResult
    public func answer(_ answers: [String: String], number: String, checklist: BereavementChecklist,
                       clerk: String) throws -> BereavementCase {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try withHub { hub in
            for _ in 0..<Self.attempts {
                let (current, version) = try fetch(number, hub)
                let changed = answers.filter { current.answers[$0.key] != $0.value }
                guard !changed.isEmpty else { return current }
                let plan = BereavementCase.AnswerPlan(current: current, checklist: checklist)
                let stamp = JournalTimestamp.format(clock.now())
                let written = try hub.transaction { () throws(HubError) -> Bool in
                    let bumped = try hub.query("""
                        UPDATE hub_case SET version = version + 1 WHERE number = \(number) AND version = \(version) RETURNING version
                        """)
                    guard !bumped.isEmpty else { return false }
                    try storeAnswers(changed, number: number, stamp: stamp, clerk: clerk, hub)
                    for item in plan.rewritten {
                        let json = try itemJSON(item, encoder)
                        try hub.query("UPDATE hub_case_item SET item_json = \(json) WHERE case_number = \(number) AND item_id = \(item.id)")
                    }
                    if !plan.removed.isEmpty {
                        try hub.query("DELETE FROM hub_case_item WHERE case_number = \(number) AND item_id = ANY(\(plan.removed)::text[])")
                    }
                    for item in plan.added {
                        let json = try itemJSON(item, encoder)
                        let position = plan.order.firstIndex(of: item.id) ?? 0
                        try hub.query("""
                            INSERT INTO hub_case_item (case_number, item_id, position, item_json, status)
                            VALUES (\(number), \(item.id), \(position), \(json), 'todo')
                            """)
                    }
                    let positions = Array(plan.order.indices)
                    try hub.query("""
                        UPDATE hub_case_item SET position = u.p FROM unnest(\(plan.order)::text[], \(positions)::integer[]) AS u(i, p)
                        WHERE case_number = \(number) AND item_id = u.i
                        """)
                    try journaled(hub) {
                        _ = try journal?.append(.caseAnswers, clerk: clerk,
                                                fields: BereavementCase.answersFields(number: number, subject: current.deceasedID,
                                                                                      answers: changed, plan: plan))
                    }
                    return true
                }
                if written { return try fetch(number, hub).case }
            }
            throw BereavementCaseError.hubUnavailable(reason: "案件 \(number) がほかの窓口で更新され続けています。少し待ってもう一度操作してください")
        }
    }

    // MARK: - Helpers

    /// A later answer to the same question replaces the earlier one.
    private func storeAnswers(_ answers: [String: String], number: String, stamp: String, clerk: String,
                              _ hub: HubConnection) throws(HubError) {
        guard !answers.isEmpty else { return }
        let keys = answers.keys.sorted(), values = keys.map { answers[$0]! }
        try hub.query("""
            INSERT INTO hub_case_answer (case_number, question, answer, answered_at, clerk, terminal)
            SELECT \(number), q, a, \(stamp), \(clerk), \(terminal) FROM unnest(\(keys)::text[], \(values)::text[]) AS u(q, a)
            ON CONFLICT (case_number, question) DO UPDATE SET answer = excluded.answer, answered_at = excluded.answered_at,
                clerk = excluded.clerk, terminal = excluded.terminal
            """)
    }

    private func itemJSON(_ item: ChecklistItem, _ encoder: JSONEncoder) throws(HubError) -> String {
        do { return String(decoding: try encoder.encode(item), as: UTF8.self) } catch {
            throw .server("手続「\(item.id)」を保存できる形にできません")
        }
    }

    /// The journal's refusal (a card number in a field, a broken disk) rolls the hub back.
    private func journaled(_ hub: HubConnection, _ body: () throws -> Void) throws(HubError) {
        do { try body() } catch { throw .journal(CounterMessage.text(for: error)) }
    }

    private func fetch(_ number: String, _ hub: HubConnection) throws(HubError) -> (case: BereavementCase, version: Int) {
        guard let row = try hub.query("""
            SELECT deceased_id, deceased_name, date_of_death, known_date, funeral_date, applicant_id, opened_at, opened_by, version
            FROM hub_case WHERE number = \(number)
            """).first else { throw .noSuchCase(number) }
        guard let (deceasedID, name, death, known, funeral, applicant, openedAt, openedBy, version) =
                try? row.decode((String, String, String, String?, String?, String?, String, String, Int).self),
              let dateOfDeath = CivilDate(iso: death) else { throw .server("hub_case の行を読めません") }
        let decoder = JSONDecoder()
        var items: [BereavementCase.Item] = []
        for r in try hub.query("""
            SELECT item_json, status, changed_at, changed_by FROM hub_case_item WHERE case_number = \(number) ORDER BY position
            """) {
            guard let (json, status, changedAt, changedBy) = try? r.decode((String, String, String?, String?).self),
                  let item = try? decoder.decode(ChecklistItem.self, from: Data(json.utf8)) else {
                throw .server("hub_case_item の行を読めません")
            }
            items.append(BereavementCase.Item(item: item, status: CaseItemStatus(rawValue: status) ?? .todo,
                                              changedAt: changedAt.flatMap(JournalTimestamp.parse), changedBy: changedBy))
        }
        var answers: [String: String] = [:]
        for r in try hub.query("SELECT question, answer FROM hub_case_answer WHERE case_number = \(number)") {
            guard let (question, answer) = try? r.decode((String, String).self) else { throw .server("hub_case_answer の行を読めません") }
            answers[question] = answer
        }
        var found = BereavementCase(number: number, deceasedID: deceasedID, deceasedName: name, dateOfDeath: dateOfDeath,
                                    knownDate: known.flatMap(CivilDate.init(iso:)), funeralDate: funeral.flatMap(CivilDate.init(iso:)),
                                    applicantID: applicant, openedAt: JournalTimestamp.parse(openedAt) ?? Date(timeIntervalSince1970: 0),
                                    openedBy: openedBy, items: items)
        found.answers = answers
        return (found, version)
    }

    /// Runs `body` over the store's connection (opened, or opened again after a loss), and
    /// words what the hub throws as the case store's errors.
    private func withHub<T>(_ body: (HubConnection) throws -> T) throws -> T {
        try lock.withLock {
            do {
                if connection == nil || connection!.isClosed {
                    let hub = try HubConnection.open(endpoint)
                    try HubSchema.require(hub)
                    connection = hub
                }
                return try body(connection!)
            } catch let error as HubError {
                switch error {
                case .noSuchCase(let number): throw BereavementCaseError.noSuchCase(number: number)
                case .journal(let message): throw BereavementCaseError.storage(reason: message)
                case .unreachable(let reason):
                    connection?.close()
                    connection = nil
                    throw BereavementCaseError.hubUnavailable(reason: reason)
                default: throw BereavementCaseError.hubUnavailable(reason: error.message)
                }
            }
        }
    }
}
