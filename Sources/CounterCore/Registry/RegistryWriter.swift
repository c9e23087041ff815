import GRDB
import GRDBSQLite

/// Writes residents and their search keys into a registry file being built, binding values
/// straight through SQLite's C interface: an import writes a whole register, and building
/// GRDB's argument arrays cost more than SQLite's own work. Search keys go in many rows per
/// statement (six or so per resident); `finishKeys` writes the ones still held, before commit.
final class RegistryWriter {
    private let db: Database
    private let resident: Statement
    private let key: Statement
    private let keys: Statement
    private static let keysPerStatement = 64
    private var pending: [(bucket: Int, key: String, rid: Int64)] = []

    init(_ db: Database) throws {
        self.db = db
        resident = try db.makeStatement(sql: RegistrySchema.insertResidentSQL)
        key = try db.makeStatement(sql: RegistrySchema.insertKeySQL)
        keys = try db.makeStatement(sql: "INSERT INTO name_key (bucket, key, rid) VALUES "
            + Array(repeating: "(?, ?, ?)", count: Self.keysPerStatement).joined(separator: ", "))
        pending.reserveCapacity(Self.keysPerStatement)
    }

    /// Inserts `r` as row `rid`; false when a resident with its 宛名番号 is already there.
    func insert(_ r: Resident, rid: Int64, line: Int) throws -> Bool {
        let s = resident.sqliteStatement
        var i: Int32 = 0
        func int(_ value: Int?) {
            i += 1
            if let value { sqlite3_bind_int64(s, i, Int64(value)) } else { sqlite3_bind_null(s, i) }
        }
        func text(_ value: String?) {
            i += 1
            guard var value else { sqlite3_bind_null(s, i); return }
            Self.bind(&value, to: s, at: i)
        }
        int(Int(rid)); text(r.id); text(r.householdID); text(r.name); text(r.kana); text(r.formerSurname)
        int(r.birthdate.dayNumber); int(r.sex.rawValue); text(r.relationship); int(HouseholdOrder.rank(r.relationship))
        text(r.postalCode); text(r.address); text(r.addressDetail); text(r.honseki); text(r.hittousha)
        int(r.residentSince?.dayNumber); int(r.status.rawValue); int(r.statusDate?.dayNumber); int(r.supportMeasure ? 1 : 0)
        text(RegistrySchema.membershipText(r.memberships)); int(line); text(r.alias); int(r.birthEra?.rawValue)
        text(r.birthdateText); text(r.residentSinceText); text(r.statusDateText)
        precondition(i == sqlite3_bind_parameter_count(s), "insertResidentSQL and RegistryWriter.insert disagree")
        try step(s)
        return sqlite3_changes(db.sqliteConnection) > 0
    }

    /// Inserts the search keys of resident `rid` (some are held until `finishKeys`).
    func insertKeys<Keys: Sequence<String>>(_ keys: Keys, bucket: Int, rid: Int64) throws {
        for key in keys {
            pending.append((bucket, key, rid))
            if pending.count == Self.keysPerStatement {
                try write(pending, with: self.keys)
                pending.removeAll(keepingCapacity: true)
            }
        }
    }

    /// Writes the keys still held.
    func finishKeys() throws {
        for row in pending { try write([row], with: key) }
        pending.removeAll(keepingCapacity: true)
    }

    private func write(_ rows: [(bucket: Int, key: String, rid: Int64)], with statement: Statement) throws {
        let s = statement.sqliteStatement
        for (n, row) in rows.enumerated() {
            let i = Int32(n * 3)
            var key = row.key
            sqlite3_bind_int64(s, i + 1, Int64(row.bucket))
            Self.bind(&key, to: s, at: i + 2)
            sqlite3_bind_int64(s, i + 3, row.rid)
        }
        try step(s)
    }

    private func step(_ s: OpaquePointer) throws {
        let code = sqlite3_step(s)
        sqlite3_reset(s)
        sqlite3_clear_bindings(s)
        guard code == SQLITE_DONE else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
        }
    }

    private static func bind(_ value: inout String, to s: OpaquePointer, at i: Int32) {
        value.withUTF8 { b in
            if let base = b.baseAddress {
                _ = base.withMemoryRebound(to: CChar.self, capacity: b.count) { sqlite3_bind_text(s, i, $0, Int32(b.count), transient) }
            } else {
                _ = sqlite3_bind_text(s, i, "", 0, transient)  // empty text, not NULL
            }
        }
    }

    /// SQLite copies the bound text (the Swift string's buffer is only lent for the call).
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}
