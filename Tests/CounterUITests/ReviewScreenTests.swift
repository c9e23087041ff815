import CounterCore
import CounterTestSupport
import Foundation
import JapaneseKit
import Testing
import TerminalKit
@testable import CounterUI

/// The 点検 screens drawn at 80×24 from a real review of planted records, and driven by keys.
@Suite struct ReviewScreenTests {
    /// The supervisor's model on 点検, with the fixture's review received.
    static func reviewed(_ fixture: ReviewFixture) throws -> AppModel {
        var model = ReviewFixture.model([ReviewScreen()])
        _ = model.update(.review(.reviewed(try fixture.review())))
        return model
    }

    static func screen(_ model: AppModel) -> ReviewScreen { model.top as! ReviewScreen }

    static func text(_ model: AppModel) -> String { render(model).rows.joined(separator: "\n") }

    @Test func enterRunsTheRangeTypedInEitherCalendar() {
        var model = ReviewFixture.model([ReviewScreen()])
        model.type("R8.12.1")
        _ = model.press(.tab)
        model.type("2026-12-02")
        #expect(model.press(.enter) == [.review(.run(from: CivilDate(iso: "2026-12-01")!, to: ReviewFixture.day))])
        #expect(Self.text(model).contains("点検しています"))
        // Empty fields: the Runtime's today.
        var empty = ReviewFixture.model([ReviewScreen()])
        #expect(empty.press(.enter) == [.review(.run(from: nil, to: nil))])
    }

    @Test func aTickFillsTodayAndABadDateIsExplainedWithoutAnEffect() {
        var model = ReviewFixture.model([ReviewScreen()])
        _ = model.update(.tick(morning))
        let today = CivilDate(morning).iso
        #expect(Self.screen(model).from.text == today && Self.screen(model).to.text == today)
        var bad = ReviewFixture.model([ReviewScreen()])
        bad.type("R8.2.30")
        #expect(bad.press(.enter).isEmpty)
        #expect(Self.text(bad).contains("開始日"))
    }

    @Test func findingsAreListedHighestSeverityFirstWithCountsAndStatus() throws {
        let fixture = try ReviewFixture()
        defer { fixture.remove() }
        let model = try Self.reviewed(fixture)
        let rows = render(model).rows
        #expect(rows[3].contains("指摘 6 件（高 2・中 4・低 0）"), "\(rows[3])")
        #expect(rows[3].contains("検証 "))
        // Header, then 高 rows before 中 rows: 支援措置 (10:00) first.
        #expect(rows[5].contains("重要") && rows[5].contains("宛名番号"))
        #expect(rows[6].hasPrefix(" 高") && rows[6].contains("c01") && rows[6].contains("12/02 10:00") && rows[6].contains("2003"))
        #expect(rows[7].hasPrefix(" 高") && rows[7].contains("3001"))
        #expect(rows[8...11].allSatisfy { $0.hasPrefix(" 中") })
        try ClerkFixtures.snapshot(model, "review-findings-80x24")
    }

    @Test func numberKeysMarkAndF9IsRefusedUntilEveryFindingIsMarked() throws {
        let fixture = try ReviewFixture()
        defer { fixture.remove() }
        var model = try Self.reviewed(fixture)
        _ = model.press(.character("2"))
        #expect(render(model).rows[6].contains("要聞き取り"))
        #expect(Self.screen(model).list.selection == 1)
        _ = model.press(.function(9))
        guard case .alert(let dialog)? = model.popup else {
            Issue.record("no refusal")
            return
        }
        #expect(dialog.message.joined().contains("処置を選んでいない指摘が 5 件"))
        _ = model.press(.enter)
        for _ in 0..<5 { _ = model.press(.character("1")) }
        #expect(Self.screen(model).unmarked.isEmpty)
        _ = model.press(.function(9))
        let signOff = try #require(model.top as? ReviewSignOffScreen)
        #expect(signOff.entries.count == 6 && signOff.entries.first?.disposition == .interview)
        try ClerkFixtures.snapshot(model, "review-signoff-80x24")
        #expect(model.press(.function(9)) == [.review(.sign(review: Self.screen(try Self.reviewed(fixture)).review!, entries: signOff.entries))])
        #expect(Self.text(model).contains("署名しています"))
        _ = model.update(.review(.signed(ReviewSigned(seq: 9, hash: String(repeating: "ab", count: 32), destination: "spool/tenken.pdf"))))
        let shown = Self.text(model)
        #expect(shown.contains("spool/tenken.pdf に印刷しました") && shown.contains("seq 9") && shown.contains(String(repeating: "ab", count: 32)))
        #expect(model.press(.function(9)).isEmpty)
    }

    @Test func aCommentHoldingACardNumberIsRefusedAsTyped() throws {
        let fixture = try ReviewFixture()
        defer { fixture.remove() }
        var model = try Self.reviewed(fixture)
        _ = model.press(.function(3))
        model.type("4111111111111111")
        _ = model.press(.enter)
        let refused = Self.text(model)
        #expect(refused.contains("カード番号") && !refused.contains("4111111111111111"))
        #expect(Self.screen(model).comments.isEmpty)
        _ = model.press(.escape)
        #expect(Self.screen(model).comment == nil && model.top is ReviewScreen)
        _ = model.press(.function(3))
        model.type("本人に聞く")
        _ = model.press(.enter)
        #expect(Self.text(model).contains("コメント: 本人に聞く"))
    }

    @Test func aFindingsDetailOpensItsRecordAndItsResident() throws {
        let fixture = try ReviewFixture()
        defer { fixture.remove() }
        var model = try Self.reviewed(fixture)
        _ = model.press(.enter)
        let detail = try #require(model.top as? FindingDetailScreen)
        #expect(detail.finding.rule == .supportMeasure)
        try ClerkFixtures.snapshot(model, "review-finding-80x24")
        let effects = model.press(.enter)
        #expect(effects == [.review(.storedLine(detail.finding.evidence[0]))])
        let runner = try fixture.runner()
        for effect in effects { for msg in runner.perform(effect, context: model.context) { _ = model.update(msg) } }
        let record = Self.text(model)
        #expect(model.top.title == "記録" && record.contains("\"type\":\"access\"") && record.contains("2026/12/02/T01.jsonl"))
        _ = model.press(.escape)
        for effect in model.press(.function(4)) { for msg in runner.perform(effect, context: model.context) { _ = model.update(msg) } }
        let resident = Self.text(model)
        #expect(model.top.title == "住民" && resident.contains("鈴木 美咲") && resident.contains("スズキ ミサキ"))
        #expect(resident.contains("いわき市小名浜花畑町2") && resident.contains("支援措置 あり"))
    }

    @Test func aLongListScrollsAndKeepsTheSelectionOnScreen() throws {
        let fixture = try ReviewFixture(extraViews: 22)
        defer { fixture.remove() }
        var model = try Self.reviewed(fixture)
        let count = Self.screen(model).review!.findings.count
        #expect(count > 25)
        #expect(Self.screen(model).review!.findings.contains { $0.rule == .manyResidents })
        for _ in 0..<(count - 1) { _ = model.press(.down) }
        let rows = render(model).rows
        let selected = Self.screen(model).review!.findings[count - 1]
        // The last finding is drawn on the last table row, above the detail lines.
        #expect(rows[20].contains(ReviewText.time(selected.ts)), "\(rows[20])")
        #expect(rows[21].contains(selected.detail.prefix(10)))
        try ClerkFixtures.snapshot(model, "review-findings-end-80x24")
    }

    @Test func dataTextIsSanitizedBeforeItIsDrawn() {
        let rule = ReviewRule(id: .supportMeasure)
        let finding = ReviewFinding(rule: rule, clerk: "c\u{1B}[2J01", terminal: "T\u{202E}01", ts: "2026-12-02T10:00:00.000+09:00",
                                    resident: "2003", detail: "閲覧\u{07}しました", evidence: [])
        let model = ReviewFixture.model([ReviewScreen(), FindingDetailScreen(finding: finding)])
        let text = Self.text(model)
        #expect(!text.contains("\u{1B}") && !text.contains("\u{202E}") && !text.contains("\u{07}"))
        #expect(text.contains("[2J01"))
    }

    @Test func theAccessHistoryScreen() throws {
        let fixture = try ReviewFixture()
        defer { fixture.remove() }
        var model = ReviewFixture.model([AccessHistoryScreen()])
        _ = model.update(.tick(morning))
        let today = CivilDate(morning)
        #expect((model.top as! AccessHistoryScreen).from.text == ReviewText.yearBefore(today).iso)
        #expect(model.press(.enter).isEmpty && Self.text(model).contains("宛名番号を入力してください"))
        model.type("2003")
        let effects = model.press(.enter)
        #expect(effects == [.review(.accessHistory(resident: "2003", from: ReviewText.yearBefore(today), to: today))])
        #expect(Self.text(model).contains("照会しています"))
        guard case .history(let history) = try fixture.answer(.accessHistory(resident: "2003", from: nil, to: nil)) else {
            Issue.record("no history")
            return
        }
        _ = model.update(.review(.history(history)))
        let rows = render(model).rows
        #expect(rows[3].contains("2 件"))
        #expect(rows[6].contains("2026-12-02 10:00") && rows[6].contains("c01") && rows[6].contains("T01") && rows[6].contains("閲覧"))
        #expect(rows[7].contains("sup1") && rows[7].contains("アクセス履歴の照会"))
        try ClerkFixtures.snapshot(model, "access-history-80x24")
        #expect(model.press(.function(5)) == [.review(.printAccessHistory(history: history))])
        _ = model.update(.review(.printed(destination: "spool/access-2003.pdf")))
        #expect(Self.text(model).contains("アクセス履歴を spool/access-2003.pdf に印刷しました。"))
    }

    @Test func everyScreenHasHelpFromItsKeyMapAndEscGoesBack() throws {
        let fixture = try ReviewFixture()
        defer { fixture.remove() }
        var model = try Self.reviewed(fixture)
        _ = model.press(.function(1))
        guard case .help(let help)? = model.popup else {
            Issue.record("no help")
            return
        }
        #expect(help.message.contains { $0.contains("問題なし") } && help.message.contains { $0.contains("署名") })
        _ = model.press(.escape)
        _ = model.press(.enter)
        #expect(model.top is FindingDetailScreen)
        _ = model.press(.escape)
        #expect(model.top is ReviewScreen)
    }
}

/// The whole review driven in memory through the real runner, as the terminal would: a
/// supervisor on 点検 finds the planted 支援措置 view, marks it, signs, and the printed
/// 点検記録 holds it; the next review shows it as reviewed.
@Suite struct ReviewFlowTests {
    @Test func findMarkSignAndPrint() throws {
        let fixture = try ReviewFixture()
        defer { fixture.remove() }
        var driver = VisitDriver(model: ReviewFixture.model([ReviewScreen()]), runner: try fixture.runner())
        driver.press(.enter)
        #expect(driver.screen.contains("指摘 6 件"), "\(driver.screen)")
        let row = try #require(driver.screen.split(separator: "\n").first { $0.contains("支援措置") && $0.contains("2003") })
        #expect(row.hasPrefix(" 高"))
        driver.type("2")
        for _ in 0..<5 { driver.type("1") }
        driver.press(.function(9))
        #expect(driver.screen.contains("【点検記録】"))
        driver.press(.function(9))
        #expect(driver.screen.contains("署名しました"), "\(driver.screen)")
        let pdf = try #require(try fixture.spooled().first { $0.lastPathComponent.hasPrefix("tenken-2026-12-02-2026-12-02") })
        let text = try PDFText.text(ofFile: pdf)
        #expect(text.contains("支援措置") && text.contains("宛名番号 2003") && text.contains("処置: 要聞き取り"), "\(text)")
        #expect(try fixture.journalLines().contains { $0.contains("\"type\":\"review\"") && $0.contains("\"sup1\"") })
        driver.press(.escape)
        driver.press(.function(2))
        let again = driver.screen.split(separator: "\n")
        #expect(again.contains { $0.contains("済要聞き取り") && $0.contains("2003") }, "\(driver.screen)")
        #expect(driver.screen.contains("未処置 0 件"))
    }
}
