import CounterCore
import Foundation
import JapaneseKit

/// Work the 管理者モード screens ask of the Runtime, grouped under `Effect.supervisor`. Each
/// runs as the signed-in supervisor through the application layer the commands use; a date
/// left nil means today by the Runtime's clock.
public enum SupervisorEffect: Equatable, Sendable {
    /// 本日の状況: each terminal's day so far, over every journal source.
    case status
    /// The daily report of a day.
    case dailyReport(CivilDate?)
    /// The 日計表 of a day, to the spool folder or printer.
    case printDailyReport(CivilDate)
    /// 日計締め: the `day_closed` seal over every journal directory, then the 日計表 printed.
    case closeDay(CivilDate)
    /// The CSV files of `settlement_dir`.
    case settlementFiles
    /// The day's cashless records matched against a settlement file (named in `settlement_dir`).
    case reconcile(CivilDate, file: String)
    /// The same match, printed.
    case printReconciliation(CivilDate, file: String)
    /// The clerks of config.yaml (never their PINs).
    case clerks
    /// Unlock a clerk locked after wrong PINs (a `clerk_changed` record).
    case unlockClerk(clerk: String)
    /// Stop a clerk from signing in (a `clerk_changed` record).
    case disableClerk(clerk: String)
    /// 業務量 over a range of days.
    case workload(from: CivilDate?, to: CivilDate?)
    /// The 業務量 CSV into the spool folder.
    case writeWorkload(from: CivilDate, to: CivilDate)
}

/// What the Runtime answers to a `SupervisorEffect`, grouped under `Msg.supervisor`.
public enum SupervisorResult: Equatable, Sendable {
    /// Each terminal's day, read at `at`.
    case status([TerminalStatus], at: Date)
    case dailyReport(DailyReport)
    /// A printout went out: what, and where (printer or spool file).
    case printed(title: String, destination: String)
    /// The day was closed: the report with its seal, and where its 日計表 went (or why not).
    case dayClosed(DailyReport, printed: String)
    case settlementFiles([String])
    case reconciled(file: String, Reconciler.Result)
    case clerks([ClerkRow])
    /// A clerk was changed as `done` says; the clerks as they now stand.
    case clerkChanged(done: String, [ClerkRow])
    case workload(Workload)
    /// The 業務量 CSV was written to `path`.
    case workloadWritten(path: String)
    /// An engine refused or failed; a Japanese message that says what to do.
    case failed(String)
}

/// One clerk as the 担当者 screen lists them: never a PIN or its hash.
public struct ClerkRow: Equatable, Sendable {
    public var id: String
    public var name: String
    public var role: ClerkAccount.Role
    public var locked: Bool
    public var disabled: Bool
    /// 無効, ロック中 or 有効 (`ClerkAccount.stateTitle`).
    public var state: String

    public init(_ account: ClerkAccount) {
        id = account.id
        name = account.name
        role = account.role
        locked = account.locked
        disabled = account.disabled
        state = account.stateTitle
    }

    /// Locked clerks first (they are waiting at a counter), then disabled ones, then the rest;
    /// by id within each.
    public static func ordered(_ accounts: [ClerkAccount]) -> [ClerkRow] {
        accounts.map(ClerkRow.init).sorted { ($0.rank, $0.id) < ($1.rank, $1.id) }
    }

    private var rank: Int { locked ? 0 : disabled ? 1 : 2 }
}
