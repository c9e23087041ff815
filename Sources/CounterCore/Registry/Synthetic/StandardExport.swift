import Foundation
import JapaneseKit

/// A synthetic town written as a core system hands it over in the standard 住民記録 layout
/// (住民記録システム標準仕様書 第3章 item names, as a town's export has them): one row per 個人履歴
/// with a 最新フラグ, 氏_日本人 and 名_日本人 beside 氏名, 続柄コード1–4 chained with 「の」,
/// the address split into 市区郡町村名・町字・番地号表記・方書, 生年月日 with 生年月日_元号, 支援措置
/// as a 区分 code, program membership flags. `Forms/import/standard.yaml` imports it.
///
/// Besides the town (`SyntheticResidents`), the export starts with residents a city's data
/// really holds: the days two eras share written in the earlier era, a 不詳日, 2月29日 of a
/// common year, a 外字, variant kanji, a 通称, a 子の妻, a 宛名番号 with leading zeros.
/// `expected` is what an import of the export must give, resident for resident.
public struct StandardExport: Sendable {
    /// How the export codes the 元号.
    public enum EraScheme: String, Sendable, CaseIterable {
        /// 1 明治, 2 大正, 3 昭和, 4 平成, 5 令和.
        case standard
        /// 1 明治, 3 大正, 5 昭和, 7 平成, 9 令和 (as 日本年金機構 codes them).
        case nenkin

        public func code(_ era: Era) -> String {
            switch self {
            case .standard: String(era.rawValue)
            case .nenkin: String(era.rawValue * 2 - 1)
            }
        }
    }

    public var town: SyntheticResidents
    public var eraScheme: EraScheme
    public var dateFormat: ColumnMapping.DateFormat
    /// Write 𠮷 as the CP932 外字 F040 (U+E000), as a system on CP932 must; the import then needs
    /// a gaiji.yaml entry `U+E000: {char: 𠮷}`.
    public var gaijiForYoshi: Bool
    /// Every this-many residents has a history row (最新フラグ 0) before the current one.
    public var historyEvery = 7

    public init(town: SyntheticResidents, eraScheme: EraScheme = .standard, dateFormat: ColumnMapping.DateFormat = .iso,
                gaijiForYoshi: Bool = false) {
        self.town = town
        self.eraScheme = eraScheme
        self.dateFormat = dateFormat
        self.gaijiForYoshi = gaijiForYoshi
    }

    public static let header = [
        "宛名番号", "個人履歴番号", "最新フラグ", "世帯番号", "住民状態", "氏名", "氏_日本人", "名_日本人", "氏名_フリガナ", "通称",
        "性別", "生年月日_元号", "生年月日", "続柄コード1", "続柄コード2", "続柄コード3", "続柄コード4", "住所_郵便番号",
        "住所_市区郡町村名", "住所_町字", "住所_番地号表記", "住所_方書", "本籍", "本籍_地番号または、街区符号", "戸籍_筆頭者",
        "住民となった年月日", "消除の異動年月日", "支援措置区分", "国保資格有無", "後期高齢資格有無", "介護資格有無", "年金資格有無",
    ]

    /// 続柄 → its two-digit code (the codes the standard's data layout uses).
    public static let relationshipCodes: [String: String] = [
        "世帯主": "02", "夫": "11", "妻": "12", "子": "20", "父": "51", "母": "52", "同居人": "99",
    ]

    /// The memberships the export carries (国保, 後期高齢, 介護, 年金).
    public static let exportedMemberships: Set<Membership> = [.nationalHealthInsurance, .lateStageElderly, .longTermCare, .nationalPensionInsured]

    /// The residents an import of the file written in `encoding` must give, the special ones
    /// first, then the town: what the export carries of each.
    public func expected(encoding: ImportEncoding = .utf8) -> [Resident] {
        (Self.special(today: town.referenceDate) + Array(town)).map { r in
            var r = encoding == .cp932 ? Self.cp932Safe(r) : r
            r.memberships.formIntersection(Self.exportedMemberships)
            r.formerSurname = nil
            return r
        }
    }

    /// The special residents (fixed).
    static func special(today: CivilDate) -> [Resident] {
        func d(_ y: Int, _ m: Int, _ day: Int) -> CivilDate { CivilDate(year: y, month: m, day: day)! }
        let address = "いわき市平字梅本21番地"
        return [
            Resident(id: "0000123", householdID: "0000901", name: "明石 ハナ", kana: "アカシ ハナ", birthdate: d(1912, 7, 30), sex: .female,
                     relationship: "世帯主", postalCode: "970-8686", address: address, honseki: "福島県いわき市平字梅本21番地",
                     hittousha: "明石 ハナ", status: .current, birthEra: .meiji),
            Resident(id: "0000124", householdID: "0000901", name: "明石 一郎", kana: "アカシ イチロウ", birthdate: d(1926, 12, 25), sex: .male,
                     relationship: "子", postalCode: "970-8686", address: address, status: .current, birthEra: .taisho),
            Resident(id: "0000125", householdID: "0000901", name: "明石 澄子", kana: "アカシ スミコ", birthdate: d(1935, 1, 1), sex: .female,
                     relationship: "子の妻", postalCode: "970-8686", address: address, addressDetail: "梅本荘 101号室",
                     status: .current, supportMeasure: true, birthdateText: "昭和10年頃"),
            Resident(id: "0000126", householdID: "0000902", name: "𠮷田 髙志", kana: "ヨシダ タカシ", birthdate: d(1991, 2, 28), sex: .male,
                     relationship: "世帯主", postalCode: "970-8686", address: "いわき市平字田町3番地の2", status: .current,
                     birthdateText: "平成3年2月29日"),
            Resident(id: "0000127", householdID: "0000902", name: "渡邊 﨑子", kana: "ワタナベ サキコ", birthdate: d(1989, 1, 8), sex: .female,
                     relationship: "同居人", postalCode: "970-8686", address: "いわき市平字田町3番地の2", status: .deceased,
                     statusDate: nil, statusDateText: "令和6年12月上旬頃"),
            Resident(id: "0000128", householdID: "0000903", name: "ワン シャオミン", kana: "ワン シャオミン", birthdate: d(1990, 5, 1), sex: .male,
                     relationship: "世帯主", postalCode: "970-8686", address: "いわき市平字田町5番地", status: .current, alias: "王 小明"),
            Resident(id: "0000129", householdID: "0000904", name: "辻\u{E0100} 結衣", kana: "ツジ ユイ", birthdate: d(1998, 10, 3), sex: .female,
                     relationship: "世帯主", postalCode: "970-8686", address: "いわき市平字田町7番地", status: .current),
        ]
    }

    // MARK: - Rows

    /// The export's rows for `r`: a history row first for some, then the current row.
    func rows(_ r: Resident, ordinal: Int) -> [[String]] {
        var current = row(r, history: 1, latest: true)
        if gaijiForYoshi {
            current = current.map { $0.replacingOccurrences(of: "𠮷", with: "\u{E000}") }
        }
        guard ordinal % historyEvery == 3 else { return [current] }
        // An earlier address and 支援措置 withdrawn: what a stale row would wrongly bring back.
        var old = r
        old.address = "いわき市小名浜字本町1番地"
        old.addressDetail = ""
        old.supportMeasure = false
        var history = row(old, history: 0, latest: false)
        if gaijiForYoshi { history = history.map { $0.replacingOccurrences(of: "𠮷", with: "\u{E000}") } }
        return [history, current]
    }

    private func row(_ r: Resident, history: Int, latest: Bool) -> [String] {
        let parts = r.name.split(separator: " ", maxSplits: 1).map(String.init)
        let relation = r.relationship.components(separatedBy: "の").map { Self.relationshipCodes[$0] ?? "99" }
        func code(_ i: Int) -> String { i < relation.count ? relation[i] : "" }
        let (city, town, banchi) = Self.splitAddress(r.address)
        let (honseki, lot) = Self.splitLot(r.honseki)
        let birth = date(r.birthdate, era: r.birthEra, text: r.birthdateText)
        let supportCode = r.supportMeasure ? ["01", "02", "03"][Int(r.id.suffix(1))! % 3] : ""
        func flag(_ m: Membership) -> String { r.memberships.contains(m) ? "1" : "0" }
        return [
            r.id, String(format: "%@%02d", r.id, history + 1), latest ? "1" : "0", r.householdID, String(r.status.rawValue),
            r.name, parts.first ?? "", parts.count > 1 ? parts[1] : "", r.kana, r.alias ?? "",
            String(r.sex.rawValue), birth.era, birth.text, code(0), code(1), code(2), code(3), r.postalCode.replacingOccurrences(of: "-", with: ""),
            city, town, banchi, r.addressDetail, honseki, lot, r.hittousha,
            date(r.residentSince, era: nil, text: r.residentSinceText).text, date(r.statusDate, era: nil, text: r.statusDateText).text,
            supportCode, flag(.nationalHealthInsurance), flag(.lateStageElderly), flag(.longTermCare), flag(.nationalPensionInsured),
        ]
    }

    /// A date in the export's format, and its 元号 code.
    private func date(_ day: CivilDate?, era written: Era?, text: String?) -> (era: String, text: String) {
        if let text {
            // 2月29日 of a common year goes out in the export's own format; a 不詳日 as text.
            if let u = UncertainDate.read(text), text.hasSuffix("2月29日"), let year = Optional(u.earliest.year),
               let era = Era.of(u.earliest) {
                switch dateFormat {
                case .iso: return (eraScheme.code(era), String(format: "%04d-02-29", year))
                case .ymd8: return (eraScheme.code(era), String(format: "%04d0229", year))
                case .wareki7: return (eraScheme.code(era), eraScheme.code(era) + String(format: "%02d0229", era.eraYear(of: year)))
                }
            }
            return ("", text)
        }
        guard let day else { return ("", "") }
        let era = day.era(writtenIn: written) ?? .meiji
        switch dateFormat {
        case .iso: return (eraScheme.code(era), day.iso)
        case .ymd8: return (eraScheme.code(era), String(format: "%04d%02d%02d", day.year, day.month, day.day))
        case .wareki7:
            return (eraScheme.code(era), eraScheme.code(era) + String(format: "%02d%02d%02d", era.eraYear(of: day.year), day.month, day.day))
        }
    }

    /// `いわき市平字梅本21番地` → `いわき市`, `平字梅本`, `21番地`.
    static func splitAddress(_ address: String) -> (String, String, String) {
        guard let cityEnd = address.range(of: "市") else { return ("", address, "") }
        let city = String(address[..<cityEnd.upperBound])
        let (town, lot) = splitLot(String(address[cityEnd.upperBound...]))
        return (city, town, lot)
    }

    /// Text before the first digit, and the rest (the 番地).
    static func splitLot(_ text: String) -> (String, String) {
        guard let i = text.firstIndex(where: { $0.isASCII && $0.isNumber }) else { return (text, "") }
        return (String(text[..<i]), String(text[i...]))
    }

    // MARK: - Writing

    /// Writes the export to `url` in `encoding` (UTF-8 with BOM, or CP932), CRLF.
    public func write(to url: URL, encoding: ImportEncoding = .utf8) throws {
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        func bytes(_ text: String) throws -> Data {
            guard encoding == .cp932 else { return Data(text.utf8) }
            guard let data = CP932.encode(text) else { throw CocoaError(.fileWriteInapplicableStringEncoding) }
            return data
        }
        var chunk = (encoding == .cp932 ? "" : "\u{FEFF}") + CSVCell.line(Self.header.map(CSVCell.quoted))
        var ordinal = 0
        for r in Self.special(today: town.referenceDate) + Array(town) {
            ordinal += 1
            for row in rows(encoding == .cp932 ? Self.cp932Safe(r) : r, ordinal: ordinal) {
                chunk += CSVCell.line(row.map(CSVCell.quoted))
            }
            if chunk.utf8.count > 1 << 20 {
                try handle.write(contentsOf: bytes(chunk))
                chunk = ""
            }
        }
        try handle.write(contentsOf: bytes(chunk))
        try handle.synchronize()
    }

    /// A CP932 file cannot hold a variation selector: the plain character stands for it.
    static func cp932Safe(_ r: Resident) -> Resident {
        var r = r
        r.name = VariantKanji.strippingSelectors(r.name)
        return r
    }

    /// The mapping file that imports this export (`Forms/import/standard.yaml` is the one for
    /// the standard 元号 codes and ISO dates).
    public var mappingYAML: String {
        let eras = Era.allCases.map { "\"\(eraScheme.code($0))\": \($0.name)" }.joined(separator: ", ")
        let relations = Self.relationshipCodes.sorted { $0.value < $1.value }.map { "\"\($0.value)\": \($0.key)" }.joined(separator: ", ")
        return """
            where:
              最新フラグ: "1"
            dates:
              format: \(dateFormat.rawValue)
              era_codes: {\(eras)}
              era_column: {生年月日: 生年月日_元号}
            values:
              続柄コード1: {\(relations)}
              続柄コード2: {\(relations)}
              続柄コード3: {\(relations)}
              続柄コード4: {\(relations)}
              支援措置区分: {"": "0", "*": "1"}
            join:
              住所: {from: [住所_市区郡町村名, 住所_町字, 住所_番地号表記], sep: ""}
              本籍: {from: [本籍, 本籍_地番号または、街区符号], sep: ""}
              続柄: {from: [続柄コード1, 続柄コード2, 続柄コード3, 続柄コード4], sep: "の"}
            columns:
              氏名_フリガナ: 氏名フリガナ
              住所_郵便番号: 郵便番号
              住所_方書: 方書
              戸籍_筆頭者: 筆頭者
              住民となった年月日: 住民となった日
              消除の異動年月日: 異動日
              支援措置区分: 支援措置
              国保資格有無: 国民健康保険
              後期高齢資格有無: 後期高齢者医療
              介護資格有無: 介護保険
              年金資格有無: 国民年金
            ignore_unlisted: true

            """
    }
}
