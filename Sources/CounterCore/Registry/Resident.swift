import JapaneseKit

/// One person in the counter's copy of the resident register (DOMAIN.md §4).
///
/// Referred to by 宛名番号 (`id`). There is deliberately no field for 個人番号.
public struct Resident: Codable, Hashable, Sendable {
    /// 宛名番号.
    public var id: String
    /// 世帯番号.
    public var householdID: String
    /// 氏名, family and given name separated by one space: `山田 太郎`.
    public var name: String
    /// 氏名フリガナ in katakana, parts separated by one space: `ヤマダ タロウ`.
    public var kana: String
    /// 旧氏, when registered.
    public var formerSurname: String?
    /// 生年月日.
    public var birthdate: CivilDate
    /// 性別.
    public var sex: Sex
    /// 続柄 as the register writes it: 世帯主, 妻, 夫, 子, 長男, 母, 孫, 同居人 …
    public var relationship: String
    /// 郵便番号 as `970-8686`.
    public var postalCode: String
    /// 住所.
    public var address: String
    /// 方書 (building, room), may be empty.
    public var addressDetail: String
    /// 本籍, may be empty (foreign residents have none).
    public var honseki: String
    /// 筆頭者, may be empty.
    public var hittousha: String
    /// 住民となった日.
    public var residentSince: CivilDate?
    /// 住民状態.
    public var status: ResidentStatus
    /// 異動日: the day the status last changed (for 死亡, the date of death).
    public var statusDate: CivilDate?
    /// 支援措置 (DV・ストーカー等の被害者保護): certificates are blocked and referred to a supervisor.
    public var supportMeasure: Bool
    /// Program memberships that drive eligibility and bereavement rules.
    public var memberships: Set<Membership>
    /// 通称 (a foreign resident's registered everyday name), shown beside `name`.
    public var alias: String?
    /// The era the record writes `birthdate` in when it is not the calendar's: 明治 for
    /// 明治45年7月30日, 大正 for 大正15年12月25日 (the days two eras share).
    public var birthEra: Era?
    /// 生年月日 as the record writes it when no calendar holds it (`平成3年2月29日` of a common
    /// year, a 不詳日 such as `昭和10年頃`). `birthdate` is then the first day it may mean, kept
    /// for ordering only: every view shows this text, never that day.
    public var birthdateText: String?
    /// 住民となった日 as the record writes it when no calendar holds it (`residentSince` nil).
    public var residentSinceText: String?
    /// 異動日 as the record writes it when no calendar holds it (`statusDate` nil): a death on
    /// 「令和6年12月上旬頃」 has no day to count a deadline from.
    public var statusDateText: String?

    public init(id: String, householdID: String, name: String, kana: String, formerSurname: String? = nil,
                birthdate: CivilDate, sex: Sex, relationship: String, postalCode: String = "", address: String = "",
                addressDetail: String = "", honseki: String = "", hittousha: String = "", residentSince: CivilDate? = nil,
                status: ResidentStatus = .current, statusDate: CivilDate? = nil, supportMeasure: Bool = false,
                memberships: Set<Membership> = [], alias: String? = nil, birthEra: Era? = nil, birthdateText: String? = nil,
                residentSinceText: String? = nil, statusDateText: String? = nil) {
        self.id = id
        self.householdID = householdID
        self.name = name
        self.kana = kana
        self.formerSurname = formerSurname
        self.birthdate = birthdate
        self.sex = sex
        self.relationship = relationship
        self.postalCode = postalCode
        self.address = address
        self.addressDetail = addressDetail
        self.honseki = honseki
        self.hittousha = hittousha
        self.residentSince = residentSince
        self.status = status
        self.statusDate = statusDate
        self.supportMeasure = supportMeasure
        self.memberships = memberships
        self.alias = alias
        self.birthEra = birthEra
        self.birthdateText = birthdateText
        self.residentSinceText = residentSinceText
        self.statusDateText = statusDateText
    }

    /// True when this person is the head of their household.
    public var isHouseholdHead: Bool { relationship == "世帯主" }

    /// 生年月日 as the register writes it: `昭和27年3月2日`, `明治45年7月30日`, or the record's own
    /// text (`昭和10年頃`).
    public var birthdateWareki: String { birthdateText ?? birthdate.warekiLong(writtenIn: birthEra) }

    /// 生年月日 short (`S27.3.2`, `M45.7.30`), or the record's own text.
    public var birthdateWarekiShort: String { birthdateText ?? birthdate.warekiShort(writtenIn: birthEra) }

    /// 生年月日 as `YYYY-MM-DD`, nil when the record holds no calendar day.
    public var birthdateISO: String? { birthdateText == nil ? birthdate.iso : nil }

    /// 異動日 as the register writes it (`令和6年12月1日`, or the record's own text), nil when none.
    public var statusDateWareki: String? { statusDateText ?? statusDate?.warekiLong }

    /// 住民となった日 as the register writes it, nil when none.
    public var residentSinceWareki: String? { residentSinceText ?? residentSince?.warekiLong }

    /// 氏名 with the 通称 beside it: `ワン シャオミン（通称 王 小明）`.
    public var nameWithAlias: String { Resident.nameWithAlias(name, alias) }

    static func nameWithAlias(_ name: String, _ alias: String?) -> String {
        guard let alias, !alias.isEmpty else { return name }
        return "\(name)（通称 \(alias)）"
    }
}

/// 性別, coded as the register codes it (1 男, 2 女).
public enum Sex: Int, Codable, Hashable, Sendable, CaseIterable {
    case male = 1
    case female = 2
}

/// 住民状態, coded as the register codes it.
public enum ResidentStatus: Int, Codable, Hashable, Sendable, CaseIterable {
    case current = 1  // 現住
    case movedOut = 2  // 転出
    case deceased = 3  // 死亡
    case removed = 9  // 消除

    /// The name used in `--json` output.
    public var jsonName: String {
        switch self {
        case .current: "current"
        case .movedOut: "moved_out"
        case .deceased: "deceased"
        case .removed: "removed"
        }
    }
}

/// Program memberships (DOMAIN.md §4). The raw value is the key used in Forms/ conditions;
/// `columnName` is the import CSV's header.
public enum Membership: String, Codable, Hashable, Sendable, CaseIterable {
    case nationalHealthInsurance = "kokuho"
    case lateStageElderly = "kouki"
    case longTermCare = "kaigo"
    case longTermCareCertified = "kaigo_nintei"
    case nationalPensionInsured = "kokumin_nenkin"
    case pensionRecipient = "nenkin_jukyu"
    case disabilityCertificate = "shogai_techo"
    case childAllowanceRecipient = "jido_teate"
    case sealRegistration = "inkan"
    case myNumberCard = "mynumber_card"
    case propertyTaxpayer = "kotei_shisan"
    case lightVehicle = "kei_jidosha"
    case municipalHousing = "shiei_jutaku"
    case waterAccount = "suido"
    /// 個人住民税の納税義務者（その年度の課税がある方）.
    case residentTaxpayer = "juminzei"
    /// 福祉医療費（重度心身障がい者・ひとり親家庭・子ども医療）の受給者.
    case welfareMedical = "fukushi_iryo"
    /// 自立支援医療・障害福祉サービスの受給者証をお持ちの方.
    case disabilityServices = "jiritsu_shien"
    /// 児童扶養手当の受給者.
    case childSupportAllowance = "jido_fuyo"
    /// 特別障害者手当・障害児福祉手当などの受給者.
    case specialDisabilityAllowance = "tokubetsu_shogai"

    /// The import CSV's column header for this membership.
    public var columnName: String {
        switch self {
        case .nationalHealthInsurance: "国民健康保険"
        case .lateStageElderly: "後期高齢者医療"
        case .longTermCare: "介護保険"  // この市の被保険者（住所地特例で他市町村の被保険者の方は 0）
        case .longTermCareCertified: "要介護認定"
        case .nationalPensionInsured: "国民年金"
        case .pensionRecipient: "年金受給"
        case .disabilityCertificate: "障害者手帳"
        case .childAllowanceRecipient: "児童手当受給者"
        case .sealRegistration: "印鑑登録"
        case .myNumberCard: "マイナンバーカード"
        case .propertyTaxpayer: "固定資産納税義務者"
        case .lightVehicle: "軽自動車税"
        case .municipalHousing: "市営住宅名義人"
        case .waterAccount: "水道契約者"
        case .residentTaxpayer: "住民税納税義務者"
        case .welfareMedical: "福祉医療受給者"
        case .disabilityServices: "自立支援医療等受給者"
        case .childSupportAllowance: "児童扶養手当受給者"
        case .specialDisabilityAllowance: "特別障害者手当等受給者"
        }
    }
}
