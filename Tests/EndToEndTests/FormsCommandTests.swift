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

    /// A copy of the shipped Forms/ to break; removed by the caller.
    func formsCopy() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("forms-e2e-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: URL(fileURLWithPath: Self.formsDirectory), to: dir)
        return dir
    }

    @Test func checkReportsFileAndLineAndExitsOne() throws {
        let dir = try formsCopy()
        defer { try? FileManager.default.removeItem(at: dir) }
        try "id: a\ntitle: 試験\ndepartment: 市民課\nfee: 0\nfields:\n  - key: n\n    label: 氏名\n    source: subject.nmae\n"
            .write(to: dir.appendingPathComponent("procedures/a.yaml"), atomically: true, encoding: .utf8)
        try "id: b\ndepartment: 市民課\nfee: 0\nsource: 試験\nchecked: 2026-12-02\nfields:\n  - key: n\n    label: 氏名\n    source: subject.name\n"
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

    @Test func checkCoversBereavementRulesAndPaymentMethods() throws {
        let dir = try formsCopy()
        defer { try? FileManager.default.removeItem(at: dir) }
        // A rule whose department is not on the walking order, and a payment method without brands.
        let rule = dir.appendingPathComponent("bereavement/suido.yaml")
        try String(contentsOf: rule, encoding: .utf8).replacingOccurrences(of: "department: 水道局", with: "department: 水道部")
            .write(to: rule, atomically: true, encoding: .utf8)
        let methods = dir.appendingPathComponent("payment-methods.yaml")
        try String(contentsOf: methods, encoding: .utf8)
            .replacingOccurrences(of: "    brands: [VISA, Mastercard, JCB, AMEX, Diners]\n", with: "    brand: [VISA]\n")
            .write(to: methods, atomically: true, encoding: .utf8)
        let result = try Binary.run(["forms", "check", dir.path])
        #expect(result.status == 1)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("bereavement/suido.yaml:4: ") && $0.contains("水道部") }, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("payment-methods.yaml:15: ") && $0.contains("brand") }, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("payment-methods.yaml:13: ") && $0.contains("brands") }, "\(lines)")
        #expect(lines.allSatisfy { $0.range(of: #"^[a-z_/\-]+\.yaml:\d+: "#, options: .regularExpression) != nil }, "\(lines)")
        // okuyami rules still checks the bereavement part alone.
        let rules = try Binary.run(["okuyami", "rules", dir.path])
        #expect(rules.status == 1)
        #expect(rules.stderr.contains("bereavement/suido.yaml:4: "))
        #expect(!rules.stderr.contains("payment-methods.yaml"))
    }

    @Test func checkCoversTheReviewRules() throws {
        let dir = try formsCopy()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("review-rules.yaml")
        let shipped = try String(contentsOf: file, encoding: .utf8)
        let broken = shipped.replacingOccurrences(of: "    residents: 20\n", with: "    residents: 0\n")
        #expect(broken != shipped)
        try broken.write(to: file, atomically: true, encoding: .utf8)
        let line = shipped.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0 == "    residents: 20" }.map { $0 + 1 }
        let result = try Binary.run(["forms", "check", dir.path])
        #expect(result.status == 1)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 1, "\(result.stdout)")
        #expect(lines.first?.hasPrefix("review-rules.yaml:\(try #require(line)): ") == true, "\(lines)")
        #expect(lines.first?.contains("1 以上 10000 以下") == true, "\(lines)")
    }

    @Test func checkReportsMissingParts() throws {
        let dir = try formsCopy()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.removeItem(at: dir.appendingPathComponent("payment-methods.yaml"))
        try FileManager.default.removeItem(at: dir.appendingPathComponent("bereavement"))
        let result = try Binary.run(["forms", "check", dir.path])
        #expect(result.status == 1)
        #expect(result.stdout.contains("payment-methods.yaml:0: "))
        #expect(result.stdout.contains("bereavement:0: "))
    }
}
