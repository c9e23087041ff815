@testable import CounterCore
import Foundation
import JapaneseKit
import Testing

/// The shipped forms against the law: 戸籍の広域交付, 住民票の記載事項と第三者, 印鑑登録の代理人と
/// 保証人, 所得証明の相続人. Table-driven, both ways.
@Suite struct FormsLawTests {
    typealias F = FormsFixtures
    static let photo = "顔写真付き1点（マイナンバーカード・運転免許証・旅券など）"
    static let noPhoto = "顔写真なし2点（保険証・年金手帳など）"

    /// The head, whose 本籍 is in Tokyo (so 広域交付 at いわき), and two children on the same 戸籍.
    static let outsider = Resident(id: "500001", householdID: "H005", name: "田中 一", kana: "タナカ ハジメ",
                                   birthdate: F.date("1950-01-01"), sex: .male, relationship: "世帯主", address: F.address,
                                   honseki: "東京都千代田区千代田1番", hittousha: "田中 一")
    static let outsiderSon = Resident(id: "500002", householdID: "H005", name: "田中 二郎", kana: "タナカ ジロウ",
                                      birthdate: F.date("1980-01-01"), sex: .male, relationship: "子", address: F.address,
                                      honseki: "東京都千代田区千代田1番", hittousha: "田中 一")
    static let outsiderDaughter = Resident(id: "500003", householdID: "H005", name: "田中 三子", kana: "タナカ ミツコ",
                                           birthdate: F.date("1982-01-01"), sex: .female, relationship: "子", address: F.address,
                                           honseki: "東京都千代田区千代田1番", hittousha: "田中 一")

    struct KosekiCase: Sendable, CustomTestStringConvertible {
        let name: String
        let subject: Resident
        let requester: Requester
        let entered: [String: String]
        /// nil when it may be issued; else a word the refusal must contain.
        let refusal: String?
        var testDescription: String { name }
    }

    static let kosekiCases: [KosekiCase] = [
        KosekiCase(name: "広域交付: 本人・謄本・顔写真付き", subject: outsider, requester: .subject,
                   entered: ["certificate_kind": "戸籍全部事項証明書", "id_check": photo], refusal: nil),
        KosekiCase(name: "広域交付: 子（直系）・除籍", subject: outsider, requester: .resident(outsiderSon),
                   entered: ["certificate_kind": "除籍全部事項証明書", "id_check": photo], refusal: nil),
        KosekiCase(name: "広域交付: 個人事項証明は不可", subject: outsider, requester: .subject,
                   entered: ["certificate_kind": "戸籍個人事項証明書", "id_check": photo], refusal: "戸籍個人事項証明書"),
        KosekiCase(name: "広域交付: 附票は不可", subject: outsider, requester: .subject,
                   entered: ["certificate_kind": "戸籍の附票の写し", "id_check": photo], refusal: "戸籍の附票の写し"),
        KosekiCase(name: "広域交付: 顔写真のない確認書類は不可", subject: outsider, requester: .subject,
                   entered: ["certificate_kind": "戸籍全部事項証明書", "id_check": noPhoto], refusal: "顔写真付き"),
        KosekiCase(name: "広域交付: 代理人は委任状があっても不可", subject: outsider, requester: .declared(.agent),
                   entered: ["certificate_kind": "戸籍全部事項証明書", "id_check": photo, "ininjo": "あり"], refusal: "代理人からは請求できません"),
        KosekiCase(name: "広域交付: 第三者は理由があっても不可", subject: outsider, requester: .declared(.thirdParty),
                   entered: ["certificate_kind": "戸籍全部事項証明書", "id_check": photo, "third_party_reason": "相続手続き"],
                   refusal: "第三者からは請求できません"),
        KosekiCase(name: "広域交付: 同じ戸籍の兄弟姉妹は直系でないので不可", subject: outsiderSon,
                   requester: .resident(outsiderDaughter),
                   entered: ["certificate_kind": "戸籍全部事項証明書", "id_check": photo], refusal: "同一世帯からは請求できません"),
        KosekiCase(name: "本籍地（いわき）: 第三者は理由があれば可", subject: F.head, requester: .declared(.thirdParty),
                   entered: ["certificate_kind": "戸籍全部事項証明書", "third_party_reason": "相続手続き"], refusal: nil),
        KosekiCase(name: "本籍地（いわき）: 個人事項証明も可", subject: F.head, requester: .subject,
                   entered: ["certificate_kind": "戸籍個人事項証明書"], refusal: nil),
    ]

    @Test(arguments: kosekiCases)
    func kosekiFollowsTheWideAreaRules(_ c: KosekiCase) throws {
        let form = try #require(ShippedForms.library.form(id: "koseki"))
        let household = c.subject.householdID == "H005" ? [Self.outsider, Self.outsiderSon, Self.outsiderDaughter] : F.household
        let result = EligibilityCheck.evaluate(form, in: F.context(subject: c.subject, household: household, requester: c.requester,
                                                                   entered: c.entered))
        if let refusal = c.refusal {
            #expect(!result.ok)
            #expect(result.reasons.contains { $0.message.contains(refusal) }, "\(result.reasons.map(\.message))")
        } else {
            #expect(result.ok, "\(result.reasons.map(\.message))")
        }
    }

    @Test func juminhyoItemsByStandingAndThirdPartiesGivePurposeAndDestination() throws {
        let form = try #require(ShippedForms.library.form(id: "juminhyo"))
        let third = F.context(requester: .declared(.thirdParty),
                              entered: ["item_my_number": "記載する", "third_party_reason": "債権の回収"])
        let refused = EligibilityCheck.evaluate(form, in: third)
        #expect(refused.reasons.map(\.code) == ["item_not_allowed"], "\(refused.reasons)")
        #expect(refused.reasons.first?.message.contains("個人番号の記載") == true)
        let code = EligibilityCheck.evaluate(form, in: F.context(requester: .declared(.thirdParty),
                                                                 entered: ["item_juminhyo_code": "記載する", "third_party_reason": "x"]))
        #expect(code.reasons.map(\.code) == ["item_not_allowed"])
        // 本人 and the household may choose them.
        #expect(EligibilityCheck.evaluate(form, in: F.context(entered: ["item_my_number": "記載する"])).ok)
        #expect(EligibilityCheck.evaluate(form, in: F.context(requester: .resident(F.wife), entered: ["item_my_number": "記載する"])).ok)
        // A third party without those items may; but 利用目的 and 提出先 are then required (住基法12条の3).
        let plain = Prefill.fill(form, in: F.context(requester: .declared(.thirdParty), entered: ["third_party_reason": "債権の回収"]))
        #expect(plain.eligibility.ok)
        #expect(plain.missingRequired.contains("purpose") && plain.missingRequired.contains("submit_to"))
        let own = Prefill.fill(form, in: F.context())
        #expect(!own.missingRequired.contains("purpose") && !own.missingRequired.contains("submit_to"))
        #expect(form.field("requester_phone") != nil && form.field("id_check") != nil)
    }

    @Test func sealRegistrationByAProxyUsesTheAppointmentFormAndAMailedInquiry() throws {
        let form = try #require(ShippedForms.library.form(id: "inkan_toroku"))
        let proxy = { (values: [String: String]) in
            EligibilityCheck.evaluate(form, in: F.context(subject: F.son, requester: .declared(.agent), entered: values))
        }
        // A 委任状 is not what a proxy brings: the 代理人選任届 is.
        #expect(proxy(["ininjo": "あり", "registration_method": "照会書による登録"]).reasons.map(\.code) == ["power_of_attorney_missing"])
        #expect(proxy(["dairinin_sennin": "あり", "registration_method": "照会書による登録"]).ok)
        let sameDay = proxy(["dairinin_sennin": "あり", "registration_method": "即日登録（顔写真付き本人確認書類）"])
        #expect(sameDay.reasons.map(\.code) == ["agent_value"])
        #expect(sameDay.reasons.first?.message.contains("照会書による登録") == true)
        // The 保証人 method asks for the 保証人's details.
        let guarantor = Prefill.fill(form, in: F.context(subject: F.son, entered: ["registration_method": "保証人による登録"]))
        for key in ["guarantor_name", "guarantor_address", "guarantor_birthdate", "guarantor_inkan_number"] {
            #expect(guarantor.missingRequired.contains(key), "\(key)")
        }
        let inPerson = Prefill.fill(form, in: F.context(subject: F.son, entered: ["registration_method": "即日登録（顔写真付き本人確認書類）"]))
        #expect(!inPerson.missingRequired.contains("guarantor_name"))
    }

    @Test func anHeirInAnotherHouseholdMayRequestTheDeceasedsIncomeCertificate() throws {
        let form = try #require(ShippedForms.library.form(id: "shotoku"))
        let heir = F.context(subject: F.deceased, requester: .resident(F.neighbour), entered: ["heir_confirmed": "あり"])
        let allowed = EligibilityCheck.evaluate(form, in: heir)
        #expect(allowed.ok, "\(allowed.reasons)")
        #expect(allowed.notes.contains { $0.contains("相続人") })
        let unconfirmed = EligibilityCheck.evaluate(form, in: F.context(subject: F.deceased, requester: .resident(F.neighbour)))
        #expect(unconfirmed.reasons.map(\.code) == ["requester_not_allowed"])
        // For a living subject the heir box means nothing.
        let living = EligibilityCheck.evaluate(form, in: F.context(requester: .resident(F.neighbour), entered: ["heir_confirmed": "あり"]))
        #expect(living.reasons.map(\.code) == ["requester_not_allowed"])
    }

    @Test func wideAreaWordsAreCheckedByTheLoader() {
        let text = """
        id: t
        title: 試験
        department: 市民課
        fee: 0
        eligibility:
          wide_area:
            home_honseki: [福島県いわき市]
            kind_field: nokind
            id_field: id
            kinds: [A]
            photo_ids: [P]
        fields:
          - key: id
            label: 確認
            source: entered
        """
        let problems = FormLoader.parse(text, file: "procedures/t.yaml").problems
        #expect(problems.contains { $0.kind == .unknownFieldReference(key: "nokind") }, "\(problems)")
    }
}
