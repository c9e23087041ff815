import Foundation
import Testing

@Suite struct RegistryCommandTests {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("registry-cli-\(UUID().uuidString)")

    func path(_ name: String) -> String { dir.appendingPathComponent(name).path }

    @Test func demoDataImportSearchAndResident() throws {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let env = ["MADOGUCHI_DATA_DIR": path("data"), "MADOGUCHI_CLERK": "k0007"]
        let demo = try Binary.run(["demo-data", "--residents", "300", "--seed", "9", "--out", path("r.csv")], environment: env)
        #expect(demo.status == 0)
        let imported = try Binary.run(["import", "residents", path("r.csv")], environment: env)
        #expect(imported.status == 0)
        #expect(imported.stdout.contains("300 人"))
        try TestClerks.write(to: URL(fileURLWithPath: path("data")), terminalID: "mado-01", clerks: ["k0007"])

        let search = try Binary.run(["search", "1000000001", "--json"], environment: env)
        #expect(search.status == 0)
        let array = try #require(try JSONSerialization.jsonObject(with: Data(search.stdout.utf8)) as? [[String: Any]])
        #expect(array.count == 1)
        #expect(Set(array[0].keys) == ["id", "household_id", "name", "kana", "birthdate", "birthdate_wareki", "sex",
                                       "address", "status", "status_date", "relationship"])
        #expect(array[0]["status_date"] is NSNull)
        #expect(array[0]["status"] as? String == "current")

        let record = try Binary.run(["resident", "1000000001"], environment: env)
        #expect(record.status == 0)
        #expect(record.stdout.contains("宛名番号 1000000001"))
        let journal = try FileManager.default.subpathsOfDirectory(atPath: path("data/journal")).filter { $0.hasSuffix(".jsonl") }
        let text = try String(contentsOfFile: path("data/journal/" + journal[0]), encoding: .utf8)
        #expect(text.components(separatedBy: "\"type\":\"access\"").count - 1 == 2)
    }

    @Test func invalidFileIsRefusedWithLineAndColumn() throws {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = "宛名番号,世帯番号,氏名,氏名フリガナ,生年月日,性別,続柄,住民状態\n1,1,山田 太郎,ヤマダ タロウ,平成31年5月1日,1,世帯主,1\n"
        try csv.write(toFile: path("bad.csv"), atomically: true, encoding: .utf8)
        let result = try Binary.run(["import", "residents", path("bad.csv"), "--data-dir", path("data")])
        #expect(result.status == 1)
        #expect(result.stderr.contains("line 2, column 生年月日: 日付「平成31年5月1日」を読めません"))
        #expect(!FileManager.default.fileExists(atPath: path("data/registry/residents.sqlite")))
        try TestClerks.write(to: URL(fileURLWithPath: path("data")), terminalID: "mado-01", clerks: ["k0007"])
        let search = try Binary.run(["search", "やまだ", "--data-dir", path("data"), "--clerk", "k0007"])
        #expect(search.status == 1)
        #expect(search.stderr.contains("import residents"))
    }
}
