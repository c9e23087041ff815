import CounterCore
import Foundation
import JapaneseKit
import Testing
import TerminalKit
@testable import CounterUI

/// Fixtures for the clerk screens: residents, the shipped forms and payment methods.
enum ClerkFixtures {
    static let formsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Forms")

    static let library = FormLibrary.load(directory: formsDirectory)
    static let catalog = try! PaymentMethodCatalog.load(formsDirectory: formsDirectory)

    static let head = Resident(id: "1000000451", householdID: "2000000200", name: "山田 和彦", kana: "ヤマダ カズヒコ",
                               birthdate: CivilDate(year: 1982, month: 12, day: 1)!, sex: .male, relationship: "世帯主",
                               postalCode: "979-0146", address: "いわき市勿来町関田126番地", honseki: "福島県いわき市勿来町関田126番地",
                               hittousha: "山田 和彦", memberships: [.sealRegistration, .myNumberCard])
    static let wife = Resident(id: "1000000452", householdID: "2000000200", name: "山田 彩乃", kana: "ヤマダ アヤノ",
                               birthdate: CivilDate(year: 1984, month: 6, day: 8)!, sex: .female, relationship: "妻",
                               address: "いわき市勿来町関田126番地", supportMeasure: true)
    /// A name and address far wider than their columns.
    static let longName = Resident(id: "1000000999", householdID: "2000000999",
                                   name: "勅使河原左衛門三郎兵衛之助 長谷川麻里子エリザベス", kana: "テシガワラサエモンサブロウベエノスケ ハセガワ",
                                   birthdate: CivilDate(year: 1950, month: 1, day: 2)!, sex: .female, relationship: "世帯主",
                                   address: "いわき市小名浜字本町通り三丁目ロングネームマンション東棟一二三四号室の奥", status: .movedOut,
                                   statusDate: CivilDate(year: 2025, month: 3, day: 31)!)

    static let context = CounterContext(cityName: "いわき市", terminalID: "mado-01", clerk: "窓口 一郎", clerkID: "c01",
                                        idleLockSeconds: 600)

    static func setup(demo: Bool = false) -> VisitSetup {
        VisitSetup(caseID: "mado-01-C7", openedAt: morning, forms: library.forms, methods: catalog, cityName: "いわき市",
                   clerkID: "c01", clerkName: "窓口 一郎", paymentTerminal: "PT-9", demoSeed: demo ? 42 : nil)
    }

    static func visit(_ forms: [(String, Int)] = [("juminhyo", 2)], demo: Bool = false) -> Visit {
        var v = Visit(setup: setup(demo: demo), subject: head, household: [head, wife])
        v.chosen = forms.map { (id: $0.0, copies: $0.1) }
        return v
    }

    /// A signed-in model with `screens` on the clerk stack.
    static func model(_ screens: [any CounterScreen]) -> AppModel {
        AppModel(context: context, now: morning, screens: [.clerk: screens.map { AnyScreen($0) }])
    }

    static func snapshot(_ model: AppModel, _ name: String) throws {
        var grid = render(model)
        Snapshot.mask(TitleBar.clockArea(in: grid.area.row(0)), in: &grid)
        try Snapshot.assertMatches(grid, named: name)
    }

    static func text(_ model: AppModel) -> String { render(model).rows.joined(separator: "\n") }
}

@Suite struct ClerkScreenTests {
    // MARK: - Sign-in and lock

    @Test func signInSendsIdAndPinOnceAndNeverShowsThePin() throws {
        var model = AppModel.signIn(context: ClerkFixtures.context, now: morning)
        #expect(model.context.clerk == nil)
        for c in "c01" { _ = model.update(.key(.character(c))) }
        #expect(model.update(.key(.enter)).isEmpty)
        for c in "4321" { _ = model.update(.key(.character(c))) }
        #expect(!ClerkFixtures.text(model).contains("4321"))
        #expect(ClerkFixtures.text(model).contains("****"))
        try ClerkFixtures.snapshot(model, "signin-80x24")
        let effects = model.update(.key(.enter))
        #expect(effects == [.clerk(.signIn(id: "c01", pin: "4321"))])
        _ = model.update(.clerk(.signedIn(id: "c01", name: "窓口 一郎", supervisor: false)))
        #expect(model.context.clerkID == "c01")
        #expect(model.top is ResidentSearchScreen)
        #expect(ClerkFixtures.text(model).contains("担当 窓口 一郎"))
    }

    @Test func inactivityLockHidesResidentDataAndResumesTheSameClerksWork() throws {
        var model = ClerkFixtures.model([ResidentSearchScreen(),
                                         ResidentDetailScreen(resident: ClerkFixtures.head, household: [ClerkFixtures.head])])
        model.context.role = .supervisor
        #expect(ClerkFixtures.text(model).contains("山田 和彦"))
        #expect(model.update(.tick(morning.addingTimeInterval(599))).isEmpty)
        let effects = model.update(.tick(morning.addingTimeInterval(600)))
        #expect(effects == [.clerk(.locked(reason: "idle"))])
        #expect(model.isLocked)
        // Hidden: nothing of the work is drawn, not even its path, and Esc does not leave the lock.
        #expect(!ClerkFixtures.text(model).contains("山田 和彦"))
        #expect(!ClerkFixtures.text(model).contains("住民詳細"))
        #expect(model.update(.key(.escape)).isEmpty)
        #expect(model.isLocked)
        try ClerkFixtures.snapshot(model, "lock-80x24")
        for c in "1234" { _ = model.update(.key(.character(c))) }
        #expect(model.update(.key(.enter)) == [.clerk(.unlock(pin: "1234"))])
        _ = model.update(.clerk(.signedIn(id: "c01", name: "窓口 一郎", supervisor: true)))
        // The same clerk resumes where the lock fell, with their role.
        #expect(model.top is ResidentDetailScreen)
        #expect(model.screens.count == 2)
        #expect(model.context.role == .supervisor)
        // Signing out drops everything: the next clerk starts afresh.
        _ = model.apply([.session(.signOut)])
        #expect(model.context.role == nil)
        _ = model.update(.clerk(.signedIn(id: "c02", name: "窓口 二郎", supervisor: false)))
        #expect(model.top is ResidentSearchScreen)
        #expect(model.screens.count == 1)
        #expect(model.context.role == .clerk)
    }

    @Test func theDemoLockTellsTheTraineeThePin() {
        var context = ClerkFixtures.context
        context.demoSeed = 1
        var model = AppModel.signedIn(context: context, now: morning, mode: .trainer)
        _ = model.update(.tick(morning.addingTimeInterval(601)))
        #expect(model.isLocked)
        #expect(ClerkFixtures.text(model).contains("研修モードの暗証番号は 0000"))
    }

    @Test func keysKeepTheLockAway() {
        var model = ClerkFixtures.model([ResidentSearchScreen()])
        _ = model.update(.key(.character("や")))
        _ = model.update(.tick(morning.addingTimeInterval(500)))
        #expect(model.update(.tick(morning.addingTimeInterval(1000))).isEmpty)
        #expect(!model.isLocked)
    }

    // MARK: - 住民検索 and 住民詳細

    @Test func searchRunsOnEnterOnlyAndOpensThroughTheRegistry() throws {
        var model = ClerkFixtures.model([ResidentSearchScreen()])
        for c in "やまだ" { #expect(model.update(.key(.character(c))).isEmpty) }
        #expect(model.update(.key(.enter)) == [.clerk(.search("やまだ"))])
        let found = [ClerkFixtures.head, ClerkFixtures.wife, ClerkFixtures.longName].map(ResidentSummary.init)
        _ = model.update(.clerk(.searchResults(query: "やまだ", found)))
        try ClerkFixtures.snapshot(model, "search-results-80x24")
        _ = model.update(.key(.down))
        // Enter on an unchanged query opens the selected resident — through the registry, which logs it.
        #expect(model.update(.key(.enter)) == [.clerk(.openResident(id: "1000000452"))])
        #expect(model.top is ResidentSearchScreen)
        _ = model.update(.clerk(.residentOpened(ClerkFixtures.wife, household: [ClerkFixtures.head, ClerkFixtures.wife])))
        #expect(model.top is ResidentDetailScreen)
        let text = ClerkFixtures.text(model)
        #expect(text.contains("支援措置対象者"))
        try ClerkFixtures.snapshot(model, "detail-support-measure-80x24")
        #expect(model.update(.key(.function(4))).isEmpty)  // not bound on the detail screen
    }

    @Test func longNamesAndAddressesAreClippedWithoutSplittingAWideCharacter() {
        var model = ClerkFixtures.model([ResidentSearchScreen()])
        _ = model.update(.clerk(.searchResults(query: "x", [ResidentSummary(ClerkFixtures.longName)])))
        let grid = render(model)
        let row = grid.rows[5]
        #expect(row.contains("転出"))
        // The 14-column name column holds 7 wide characters, then the kana column starts.
        #expect(row.contains("勅使河原左衛門 テシガワラサエモ"))
        #expect(DisplayWidth.of(row) == 80)
        // An odd width: the wide character that would straddle the edge is dropped, not split.
        let narrow = render(model, width: 81, height: 24)
        #expect(DisplayWidth.of(narrow.rows[5]) == 81)
        var detail = ClerkFixtures.model([ResidentDetailScreen(resident: ClerkFixtures.longName, household: [ClerkFixtures.longName])])
        _ = detail.update(.resize(width: 80, height: 24))
        for line in render(detail).rows { #expect(DisplayWidth.of(line) == 80) }
    }

    /// A 通称, a day two eras share and a 不詳日 are shown as the record has them, at 80×24.
    @Test func aliasAndRecordedDatesAreShownAsRegistered() {
        var foreign = ClerkFixtures.head
        foreign.name = "ワン シャオミン"
        foreign.kana = "ワン シャオミン"
        foreign.alias = "王 小明"
        var meiji = ClerkFixtures.wife
        meiji.birthdate = CivilDate(year: 1912, month: 7, day: 30)!
        meiji.birthEra = .meiji
        var circa = ClerkFixtures.wife
        circa.id = "1000000453"
        circa.birthdate = CivilDate(year: 1935, month: 1, day: 1)!
        circa.birthdateText = "昭和10年頃"
        var model = ClerkFixtures.model([ResidentSearchScreen()])
        _ = model.update(.clerk(.searchResults(query: "x", [foreign, meiji, circa].map(ResidentSummary.init))))
        let rows = render(model).rows
        #expect(rows[5].contains("ワン シャオミン") && rows[5].contains("〔通称 王 小明〕"), "\(rows[5])")
        #expect(rows[6].contains("M45.7.30"), "\(rows[6])")
        #expect(rows[7].contains("昭和10年頃") && !rows[7].contains("S10.1.1"), "\(rows[7])")
        for row in rows { #expect(DisplayWidth.of(row) == 80) }
        var detail = ClerkFixtures.model([ResidentDetailScreen(resident: foreign, household: [foreign, meiji, circa])])
        _ = detail.update(.resize(width: 80, height: 24))
        let text = render(detail).rows.joined(separator: "\n")
        #expect(text.contains("通称 王 小明"))
        #expect(text.contains("明治45年7月30日") && text.contains("昭和10年頃"))
        #expect(!text.contains("昭和10年1月1日"))
    }

    @Test func escapeSequencesInDataAreInert() {
        var hostile = ClerkFixtures.head
        hostile.name = "悪意\u{1B}[2J 太郎"
        let model = ClerkFixtures.model([ResidentDetailScreen(resident: hostile, household: [hostile])])
        let text = ClerkFixtures.text(model)
        #expect(text.contains("悪意␛[2J 太郎"))
        #expect(!text.contains("\u{1B}"))
    }

    // MARK: - 受付 and 申請書確認

    @Test func receptionPicksFormsAndCopies() throws {
        var model = ClerkFixtures.model([ResidentSearchScreen(), ReceptionScreen(visit: ClerkFixtures.visit([]))])
        #expect(model.update(.key(.enter)).isEmpty)
        #expect(ClerkFixtures.text(model).contains("申請書を1つ以上選んでください"))
        let index = try #require(ClerkFixtures.library.forms.firstIndex { $0.id == "juminhyo" })
        _ = model.update(.key(.character(ReceptionScreen.shortcuts[index])))
        _ = model.update(.key(.character("+")))
        let screen = try #require(model.top as? ReceptionScreen)
        #expect(screen.visit.chosen.map(\.id) == ["juminhyo"])
        #expect(screen.visit.chosen.map(\.copies) == [2])
        try ClerkFixtures.snapshot(model, "reception-80x24")
        _ = model.update(.key(.enter))
        #expect(model.top is FormReviewScreen)
    }

    @Test func reviewShowsProvenanceFillsMissingFieldsAndReusesThemAcrossForms() throws {
        var model = ClerkFixtures.model([ResidentSearchScreen(),
                                         FormReviewScreen(visit: ClerkFixtures.visit([("juminhyo", 2), ("shotoku", 1)]))])
        var text = ClerkFixtures.text(model)
        #expect(text.contains("[住記]*住所"))
        #expect(text.contains("[手書]*請求者署名") || text.contains("（未入力）"))
        try ClerkFixtures.snapshot(model, "review-missing-80x24")
        // Printing is refused while required fields are missing.
        #expect(model.update(.key(.function(5))).isEmpty)
        #expect(ClerkFixtures.text(model).contains("未入力の欄があります"))
        for c in "111122" { _ = model.update(.key(.character(c))) }
        // 使用目的 typed once serves every form with that field.
        var review = try #require(model.top as? FormReviewScreen)
        review.visit.entered["purpose"] = "就職のため"
        let filled = review.visit.filled
        #expect(filled.allSatisfy { $0.field("purpose") == nil || $0.value("purpose") == "就職のため" })
        #expect(filled[0].copies == 2)
        #expect(filled[0].missingRequired.isEmpty)
        // The 住民票 is complete, so the cursor moved on to the next form that still misses something.
        text = ClerkFixtures.text(model)
        #expect(text.contains("2/2 所得"))
    }

    @Test func reviewExplainsAnEligibilityRefusal() throws {
        var visit = ClerkFixtures.visit()
        visit.subject = ClerkFixtures.wife  // 支援措置: 住民票 not issued
        let model = ClerkFixtures.model([FormReviewScreen(visit: visit)])
        let text = ClerkFixtures.text(model)
        #expect(text.contains("交付不可"))
    }

    @Test func printingSendsTheFilledFormsToTheRuntime() throws {
        var visit = ClerkFixtures.visit()
        for (k, v) in ["certificate_kind": "住民票の写し", "scope": "世帯全員", "item_head_relation": "記載する",
                       "item_honseki": "記載しない", "item_my_number": "記載しない", "item_juminhyo_code": "記載しない"] {
            visit.entered[k] = v
        }
        var model = ClerkFixtures.model([FormReviewScreen(visit: visit)])
        #expect(model.update(.key(.function(6))).isEmpty)  // pay before print: refused with a hint
        let effects = model.update(.key(.function(5)))
        #expect(effects == [.clerk(.printForms(visit.filled))])
        _ = model.update(.clerk(.printed(count: 1, destination: "spool/x.pdf")))
        _ = model.update(.key(.function(6)))
        #expect(model.top is PaymentScreen)
    }

    // MARK: - 手数料・支払 and 完了

    @Test func paymentBuildsTheRequestTheEngineChecks() throws {
        let visit = ClerkFixtures.visit(demo: true)
        var model = ClerkFixtures.model([PaymentScreen(visit: visit, forms: visit.filled)])
        #expect(ClerkFixtures.text(model).contains("600円"))
        _ = model.update(.key(.character("2")))
        _ = model.update(.key(.character("1")))
        let numbers = SimulatedPaymentTerminal(seed: 42).slip(for: "mado-01-C7")
        #expect(ClerkFixtures.text(model).contains("伝票番号 \(numbers.slip)"))
        for c in numbers.slip { _ = model.update(.key(.character(c))) }
        _ = model.update(.key(.enter))
        for c in numbers.approval { _ = model.update(.key(.character(c))) }
        try ClerkFixtures.snapshot(model, "payment-demo-80x24")
        let effects = model.update(.key(.enter))
        var expected = PaymentRequest(caseID: "mado-01-C7", method: "credit", brand: "VISA", amount: "600",
                                      items: ["juminhyo:2"], clerk: "c01")
        expected.slip = numbers.slip
        expected.approval = numbers.approval
        expected.paymentTerminal = SimulatedPaymentTerminal.terminalID
        #expect(effects == [.clerk(.recordPayment(expected))])
        _ = model.update(.clerk(.failed("承認番号は数字6桁です。")))
        #expect(ClerkFixtures.text(model).contains("承認番号は数字6桁です。"))
        _ = model.update(.clerk(.paid(receipt: "mado-01-R9", amount: 600)))
        #expect(model.top is CompletionScreen)
        try ClerkFixtures.snapshot(model, "completion-80x24")
        #expect(model.update(.key(.enter)) == [.clerk(.closeCase("mado-01-C7"))])
        _ = model.update(.clerk(.caseClosed(caseID: "mado-01-C7", at: morning.addingTimeInterval(185))))
        #expect(model.screens.count == 1)
        #expect(model.top is ResidentSearchScreen)
        #expect(ClerkFixtures.text(model).contains("処理時間 3分5秒"))
    }

    /// A card number typed into a reference field is refused (by the effect runner's check) and
    /// cleared from the field; one typed as a form value is refused as typed and never kept.
    @Test func aRefusedNumberDoesNotStayOnScreen() throws {
        let visit = ClerkFixtures.visit(demo: true)
        var model = ClerkFixtures.model([PaymentScreen(visit: visit, forms: visit.filled)])
        _ = model.update(.key(.character("2")))
        _ = model.update(.key(.character("1")))
        for c in "4111111111111111" { _ = model.update(.key(.character(c))) }
        #expect(ClerkFixtures.text(model).contains("4111111111111111"))
        _ = model.update(.clerk(.failed("「伝票番号」にカード番号のような数字があります。")))
        #expect(!ClerkFixtures.text(model).contains("4111"))

        var start = FormReviewScreen(visit: ClerkFixtures.visit([("juminhyo", 1)]))
        start.cursor = try #require(start.fields.firstIndex { $0.key == "requester_phone" })  // 請求者の電話番号, typed text
        var review = ClerkFixtures.model([start])
        _ = review.update(.key(.enter))  // type a value into the field under the cursor
        for c in "4111111111111111" { _ = review.update(.key(.character(c))) }
        _ = review.update(.key(.enter))
        let screen = try #require(review.top as? FormReviewScreen)
        #expect(!screen.visit.entered.values.contains { $0.contains("4111") }, "\(screen.visit.entered)")
        let shown = ClerkFixtures.text(review)
        #expect(shown.contains("カード番号") && !shown.contains("4111"), "\(shown)")
    }

    @Test func simulatedTerminalNumbersAreDeterministicAndDifferPerCase() {
        let t = SimulatedPaymentTerminal(seed: 7)
        #expect(t.slip(for: "a-C1") == t.slip(for: "a-C1"))
        #expect(t.slip(for: "a-C1") != t.slip(for: "a-C2"))
        #expect(t.slip(for: "a-C1").approval.count == 6)
        #expect(SimulatedPaymentTerminal(seed: 8).slip(for: "a-C1") != t.slip(for: "a-C1"))
    }
}
