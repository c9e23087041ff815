@testable import CounterCore
import CounterTestSupport
import Foundation
import Testing

@Suite struct PrintingFormTests {
    let printedAt = Date(timeIntervalSince1970: 1_795_566_600) // 2026-11-25 09:30 JST

    func filled(_ id: String, _ context: CaseContext) throws -> FilledForm {
        Prefill.fill(try #require(ShippedForms.library.form(id: id)), in: context)
    }

    @Test func printoutHoldsTheFilledValuesFeeAndFooter() throws {
        let form = try filled("juminhyo", FormsFixtures.context(entered: [
            "certificate_kind": "住民票の写し", "scope": "世帯全員", "item_head_relation": "記載する",
            "item_honseki": "記載しない", "item_my_number": "記載しない", "item_juminhyo_code": "記載しない", "copies": "2",
        ]))
        let text = try PDFText.text(of: FormPrintout.document(for: form, printedAt: printedAt).data())
        for value in ["住民票の写し等交付請求書", "いわき市長", "市民課", "山田 太郎", "ヤマダ タロウ", "昭和25年4月1日",
                      "福島県いわき市平字梅本21番地", "梅本ハイツ101", "世帯全員", "記載する", "令和8年11月25日",
                      "請求者署名", "300円 × 2通 ＝ 600円", "20261125-0007", "2026-11-25 09:30", "窓口 一子"] {
            #expect(text.contains(value), "\(value) not in:\n\(text)")
        }
    }

    @Test func handwrittenBoxesStayEmpty() throws {
        let form = try filled("inkan_toroku", FormsFixtures.context())
        let doc = FormPrintout.document(for: form, printedAt: printedAt)
        let text = try PDFText.text(of: doc.data())
        // The label is printed, the hint is printed, no value is.
        #expect(text.contains("登録する印鑑（押印）"))
        #expect(text.contains("ご本人が記入してください"))
        #expect(form.field("signature")?.value == nil)
        #expect(text.contains("無料"))
    }

    @Test func conditionalFieldsThatDoNotApplyAreLeftOut() throws {
        let own = try filled("juminhyo", FormsFixtures.context())
        #expect(own.field("ininjo")?.applies == false)
        let ownText = try PDFText.text(of: FormPrintout.document(for: own, printedAt: printedAt).data())
        #expect(!ownText.contains("委任状"))
        #expect(!ownText.contains("請求の理由"))
        let agent = try filled("juminhyo", FormsFixtures.context(requester: .declared(.agent), entered: ["ininjo": "あり"]))
        #expect(agent.field("ininjo")?.applies == true)
        let agentText = try PDFText.text(of: FormPrintout.document(for: agent, printedAt: printedAt).data())
        #expect(agentText.contains("委任状"))
        #expect(!agentText.contains("請求の理由"))
    }

    @Test func longFormsContinueOnANewPage() throws {
        var fields: [FormField] = []
        for n in 1...40 {
            fields.append(FormField(key: "f\(n)", label: "項目\(n)", source: .constant("値\(n)")))
        }
        let definition = FormDefinition(id: "long", title: "長い帳票", department: "市民課", fee: 0, fields: fields)
        let form = Prefill.fill(definition, in: FormsFixtures.context())
        let doc = FormPrintout.document(for: form, printedAt: printedAt)
        #expect(doc.pages.count == 2)
        let text = try PDFText.text(of: doc.data())
        let pages = text.split(separator: "\u{0C}")
        #expect(pages.count >= 2)
        #expect(pages[0].contains("値1"))
        #expect(pages[1].contains("長い帳票（続き）"))
        #expect(pages[1].contains("値40"))
        #expect(pages[1].contains("2 / 2"))
    }
}
