import ArgumentParser
import CounterCore
import Foundation
import JapaneseKit

/// `madoguchi resident ID`: one record, its household and memberships.
struct ResidentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resident",
        abstract: "Show one resident (by 宛名番号) with household and memberships; the view is journaled first."
    )

    @Argument(help: "宛名番号.") var id: String
    @Flag(help: "Print JSON on stdout.") var json = false
    @OptionGroup var clerk: ClerkOption
    @OptionGroup var dataDir: DataDirOption

    struct Record: Encodable {
        var resident: ResidentSummary
        var formerSurname: String?
        var postalCode: String
        var honseki: String
        var hittousha: String
        var residentSince: String?
        var statusDate: String?
        var supportMeasure: Bool
        var memberships: [String]
        var household: [ResidentSummary]

        enum CodingKeys: String, CodingKey {
            case resident, formerSurname = "former_surname", postalCode = "postal_code", honseki, hittousha,
                 residentSince = "resident_since", statusDate = "status_date", supportMeasure = "support_measure",
                 memberships, household
        }
    }

    mutating func run() throws {
        let app = try CounterSession.open(dataDir)
        let clerkID = try CounterSession.signIn(app, clerk).id
        let found = try CounterSession.refusing { try app.resident(id: id, clerk: clerkID) }
        let r = found.resident
        let memberships = Membership.allCases.filter(r.memberships.contains)
        if json {
            print(try RegistryAccess.json(Record(
                resident: ResidentSummary(r), formerSurname: r.formerSurname, postalCode: r.postalCode, honseki: r.honseki,
                hittousha: r.hittousha, residentSince: r.residentSince?.iso ?? r.residentSinceText, statusDate: r.statusDate?.iso ?? r.statusDateText,
                supportMeasure: r.supportMeasure, memberships: memberships.map(\.rawValue),
                household: found.household.map(ResidentSummary.init))))
            return
        }
        var lines: [String] = []
        if r.supportMeasure { lines.append("［支援措置］証明書の交付は停止中です。責任者に引き継いでください。") }
        let status = RegistryAccess.badge(r.status)
        lines.append("\(r.name)（\(r.kana)）\(r.alias.map { "  通称 \($0)" } ?? "")\(status)")
        lines.append("宛名番号 \(r.id)  世帯番号 \(r.householdID)  続柄 \(r.relationship)")
        let birth = r.birthdateISO.map { "\(r.birthdateWareki)（\($0)）" } ?? "\(r.birthdateWareki)（記録のとおり。日は定まっていません）"
        lines.append("生年月日 \(birth)  性別 \(r.sex == .male ? "男" : "女")")
        if let former = r.formerSurname { lines.append("旧氏 \(former)") }
        lines.append("住所 〒\(r.postalCode) \(r.address)\(r.addressDetail.isEmpty ? "" : " " + r.addressDetail)")
        if !r.honseki.isEmpty { lines.append("本籍 \(r.honseki)  筆頭者 \(r.hittousha)") }
        if let since = r.residentSinceWareki { lines.append("住民となった日 \(since)") }
        if let date = r.statusDateWareki { lines.append("異動日 \(date)") }
        lines.append("加入・登録 " + (memberships.isEmpty ? "なし" : memberships.map(\.columnName).joined(separator: "・")))
        lines.append("世帯（\(found.household.count) 人）")
        for m in found.household {
            lines.append("  \(m.id == r.id ? "▶" : " ") \(m.relationship)  \(m.nameWithAlias)  \(m.birthdateWareki)  \(RegistryAccess.badge(m.status))")
        }
        print(lines.map(DisplaySanitizer.sanitize).joined(separator: "\n"))
    }
}
