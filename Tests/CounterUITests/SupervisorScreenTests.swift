@testable import CounterCore
import Foundation
import JapaneseKit
import Testing
import TerminalKit
@testable import CounterUI

/// What the 管理者モード screens hold and draw: a day of synthetic counter records (real journal
/// files read by the real engine) stands in for the Runtime's answers.
enum SupervisorFixtures {
    static let day = CivilDate(morning)
    static let context = CounterContext(cityName: "いわき市", terminalID: "mado-01", clerk: "管理 花子", clerkID: "sup1",
                                        idleLockSeconds: 600, role: .supervisor)

    /// A signed-in supervisor's model with `screens` above the 管理者メニュー.
    static func model(_ screens: [any CounterScreen]) -> AppModel {
        AppModel(context: context, now: morning, mode: .supervisor,
                 screens: [.supervisor: [AnyScreen(SupervisorMenuScreen())] + screens.map { AnyScreen($0) },
                           .clerk: [AnyScreen(ResidentSearchScreen())]])
    }

    /// One synthetic day of terminal mado-02 in a temporary journal folder.
    static func journal() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("supervisor-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try SyntheticCounterDay.write(directory: dir, terminalID: "mado-02", date: day, cases: 12, seed: 7, mode: .live)
        return dir
    }

    static func report() throws -> DailyReport {
        let dir = try journal()
        defer { try? FileManager.default.removeItem(at: dir) }
        return try DayCloser.report(directories: [dir], date: day, today: day, catalog: ClerkFixtures.catalog)
    }

    static func ledger() throws -> DayLedger {
        let dir = try journal()
        defer { try? FileManager.default.removeItem(at: dir) }
        return try DayLedger.read(directories: [dir], date: day)
    }

    static func account(_ id: String, _ name: String, role: ClerkAccount.Role = .clerk, locked: Bool = false,
                        disabled: Bool = false) -> ClerkAccount {
        ClerkAccount(id: id, name: name, role: role, pinHash: "x", disabled: disabled, locked: locked)
    }
}

@Suite struct SupervisorScreenTests {
    // MARK: - 管理者メニュー

    @Test func theMenuOpensByNumberOrByArrowAndEnter() throws {
        var model = SupervisorFixtures.model([])
        let text = ClerkFixtures.text(model)
        for label in ["1  本日の状況", "2  日計", "3  点検", "4  アクセス履歴", "5  担当者", "6  業務量"] { #expect(text.contains(label), "\(label)") }
        try ClerkFixtures.snapshot(model, "supervisor-menu-80x24")
        #expect(model.update(.key(.character("3"))) == [.review(.run(from: nil, to: nil))])
        #expect(model.top is ReviewScreen)
        _ = model.update(.key(.escape))
        #expect(model.update(.key(.character("5"))) == [.supervisor(.clerks)])
        #expect(model.top is ClerkListScreen)
        _ = model.update(.key(.escape))
        #expect(model.top is SupervisorMenuScreen)
        for _ in 0..<5 { _ = model.update(.key(.down)) }
        #expect(model.update(.key(.enter)) == [.supervisor(.workload(from: nil, to: nil))])
        #expect(model.top is WorkloadScreen)
        // A number with no entry is not consumed.
        _ = model.update(.key(.escape))
        #expect(model.update(.key(.character("9"))).isEmpty)
        #expect(model.top is SupervisorMenuScreen)
    }

    // MARK: - 本日の状況

    @Test func theStatusShowsEachTerminalAndRefreshesOnTheTickAndOnF5() throws {
        var model = SupervisorFixtures.model([TerminalStatusScreen()])
        #expect(ClerkFixtures.text(model).contains("状況を読み込んでいます"))
        let rows = [
            TerminalStatus(terminal: "mado-01", lastRecord: "2026-11-25T10:41:07.120+09:00", records: 42, openCases: 2, payments: 9,
                           voids: 1, verify: "PASS", dayClosed: false),
            TerminalStatus(terminal: "mado-02\u{1B}[31m", lastRecord: nil, records: 0, openCases: 0, payments: 0, voids: 0,
                           verify: "FAIL", dayClosed: true),
        ]
        _ = model.update(.supervisor(.status(rows, at: morning)))
        let grid = render(model)
        let text = grid.rows.joined(separator: "\n")
        #expect(text.contains("10:42:00 現在"))
        #expect(grid.rows.contains { $0.hasPrefix(" mado-01            10:41:07  42      2       9      1      PASS   未") })
        // Terminal ids come from journal files: controls are shown inert.
        #expect(!text.contains("\u{1B}"))
        #expect(text.contains("締め済"))
        #expect(text.contains("madoguchi journal verify"))
        try ClerkFixtures.snapshot(model, "supervisor-status-80x24")
        // The first tick sets the interval; a read is due 10 s later, not before.
        #expect(model.update(.tick(morning.addingTimeInterval(1))).isEmpty)
        #expect(model.update(.tick(morning.addingTimeInterval(5))).isEmpty)
        #expect(model.update(.tick(morning.addingTimeInterval(11))) == [.supervisor(.status)])
        // One read at a time: F5 while reading does nothing; after the answer it reads again.
        #expect(model.update(.key(.function(5))).isEmpty)
        _ = model.update(.supervisor(.status(rows, at: morning.addingTimeInterval(11))))
        #expect(model.update(.key(.function(5))) == [.supervisor(.status)])
    }

    // MARK: - 日計

    @Test func theDailyReportScrollsAndRefusesABadDate() throws {
        var model = SupervisorFixtures.model([DailyReportScreen()])
        let report = try SupervisorFixtures.report()
        _ = model.update(.supervisor(.dailyReport(report)))
        var text = ClerkFixtures.text(model)
        #expect(text.contains("日計表  令和8年11月25日（2026-11-25）"))
        #expect(text.contains("【合計】"))
        #expect(text.contains("2026-11-25"))
        try ClerkFixtures.snapshot(model, "supervisor-daily-80x24")
        let screen = try #require(model.top as? DailyReportScreen)
        #expect(screen.lines.contains("（この日はまだ締めていません: F6 で締めます）"))
        #expect(!screen.lines.contains { $0.contains("madoguchi close-day") })
        for _ in 0..<3 { _ = model.update(.key(.pageDown)) }
        text = ClerkFixtures.text(model)
        #expect(text.contains("31〜"))
        #expect(!text.contains("日計表  令和8年"))
        // A date typed: R8.11.24 asks for that day.
        for _ in 0..<10 { _ = model.update(.key(.backspace)) }
        for c in "R8.11.24" { _ = model.update(.key(.character(c))) }
        #expect(model.update(.key(.enter)) == [.supervisor(.dailyReport(CivilDate(year: 2026, month: 11, day: 24)!))])
        _ = model.update(.supervisor(.failed("読めません。")))
        for _ in 0..<10 { _ = model.update(.key(.backspace)) }
        for c in "R8.13.40" { _ = model.update(.key(.character(c))) }
        #expect(model.update(.key(.enter)).isEmpty)
        #expect(ClerkFixtures.text(model).contains("日付:"))
        // A 個人番号 typed as a date is refused and never stays on screen.
        for c in "123456789018" { _ = model.update(.key(.character(c))) }
        #expect(model.update(.key(.enter)).isEmpty)
        text = ClerkFixtures.text(model)
        #expect(!text.contains("123456789018"))
        #expect(text.contains("個人番号"))
    }

    @Test func closingTheDayAsksFirstAndShowsTheSeal() throws {
        var model = SupervisorFixtures.model([DailyReportScreen()])
        var report = try SupervisorFixtures.report()
        _ = model.update(.supervisor(.dailyReport(report)))
        #expect(model.update(.key(.function(6))).isEmpty)
        var text = ClerkFixtures.text(model)
        #expect(text.contains("令和8年11月25日（2026-11-25）の日計を締めます。"))
        try ClerkFixtures.snapshot(model, "supervisor-close-confirm-80x24")
        // Cancel has the focus: a stray Enter closes nothing.
        #expect(model.update(.key(.enter)).isEmpty)
        #expect(ClerkFixtures.text(model).contains("締めませんでした。"))
        _ = model.update(.key(.function(6)))
        // Esc is the dialog's, not the screen's: the 日計 stays open.
        #expect(model.update(.key(.escape)).isEmpty)
        #expect(model.top is DailyReportScreen)
        _ = model.update(.key(.function(6)))
        _ = model.update(.key(.left))
        #expect(model.update(.key(.enter)) == [.supervisor(.closeDay(SupervisorFixtures.day))])
        #expect(ClerkFixtures.text(model).contains("日計を締めています"))
        // While it runs, no second close.
        #expect(model.update(.key(.function(6))).isEmpty)
        report.seal = DailyReport.SealInfo(terminal: "mado-01", seq: 9, hash: String(repeating: "ab", count: 32), clerk: "sup1")
        _ = model.update(.supervisor(.dayClosed(report, printed: "spool/nikkei-2026-11-25.pdf")))
        text = ClerkFixtures.text(model)
        #expect(text.contains("締め済　封印 " + String(repeating: "ab", count: 32)))
        #expect(text.contains("【日計締め】 端末 mado-01 記録 9"))
        #expect(text.contains("日計表: spool/nikkei-2026-11-25.pdf"))
        // A closed day is not closed twice.
        #expect(model.update(.key(.function(6))).isEmpty)
        #expect(ClerkFixtures.text(model).contains("もう締めてあります"))
        #expect(model.update(.key(.function(5))) == [.supervisor(.printDailyReport(SupervisorFixtures.day))])
    }

    @Test func reconcilingPicksASettlementFileAndShowsTheDifferences() throws {
        var model = SupervisorFixtures.model([DailyReportScreen()])
        _ = model.update(.supervisor(.dailyReport(try SupervisorFixtures.report())))
        #expect(model.update(.key(.function(7))) == [.supervisor(.settlementFiles)])
        #expect(model.top is ReconcileScreen)
        _ = model.update(.supervisor(.settlementFiles(["2026-11-25.csv", "2026-11-24.csv"])))
        _ = model.update(.key(.down))
        #expect(model.update(.key(.enter)) == [.supervisor(.reconcile(SupervisorFixtures.day, file: "2026-11-24.csv"))])
        let journal = Reconciler.journalSide(try SupervisorFixtures.ledger(), catalog: ClerkFixtures.catalog)
        #expect(!journal.isEmpty)
        let result = Reconciler.reconcile(date: SupervisorFixtures.day, journal: journal, lines: [])
        _ = model.update(.supervisor(.reconciled(file: "2026-11-24.csv", result)))
        let text = ClerkFixtures.text(model)
        #expect(text.contains("一致 0件　記録のみ \(journal.count)件　精算のみ 0件　金額相違 0件"))
        #expect(text.contains("記録のみ: "))
        #expect(text.contains("* 2026-11-24.csv"))
        try ClerkFixtures.snapshot(model, "supervisor-reconcile-80x24")
        #expect(model.update(.key(.function(5))) == [.supervisor(.printReconciliation(SupervisorFixtures.day, file: "2026-11-24.csv"))])
    }

    @Test func noSettlementFolderIsSaidOnTheScreen() {
        var model = SupervisorFixtures.model([ReconcileScreen(day: SupervisorFixtures.day)])
        _ = model.update(.supervisor(.failed("精算ファイルのフォルダが決まっていません。config.yaml に settlement_dir: を書いてください。")))
        #expect(model.popup == nil)
        #expect(ClerkFixtures.text(model).contains("settlement_dir"))
        #expect(model.update(.key(.enter)).isEmpty)
    }

    // MARK: - 担当者

    @Test func clerksListLockedFirstThenDisabledAndChangeAfterAConfirmation() throws {
        var model = SupervisorFixtures.model([ClerkListScreen()])
        let rows = ClerkRow.ordered([
            SupervisorFixtures.account("sup1", "管理 花子", role: .supervisor),
            SupervisorFixtures.account("c02", "窓口 二郎", disabled: true),
            SupervisorFixtures.account("c01", "窓口 一郎"),
            SupervisorFixtures.account("c03", "窓口 三郎", locked: true),
        ])
        #expect(rows.map(\.id) == ["c03", "c02", "c01", "sup1"])
        _ = model.update(.supervisor(.clerks(rows)))
        let grid = render(model)
        #expect(grid.rows[5] == " c03              窓口 三郎                職員     ロック中" + String(repeating: " ", count: 20))
        #expect(grid.rows[8].hasPrefix(" sup1             管理 花子                管理者   有効"))
        try ClerkFixtures.snapshot(model, "supervisor-clerks-80x24")
        #expect(model.update(.key(.function(5))).isEmpty)
        #expect(ClerkFixtures.text(model).contains("担当者 窓口 三郎（c03） のロックを解除します。"))
        #expect(model.update(.key(.character("y"))) == [.supervisor(.unlockClerk(clerk: "c03"))])
        var after = rows
        after[0] = ClerkRow(SupervisorFixtures.account("c03", "窓口 三郎"))
        _ = model.update(.supervisor(.clerkChanged(done: "担当者 c03 のロックを解除しました。", ClerkRow.ordered(after.map {
            SupervisorFixtures.account($0.id, $0.name, role: $0.role, locked: $0.locked, disabled: $0.disabled)
        }))))
        #expect(ClerkFixtures.text(model).contains("担当者 c03 のロックを解除しました。"))
        // The cursor stays on the clerk just changed (now among the active ones).
        #expect((model.top as? ClerkListScreen)?.selected?.id == "c03")
        // Unlocking a clerk who is not locked is refused on the screen; disabling asks first.
        #expect(model.update(.key(.function(5))).isEmpty)
        #expect(ClerkFixtures.text(model).contains("ロックされていません"))
        _ = model.update(.key(.function(6)))
        #expect(model.update(.key(.character("n"))).isEmpty)
        #expect(ClerkFixtures.text(model).contains("何も変えませんでした。"))
        _ = model.update(.key(.function(6)))
        #expect(model.update(.key(.character("y"))) == [.supervisor(.disableClerk(clerk: "c03"))])
    }

    // MARK: - 業務量

    @Test func theWorkloadShowsTheTableAndWritesTheCSVOfTheRangeShown() throws {
        var model = SupervisorFixtures.model([WorkloadScreen()])
        let workload = Workload(from: SupervisorFixtures.day, to: SupervisorFixtures.day, ledgers: [try SupervisorFixtures.ledger()])
        #expect(!workload.rows.isEmpty)
        _ = model.update(.supervisor(.workload(workload)))
        let text = ClerkFixtures.text(model)
        #expect(text.contains("手続"))
        let first = workload.rows[0]
        #expect(text.contains(ClerkText.cell(first.procedure, 20) + " " + ClerkText.cell(first.clerk, 12) + " " + ClerkText.cell("\(first.hour)時", 4)))
        #expect(text.contains("受付 \(workload.rows.reduce(0) { $0 + $1.cases }) 件"))
        try ClerkFixtures.snapshot(model, "supervisor-workload-80x24")
        #expect(model.update(.key(.function(5))) == [.supervisor(.writeWorkload(from: SupervisorFixtures.day, to: SupervisorFixtures.day))])
        _ = model.update(.supervisor(.workloadWritten(path: "/data/spool/workload-2026-11-25-2026-11-25.csv")))
        #expect(ClerkFixtures.text(model).contains("CSV を書き出しました: /data/spool/workload-2026-11-25-2026-11-25.csv"))
        // Another range: 始め typed, Tab, 終わり typed.
        for _ in 0..<12 { _ = model.update(.key(.backspace)) }
        for c in "R8.11.1" { _ = model.update(.key(.character(c))) }
        _ = model.update(.key(.tab))
        for _ in 0..<12 { _ = model.update(.key(.backspace)) }
        for c in "2026-11-25" { _ = model.update(.key(.character(c))) }
        #expect(model.update(.key(.enter)) == [.supervisor(.workload(from: CivilDate(year: 2026, month: 11, day: 1)!,
                                                                    to: SupervisorFixtures.day))])
    }
}
