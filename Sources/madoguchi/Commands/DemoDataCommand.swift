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

    mutating func run() throws {
        guard residents > 0 else { throw CommandFailure.usage("--residents は 1 以上にしてください。") }
        var date = SyntheticResidents.defaultReferenceDate
        if let asOf {
            guard let d = CivilDate(iso: asOf) else { throw CommandFailure.usage("--as-of は 2026-04-01 の形で指定してください。") }
            date = d
        }
        let url = URL(fileURLWithPath: out)
        do {
            try SyntheticResidents(count: residents, seed: seed, referenceDate: date).write(to: url)
        } catch {
            throw CommandFailure.refused(CounterMessage.text(for: error))
        }
        FileHandle.standardError.write(Data("\(residents) 人分の住民データを書きました: \(url.path)\n".utf8))
    }
}
