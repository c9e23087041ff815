import Foundation
import GRDB
import JapaneseKit

/// The SQLite layout of the registry file, and the conversions between rows and `Resident`.
enum RegistrySchema {
    /// 2 added 通称, the era and text of dates as recorded, and variant-folded search keys
    /// (`migrate` brings a version 1 file up to date).
    static let version = 2

    /// Tables created before rows are inserted. Secondary indexes come after (`finish`),
    /// which is much faster than maintaining them row by row.
    static func create(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE resident (
                rid INTEGER PRIMARY KEY,
                id TEXT NOT NULL UNIQUE,
                household_id TEXT NOT NULL,
                name TEXT NOT NULL,
                kana TEXT NOT NULL,
                former_surname TEXT,
                birth INTEGER NOT NULL,
                sex INTEGER NOT NULL,
                relationship TEXT NOT NULL,
                rel_rank INTEGER NOT NULL,
                postal_code TEXT NOT NULL,
                address TEXT NOT NULL,
                address_detail TEXT NOT NULL,
                honseki TEXT NOT NULL,
                hittousha TEXT NOT NULL,
                resident_since INTEGER,
                status INTEGER NOT NULL,
                status_date INTEGER,
                support INTEGER NOT NULL,
                memberships TEXT NOT NULL,
                line INTEGER NOT NULL,
                alias TEXT,
                birth_era INTEGER,
                birth_text TEXT,
                resident_since_text TEXT,
                status_date_text TEXT
            );
            -- One row per search key of a resident: kana and kanji of each name part and of the
            -- whole name. bucket 0 = current resident, 1 = moved out, deceased or removed.
            CREATE TABLE name_key (bucket INTEGER NOT NULL, key TEXT NOT NULL, rid INTEGER NOT NULL);
            """)
    }

    static func createIndexes(_ db: Database) throws {
        try db.execute(sql: """
            CREATE INDEX resident_household ON resident(household_id, rel_rank, birth);
            CREATE INDEX resident_birth ON resident(birth, status);
            CREATE INDEX name_key_lookup ON name_key(bucket, key, rid);
            CREATE INDEX resident_id_digits ON resident(ltrim(id, '0'));
            """)
    }

    /// The schema version of an open registry file (1 when it has no `schema` entry).
    static func storedVersion(_ db: Database) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'schema'") ?? 1
    }

    /// Brings a version 1 registry to version 2: the new columns (empty, as a version 1 import
    /// knew nothing of them), search keys rebuilt with variant kanji folded, the index that
    /// finds a 宛名番号 typed without its leading zeros.
    static func migrate(_ db: Database) throws {
        guard try storedVersion(db) < version else { return }
        for column in ["alias TEXT", "birth_era INTEGER", "birth_text TEXT", "resident_since_text TEXT", "status_date_text TEXT"] {
            try db.execute(sql: "ALTER TABLE resident ADD COLUMN \(column)")
        }
        try db.execute(sql: "DELETE FROM name_key")
        let insertKey = try db.makeStatement(sql: insertKeySQL)
        let rows = try Row.fetchCursor(db, sql: "SELECT rid, \(residentColumns) FROM resident")
        while let row = try rows.next() {
            let rid: Int64 = row[0]
            let r = resident(row, from: 1)
            for key in searchKeys(r) {
                insertKey.setUncheckedArguments([bucket(r.status), key, rid])
                try insertKey.execute()
            }
        }
        try db.execute(sql: "CREATE INDEX IF NOT EXISTS resident_id_digits ON resident(ltrim(id, '0'))")
        try db.execute(sql: "INSERT OR REPLACE INTO meta (key, value) VALUES ('schema', ?)", arguments: [version])
    }

    static let insertResidentSQL = """
        INSERT INTO resident (rid, id, household_id, name, kana, former_surname, birth, sex, relationship,
            rel_rank, postal_code, address, address_detail, honseki, hittousha, resident_since, status,
            status_date, support, memberships, line, alias, birth_era, birth_text, resident_since_text, status_date_text)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT(id) DO NOTHING
        """

    static let insertKeySQL = "INSERT INTO name_key (bucket, key, rid) VALUES (?, ?, ?)"

    static func arguments(_ r: Resident, rid: Int64, line: Int) -> StatementArguments {
        [
            rid, r.id, r.householdID, r.name, r.kana, r.formerSurname, r.birthdate.dayNumber, r.sex.rawValue,
            r.relationship, HouseholdOrder.rank(r.relationship), r.postalCode, r.address, r.addressDetail,
            r.honseki, r.hittousha, r.residentSince?.dayNumber, r.status.rawValue, r.statusDate?.dayNumber,
            r.supportMeasure ? 1 : 0, membershipText(r.memberships), line, r.alias, r.birthEra?.rawValue, r.birthdateText,
            r.residentSinceText, r.statusDateText,
        ]
    }

    /// The search keys of `r`: KanaKey of each name part and of the whole name (spaces
    /// removed), for the kana reading, the written name and the 通称; variant kanji folded.
    static func searchKeys(_ r: Resident) -> Set<String> {
        var keys = Set<String>()
        for text in [r.kana, r.name, r.alias ?? ""] where !text.isEmpty {
            let folded = ResidentRowParser.kanaKey(text)
            let parts = folded.split(separator: " ")
            for part in parts { keys.insert(String(part)) }
            keys.insert(parts.joined())
        }
        keys.remove("")
        return keys
    }

    static func bucket(_ status: ResidentStatus) -> Int { status == .current ? 0 : 1 }

    static func membershipText(_ set: Set<Membership>) -> String {
        Membership.allCases.filter(set.contains).map(\.rawValue).joined(separator: ",")
    }

    static let residentColumns = """
        id, household_id, name, kana, former_surname, birth, sex, relationship, postal_code, address,
        address_detail, honseki, hittousha, resident_since, status, status_date, support, memberships,
        alias, birth_era, birth_text, resident_since_text, status_date_text
        """

    /// Number of columns in `residentColumns`.
    static let residentColumnCount = 23

    /// A `Resident` from a row selected with `residentColumns` first (read by position:
    /// looking columns up by name costs more than the rest of a search).
    static func resident(_ row: Row) -> Resident { resident(row, from: 0) }

    /// A `Resident` from the `residentColumns` of `row` starting at position `o`.
    static func resident(_ row: Row, from o: Int) -> Resident {
        let memberships = Set((row[o + 17] as String).split(separator: ",").compactMap { Membership(rawValue: String($0)) })
        // A version 1 file being migrated has no 通称 or recorded-date columns yet.
        let extended = row.count >= o + residentColumnCount
        return Resident(
            id: row[o], householdID: row[o + 1], name: row[o + 2], kana: row[o + 3],
            formerSurname: row[o + 4], birthdate: CivilDate(dayNumber: row[o + 5]),
            sex: Sex(rawValue: row[o + 6]) ?? .male, relationship: row[o + 7], postalCode: row[o + 8],
            address: row[o + 9], addressDetail: row[o + 10], honseki: row[o + 11],
            hittousha: row[o + 12], residentSince: (row[o + 13] as Int?).map(CivilDate.init(dayNumber:)),
            status: ResidentStatus(rawValue: row[o + 14]) ?? .removed,
            statusDate: (row[o + 15] as Int?).map(CivilDate.init(dayNumber:)),
            supportMeasure: (row[o + 16] as Int) != 0, memberships: memberships,
            alias: extended ? row[o + 18] : nil, birthEra: extended ? (row[o + 19] as Int?).flatMap(Era.init(rawValue:)) : nil,
            birthdateText: extended ? row[o + 20] : nil, residentSinceText: extended ? row[o + 21] : nil,
            statusDateText: extended ? row[o + 22] : nil)
    }
}
