import Foundation
import Testing

@Suite struct FormsCommandTests {
    static let formsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Forms").path

    @Test func listJSONHasIdTitleDepartmentFee() throws {
        let result = try Binary.run(["forms", "list", "--json", "--forms", Self.formsDirectory])
        #expect(result.status == 0)
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        #expect(rows.count >= 12)
        let juminhyo = try #require(rows.first { $0["id"] as? String == "juminhyo" })
        #expect(juminhyo["title"] as? String == "住民票の写し等交付請求書")
        #expect(juminhyo["department"] as? String == "市民課")
        #expect(juminhyo["fee"] as? Int == 300)
        #expect(Set(rows.flatMap { $0.keys }) == ["id", "title", "department", "fee"])
    }

    @Test func checkPassesOnTheShippedForms() throws {
        let result = try Binary.run(["forms", "check", Self.formsDirectory])
        #expect(result.status == 0)
        #expect(result.stdout.isEmpty)
    }

    @Test func checkReportsFileAndLineAndExitsOne() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("forms-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("procedures"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "id: a\ntitle: 試験\ndepartment: 市民課\nfee: 0\nfields:\n  - key: n\n    label: 氏名\n    source: subject.nmae\n"
            .write(to: dir.appendingPathComponent("procedures/a.yaml"), atomically: true, encoding: .utf8)
        try "id: b\ndepartment: 市民課\nfee: 0\nfields:\n  - key: n\n    label: 氏名\n    source: subject.name\n"
            .write(to: dir.appendingPathComponent("procedures/b.yaml"), atomically: true, encoding: .utf8)
        let result = try Binary.run(["forms", "check", dir.path])
        #expect(result.status == 1)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        #expect(lines[0].hasPrefix("procedures/a.yaml:8: "))
        #expect(lines[0].contains("subject.nmae"))
        #expect(lines[1].hasPrefix("procedures/b.yaml:1: "))
        #expect(lines[1].contains("title"))
    }
}
