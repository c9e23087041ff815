import ArgumentParser
import CounterCore
import Foundation
import JapaneseKit

/// `madoguchi bench prefill`: pre-fill every form for many synthetic residents, and print
/// filled forms as PDF. Targets: pre-fill ≤ 2 ms per form, PDF ≤ 50 ms per page.
struct BenchPrefill: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prefill",
        abstract: "Time pre-fill per form and PDF per page on synthetic residents.",
        discussion: "Figures are distorted while other heavy work (a build) runs on the machine."
    )

    @OptionGroup var forms: FormsOption
    @Option(help: "Synthetic households to fill forms for.") var households = 200
    @Option(help: "PDFs to write.") var pdfs = 200

    func run() throws {
        let library = FormLibrary.load(directory: forms.url)
        guard library.problems.isEmpty, !library.forms.isEmpty else {
            throw CommandFailure.refused("帳票定義に問題があります。madoguchi forms check で確認してください。")
        }
        let today = CivilDate(year: 2026, month: 11, day: 25)!
        var fill: [Double] = []
        var pdf: [Double] = []
        var pages = 0
        var filledForms: [FilledForm] = []
        for n in 0..<households {
            let members = Self.household(n)
            for subject in members {
                var context = CaseContext(caseNumber: "B\(n)", subject: subject, household: members,
                                          requester: .resident(members[0]), clerkID: "bench", cityName: "いわき市", today: today)
                context.enter("copies", "2")
                context.enter("funeral_date", "R8.11.23")
                context.enter("certificate_kind", "1")
                for form in library.forms {
                    let start = Bench.now()
                    let filled = Prefill.fill(form, in: context)
                    fill.append((Bench.now() - start) * 1000)
                    if filledForms.count < pdfs { filledForms.append(filled) }
                }
            }
        }
        let printedAt = Date(timeIntervalSince1970: 1_795_566_600)
        var bytes = 0
        for filled in filledForms {
            let start = Bench.now()
            let doc = FormPrintout.document(for: filled, printedAt: printedAt)
            bytes += doc.data().count
            // Per page: the layout and the file of a form divided by its pages.
            pdf.append((Bench.now() - start) * 1000 / Double(doc.pages.count))
            pages += doc.pages.count
        }
        print("forms: \(library.forms.count), synthetic households: \(households)")
        print(Self.line("pre-fill per form", fill, target: 2))
        print(Self.line("PDF per page (\(pages) pages, \(bytes / max(filledForms.count, 1)) bytes per file)", pdf, target: 50))
        print("peak memory: \(Bench.format(Bench.peakMemoryMiB(), 1)) MiB")
        print("(figures are comparable only on an otherwise idle machine)")
    }

    static func line(_ label: String, _ ms: [Double], target: Double) -> String {
        let p95 = Bench.quantile(ms, 0.95)
        return "\(label): n=\(ms.count)  median \(Bench.format(Bench.quantile(ms, 0.5), 3)) ms  p95 \(Bench.format(p95, 3)) ms"
            + "  p99 \(Bench.format(Bench.quantile(ms, 0.99), 3)) ms  (target ≤ \(Bench.format(target, 0)) ms: \(p95 <= target ? "met" : "missed"))"
    }

    /// A household of 1–5 synthetic residents; the first is the head.
    static func household(_ n: Int) -> [Resident] {
        let families = ["山田", "佐藤", "鈴木", "高橋", "渡辺", "伊藤"]
        let kana = ["ヤマダ", "サトウ", "スズキ", "タカハシ", "ワタナベ", "イトウ"]
        let roles = ["世帯主", "妻", "長男", "長女", "母"]
        let f = n % families.count
        let size = 1 + n % roles.count
        return (0..<size).map { i in
            Resident(id: String(500_000 + n * 10 + i), householdID: "BH\(n)", name: "\(families[f]) 名\(i)", kana: "\(kana[f]) メイ",
                     birthdate: CivilDate(dayNumber: -8000 + n * 37 + i * 3000), sex: i % 2 == 0 ? .male : .female,
                     relationship: roles[i], postalCode: "970-8686", address: "福島県いわき市平字梅本\(n % 50 + 1)番地",
                     honseki: "福島県いわき市平字梅本\(n % 50 + 1)番地", hittousha: "\(families[f]) 名0",
                     status: n % 7 == 0 && i == 0 ? .deceased : .current,
                     statusDate: n % 7 == 0 && i == 0 ? CivilDate(year: 2026, month: 11, day: 20) : nil,
                     memberships: [.nationalHealthInsurance, .lateStageElderly, .longTermCare, .sealRegistration])
        }
    }
}
