import Foundation
import JapaneseKit

/// One line of a search result.
public struct ResidentSummary: Hashable, Sendable, Codable {
    /// 宛名番号.
    public var id: String
    /// 世帯番号.
    public var householdID: String
    /// 氏名 (`山田 太郎`).
    public var name: String
    /// 氏名フリガナ (`ヤマダ タロウ`).
    public var kana: String
    public var birthdate: CivilDate
    public var sex: Sex
    /// 住所 and 方書 joined by a space when there is a 方書.
    public var address: String
    public var status: ResidentStatus
    /// 異動日: the day of the status change (the date of death for the deceased), if recorded.
    public var statusDate: CivilDate?
    /// 続柄.
    public var relationship: String
    /// 支援措置: certificates are blocked; the screen shows a warning.
    public var supportMeasure: Bool
    /// 通称, shown beside the name.
    public var alias: String?
    /// The era the record writes the 生年月日 in, when not the calendar's (明治45年7月30日).
    public var birthEra: Era?
    /// 生年月日 as the record writes it when no calendar holds it (`birthdate` is then only a
    /// stand-in for ordering, never shown).
    public var birthdateText: String?
    /// 異動日 as the record writes it when no calendar holds it.
    public var statusDateText: String?

    public init(_ r: Resident) {
        id = r.id
        householdID = r.householdID
        name = r.name
        kana = r.kana
        birthdate = r.birthdate
        sex = r.sex
        address = r.addressDetail.isEmpty ? r.address : r.address + " " + r.addressDetail
        status = r.status
        statusDate = r.statusDate
        relationship = r.relationship
        supportMeasure = r.supportMeasure
        alias = r.alias
        birthEra = r.birthEra
        birthdateText = r.birthdateText
        statusDateText = r.statusDateText
    }

    /// 生年月日 in 和暦 as the record writes it (`令和元年5月1日`, `明治45年7月30日`, `昭和10年頃`).
    public var birthdateWareki: String { birthdateText ?? birthdate.warekiLong(writtenIn: birthEra) }

    /// 生年月日 short (`R1.5.1`, `M45.7.30`), or the record's own text.
    public var birthdateWarekiShort: String { birthdateText ?? birthdate.warekiShort(writtenIn: birthEra) }

    /// 氏名 with the 通称 beside it.
    public var nameWithAlias: String { Resident.nameWithAlias(name, alias) }

    enum CodingKeys: String, CodingKey {
        case id, householdID = "household_id", name, kana, birthdate, birthdateWareki = "birthdate_wareki", sex,
             address, status, statusDate = "status_date", relationship, alias, birthdateText = "birthdate_text",
             statusDateText = "status_date_text"
    }

    /// The `--json` shape: `{"id","household_id","name","kana","birthdate","birthdate_wareki",
    /// "sex","address","status","status_date","relationship","alias"}`; sex `male`/`female`,
    /// status a `jsonName`, status_date (異動日) `YYYY-MM-DD` or null. A date no calendar holds is
    /// null with its text in `birthdate_text` / `status_date_text`.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(householdID, forKey: .householdID)
        try c.encode(name, forKey: .name)
        try c.encode(kana, forKey: .kana)
        try c.encode(birthdateText == nil ? birthdate : nil, forKey: .birthdate)
        try c.encode(birthdateWareki, forKey: .birthdateWareki)
        try c.encode(sex == .male ? "male" : "female", forKey: .sex)
        try c.encode(address, forKey: .address)
        try c.encode(status.jsonName, forKey: .status)
        try c.encode(statusDate, forKey: .statusDate)
        try c.encode(relationship, forKey: .relationship)
        try c.encodeIfPresent(alias, forKey: .alias)
        try c.encodeIfPresent(birthdateText, forKey: .birthdateText)
        try c.encodeIfPresent(statusDateText, forKey: .statusDateText)
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        householdID = try c.decode(String.self, forKey: .householdID)
        name = try c.decode(String.self, forKey: .name)
        kana = try c.decode(String.self, forKey: .kana)
        birthdateText = try c.decodeIfPresent(String.self, forKey: .birthdateText)
        statusDateText = try c.decodeIfPresent(String.self, forKey: .statusDateText)
        alias = try c.decodeIfPresent(String.self, forKey: .alias)
        birthdate = try c.decodeIfPresent(CivilDate.self, forKey: .birthdate)
            ?? (birthdateText.flatMap(UncertainDate.read)?.earliest ?? CivilDate.solarCalendarStart)
        sex = try c.decode(String.self, forKey: .sex) == "female" ? .female : .male
        address = try c.decode(String.self, forKey: .address)
        let statusName = try c.decode(String.self, forKey: .status)
        status = ResidentStatus.allCases.first { $0.jsonName == statusName } ?? .removed
        statusDate = try c.decodeIfPresent(CivilDate.self, forKey: .statusDate)
        relationship = try c.decode(String.self, forKey: .relationship)
        supportMeasure = false
    }
}
