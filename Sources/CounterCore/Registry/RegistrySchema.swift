import Foundation
import GRDB
import JapaneseKit

/// The SQLite layout of the registry file, and the conversions between rows and `Resident`.
enum RegistrySchema {
    static let version = 1

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
                line INTEGER NOT NULL
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
            """)
    }

    static let insertResidentSQL = """
        INSERT INTO resident (rid, id, household_id, name, kana, former_surname, birth, sex, relationship,
            rel_rank, postal_code, address, address_detail, honseki, hittousha, resident_since, status,
            status_date, support, memberships, line)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT(id) DO NOTHING
        """

    static let insertKeySQL = "INSERT INTO name_key (bucket, key, rid) VALUES (?, ?, ?)"

    static func arguments(_ r: Resident, rid: Int64, line: Int) -> StatementArguments {
        [
            rid, r.id, r.householdID, r.name, r.kana, r.formerSurname, r.birthdate.dayNumber, r.sex.rawValue,
            r.relationship, HouseholdOrder.rank(r.relationship), r.postalCode, r.address, r.addressDetail,
            r.honseki, r.hittousha, r.residentSince?.dayNumber, r.status.rawValue, r.statusDate?.dayNumber,
            r.supportMeasure ? 1 : 0, membershipText(r.memberships), line,
        ]
    }

    /// The search keys of `r`: KanaKey of each name part and of the whole name (spaces
    /// removed), for the kana reading and for the written name.
    static func searchKeys(_ r: Resident) -> Set<String> {
        var keys = Set<String>()
        for text in [r.kana, r.name] {
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
        address_detail, honseki, hittousha, resident_since, status, status_date, support, memberships
        """

    /// A `Resident` from a row selected with `residentColumns` first (read by position:
    /// looking columns up by name costs more than the rest of a search).
    static func resident(_ row: Row) -> Resident {
        let memberships = Set((row[17] as String).split(separator: ",").compactMap { Membership(rawValue: String($0)) })
        return Resident(
            id: row[0], householdID: row[1], name: row[2], kana: row[3],
            formerSurname: row[4], birthdate: CivilDate(dayNumber: row[5]),
            sex: Sex(rawValue: row[6]) ?? .male, relationship: row[7], postalCode: row[8],
            address: row[9], addressDetail: row[10], honseki: row[11],
            hittousha: row[12], residentSince: (row[13] as Int?).map(CivilDate.init(dayNumber:)),
            status: ResidentStatus(rawValue: row[14]) ?? .removed,
            statusDate: (row[15] as Int?).map(CivilDate.init(dayNumber:)),
            supportMeasure: (row[16] as Int) != 0, memberships: memberships)
    }
}
