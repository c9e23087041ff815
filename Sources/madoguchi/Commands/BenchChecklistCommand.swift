import ArgumentParser
import CounterCore
import Foundation
import JapaneseKit

/// `madoguchi bench checklist`: one bereavement checklist (rule evaluation and deadlines) for
/// synthetic deaths, against the rules in Forms/bereavement.
struct BenchChecklistCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checklist",
        abstract: "Time a bereavement checklist (target ≤ 5 ms including rule evaluation and deadlines)."
    )

    @OptionGroup var forms: FormsOption
    @Option(name: .long, help: "Checklists to build.") var iterations = 5000
    @Option(name: .long, help: "Seed of the synthetic deaths.") var seed: UInt64 = 7

    func run() throws {
        let loadStart = Bench.now()
        let book = BereavementRuleBook.load(directory: forms.url, forms: FormLibrary.load(directory: forms.url))
        let loadSeconds = Bench.now() - loadStart
        guard book.problems.isEmpty, !book.rules.isEmpty else {
            throw CommandFailure.refused("おくやみ手続ルールに問題があります。madoguchi okuyami rules で確認してください。")
        }
        var rng = SplitMix64(seed: seed)
        let deaths = (0..<200).map { _ in SyntheticDeath.make(&rng) }
        var samples: [Double] = []
        samples.reserveCapacity(iterations)
        var itemCount = 0
        for i in 0..<max(1, iterations) {
            let death = deaths[i % deaths.count]
            let start = Bench.now()
            let facts = DeathFacts(deceased: death.deceased, household: death.household, dateOfDeath: death.date,
                                   funeralDate: death.date.adding(days: 3))
            let checklist = BereavementChecklist(facts: facts, book: book)
            samples.append(Bench.now() - start)
            itemCount += checklist.items.count
        }
        let stats = BenchStatistics(samples: samples)
        print("bench checklist: \(samples.count) checklists, \(book.rules.count) rules, \(String(format: "%.1f", Double(itemCount) / Double(samples.count))) items on average")
        print(String(format: "  rules load (once): %.2f ms", loadSeconds * 1000))
        print("  checklist: " + stats.summary + String(format: "  max %.3f ms", (samples.max() ?? 0) * 1000))
        print(String(format: "  peak memory: %.1f MiB", Bench.peakMemoryMiB()))
        print("  target ≤ 5 ms (p99): \(stats.percentile(0.99) <= 0.005 ? "met" : "NOT met") — comparable only on an otherwise idle machine")
    }
}

/// A synthetic deceased with a household of 0–4 others.
private struct SyntheticDeath {
    let deceased: Resident
    let household: [Resident]
    let date: CivilDate

    static func make(_ rng: inout SplitMix64) -> SyntheticDeath {
        let date = CivilDate(year: 2026, month: 1, day: 1)!.adding(days: Int.random(in: 0..<730, using: &rng))
        let age = Int.random(in: 20...99, using: &rng)
        let born = date.adding(days: -(age * 365 + Int.random(in: 0..<365, using: &rng)))
        var memberships = Set(Membership.allCases.filter { _ in Bool.random(using: &rng) })
        if age >= 75 { memberships.insert(.lateStageElderly); memberships.remove(.nationalHealthInsurance) }
        let head = Bool.random(using: &rng)
        let id = String(Int.random(in: 100_000...999_999, using: &rng))
        let deceased = Resident(id: id, householdID: "H" + id, name: "試験 太郎", kana: "シケン タロウ", birthdate: born,
                                sex: Bool.random(using: &rng) ? .male : .female, relationship: head ? "世帯主" : "妻",
                                status: .deceased, statusDate: date, memberships: memberships)
        let others = (0..<Int.random(in: 0...4, using: &rng)).map { n in
            Resident(id: id + "-\(n)", householdID: "H" + id, name: "試験 花子", kana: "シケン ハナコ",
                     birthdate: date.adding(days: -Int.random(in: 365...(90 * 365), using: &rng)),
                     sex: .female, relationship: n == 0 && !head ? "世帯主" : "子")
        }
        return SyntheticDeath(deceased: deceased, household: [deceased] + others, date: date)
    }
}
