import Foundation

/// A column of the resident import CSV (DOMAIN.md §4), by its Japanese header.
public enum ResidentColumn: Hashable, Sendable {
    case id, householdID, name, kana, formerSurname, birthdate, sex, relationship, headName
    case postalCode, address, addressDetail, honseki, hittousha, residentSince, status, statusDate
    case supportMeasure
    case alias
    case membership(Membership)

    /// Every column in the order `demo-data` writes them.
    public static let all: [ResidentColumn] = [
        .id, .householdID, .name, .kana, .formerSurname, .birthdate, .sex, .relationship, .headName,
        .postalCode, .address, .addressDetail, .honseki, .hittousha, .residentSince, .status, .statusDate,
        .supportMeasure, .alias,
    ] + Membership.allCases.map { .membership($0) }

    /// Columns an import file must have.
    public static let required: [ResidentColumn] = [
        .id, .householdID, .name, .kana, .birthdate, .sex, .relationship, .status,
    ]

    /// The header as the import file writes it.
    public var header: String {
        switch self {
        case .id: "宛名番号"
        case .householdID: "世帯番号"
        case .name: "氏名"
        case .kana: "氏名フリガナ"
        case .formerSurname: "旧氏"
        case .birthdate: "生年月日"
        case .sex: "性別"
        case .relationship: "続柄"
        case .headName: "世帯主氏名"
        case .postalCode: "郵便番号"
        case .address: "住所"
        case .addressDetail: "方書"
        case .honseki: "本籍"
        case .hittousha: "筆頭者"
        case .residentSince: "住民となった日"
        case .status: "住民状態"
        case .statusDate: "異動日"
        case .supportMeasure: "支援措置"
        case .alias: "通称"
        case .membership(let m): m.columnName
        }
    }

    /// The column whose header is `header` (after NFKC and with spaces removed), if any.
    public init?(header: String) {
        let key = ResidentColumn.normalizedHeader(header)
        guard let column = ResidentColumn.byHeader[key] else { return nil }
        self = column
    }

    private static let byHeader: [String: ResidentColumn] = {
        var map: [String: ResidentColumn] = [:]
        for column in all { map[normalizedHeader(column.header)] = column }
        map[normalizedHeader("個人番号カード")] = .membership(.myNumberCard)
        return map
    }()

    /// NFKC, spaces removed: `氏名 フリガナ`, `氏名（フリガナ）` with full-width brackets kept apart.
    static func normalizedHeader(_ header: String) -> String {
        header.precomposedStringWithCompatibilityMapping.filter { !$0.isWhitespace }
    }

    /// True for a header that names the 個人番号 itself (個人番号, マイナンバー, 個人番号（マイナンバー）,
    /// My Number …) and not the card (マイナンバーカード).
    public static func isMyNumberHeader(_ header: String) -> Bool {
        let key = normalizedHeader(header).lowercased()
        if key.contains("カード") || key.contains("card") { return false }
        return key.contains("個人番号") || key.contains("マイナンバー") || key.contains("mynumber")
            || key.contains("my_number") || key.contains("まいなんばー")
    }
}
