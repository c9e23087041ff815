@testable import CounterCore
import Foundation
import Testing

@Suite struct FormsIssuanceTests {
    let juminhyoValues = ["certificate_kind": "住民票の写し", "scope": "世帯全員", "item_head_relation": "記載する",
                          "item_honseki": "記載しない", "item_my_number": "記載する", "item_juminhyo_code": "記載しない",
                          "copies": "2", "purpose": "1234 5678 9018"]

    func juminhyo(_ context: CaseContext) throws -> FilledForm {
        Prefill.fill(try #require(ShippedForms.library.form(id: "juminhyo")), in: context)
    }

    @Test func printedRecordHoldsFormSubjectItemsCopiesAndNoNumber() throws {
        let filled = try juminhyo(FormsFixtures.context(entered: juminhyoValues))
        try withJournalDirectory { dir in
            let journal = try Journal.open(directory: dir, terminalID: "mado-01", mode: .live, clock: morningClock())
            defer { journal.close() }
            try FormIssuance.record(filled, in: journal, clerk: "k001")
            let records = try JournalReader(directory: dir, date: november25).records(types: [.formPrinted])
            #expect(records.count == 1)
            let fields = try #require(records.first?.fields)
            #expect(fields["form"] == "juminhyo")
            #expect(fields["subject"] == "100001")
            #expect(fields["copies"] == 2)
            #expect(fields["total_fee"] == 600)
            #expect(fields["items"]?["item_my_number"] == "記載する")
            #expect(fields["items"]?["scope"] == "世帯全員")
            #expect(fields["items"]?["purpose"] == nil)
            #expect(records.first?.clerk == "k001")
        }
    }

    @Test func ineligibleFormIsNotRecorded() throws {
        let filled = try juminhyo(FormsFixtures.context(subject: FormsFixtures.protected))
        try withJournalDirectory { dir in
            let journal = try Journal.open(directory: dir, terminalID: "mado-01", mode: .live, clock: morningClock())
            defer { journal.close() }
            #expect(throws: FormIssuanceError.notEligible(reasons: [.supportMeasure])) {
                try FormIssuance.record(filled, in: journal, clerk: "k001")
            }
            #expect(try JournalReader(directory: dir, date: november25).records(types: [.formPrinted]).isEmpty)
        }
    }

    @Test func jsonReportHasTheDocumentedShape() throws {
        let filled = try juminhyo(FormsFixtures.context(requester: .declared(.agent), entered: juminhyoValues))
        let json = try FilledFormReport(filled).json()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["form"] as? String == "juminhyo")
        #expect(object["title"] as? String == "住民票の写し等交付請求書")
        #expect(object["fee"] as? Int == 300)
        let eligible = try #require(object["eligible"] as? [String: Any])
        #expect(eligible["ok"] as? Bool == false)
        #expect((eligible["reasons"] as? [String])?.first?.contains("委任状") == true)
        let fields = try #require(object["fields"] as? [[String: Any]])
        let name = try #require(fields.first { $0["key"] as? String == "subject_name" })
        #expect(name["value"] as? String == "山田 太郎")
        #expect(name["source"] as? String == "registry")
        #expect(name["required"] as? Bool == true)
        #expect(name["missing"] as? Bool == false)
        let signature = try #require(fields.first { $0["key"] as? String == "signature" })
        #expect(signature["value"] is NSNull)
        #expect(signature["source"] as? String == "handwritten")
        #expect(!json.contains("9018"))
    }
}
