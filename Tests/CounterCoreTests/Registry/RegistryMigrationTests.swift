import CounterCore
import Foundation
import GRDB
import Testing

/// A registry imported by the previous version (schema 1) still opens, and gains what the new
/// one knows: variant-folded search keys, 宛名番号 without leading zeros.
@Suite struct RegistryMigrationTests {
    @Test func aVersionOneRegistryOpensAndSearchesWithFoldedKeys() throws {
        let dir = TempDir()
        try Fixture.importBaseline(dir)
        let url = ResidentRegistry.databaseURL(dataDirectory: dir.data)
        // Make the file as version 1 wrote it: no new columns or index, keys not folded.
        let db = try DatabaseQueue(path: url.path)
        try db.write { db in
            try db.execute(sql: "DROP INDEX resident_id_digits")
            for column in ["alias", "birth_era", "birth_text", "resident_since_text", "status_date_text"] {
                try db.execute(sql: "ALTER TABLE resident DROP COLUMN \(column)")
            }
            try db.execute(sql: "UPDATE name_key SET key = replace(key, '高', '髙')")
            try db.execute(sql: "UPDATE meta SET value = '1' WHERE key = 'schema'")
        }
        try db.close()
        let trail = try AccessTrail(dir)
        let registry = try ResidentRegistry(dataDirectory: dir.data, accessLog: trail.log)
        let found = try registry.search("高橋", clerk: "k1").map(\.id)
        #expect(found == ["1004"], "\(found)")
        #expect(try registry.search("髙橋", clerk: "k1").map(\.id) == ["1004"])
        #expect(try registry.resident(id: "1001", clerk: "k1").alias == nil)
        let version = try DatabaseQueue(path: url.path).read { try String.fetchOne($0, sql: "SELECT value FROM meta WHERE key = 'schema'") }
        #expect(version == "2")
    }
}
