import CounterCore
import Foundation
import JapaneseKit

/// The 管理者モード effects: each checks first that the signed-in id is an active
/// supervisor's (config.yaml read afresh), then runs the application layer's use case, the
/// same the commands run.
extension CounterEffects {
    func perform(_ effect: SupervisorEffect, supervisor: String) -> SupervisorResult {
        do {
            try app.requireSupervisor(supervisor)
            return try run(effect, supervisor: supervisor)
        } catch {
            return .failed(error.message + Self.remedy(for: error))
        }
    }

    private func run(_ effect: SupervisorEffect, supervisor: String) throws(CounterAppError) -> SupervisorResult {
        switch effect {
        case .status:
            return .status(try app.terminalStatus(), at: app.clock.now())
        case .dailyReport(let day):
            return .dailyReport(try app.dailyReport(day ?? app.clock.today()))
        case .printDailyReport(let day):
            let printout = try app.printDailyReport(try app.dailyReport(day))
            return .printed(title: "日計表", destination: destination(printout))
        case .closeDay(let day):
            // Every source of this data directory's config: its own journal, `journal_dirs`, the hub.
            let closed = try app.closeDay(day, supervisor: supervisor)
            // The seal is written: a printer that fails now is said, the seal stands.
            let printed: String
            do { printed = destination(try app.printDailyReport(closed.report)) } catch { printed = error.message }
            return .dayClosed(closed.report, printed: printed)
        case .settlementFiles:
            return .settlementFiles(try app.settlementFiles().map(\.lastPathComponent))
        case let .reconcile(day, file):
            return .reconciled(file: file, try app.reconcile(day, settlement: try settlementFile(file)))
        case let .printReconciliation(day, file):
            let result = try app.reconcile(day, settlement: try settlementFile(file))
            let lines = Reconciler.text(result).split(separator: "\n").map(String.init)
            let printout = try app.printText(["照合  \(day.warekiLong)（\(day.iso)）  精算ファイル \(DisplaySanitizer.sanitize(file))", ""] + lines,
                                             title: "照合 \(day.iso)", name: "shogo-\(day.iso)")
            return .printed(title: "照合の結果", destination: destination(printout))
        case .clerks:
            return .clerks(try clerkRows())
        case .unlockClerk(let id):
            try app.unlockClerk(id, supervisor: supervisor)
            return .clerkChanged(done: "担当者 \(id) のロックを解除しました。", try clerkRows())
        case .disableClerk(let id):
            try app.disableClerk(id, supervisor: supervisor)
            return .clerkChanged(done: "担当者 \(id) を無効にしました。", try clerkRows())
        case let .workload(from, to):
            let today = app.clock.today()
            return .workload(try app.workload(from: from ?? today, to: to ?? from ?? today, supervisor: supervisor))
        case let .writeWorkload(from, to):
            let file = try app.writeWorkloadCSV(try app.workload(from: from, to: to, supervisor: supervisor))
            return .workloadWritten(path: file.path)
        }
    }

    /// A file of `settlement_dir` by its name (only a name the folder lists).
    private func settlementFile(_ name: String) throws(CounterAppError) -> URL {
        guard let file = try app.settlementFiles().first(where: { $0.lastPathComponent == name }) else {
            throw .refused("精算ファイル \(name) が見つかりません。開き直して選び直してください。")
        }
        return file
    }

    /// The clerks, as the 担当者 screen orders them, read afresh from config.yaml.
    private func clerkRows() throws(CounterAppError) -> [ClerkRow] {
        let config: AppConfig
        do { config = try AppConfig.load(dataDirectory: app.directory.url) } catch {
            throw .config(error as? ConfigError ?? .unreadable(path: app.directory.configFile.path, reason: CounterMessage.reason(for: error)))
        }
        return ClerkRow.ordered(config.clerks)
    }

    /// Where a printout went, in one phrase.
    private func destination(_ printout: CounterPrinter.Printout) -> String {
        printout.printer.map { "プリンタ \($0)" } ?? "spool/" + printout.file.lastPathComponent
    }
}
