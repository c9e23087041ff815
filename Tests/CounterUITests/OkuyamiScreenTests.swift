import CounterCore
import Foundation
import JapaneseKit
import Testing
import TerminalKit
@testable import CounterUI

/// Real engine data for the おくやみ screens: the shipped rules and forms, a case store in a
/// temporary directory, a fixed clock at 2026-11-25 10:42 in Japan.
struct OkuyamiFixture {
    static let forms = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Forms")
    static let library = FormLibrary.load(directory: forms)
    static let book = BereavementRuleBook.load(directory: forms, forms: library)
    static let today = CivilDate(iso: "2026-11-25")!

    let directory: URL
    let store: BereavementCaseStore
    let deceased: Resident
    let household: [Resident]

    /// A husband, 世帯主, 78, in every program that brings procedures, died 2026-11-20;
    /// his wife and son remain in the household.
    init(deceasedName: String = "山田 太郎") throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("okuyami-ui-\(UUID().uuidString)")
        store = try BereavementCaseStore(dataDirectory: directory, clock: FixedClock(morning), journal: nil)
        deceased = Resident(id: "0001001", householdID: "H0001", name: deceasedName, kana: "ヤマダ タロウ",
                            birthdate: CivilDate(iso: "1948-04-02")!, sex: .male, relationship: "世帯主", postalCode: "970-8686",
                            address: "福島県いわき市平字梅本21", status: .deceased, statusDate: CivilDate(iso: "2026-11-20")!,
                            memberships: [.lateStageElderly, .longTermCare, .pensionRecipient, .sealRegistration, .myNumberCard,
                                          .propertyTaxpayer, .waterAccount, .nationalHealthInsurance])
        let wife = Resident(id: "0001002", householdID: "H0001", name: "山田 花子", kana: "ヤマダ ハナコ",
                            birthdate: CivilDate(iso: "1952-07-07")!, sex: .female, relationship: "妻", postalCode: "970-8686",
                            address: "福島県いわき市平字梅本21", status: .current, memberships: [])
        let son = Resident(id: "0001003", householdID: "H0001", name: "山田 一郎", kana: "ヤマダ イチロウ",
                           birthdate: CivilDate(iso: "1980-01-15")!, sex: .male, relationship: "子", postalCode: "970-8686",
                           address: "福島県いわき市平字梅本21", status: .current, memberships: [])
        household = [deceased, wife, son]
    }

    var loaded: OkuyamiDeceased { OkuyamiDeceased(resident: deceased, household: household, existingCases: [], today: Self.today) }

    /// A case opened through the engine, as the Runtime opens it.
    func openCase(funeral: String? = "2026-11-23", applicant: String? = "0001002") throws -> BereavementCase {
        let facts = DeathFacts(deceased: deceased, household: household, dateOfDeath: deceased.statusDate!,
                               funeralDate: funeral.flatMap { CivilDate(iso: $0) })
        return try store.open(checklist: BereavementChecklist(facts: facts, book: Self.book), applicantID: applicant, clerk: "k001")
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }
}

/// A model with `screen` pushed over 住民検索 (where F7 opens おくやみ), signed in, at 80×24.
func okuyamiModel(_ screen: any CounterScreen) -> AppModel {
    AppModel(context: CounterContext(cityName: "いわき市", terminalID: "mado-01", clerk: "山田", clerkID: "k001"), now: morning,
             screens: [.clerk: [AnyScreen(ResidentSearchScreen()), AnyScreen(screen)]])
}

func masked(_ model: AppModel) -> CellGrid {
    var grid = render(model)
    Snapshot.mask(TitleBar.clockArea(in: grid.area.row(0)), in: &grid)
    return grid
}

extension AppModel {
    mutating func press(_ keys: Key...) -> [Effect] { keys.flatMap { update(.key($0)) } }
    mutating func type(_ text: String) { for c in text { _ = update(.key(.character(c))) } }
}

// MARK: - Start and find

@Suite struct OkuyamiFindScreenTests {
    @Test func f7OnResidentSearchOpensOkuyami() {
        var model = AppModel.signedIn(context: CounterContext(cityName: "いわき市", terminalID: "mado-01", clerk: "山田",
                                                             clerkID: "k001"), now: morning)
        #expect(model.top.title == "住民検索")
        #expect(model.keyMap.action(for: .function(7)) == .okuyami(.open))
        #expect(render(model).rows[23].contains("F7おくやみ"))
        #expect(model.press(.function(7)).isEmpty)
        #expect(model.top.title == "おくやみ")
        #expect(render(model).rows[1].hasPrefix(" 【住民検索】 > 【おくやみ】"))
    }

    @Test func enterSearchesThenOpensTheSelectedResident() {
        var model = okuyamiModel(OkuyamiFindScreen())
        #expect(model.press(.enter).isEmpty)  // nothing typed: a hint, no search
        #expect(render(model).rows.contains { $0.contains("氏名（かな・漢字）、生年月日、宛名番号、または受付番号を入力してください。") })
        model.type("やまだ")
        #expect(model.press(.enter) == [.okuyami(.search(query: "やまだ"))])
        let fixture = try! OkuyamiFixture()
        defer { fixture.remove() }
        let results = fixture.household.map(ResidentSummary.init)
        _ = model.update(.okuyami(.searchResults(query: "やまだ", results: results)))
        #expect(model.press(.down) .isEmpty)
        #expect(model.press(.enter) == [.okuyami(.loadDeceased(id: "0001002"))])
        _ = model.update(.okuyami(.deceasedLoaded(fixture.loaded)))
        #expect(model.top.title == "日付入力")
    }

    @Test func aCaseNumberResumesTheCase() throws {
        var model = okuyamiModel(OkuyamiFindScreen())
        model.type("ok２０２６１１２５-３")
        #expect(model.press(.enter) == [.okuyami(.loadCase(number: "OK20261125-0003"))])
        _ = model.update(.okuyami(.failed(BereavementCaseError.noSuchCase(number: "OK20261125-0003").message)))
        #expect(render(model).rows.contains { $0.contains("受付番号「OK20261125-0003」の案件はありません。") })
        let fixture = try OkuyamiFixture()
        defer { fixture.remove() }
        let opened = try fixture.openCase()
        _ = model.update(.okuyami(.caseLoaded(opened, walkingOrder: OkuyamiFixture.book.walkingOrder, today: OkuyamiFixture.today)))
        #expect(model.top.title == "チェックリスト")
    }

    @Test func resultsAt80x24ClipLongNamesWithoutSplittingAWideCharacter() throws {
        let fixture = try OkuyamiFixture(deceasedName: "長谷川原田五郎左衛門之助右衛門太郎次郎三郎")
        defer { fixture.remove() }
        var model = okuyamiModel(OkuyamiFindScreen())
        model.type("はせがわ")
        _ = model.press(.enter)
        _ = model.update(.okuyami(.searchResults(query: "はせがわ", results: fixture.household.map(ResidentSummary.init))))
        let grid = masked(model)
        for row in grid.rows { #expect(DisplayWidth.of(row) == 80, "row \(row)") }
        let line = try #require(grid.rows.first { $0.contains("長谷川") })
        // The name column ends on a whole character, padded to the column.
        // 19 columns for the name (beside both dates): 衛 ends the column, 門 would straddle it
        // and is left out, a blank fills the odd column.
        #expect(line.contains(" 長谷川原田五郎左衛  ヤマダ"))
        #expect(!line.contains("門"))
        // The same date style as 住民検索: 生年月日 and 異動日 (the date of death) in short 和暦.
        #expect(line.contains("S23.4.2") && line.contains("R8.11.20"))
        try Snapshot.assertMatches(grid, named: "okuyami-find-80x24")
    }
}

extension OkuyamiFindScreenTests {
    @Test func theDeceasedComeFirstAndTheSelectionStaysVisibleUnderTheTrainingBanner() throws {
        let fixture = try OkuyamiFixture()
        defer { fixture.remove() }
        // 30 living namesakes from the registry, then the deceased.
        var found = (0..<30).map { i -> ResidentSummary in
            var r = ResidentSummary(fixture.household[1])
            r.id = String(2_000_000 + i)
            return r
        }
        found.append(ResidentSummary(fixture.deceased))
        var model = AppModel(context: CounterContext(cityName: "いわき市", terminalID: "demo-01", clerk: "研修", clerkID: "demo"),
                             now: morning, mode: .trainer,
                             screens: [.trainer: [AnyScreen(ResidentSearchScreen()), AnyScreen(OkuyamiFindScreen())]])
        model.type("やまだ")
        _ = model.press(.enter)
        _ = model.update(.okuyami(.searchResults(query: "やまだ", results: found)))
        var grid = render(model)
        #expect(grid.rows[1].contains("研修モード"))
        #expect(grid.rows[7].contains("死亡 0001001"))  // the deceased on the first result row
        for step in 1...found.count {
            _ = model.press(.down)
            grid = render(model)
            let selected = (0..<23).filter { grid[3, $0].style == .selected }
            #expect(selected.count == 1, "step \(step)")
        }
        #expect(model.press(.enter) == [.okuyami(.loadDeceased(id: "2000029"))])
    }
}

// MARK: - Dates

@Suite struct OkuyamiDatesScreenTests {
    @Test func theDateOfDeathDefaultsFromTheRecordAndTheCaseOpens() throws {
        let fixture = try OkuyamiFixture()
        defer { fixture.remove() }
        var model = okuyamiModel(OkuyamiDatesScreen(deceased: fixture.loaded))
        let screen = try #require(model.top as? OkuyamiDatesScreen)
        #expect(screen.dateOfDeath.text == "R8.11.20")
        _ = model.press(.down)
        model.type("令和８年１１月２３日")
        let effects = model.press(.function(10))
        #expect(effects == [.okuyami(.openCase(OkuyamiCaseRequest(
            deceasedID: "0001001", dateOfDeath: CivilDate(iso: "2026-11-20")!, funeralDate: CivilDate(iso: "2026-11-23")!,
            knownDate: nil, applicantID: "0001002")))])
        let grid = masked(model)
        #expect(grid.rows.contains { $0.contains("令和8年11月23日(月)") })
        try Snapshot.assertMatches(grid, named: "okuyami-dates-80x24")
        _ = model.update(.okuyami(.caseLoaded(try fixture.openCase(), walkingOrder: OkuyamiFixture.book.walkingOrder, today: OkuyamiFixture.today)))
        #expect(model.top.title == "チェックリスト")
        #expect(model.screens.count == 2)  // the dates screen was replaced
    }

    @Test func f6OpensTheDeceasedsLastCase() throws {
        let fixture = try OkuyamiFixture()
        defer { fixture.remove() }
        var none = okuyamiModel(OkuyamiDatesScreen(deceased: fixture.loaded))
        #expect(none.press(.function(6)).isEmpty)
        #expect(render(none).rows.contains { $0.contains("この方の案件はまだありません。") })
        var loaded = fixture.loaded
        loaded.existingCases = ["OK20261120-0001", "OK20261121-0002"]
        var model = okuyamiModel(OkuyamiDatesScreen(deceased: loaded))
        #expect(render(model).rows.contains { $0.contains("この方の案件があります: OK20261120-0001 OK20261121-0002") })
        #expect(model.press(.function(6)) == [.okuyami(.loadCase(number: "OK20261121-0002"))])
    }

    @Test func badDatesGetJapaneseErrorsAndNoEffect() throws {
        let fixture = try OkuyamiFixture()
        defer { fixture.remove() }
        var model = okuyamiModel(OkuyamiDatesScreen(deceased: fixture.loaded))
        _ = model.press(.down)
        model.type("R8.11.19")  // a funeral before the death
        _ = model.press(.down)
        model.type("平成31年5月1日")  // no such day
        #expect(model.press(.function(10)).isEmpty)
        let rows = render(model).rows
        #expect(rows.contains { $0.contains("葬儀の日が死亡日より前です。日付を確かめてください。") })
        var parseError = ""
        do throws(DateInputError) { _ = try JapaneseDate.parse("平成31年5月1日") } catch { parseError = error.message }
        #expect(!parseError.isEmpty)
        #expect(rows.contains { $0.contains(String(DisplayWidth.prefix(parseError, fitting: 40).text)) })
        try Snapshot.assertMatches(masked(model), named: "okuyami-dates-errors-80x24")
    }

    @Test func aDeathAfterTodayIsRefusedAndTheApplicantCanBeUnregistered() throws {
        let fixture = try OkuyamiFixture()
        defer { fixture.remove() }
        var screen = OkuyamiDatesScreen(deceased: fixture.loaded)
        screen.dateOfDeath.setText("2026-12-01")
        #expect(screen.validated().errors[.dateOfDeath]?.contains("今日より後です") == true)
        screen.dateOfDeath.setText("")
        #expect(screen.validated().errors[.dateOfDeath] == "死亡日を入力してください（例: R8.11.10、2026-11-10）。")
        screen.funeralDate.setText("No.4577-1200-5678-3047")
        let refused = try #require(screen.validated().errors[.funeralDate])
        #expect(refused.hasPrefix("日付にカード番号のような数字があります") && !refused.contains("4577"))
        screen.funeralDate.setText("")
        screen.dateOfDeath.setText("5081120")
        var model = okuyamiModel(screen)
        _ = model.press(.up)  // wraps to 来庁された方 (the first household member: 花子)
        _ = model.press(.left)  // 花子 → 住民登録のない方 (the choices wrap)
        #expect(render(model).rows.contains { $0.contains("< 住民登録のない方（別世帯の親族など） >  3/3") })
        let effects = model.press(.enter)
        guard case .okuyami(.openCase(let request)) = effects.first else {
            Issue.record("no openCase: \(effects)")
            return
        }
        #expect(request.dateOfDeath == CivilDate(iso: "2026-11-20"))
        #expect(request.applicantID == nil)
    }
}

// MARK: - Checklist

@Suite struct OkuyamiChecklistScreenTests {
    func model(_ fixture: OkuyamiFixture, _ c: BereavementCase) -> AppModel {
        var m = okuyamiModel(OkuyamiChecklistScreen(bereavementCase: c, walkingOrder: OkuyamiFixture.book.walkingOrder))
        _ = m.update(.tick(morning))
        return m
    }

    @Test func groupsByDepartmentWithDeadlinesInWarekiAndWeekday() throws {
        let fixture = try OkuyamiFixture()
        defer { fixture.remove() }
        let c = try fixture.openCase()
        let m = model(fixture, c)
        let rows = masked(m).rows
        #expect(rows[2].contains("受付番号 \(c.number)  故 山田 太郎 様  死亡日 令和8年11月20日(金)"))
        #expect(rows[4].hasPrefix(" 【市民課】 本庁舎 市民課"))
        let first = c.items[0].item
        let due = try #require(first.due)
        #expect(rows[5].contains("[未着手]"))
        #expect(rows[5].contains(OkuyamiText.date(due)))
        // The detail pane shows the selected item's counter, documents and reason.
        #expect(rows.contains { $0.contains("窓口: \(first.counter)") })
        #expect(rows.contains { $0.contains("理由: \(String(DisplayWidth.prefix(first.reason, fitting: 30).text))") })
        try Snapshot.assertMatches(masked(m), named: "okuyami-checklist-80x24")
    }

    @Test func scrollsCleanlyAt80x24() throws {
        let fixture = try OkuyamiFixture()
        defer { fixture.remove() }
        let c = try fixture.openCase()
        #expect(OkuyamiChecklistScreen(bereavementCase: c, walkingOrder: OkuyamiFixture.book.walkingOrder).rows.count
                > OkuyamiChecklistScreen.listHeight)
        var m = model(fixture, c)
        for step in 0..<(c.items.count + 2) {
            let grid = render(m)
            let screen = try #require(m.top as? OkuyamiChecklistScreen)
            let selected = min(step, c.items.count - 1)
            #expect(screen.selection == selected)
            // Exactly one selected row, inside the list, showing the selected title.
            let selectedRows = (0..<24).filter { y in grid[3, y].style == .selected }
            #expect(selectedRows.count == 1)
            if let y = selectedRows.first {
                #expect(y >= 4 && y < 4 + OkuyamiChecklistScreen.listHeight)
                #expect(grid.rows[y].contains(String(DisplayWidth.prefix(c.items[selected].item.title, fitting: 20).text)))
            }
            for row in grid.rows { #expect(DisplayWidth.of(row) == 80) }
            _ = m.press(.down)
        }
        try Snapshot.assertMatches(masked(m), named: "okuyami-checklist-end-80x24")
        _ = m.press(.home)
        #expect((m.top as? OkuyamiChecklistScreen)?.offset == 0)
    }

    @Test func longTitlesAndDocumentsClipWithoutSplittingAWideCharacter() throws {
        let fixture = try OkuyamiFixture()
        defer { fixture.remove() }
        var c = try fixture.openCase()
        c.items[0].item.title = "国民健康保険被保険者資格喪失届及び高額療養費支給申請並びに葬祭費支給申請書の提出"
        c.items[0].item.documents = ["被保険者証（世帯全員分）", "喪主の預金通帳（口座番号の分かるもの）", "会葬礼状または葬儀の領収書"]
        let grid = masked(model(fixture, c))
        for row in grid.rows { #expect(DisplayWidth.of(row) == 80, "row \(row)") }
        let row = grid.rows[5]
        // 35 columns for the title: 及 ends at 34, 高 would straddle the edge: left out, padded.
        #expect(row.contains("[未着手] 国民健康保険被保険者資格喪失届及び  令和8年11月26日(木)"))
        #expect(!row.contains("葬祭費支給申請書の提出"))
        try Snapshot.assertMatches(grid, named: "okuyami-checklist-long-80x24")
    }

    @Test func marksAreCaseStoreUpdates() throws {
        let fixture = try OkuyamiFixture()
        defer { fixture.remove() }
        let c = try fixture.openCase()
        var m = model(fixture, c)
        let item = c.items[0].item.id
        #expect(m.press(.function(2)) == [.okuyami(.setStatus(number: c.number, item: item, status: .done, seen: .todo))])
        let updated = try fixture.store.setStatus(.done, item: item, number: c.number, clerk: "k001")
        _ = m.update(.okuyami(.caseUpdated(updated)))
        let rows = render(m).rows
        #expect(rows[5].contains("[完了]"))
        #expect(rows.contains { $0.contains("「\(c.items[0].item.title)」を完了にしました。") })
        // Setting the same status again asks nothing of the engine.
        #expect(m.press(.function(2)).isEmpty)
        _ = m.press(.down)
        #expect(m.press(.function(3)) == [.okuyami(.setStatus(number: c.number, item: c.items[1].item.id, status: .notApplicable, seen: .todo))])
        _ = m.update(.okuyami(.caseUpdated(try fixture.store.setStatus(.notApplicable, item: c.items[1].item.id, number: c.number, clerk: "k001"))))
        #expect(render(m).rows[6].contains("[対象外]"))
        #expect(m.press(.function(4)) == [.okuyami(.setStatus(number: c.number, item: c.items[1].item.id, status: .later, seen: .notApplicable))])
    }

    @Test func printsTheHandoutAndOpensTheLinkedForm() throws {
        let fixture = try OkuyamiFixture()
        defer { fixture.remove() }
        let c = try fixture.openCase()
        var m = model(fixture, c)
        #expect(m.press(.function(8)) == [.okuyami(.printHandout(number: c.number))])
        _ = m.update(.okuyami(.printed(OkuyamiPrintout(title: "お手続き一覧", path: "/data/spool/handout.pdf", printer: nil))))
        #expect(render(m).rows.contains { $0.contains("お手続き一覧を出力しました: handout.pdf") })
        // An item without a form says so; one with a form asks for it pre-filled.
        let withForm = try #require(c.items.firstIndex { $0.item.form != nil })
        if let without = c.items.firstIndex(where: { $0.item.form == nil }) {
            for _ in 0..<without { _ = m.press(.down) }
            #expect(m.press(.function(9)).isEmpty)
            #expect(render(m).rows.contains { $0.contains("この手続きに市の申請書はありません") })
            _ = m.press(.home)
        }
        for _ in 0..<withForm { _ = m.press(.down) }
        #expect(m.press(.function(9)) == [.okuyami(.fillForm(number: c.number, item: c.items[withForm].item.id))])
    }

    @Test func detailsPopupShowsDocumentsCounterAndReason() throws {
        let fixture = try OkuyamiFixture()
        defer { fixture.remove() }
        let c = try fixture.openCase()
        var m = model(fixture, c)
        _ = m.press(.enter)
        let rows = render(m).rows
        let item = c.items[0].item
        #expect(rows.contains { $0.contains("窓口: \(item.department)") })
        for document in item.documents { #expect(rows.contains { $0.contains(String(DisplayWidth.prefix(document, fitting: 20).text)) }) }
        #expect(rows.contains { $0.contains("理由:") })
        try Snapshot.assertMatches(masked(m), named: "okuyami-details-80x24")
        _ = m.press(.escape)
        #expect(m.popup == nil)
        #expect(m.top.title == "チェックリスト")
    }

    @Test func updateIsPure() throws {
        let fixture = try OkuyamiFixture()
        defer { fixture.remove() }
        let c = try fixture.openCase()
        let base = model(fixture, c)
        let messages: [Msg] = [.key(.down), .key(.function(2)), .key(.function(8)), .key(.function(9)), .key(.enter),
                               .okuyami(.failed("x")), .okuyami(.caseUpdated(c))]
        for msg in messages {
            var a = base, b = base
            #expect(a.update(msg) == b.update(msg))
            #expect(a == b)
        }
    }
}

// MARK: - Form

@Suite struct OkuyamiFormScreenTests {
    @Test func showsThePrefilledFormWithProvenanceAndPrints() throws {
        let fixture = try OkuyamiFixture()
        defer { fixture.remove() }
        let c = try fixture.openCase()
        // The form as the Runtime fills it: the engine's BereavementForms over the one item.
        var single = c
        single.items = c.items.filter { $0.item.id == "kokuho_sousaihi" }
        #expect(single.items.count == 1)
        let (forms, skipped) = BereavementForms.fill(single, library: OkuyamiFixture.library, deceased: fixture.deceased,
                                                     household: fixture.household, applicant: fixture.household[1], clerkID: "k001",
                                                     cityName: "いわき市", today: OkuyamiFixture.today)
        #expect(skipped.isEmpty)
        let filled = try #require(forms.first)
        var m = okuyamiModel(OkuyamiChecklistScreen(bereavementCase: c, walkingOrder: OkuyamiFixture.book.walkingOrder))
        _ = m.update(.okuyami(.formFilled(filled)))
        #expect(m.top.title == "申請書")
        let rows = masked(m).rows
        #expect(rows.contains { $0.contains("住民記録") && $0.contains("山田 太郎") })
        #expect(rows.contains { $0.contains("山田 花子") })
        #expect(rows.contains { $0.contains("令和8年11月23日") })
        try Snapshot.assertMatches(masked(m), named: "okuyami-form-80x24")
        // Printed the way 申請書確認 prints: the clerk screens' print effect.
        #expect(m.press(.function(8)) == [.clerk(.printForms([filled]))])
        _ = m.update(.clerk(.printed(count: 1, destination: "プリンタ counter1")))
        #expect(render(m).rows.contains { $0.contains("印刷しました: プリンタ counter1") })
        // A refusal: one popup with the whole message, and the note under the form.
        _ = m.update(.clerk(.failed("プリンタ counter1 に送れませんでした（lp 終了コード 1）。PDF は spool に保存しました。プリンタを確認してください。")))
        let popupRows = render(m).rows
        #expect(popupRows.contains { $0.contains("できませんでした") })
        #expect(popupRows.contains { $0.contains("プリンタを確認してください。") })
        _ = m.press(.enter)
        #expect(m.popup == nil)
        #expect(render(m).rows.contains { $0.contains("プリンタ counter1 に送れませんでした") })
        _ = m.press(.escape)
        #expect(m.top.title == "チェックリスト")
    }
}
