import CounterCore
import Foundation
import Testing
@testable import CounterUI

/// The screens' chokepoint: the Runtime asks every effect before it acts; a card number or a
/// 個人番号 in any value is refused naming the field, a registered 宛名番号 passes.
@Suite struct EffectSensitiveNumberTests {
    static let registered: Set<String> = ["100000000005"]
    static func isRegistered(_ id: String) -> Bool { registered.contains(id) }

    static let refused: [(Effect, String)] = [
        (.clerk(.search("4577 1200 5678 3047")), "「検索」"),
        (.clerk(.search("No123456789018")), "「検索」"),
        (.clerk(.search("100000000013")), "「検索」"),                 // a 個人番号 that is nobody's 宛名番号
        (.clerk(.openResident(id: "1234.5678.9018")), "「宛名番号」"),
        (.clerk(.openCase(procedure: "証明\u{200B}4577120056783047")), "「手続」"),
        (.clerk(.closeCase(caseID: "4577_1200_5678_3047")), "「受付番号」"),
        (.clerk(.locked(reason: "4577/1200/5678/3047")), "「理由」"),
        (.clerk(.recordPayment(PaymentRequest(method: "credit", brand: "VISA", amount: "300", items: ["juminhyo:1"],
                                              slip: "4577\t1200\t5678\t3047", approval: "123456", clerk: "c01"))), "「伝票番号」"),
        (.clerk(.recordPayment(PaymentRequest(method: "qr", brand: "PayPay", amount: "300", items: ["juminhyo:1"],
                                              transaction: "TX4577120056783047", clerk: "c01"))), "「取引ID」"),
        (.clerk(.recordPayment(PaymentRequest(method: "cash", amount: "300", items: ["juminhyo:1"], clerk: "１２３４５６７８９０１８"))), "「職員ID」"),
        (.okuyami(.search(query: "４５７７－１２００－５６７８－３０４７")), "「検索」"),
        (.okuyami(.loadCase(number: "OK4577120056783047")), "「受付番号」"),
        (.okuyami(.setStatus(number: "OK20261125-0001", item: "4577 1200 5678 3047", status: .done)), "「手続」"),
    ]

    @Test func everyValueOfEveryEffectIsChecked() {
        for (effect, field) in Self.refused {
            let refusal = effect.sensitiveRefusal(isRegistered: Self.isRegistered)
            #expect(refusal?.field == field, "\(field)")
            let messages = effect.refusedMessages(isRegistered: Self.isRegistered)
            let text = "\(messages ?? [])"
            #expect(messages != nil && !text.contains("4577") && !text.contains("9018") && !text.contains("0013"), "\(field)")
        }
    }

    @Test func ordinaryEffectsAndRegisteredResidentIDsPass() {
        let pass: [Effect] = [
            .clerk(.search("やまだ たろう")), .clerk(.search("100000000005")), .clerk(.search("１０００００００００05")),
            .clerk(.openResident(id: "100000000005")), .clerk(.household(id: "100000000005")),
            .clerk(.signIn(id: "c01", pin: "123456789018")),   // a PIN is only hashed, never stored or shown
            .clerk(.recordPayment(PaymentRequest(method: "qr", brand: "PayPay", amount: "1,300", items: ["juminhyo:1"],
                                                 transaction: "04123456789012345678", clerk: "c01"))),
            .okuyami(.loadDeceased(id: "100000000005")), .okuyami(.loadCase(number: "OK20261125-0001")),
            .okuyami(.search(query: "2026-12-02")), .quit,
        ]
        for effect in pass { #expect(effect.sensitiveRefusal(isRegistered: Self.isRegistered) == nil, "\(effect)") }
        // The same registered digits where no 宛名番号 goes are refused.
        #expect(Effect.clerk(.openCase(procedure: "100000000005")).sensitiveRefusal(isRegistered: Self.isRegistered) != nil)
    }

    @Test func aValueTypedOnAFormIsCheckedButRegistryValuesAreNot() throws {
        // Prefill already drops such a typed value; the chokepoint holds even if a screen did not.
        var form = try #require(ClerkFixtures.visit().filled.first)
        let i = try #require(form.fields.firstIndex { $0.key == "purpose" })
        form.fields[i].value = "No.4577-1200-5678-3047"
        form.fields[i].provenance = .entered
        #expect(Effect.clerk(.printForms([form])).sensitiveRefusal(isRegistered: Self.isRegistered)?.field == "「\(form.fields[i].label)」")
        form.fields[i].value = "就職のため"
        #expect(Effect.clerk(.printForms([form])).sensitiveRefusal(isRegistered: Self.isRegistered) == nil)
        // A registered 宛名番号 printed from the register is the subject's id, not a number to refuse.
        form.fields[i].value = "100000000005"
        form.fields[i].provenance = .registry
        form.subjectID = "100000000005"
        #expect(Effect.clerk(.printForms([form])).sensitiveRefusal(isRegistered: Self.isRegistered) == nil)
    }
}
