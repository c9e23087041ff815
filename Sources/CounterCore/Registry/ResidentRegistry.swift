import Foundation
import GRDB
import JapaneseKit

/// The registry cannot answer.
public enum RegistryError: Error, Equatable, Sendable {
    /// No registry has been imported into this data directory.
    case notImported(path: String)
    /// No resident has this 宛名番号.
    case notFound(id: String)
    /// The access record could not be written, so nothing is returned.
    case accessLogFailed(reason: String)
    /// The query holds a card number or a 個人番号: refused, never searched or logged.
    case sensitiveQuery
    case database(String)

    /// Japanese, saying what to do.
    public var message: String {
        switch self {
        case .notImported(let path):
            "住民データがまだ取り込まれていません（\(path)）。"
        case .notFound(let id): "宛名番号 \(id) の住民は見つかりません。番号を確認してください。"
        case .accessLogFailed(let reason):
            "閲覧記録を書き込めないため表示できません（\(reason)）。ジャーナルの保存先を確認し、管理者に連絡してください。"
        case .sensitiveQuery: "個人番号やカード番号では検索できません。氏名・生年月日・宛名番号で検索してください。"
        case .database(let reason): "住民データベースを読めません: \(reason)。取り込み直してください。"
        }
    }
}

/// The counter's copy of the resident register (read-only; replaced whole by an import).
///
/// Every search and every record view writes an access record first; if that write fails,
/// nothing is returned.
public final class ResidentRegistry: Sendable {
    private let queue: DatabaseQueue
    private let accessLog: any AccessLog

    /// `<data-dir>/registry/residents.sqlite`.
    public static func databaseURL(dataDirectory: URL) -> URL {
        dataDirectory.appendingPathComponent("registry").appendingPathComponent("residents.sqlite")
    }

    /// Opens the registry imported into `dataDirectory`.
    public init(dataDirectory: URL, accessLog: any AccessLog) throws(RegistryError) {
        let url = Self.databaseURL(dataDirectory: dataDirectory)
        ResidentImporter.removeStaleTemporaries(live: url)
        guard FileManager.default.fileExists(atPath: url.path) else { throw .notImported(path: url.path) }
        try Self.migrateIfNeeded(url)
        var config = Configuration()
        config.readonly = true
        config.label = "registry"
        do {
            queue = try DatabaseQueue(path: url.path, configuration: config)
            try queue.inDatabase { db in try db.execute(sql: "PRAGMA cache_size = -16384") }
        } catch {
            throw .database(CounterMessage.reason(for: error))
        }
        self.accessLog = accessLog
    }

    // MARK: - Search

    /// Finds residents by what was typed in the one search field (DOMAIN.md §3): kana or kanji
    /// name prefix per name part, a 7-digit 和暦 code, 8-digit 西暦, other 和暦 forms, or a
    /// 宛名番号. Exact matches before prefix matches, current residents first within each;
    /// with `.deceasedFirst` (おくやみ) the deceased come first, latest 異動日 first, and
    /// fill the `limit` before anyone else.
    ///
    /// A query holding a card number or a 個人番号 is refused before anything is searched or
    /// logged, unless it is a registered 宛名番号 (see `SensitiveNumbers`), which is searched
    /// and logged as that 宛名番号.
    public func search(_ query: String, limit: Int = 50, order: SearchOrder = .registry,
                       clerk: String) throws(RegistryError) -> [ResidentSummary] {
        var query = query
        let kind = SearchQuery(query)
        if SensitiveNumbers.firstKind(in: query) != nil {
            guard case .id(let id) = kind, SensitiveNumbers.residentID(id, isRegistered: { (try? fetch(id: $0)) != nil }) == nil else {
                throw .sensitiveQuery
            }
            query = id
        }
        let found: [Resident]
        do {
            found = try queue.read { db in
                guard order == .deceasedFirst else { return try Self.find(kind, limit: max(0, limit), db: db) }
                let deceased = try Self.find(kind, limit: max(0, limit), only: .deceased, db: db)
                let seen = Set(deceased.map(\.id))
                let others = try Self.find(kind, limit: max(0, limit), db: db).filter { !seen.contains($0.id) }
                return deceased + others.prefix(max(0, limit - deceased.count))
            }
        } catch {
            throw .database(CounterMessage.reason(for: error))
        }
        let summaries = order.arranged(found.map(ResidentSummary.init))
        try log(clerk: clerk, ids: summaries.map(\.id), support: summaries.filter(\.supportMeasure).map(\.id), action: .search, query: query)
        return summaries
    }

    /// The record of `id` (access logged first). An unknown id that reads as a card number or
    /// a 個人番号 is refused as `.sensitiveQuery`, neither logged nor echoed.
    public func resident(id: String, clerk: String) throws(RegistryError) -> Resident {
        guard let r = try fetch(id: id) else { throw try notFound(id: id, clerk: clerk) }
        try log(clerk: clerk, ids: [r.id], support: r.supportMeasure ? [r.id] : [], action: .view, query: nil)
        return r
    }

    /// The household of `id` in 続柄 order (世帯主, 妻/夫, 子…, 父母, 孫, その他, 同居人),
    /// without writing an access record: for callers that already logged the view of `id`.
    public func household(of id: String) throws(RegistryError) -> [Resident] {
        guard let r = try fetch(id: id) else { throw .notFound(id: id) }
        do {
            return try queue.read { db in
                try Row.fetchAll(db.cachedStatement(sql: "SELECT \(RegistrySchema.residentColumns) FROM resident WHERE household_id = ? ORDER BY status != 1, rel_rank, birth, id"),
                                 arguments: [r.householdID]).map(RegistrySchema.resident)
            }
        } catch {
            throw .database(CounterMessage.reason(for: error))
        }
    }

    /// A record and its household, one access record listing everyone shown.
    /// `purpose`, when given, is written as the record's `query`: why the record was opened
    /// outside a visit (a supervisor's review of a finding).
    public func residentWithHousehold(id: String, clerk: String,
                                      purpose: String? = nil) throws(RegistryError) -> (resident: Resident, household: [Resident]) {
        guard let r = try fetch(id: id) else { throw try notFound(id: id, clerk: clerk) }
        let members = try household(of: id)
        let shown = [r] + members.filter { $0.id != r.id }
        try log(clerk: clerk, ids: shown.map(\.id), support: shown.filter(\.supportMeasure).map(\.id), action: .view, query: purpose)
        return (r, members)
    }

    /// The current 世帯主 of `householdID`, if any.
    public func head(ofHousehold householdID: String) throws(RegistryError) -> Resident? {
        do {
            return try queue.read { db in
                try Row.fetchOne(db.cachedStatement(sql: "SELECT \(RegistrySchema.residentColumns) FROM resident WHERE household_id = ? AND rel_rank = 0 AND status = 1 ORDER BY birth LIMIT 1"),
                                 arguments: [householdID]).map(RegistrySchema.resident)
            }
        } catch {
            throw .database(CounterMessage.reason(for: error))
        }
    }

    /// 宛名番号 of every resident under 支援措置 (few: the review reads them once).
    public func supportMeasureIDs() throws(RegistryError) -> [String] {
        do { return try queue.read { db in try String.fetchAll(db, sql: "SELECT id FROM resident WHERE support != 0") } } catch {
            throw .database(CounterMessage.reason(for: error))
        }
    }

    /// Number of records (every status).
    public func count() throws(RegistryError) -> Int {
        do { return try queue.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM resident") ?? 0 } } catch {
            throw .database(CounterMessage.reason(for: error))
        }
    }

    /// True when `id` is a 宛名番号 of the registry imported into `dataDirectory` (false when
    /// there is none or it cannot be read): what lets a 宛名番号 field hold 12 or 15 digits
    /// that would otherwise read as a 個人番号 or a card number.
    public static func isRegistered(_ id: String, dataDirectory: URL) -> Bool {
        let url = databaseURL(dataDirectory: dataDirectory)
        guard FileManager.default.fileExists(atPath: url.path) else { return false }
        var config = Configuration()
        config.readonly = true
        guard let queue = try? DatabaseQueue(path: url.path, configuration: config) else { return false }
        return (try? queue.read { db in try Bool.fetchOne(db, sql: "SELECT 1 FROM resident WHERE id = ?", arguments: [id]) }) == true
    }

    // MARK: - Private

    /// Brings a registry imported by an earlier version up to the current schema (in place,
    /// in one transaction: a failure leaves the file as it was).
    private static func migrateIfNeeded(_ url: URL) throws(RegistryError) {
        do {
            var config = Configuration()
            config.readonly = true
            let version = try DatabaseQueue(path: url.path, configuration: config).read(RegistrySchema.storedVersion)
            guard version < RegistrySchema.version else { return }
            let queue = try DatabaseQueue(path: url.path)
            try queue.inTransaction { db in
                try RegistrySchema.migrate(db)
                return .commit
            }
            try queue.close()
        } catch {
            throw .database(CounterMessage.reason(for: error))
        }
    }

    /// The error for a view of an unknown `id`, after logging the attempt; an id that reads as
    /// a card number or a 個人番号 is not a 宛名番号 and is neither logged nor echoed.
    private func notFound(id: String, clerk: String) throws(RegistryError) -> RegistryError {
        guard SensitiveNumbers.firstKind(in: id) == nil else { return .sensitiveQuery }
        try log(clerk: clerk, ids: [], support: [], action: .view, query: id)
        return .notFound(id: id)
    }

    private func log(clerk: String, ids: [String], support: [String], action: AccessAction, query: String?) throws(RegistryError) {
        do {
            try accessLog.recordAccess(clerk: clerk, residentIDs: ids, supportMeasure: support, action: action, query: query)
        } catch JournalError.sensitiveNumber(let field, let kind) {
            throw .accessLogFailed(reason: "\(field == "clerk" ? "職員ID" : field)に\(kind.label)のような数字があります")
        } catch {
            throw .accessLogFailed(reason: CounterMessage.reason(for: error))
        }
    }

    private func fetch(id: String) throws(RegistryError) -> Resident? {
        do {
            return try queue.read { db in
                try Self.byID(id, db: db).first
            }
        } catch {
            throw .database(CounterMessage.reason(for: error))
        }
    }

    /// The resident whose 宛名番号 is `id`; when none is, the one whose 宛名番号 is `id` with
    /// leading zeros added or removed (`1234` finds `0001234`), if exactly one is.
    private static func byID(_ id: String, db: Database) throws -> [Resident] {
        let exact = try Row.fetchAll(db.cachedStatement(sql: "SELECT \(RegistrySchema.residentColumns) FROM resident WHERE id = ?"),
                                     arguments: [id]).map(RegistrySchema.resident)
        guard exact.isEmpty, id.allSatisfy({ $0.isASCII && $0.isNumber }) else { return exact }
        let found = try Row.fetchAll(db.cachedStatement(sql: "SELECT \(RegistrySchema.residentColumns) FROM resident WHERE ltrim(id, '0') = ltrim(?, '0') LIMIT 2"),
                                     arguments: [id]).map(RegistrySchema.resident)
        return found.count == 1 ? found : []
    }

    /// Residents matching `query`, at most `limit`; with `only`, residents of that status alone.
    private static func find(_ query: SearchQuery, limit: Int, only status: ResidentStatus? = nil, db: Database) throws -> [Resident] {
        guard limit > 0 else { return [] }
        let statusFilter = status.map { " AND status = \($0.rawValue)" } ?? ""
        switch query {
        case .empty:
            return []
        case .id(let id):
            return try byID(id, db: db).filter { status == nil || $0.status == status }
        case .birthdate(let date):
            return try Row.fetchAll(db.cachedStatement(sql: "SELECT \(RegistrySchema.residentColumns) FROM resident WHERE birth = ? AND birth_text IS NULL\(statusFilter) ORDER BY status != 1, kana, id LIMIT ?"),
                                    arguments: [date.dayNumber, limit]).map(RegistrySchema.resident)
        case .name(let key):
            var rids: [Int64] = []
            var seen = Set<Int64>()
            func take(_ sql: String, _ arguments: StatementArguments) throws {
                guard rids.count < limit else { return }
                var arguments = arguments
                arguments += [limit - rids.count + 8]
                let found = try Int64.fetchAll(db.cachedStatement(sql: sql + " LIMIT ?"), arguments: arguments)
                var group: [Int64] = []
                for rid in found where seen.insert(rid).inserted { group.append(rid) }
                rids.append(contentsOf: group.prefix(limit - rids.count))
            }
            let upper = key + "\u{10FFFF}"
            // The bucket separates current residents (0) from the rest (1); a status filter
            // joins the record itself.
            let buckets = status.map { [RegistrySchema.bucket($0)] } ?? [0, 1]
            let keys = status == nil ? "name_key" : "name_key JOIN resident USING (rid)"
            for bucket in buckets {
                try take("SELECT rid FROM \(keys) WHERE bucket = ? AND key = ?\(statusFilter) ORDER BY rid", [bucket, key])
            }
            for bucket in buckets {
                try take("SELECT rid FROM \(keys) WHERE bucket = ? AND key > ? AND key < ?\(statusFilter) ORDER BY key, rid",
                         [bucket, key, upper])
            }
            guard !rids.isEmpty else { return [] }
            let marks = rids.map { _ in "?" }.joined(separator: ",")
            let rows = try Row.fetchAll(db.cachedStatement(sql: "SELECT \(RegistrySchema.residentColumns), rid FROM resident WHERE rid IN (\(marks))"),
                                        arguments: StatementArguments(rids))
            var byRid: [Int64: Resident] = [:]
            for row in rows { byRid[row[RegistrySchema.residentColumnCount]] = RegistrySchema.resident(row) }
            return rids.compactMap { byRid[$0] }
        }
    }
}
