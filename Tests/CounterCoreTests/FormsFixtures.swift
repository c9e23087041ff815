import CounterCore
import Foundation
import JapaneseKit

/// Synthetic residents for form tests: one three-generation household, a neighbour, a
/// deceased insured person, a protected person.
enum FormsFixtures {
    static func date(_ iso: String) -> CivilDate { CivilDate(iso: iso)! }

    static let address = "福島県いわき市平字梅本21番地"
    static let head = Resident(id: "100001", householdID: "H001", name: "山田 太郎", kana: "ヤマダ タロウ",
                               birthdate: date("1950-04-01"), sex: .male, relationship: "世帯主", postalCode: "970-8686",
                               address: address, addressDetail: "梅本ハイツ101", honseki: "福島県いわき市平字梅本21番地",
                               hittousha: "山田 太郎", memberships: [.nationalHealthInsurance, .sealRegistration, .longTermCare])
    static let wife = Resident(id: "100002", householdID: "H001", name: "山田 花子", kana: "ヤマダ ハナコ",
                               birthdate: date("1952-08-15"), sex: .female, relationship: "妻", address: address,
                               honseki: head.honseki, hittousha: "山田 太郎", memberships: [.nationalHealthInsurance])
    static let son = Resident(id: "100003", householdID: "H001", name: "山田 一郎", kana: "ヤマダ イチロウ",
                              birthdate: date("1980-01-10"), sex: .male, relationship: "長男", address: address)
    static let mother = Resident(id: "100004", householdID: "H001", name: "山田 ウメ", kana: "ヤマダ ウメ",
                                 birthdate: date("1926-03-03"), sex: .female, relationship: "母", address: address,
                                 memberships: [.lateStageElderly])
    static let grandchild = Resident(id: "100005", householdID: "H001", name: "山田 さくら", kana: "ヤマダ サクラ",
                                     birthdate: date("2015-06-01"), sex: .female, relationship: "孫", address: address)
    static let household = [head, wife, son, mother, grandchild]

    static let neighbour = Resident(id: "200001", householdID: "H002", name: "佐藤 健", kana: "サトウ ケン",
                                    birthdate: date("1975-11-11"), sex: .male, relationship: "世帯主",
                                    address: "福島県いわき市平字田町1番地")

    static let deceased = Resident(id: "300001", householdID: "H003", name: "鈴木 次郎", kana: "スズキ ジロウ",
                                   birthdate: date("1940-02-29"), sex: .male, relationship: "世帯主",
                                   address: "福島県いわき市小名浜1丁目2番3号", honseki: "福島県いわき市小名浜1丁目",
                                   hittousha: "鈴木 次郎", status: .deceased, statusDate: date("2026-11-20"),
                                   memberships: [.nationalHealthInsurance, .lateStageElderly, .longTermCare, .sealRegistration])
    static let deceasedWife = Resident(id: "300002", householdID: "H003", name: "鈴木 和子", kana: "スズキ カズコ",
                                       birthdate: date("1945-05-05"), sex: .female, relationship: "妻",
                                       address: "福島県いわき市小名浜1丁目2番3号")
    static let deceasedSon = Resident(id: "300003", householdID: "H003", name: "鈴木 三郎", kana: "スズキ サブロウ",
                                      birthdate: date("1970-07-07"), sex: .male, relationship: "子",
                                      address: "福島県いわき市小名浜1丁目2番3号")

    static let protected = Resident(id: "400001", householdID: "H004", name: "高橋 恵", kana: "タカハシ メグミ",
                                    birthdate: date("1990-09-09"), sex: .female, relationship: "世帯主",
                                    address: "福島県いわき市内郷1番地", supportMeasure: true)

    static let today = date("2026-11-25")

    static func context(subject: Resident = head, household: [Resident]? = nil, requester: Requester = .subject,
                        entered: [String: String] = [:]) -> CaseContext {
        let members = household ?? (subject.householdID == "H001" ? FormsFixtures.household
            : subject.householdID == "H003" ? [deceased, deceasedWife, deceasedSon] : [subject])
        return CaseContext(caseNumber: "20261125-0007", subject: subject, household: members, requester: requester,
                           entered: entered, clerkID: "k001", clerkName: "窓口 一子", cityName: "いわき市", today: today)
    }

    /// A usable typed value for every entered field of `form`.
    static func typedValues(for form: FormDefinition) -> [String: String] {
        var values: [String: String] = ["date_of_death": "2026-11-20", "funeral_date": "2026-11-23"]
        for field in form.fields {
            switch field.source {
            case .entered:
                switch field.type {
                case .text: values[field.key] = "試験入力"
                case .number: values[field.key] = "2"
                case .date: values[field.key] = "2026-11-24"
                case .choice: values[field.key] = field.options[0]
                case .yesNo: values[field.key] = field.yesNoWords.yes
                }
            case .binding(let b) where b.enteredFallbackKey != nil && values[b.enteredFallbackKey!] == nil:
                values[b.enteredFallbackKey!] = "試験入力"
            default: break
            }
        }
        return values
    }
}
