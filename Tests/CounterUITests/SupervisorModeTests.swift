import CounterCore
import Foundation
import Testing
import TerminalKit
@testable import CounterUI

/// 管理者モード in the model: who lands where, the F11 switch, the refusal for a clerk, and
/// the lock over both stacks.
@Suite struct SupervisorModeTests {
    static func signedIn(supervisor: Bool) -> AppModel {
        var model = AppModel.signIn(context: ClerkFixtures.context, now: morning)
        _ = model.update(.clerk(.signedIn(id: supervisor ? "sup1" : "c01", name: supervisor ? "管理 花子" : "窓口 一郎",
                                          supervisor: supervisor)))
        return model
    }

    @Test func theModeDescriptorSaysWhoMayEnter() {
        #expect(Mode.supervisor.admits(.supervisor))
        #expect(!Mode.supervisor.admits(.clerk))
        #expect(!Mode.supervisor.admits(nil))
        #expect(Mode.clerk.admits(.clerk) && Mode.clerk.admits(.supervisor))
    }

    @Test func aSupervisorLandsOnTheMenuWithTheClerkStackReady() {
        let model = Self.signedIn(supervisor: true)
        #expect(model.mode == .supervisor)
        #expect(model.top is SupervisorMenuScreen)
        #expect(model.stacks[.clerk]?.last?.base is ResidentSearchScreen)
        let text = ClerkFixtures.text(model)
        #expect(text.contains("管理者モード"))
        #expect(text.contains("【管理者メニュー】"))
        #expect(render(model).rows[23].contains("F11職員/管理"))
    }

    @Test func f11SwitchesAndEachModeKeepsItsStack() {
        var model = Self.signedIn(supervisor: true)
        // Open 本日の状況 in 管理者モード: one effect, the screen on top.
        #expect(model.update(.key(.character("1"))) == [.supervisor(.status)])
        #expect(model.top is TerminalStatusScreen)
        #expect(model.update(.key(.function(11))).isEmpty)
        #expect(model.mode == .clerk)
        #expect(model.top is ResidentSearchScreen)
        for c in "やまだ" { _ = model.update(.key(.character(c))) }
        // Help and key bar in 職員モード offer the switch back.
        #expect(render(model).rows[23].contains("F11職員/管理"))
        _ = model.update(.key(.function(1)))
        #expect(ClerkFixtures.text(model).contains("職員モードと管理者モードを切り替えます"))
        _ = model.update(.key(.escape))
        _ = model.update(.key(.function(11)))
        #expect(model.mode == .supervisor)
        #expect(model.screens.count == 2)
        #expect(model.top is TerminalStatusScreen)
        _ = model.update(.key(.function(11)))
        #expect((model.top as? ResidentSearchScreen)?.query.text == "やまだ")
    }

    @Test func aClerkIsToldOnlyASupervisorMayOpenItAndNothingElseChanges() {
        var model = Self.signedIn(supervisor: false)
        #expect(model.mode == .clerk)
        #expect(!render(model).rows[23].contains("F11"))
        let stacks = model.stacks
        #expect(model.update(.key(.function(11))).isEmpty)
        #expect(model.mode == .clerk)
        #expect(model.stacks == stacks)
        let text = ClerkFixtures.text(model)
        #expect(text.contains("管理者モードは管理者だけが開けます"))
        _ = model.update(.key(.enter))
        #expect(model.popup == nil)
        #expect(model.stacks == stacks)
    }

    @Test func theLockKeepsBothStacksAndHidesTheSwitch() {
        var model = Self.signedIn(supervisor: true)
        _ = model.update(.key(.character("2")))
        _ = model.update(.key(.function(11)))
        _ = model.update(.key(.function(11)))
        #expect(model.top is DailyReportScreen)
        _ = model.update(.tick(morning.addingTimeInterval(1)))
        _ = model.update(.tick(morning.addingTimeInterval(601)))
        #expect(model.isLocked)
        // No switching round the lock: F11 is neither offered nor obeyed.
        #expect(!render(model).rows[23].contains("F11"))
        _ = model.update(.key(.function(11)))
        #expect(model.isLocked && model.mode == .supervisor)
        #expect(model.stacks[.clerk]?.last?.base is ResidentSearchScreen)
        _ = model.update(.clerk(.signedIn(id: "sup1", name: "管理 花子", supervisor: true)))
        #expect(model.top is DailyReportScreen)
        #expect(model.screens.count == 2)
        _ = model.update(.key(.function(11)))
        #expect(model.top is ResidentSearchScreen)
    }

    @Test func anAnswerArrivingUnderTheLockWaitsForTheSupervisor() throws {
        var model = Self.signedIn(supervisor: true)
        _ = model.update(.key(.character("2")))
        _ = model.update(.tick(morning.addingTimeInterval(1)))
        _ = model.update(.tick(morning.addingTimeInterval(601)))
        #expect(model.isLocked)
        _ = model.update(.supervisor(.dailyReport(try SupervisorFixtures.report())))
        _ = model.update(.supervisor(.failed("精算ファイルのフォルダを読めません。")))
        // Nothing of it is drawn over the lock, not even as an alert.
        #expect(model.popup == nil)
        #expect(!ClerkFixtures.text(model).contains("日計表"))
        _ = model.update(.clerk(.signedIn(id: "sup1", name: "管理 花子", supervisor: true)))
        let screen = try #require(model.top as? DailyReportScreen)
        #expect(screen.report != nil)
        #expect(ClerkFixtures.text(model).contains("精算ファイルのフォルダを読めません。"))
    }

    @Test func signingOutFromTheMenuLeavesTheSignInScreenForAClerk() {
        var model = Self.signedIn(supervisor: true)
        #expect(model.update(.key(.function(10))) == [.clerk(.signOut(clerk: "sup1"))])
        #expect(model.mode == .clerk)
        #expect(model.top is SignInScreen)
        _ = model.update(.clerk(.signedIn(id: "c01", name: "窓口 一郎", supervisor: false)))
        #expect(model.mode == .clerk)
        #expect(model.top is ResidentSearchScreen)
    }

    @Test func aResultReachesTheSupervisorStackEvenAfterASwitch() {
        var model = Self.signedIn(supervisor: true)
        _ = model.update(.key(.character("1")))
        _ = model.update(.key(.function(11)))
        let status = TerminalStatus(terminal: "mado-01", lastRecord: "2026-11-25T10:40:00.000+09:00", records: 3, openCases: 1,
                                    payments: 1, voids: 0, verify: "PASS", dayClosed: false)
        _ = model.update(.supervisor(.status([status], at: morning)))
        _ = model.update(.key(.function(11)))
        #expect((model.top as? TerminalStatusScreen)?.terminals == [status])
    }
}
