@testable import CounterCore
import Foundation
import JapaneseKit
import Testing

@Suite struct FormsPrefillTests {
    let library = ShippedForms.library

    func form(_ id: String) throws -> FormDefinition { try #require(library.form(id: id)) }

    @Test func everyShippedFormPrefillsCompletely() throws {
        #expect(library.forms.count >= 12)
        for form in library.forms {
            // Forms about a death take the deceased; the others the living head of household.
            let forDeceased = form.eligibility.rule(for: .current) == .refuse
            let subject = forDeceased ? FormsFixtures.deceased : FormsFixtures.head
            let requester: Requester = forDeceased ? .resident(FormsFixtures.deceasedWife) : .subject
            let context = FormsFixtures.context(subject: subject, requester: requester,
                                                entered: FormsFixtures.typedValues(for: form))
            let filled = Prefill.fill(form, in: context)
            #expect(filled.eligibility.reasons == [], "\(form.id)")
            #expect(filled.missingRequired == [], "\(form.id)")
            #expect(filled.isComplete, "\(form.id)")
            for field in filled.fields {
                switch field.provenance {
                case .handwritten: #expect(field.value == nil, "\(form.id).\(field.key)")
                case .registry, .computed, .constant: #expect(field.value?.isEmpty == false, "\(form.id).\(field.key)")
                case .entered: break
                }
            }
        }
    }

    @Test func bindingsCarryValueAndProvenance() throws {
        let filled = Prefill.fill(try form("juminhyo"), in: FormsFixtures.context(entered: ["copies": "２"]))
        #expect(filled.field("subject_name")?.value == "山田 太郎")
        #expect(filled.field("subject_name")?.provenance == .registry)
        #expect(filled.field("subject_birthdate")?.value == "昭和25年4月1日")
        #expect(filled.field("subject_address_detail")?.value == "梅本ハイツ101")
        #expect(filled.field("household_head")?.value == "山田 太郎")
        #expect(filled.field("requester_relation")?.value == "本人")
        #expect(filled.field("requester_relation")?.provenance == .computed)
        #expect(filled.field("request_date")?.value == "令和8年11月25日")
        #expect(filled.field("request_date")?.provenance == .computed)
        #expect(filled.field("signature")?.provenance == .handwritten)
        #expect(filled.field("signature")?.value == nil)
        #expect(filled.field("copies")?.value == "2")
        #expect(filled.field("copies")?.provenance == .entered)
        #expect(filled.copies == 2)
        #expect(filled.totalFee == 600)
        // Nothing typed yet for the items: they are listed as missing.
        #expect(filled.missingRequired.contains("item_my_number"))
        #expect(filled.missingRequired.contains("certificate_kind"))
        #expect(!filled.missingRequired.contains("signature"))
    }

    @Test func anEmptyRegistryFieldIsStillTheRegistrys() throws {
        // 山田 花子 has no 方書 on record: the field is the record's (empty), not one to type.
        let filled = Prefill.fill(try form("juminhyo"), in: FormsFixtures.context(subject: FormsFixtures.wife))
        let detail = try #require(filled.field("subject_address_detail"))
        #expect(detail.provenance == .registry)
        #expect((detail.value ?? "").isEmpty)
        #expect(!detail.missing)
        let json = try FilledFormReport(filled).json()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let fields = try #require(object["fields"] as? [[String: Any]])
        #expect(fields.first { $0["key"] as? String == "subject_address_detail" }?["source"] as? String == "registry")
    }

    @Test func aDeclaredSelfRequesterIsTheSubject() throws {
        let filled = Prefill.fill(try form("juminhyo"), in: FormsFixtures.context(requester: .declared(.selfPerson)))
        #expect(filled.field("requester_name")?.value == "山田 太郎")
        #expect(filled.field("requester_name")?.provenance == .registry)
        #expect(filled.field("requester_address")?.value == "福島県いわき市平字梅本21番地 梅本ハイツ101")
        #expect(filled.field("requester_relation")?.value == "本人")
        #expect(!filled.missingRequired.contains("requester_name"))
        #expect(!filled.missingRequired.contains("requester_address"))
        #expect(filled.eligibility.ok)
    }

    @Test func constantsAndCaseDates() throws {
        let context = FormsFixtures.context(subject: FormsFixtures.deceased, requester: .resident(FormsFixtures.deceasedSon),
                                            entered: ["funeral_date": "2026-11-23"])
        let filled = Prefill.fill(try form("kokuho_sousaihi"), in: context)
        // The amount is not confirmed for いわき (amounts.yaml): the box is left for the clerk, never a guessed figure.
        #expect(filled.field("benefit_amount")?.value == nil)
        #expect(filled.field("benefit_amount")?.provenance == .entered)
        #expect(filled.field("signature")?.provenance == .handwritten)
        #expect(filled.field("date_of_death")?.value == "令和8年11月20日")
        #expect(filled.field("date_of_death")?.provenance == .registry)
        #expect(filled.field("funeral_date")?.value == "令和8年11月23日")
        #expect(filled.field("funeral_date")?.provenance == .entered)
        #expect(filled.field("requester_name")?.value == "鈴木 三郎")
        #expect(filled.field("requester_relation")?.value == "配偶者・直系")
    }

    @Test func oneEnteredValueServesEveryFormOfTheCase() throws {
        var context = FormsFixtures.context(subject: FormsFixtures.deceased, requester: .resident(FormsFixtures.deceasedWife))
        context.enter("funeral_date", "R8.11.23")
        context.enter("bank_name", "東邦銀行")
        context.enter("account_number", "1234567")
        let forms = [try form("kokuho_sousaihi"), try form("kouki_sousaihi")]
        let filled = Prefill.fill(forms, in: context)
        for f in filled {
            #expect(f.value("funeral_date") == "令和8年11月23日")
            #expect(f.value("bank_name") == "東邦銀行")
            #expect(f.value("account_number") == "1234567")
        }
        var living = FormsFixtures.context()
        living.enter("copies", "3")
        let certificates = Prefill.fill([try form("juminhyo"), try form("koseki"), try form("shotoku")], in: living)
        #expect(certificates.map(\.copies) == [3, 3, 3])
        #expect(certificates.map(\.totalFee) == [900, 1350, 900])
    }

    @Test func chosenOptionSetsTheFee() throws {
        let koseki = try form("koseki")
        let full = Prefill.fill(koseki, in: FormsFixtures.context(entered: ["certificate_kind": "戸籍全部事項証明書", "copies": "1"]))
        #expect(full.fee == 450)
        let joseki = Prefill.fill(koseki, in: FormsFixtures.context(entered: ["certificate_kind": "除籍全部事項証明書", "copies": "2"]))
        #expect(joseki.fee == 750)
        #expect(joseki.totalFee == 1500)
        let fuhyo = Prefill.fill(koseki, in: FormsFixtures.context(entered: ["certificate_kind": "戸籍の附票の写し"]))
        #expect(fuhyo.fee == 300)
    }

    @Test func requiredWhenFollowsTheChoice() throws {
        let idou = try form("idou")
        let moveIn = Prefill.fill(idou, in: FormsFixtures.context(entered: ["idou_kind": "転入"]))
        #expect(moveIn.missingRequired.contains("previous_address"))
        #expect(!moveIn.missingRequired.contains("new_address"))
        let moveOut = Prefill.fill(idou, in: FormsFixtures.context(entered: ["idou_kind": "転出"]))
        #expect(!moveOut.missingRequired.contains("previous_address"))
        #expect(moveOut.missingRequired.contains("new_address"))
    }

    @Test func typedValuesAreCheckedAgainstTheirType() throws {
        let filled = Prefill.fill(try form("juminhyo"), in: FormsFixtures.context(entered: [
            "copies": "たくさん", "scope": "2", "item_honseki": "する", "certificate_kind": "戸籍謄本",
        ]))
        #expect(filled.value("copies") == nil)
        #expect(filled.missingRequired.contains("copies"))
        #expect(filled.value("scope") == "世帯の一部")
        #expect(filled.value("item_honseki") == "記載する")
        #expect(filled.value("certificate_kind") == nil)
        #expect(filled.warnings.contains { $0.contains("通数") })
        #expect(filled.warnings.contains { $0.contains("請求の種類") })
    }

    @Test func myNumberAndCardNumbersAreNeverKept() throws {
        let filled = Prefill.fill(try form("juminhyo"), in: FormsFixtures.context(entered: [
            "purpose": "個人番号 1234 5678 9018 のため", "third_party_reason": "4111-1111-1111-1111",
        ]))
        #expect(filled.value("purpose") == nil)
        #expect(filled.value("third_party_reason") == nil)
        #expect(filled.warnings.filter { $0.contains("個人番号やカード番号") }.count == 2)
        #expect(!filled.warnings.joined().contains("9018"))
        // A seven-digit account number is fine.
        let account = Prefill.fill(try form("kokuho_sousaihi"), in: FormsFixtures.context(
            subject: FormsFixtures.deceased, requester: .resident(FormsFixtures.deceasedWife), entered: ["account_number": "0012345"]))
        #expect(account.value("account_number") == "0012345")
    }

    @Test func myNumberForAnAgentIsMailed() throws {
        let filled = Prefill.fill(try form("juminhyo"), in: FormsFixtures.context(
            requester: .declared(.agent), entered: ["ininjo": "あり", "item_my_number": "記載する", "requester_name": "代理 人"]))
        #expect(filled.eligibility.ok)
        #expect(filled.warnings.contains { $0.contains("郵送") })
        #expect(filled.value("requester_name") == "代理 人")
        #expect(filled.field("requester_name")?.provenance == .entered)
        #expect(filled.field("requester_relation")?.provenance == .entered)
    }

    @Test func registryValuesAreNotOverwrittenByTyping() throws {
        let filled = Prefill.fill(try form("juminhyo"), in: FormsFixtures.context(entered: ["subject_name": "別人"]))
        #expect(filled.value("subject_name") == "山田 太郎")
        #expect(filled.warnings.contains { $0.contains("住民記録の値を使います") })
    }

    @Test func badDateTypedIsAWarningNotAValue() throws {
        let filled = Prefill.fill(try form("idou"), in: FormsFixtures.context(entered: ["idou_date": "いつか"]))
        #expect(filled.value("idou_date") == nil)
        #expect(filled.missingRequired.contains("idou_date"))
        #expect(filled.warnings.contains { $0.hasPrefix("「異動日（予定日）」") })
    }
}
