import ArgumentParser
import CounterCore
import Foundation
import JapaneseKit

/// `madoguchi demo-data`: writes synthetic residents in the import format.
struct DemoDataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo-data",
        abstract: "Write synthetic いわき市 residents as an import CSV (deterministic for a seed).",
        discussion: "Ages and statuses are as of 2026-04-01 unless --as-of is given. No 個人番号 is ever generated."
    )

    @Option(help: "Number of residents.") var residents: Int
    @Option(help: "Seed: the same seed gives the same residents.") var seed: UInt64 = 1
    @Option(help: "Reference date (YYYY-MM-DD) for ages and statuses.") var asOf: String?
    @Option(help: "Output file.") var out: String
    @Option(help: "import (the import format) or standard (a standard 住民記録 export for Forms/import/standard.yaml).")
    var layout = "import"
    @Option(help: "With --layout standard: 元号 codes, standard (1-5) or nenkin (1,3,5,7,9).") var eraCodes = "standard"
    @Option(help: "With --layout standard: dates as iso, ymd8 or wareki7.") var dates = "iso"

    mutating func run() throws {
        guard residents > 0 else { throw CommandFailure.usage("--residents は 1 以上にしてください。") }
        var date = SyntheticResidents.defaultReferenceDate
        if let asOf {
            guard let d = CivilDate(iso: asOf) else { throw CommandFailure.usage("--as-of は 2026-04-01 の形で指定してください。") }
            date = d
        }
        let url = URL(fileURLWithPath: out)
        let town = SyntheticResidents(count: residents, seed: seed, referenceDate: date)
        do {
            switch layout {
            case "import": try town.write(to: url)
            case "standard":
                guard let scheme = StandardExport.EraScheme(rawValue: eraCodes) else {
                    throw CommandFailure.usage("--era-codes は standard か nenkin です。")
                }
                guard let format = ColumnMapping.DateFormat(rawValue: dates) else {
                    throw CommandFailure.usage("--dates は iso・ymd8・wareki7 のいずれかです。")
                }
                let export = StandardExport(town: town, eraScheme: scheme, dateFormat: format)
                try export.write(to: url)
                if scheme != .standard || format != .iso {
                    let mapping = url.deletingPathExtension().appendingPathExtension("mapping.yaml")
                    try Data(export.mappingYAML.utf8).write(to: mapping)
                    FileHandle.standardError.write(Data("対応ファイル: \(mapping.path)\n".utf8))
                }
            default: throw CommandFailure.usage("--layout は import か standard です。")
            }
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            throw CommandFailure.refused(CounterMessage.text(for: error))
        }
        FileHandle.standardError.write(Data("\(residents) 人分の住民データを書きました: \(url.path)\n".utf8))
    }
}
