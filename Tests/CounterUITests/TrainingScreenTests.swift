@testable import CounterCore
import CounterTestSupport
import Foundation
import Testing
import JapaneseKit
import TerminalKit
@testable import CounterUI

/// The trainee's and the trainer's screens: the 研修メニュー, シナリオ練習, 質問する over the
/// ordinary counter screens, the 採点結果 and 研修結果 — driven key by key through the same
/// update loop and effect runner as the terminal, on a real demo directory.
@Suite(.serialized) struct TrainingScreenTests {
    /// A demo directory and a signed-in 研修モード model on its 研修メニュー.
    static func counter(trainee: String? = nil, width: Int = 80, height: Int = 24) throws -> (URL, CounterApp, VisitDriver) {
        let (dir, app) = try TrainingScenarioTests.demo()
        var context = TrainingScenarioTests.context(app)
        context.trainee = trainee
        let model = AppModel.signedIn(context: context, now: morning, mode: .trainer, role: .clerk, width: width, height: height)
        return (dir, app, VisitDriver(model: model, runner: CounterEffects(app: app)))
    }

    static func journal(_ app: CounterApp) throws -> [JournalRecord] {
        try JournalReader(directory: app.directory.journalDirectory, date: app.clock.today()).records()
    }

    /// From the menu into シナリオ練習 and onto the scenario `id`'s row, started.
    static func start(_ driver: inout VisitDriver, _ id: String) throws {
        driver.type("2")
        let list = try #require(driver.model.top as? TrainingScenarioListScreen)
        let row = try #require(list.scenarios.firstIndex { $0.id == id })
        for _ in 0..<row { driver.press(.down) }
        driver.press(.enter)
    }

    @Test func theMenuAsksTheTraineesNameOnceBeforeAScenarioAndRefusesANumberInIt() throws {
        let (dir, _, start) = try Self.counter()
        defer { try? FileManager.default.removeItem(at: dir) }
        var driver = start
        #expect(driver.model.top is TrainingMenuScreen)
        try ClerkFixtures.snapshot(driver.model, "training-menu-80x24")
        driver.type("2")
        #expect(driver.model.top is TrainingMenuScreen)
        #expect(driver.screen.contains("氏名を入力して Enter"))
        // A card number typed as a name is refused and not kept.
        driver.type("4111 1111 1111 1111")
        driver.press(.enter)
        #expect(driver.screen.contains("氏名に番号は入力できません"))
        #expect(!driver.screen.contains("4111"))
        driver.type("研修 花子")
        driver.press(.enter)
        // The entry that waited for the name opens.
        let list = try #require(driver.model.top as? TrainingScenarioListScreen)
        #expect(list.trainee == "研修 花子")
        #expect(list.scenarios.count >= 12)
        try ClerkFixtures.snapshot(driver.model, "training-scenarios-80x24")
        // The list never gives the expected decision away.
        #expect(!driver.screen.contains("交付しない") && !driver.screen.contains("[refuse]"))
        driver.press(.escape)
        // The name stays: a second scenario does not ask again.
        driver.type("2")
        #expect(driver.model.top is TrainingScenarioListScreen)
        driver.press(.escape)
        // 自由練習 is the counter itself, unmarked.
        driver.type("1")
        #expect(driver.model.top is ResidentSearchScreen)
        #expect(driver.model.training == nil)
        #expect(driver.model.keyMap.action(for: .function(11)) == nil)
    }

    @Test func aTraineePlaysTheAgentWithoutLetterScenarioAsksAndIsMarkedFromTheJournal() throws {
        let (dir, app, start) = try Self.counter(trainee: "研修 花子")
        defer { try? FileManager.default.removeItem(at: dir) }
        var driver = start
        try Self.start(&driver, "dairinin_ininjo_nashi")
        let attempt = try #require(driver.model.training)
        #expect(driver.model.top is ResidentSearchScreen)
        #expect(driver.screen.contains("来庁者 「母の住民票を2通ください。」"))
        #expect(driver.screen.contains("F11質問する"))

        // 質問する: the answer is shown and journaled.
        driver.press(.function(11))
        #expect(driver.model.top is TrainingVisitorScreen)
        try ClerkFixtures.snapshot(driver.model, "training-visitor-80x24")
        driver.type("2")
        #expect(driver.screen.contains("いえ、持ってきていません"))
        let asked = try Self.journal(app).filter { $0.type == .trainingQuestion }
        #expect(asked.map { $0["question"]?.stringValue } == ["ininjo"])
        #expect(asked.first?["attempt"]?.stringValue == attempt.id)
        driver.press(.function(11))
        #expect(driver.model.top is ResidentSearchScreen)

        // The ordinary counter: search, 受付, 申請書確認 as 代理人, and 交付しない.
        driver.type("9000003001")
        driver.press(.enter)
        driver.press(.enter)
        driver.press(.function(2))
        driver.type("5+")
        driver.press(.enter)
        for _ in 0..<3 { driver.press(.function(3)) }
        #expect(driver.screen.contains("請求者 代理人"))
        let keysBefore = try #require(driver.model.training).keys
        driver.press(.function(7))

        // Closing the case ended the attempt: the 採点結果 from the journal.
        #expect(driver.model.training == nil)
        let shown = try #require(driver.model.top as? TrainingResultScreen)
        let result = shown.result
        #expect(result.keystrokes == keysBefore + 1)
        #expect(result.screens == ["住民検索", "住民詳細", "受付", "申請書確認"])
        #expect(result.trainee == "研修 花子")
        #expect(result.ending == "交付しない")
        #expect(!result.points.first { $0.label.contains("ご関係") }!.hit)
        #expect(result.points.first { $0.label.contains("委任状") }!.hit)
        #expect(try app.scoreTraining(result.attempt) == result)
        let text = driver.screen
        #expect(text.contains("✓ 判断: 交付しない") && text.contains("✗ 確認: ご本人とのご関係は"), "\(text)")
        #expect(driver.model.screens.first?.base is TrainingMenuScreen)
        try ClerkFixtures.snapshot(driver.model, "training-result-80x24")

        // F5 prints the 研修記録, read back from the PDF.
        driver.press(.function(5))
        #expect(driver.screen.contains("研修記録を印刷しました"))
        let pdf = app.directory.spoolDirectory.appendingPathComponent("kenshu-\(result.attempt).pdf")
        let printed = try PDFText.text(ofFile: pdf)
        for words in ["研修記録", "研修 花子", "代理人（委任状なし）", "✓ 判断: 交付しない", "住民基本台帳法 第12条第4項", "指導者"] {
            #expect(printed.contains(words), "\(words)")
        }
        // F6 asks the terminal to replay the model answer.
        driver.press(.function(6))
        #expect(driver.replays == ["dairinin_ininjo_nashi"])
    }

    @Test func theTrainerListsFiltersOpensAndExportsTheResults() throws {
        let (dir, app, start) = try Self.counter(trainee: "研修 花子")
        defer { try? FileManager.default.removeItem(at: dir) }
        var driver = start
        // Two attempts: one ended from 質問する (F10), one by another trainee.
        try Self.start(&driver, "honin_juminhyo")
        driver.press(.function(11))
        driver.press(.function(10))
        #expect(driver.screen.contains("研修を終えて採点します"))
        driver.type("y")
        let first = try #require(driver.model.top as? TrainingResultScreen).result
        #expect(first.ending == "途中終了" && !first.passed)
        driver.press(.escape)
        driver.press(.function(3))
        for _ in 0..<5 { driver.press(.backspace) }
        driver.type("研修 次郎")
        driver.press(.enter)
        try Self.start(&driver, "dairinin_ininjo_nashi")
        driver.press(.function(11))
        driver.press(.function(10))
        driver.press(.enter)  // the focus is on 続ける: nothing ends
        #expect(driver.model.training != nil)
        driver.press(.function(10))
        driver.type("y")
        driver.press(.escape)

        driver.type("3")
        let list = try #require(driver.model.top as? TrainingResultsScreen)
        #expect(list.results.count == 2)
        #expect(driver.screen.contains("研修 花子") && driver.screen.contains("研修 次郎"))
        try ClerkFixtures.snapshot(driver.model, "training-results-80x24")
        // Narrowed by trainee as it is typed.
        driver.press(.tab)
        driver.type("次郎")
        let narrowed = try #require(driver.model.top as? TrainingResultsScreen)
        #expect(narrowed.listed.map(\.trainee) == ["研修 次郎"])
        #expect(!driver.screen.contains("研修 花子"))
        // F5: the listed attempts as CSV in the spool folder.
        driver.press(.function(5))
        let line = try #require(driver.screen.split(separator: "\n").first { $0.contains("CSV に書き出しました") })
        #expect(line.contains("1 件"))
        let files = try FileManager.default.contentsOfDirectory(atPath: app.directory.spoolDirectory.path).filter { $0.hasPrefix("kenshu-kekka-") }
        let csv = try String(contentsOf: app.directory.spoolDirectory.appendingPathComponent(try #require(files.first)), encoding: .utf8)
        #expect(csv.contains("研修 次郎") && !csv.contains("研修 花子"))
        let attributes = try FileManager.default.attributesOfItem(atPath: app.directory.spoolDirectory.appendingPathComponent(files[0]).path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        // Enter opens the attempt's marking.
        driver.press(.enter)
        #expect((driver.model.top as? TrainingResultScreen)?.result.trainee == "研修 次郎")
    }

    @Test func aWideTerminalShowsTheVisitorPanelBesideTheCounter() throws {
        let (dir, _, start) = try Self.counter(trainee: "研修 花子", width: 120, height: 30)
        defer { try? FileManager.default.removeItem(at: dir) }
        var driver = start
        try Self.start(&driver, "dairinin_ininjo_nashi")
        driver.press(.function(11))
        driver.type("1")
        driver.press(.function(11))
        let rows = driver.screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        /// The column `text` starts at in some row, if it is on screen.
        func column(_ text: String) -> Int? {
            for row in rows { if let range = row.range(of: text) { return DisplayWidth.of(String(row[..<range.lowerBound])) } }
            return nil
        }
        // The counter keeps its 80 columns; the panel is to its right, with what was heard.
        #expect((column("聞いたこと") ?? 0) >= 80)
        #expect((column("答 長男です") ?? 0) >= 80)
        #expect(column("氏名（かな・漢字）") == 1)
        #expect(driver.model.top is ResidentSearchScreen)
    }

    @Test func anAttemptLeftBySigningOutIsListedAsUnfinished() throws {
        let (dir, app, start) = try Self.counter(trainee: "研修 花子")
        defer { try? FileManager.default.removeItem(at: dir) }
        var driver = start
        try Self.start(&driver, "honin_juminhyo")
        driver.press(.function(10))
        #expect(driver.model.training == nil)
        #expect(driver.model.top is SignInScreen)
        let results = try app.trainingResults()
        #expect(results.map(\.ending) == ["途中終了"] && results.first?.trainee == "研修 花子")
    }

    @Test func resultsComeFromTheJournalAloneAndLeaveReplaysOut() throws {
        let (dir, app, start) = try Self.counter(trainee: "研修 花子")
        defer { try? FileManager.default.removeItem(at: dir) }
        var driver = start
        try Self.start(&driver, "dairinin_ininjo_nashi")
        driver.press(.function(11))
        driver.press(.function(10))
        driver.type("y")
        let marked = try #require(driver.model.top as? TrainingResultScreen).result
        // A replay of the model answer is marked, but is no trainee's attempt.
        var replay = try TrainingReplay(app: app, scenario: try app.trainingScenario("dairinin_ininjo_nashi"), trainee: "模範解答（再生）",
                                        context: TrainingScenarioTests.context(app), now: morning, replay: true)
        try replay.run(replay.scenario.modelAnswer)
        #expect(try replay.finish().score == 100)
        // A file planted beside the journal changes nothing: every score is marked from the records.
        let planted = dir.appendingPathComponent("training")
        try FileManager.default.createDirectory(at: planted, withIntermediateDirectories: true)
        var forged = marked
        forged.points = forged.points.map { var p = $0; p.hit = true; return p }
        forged.trainee = "偽物 4111111111111111"
        try JSONEncoder().encode(forged).write(to: planted.appendingPathComponent(marked.attempt + ".json"))
        try JSONEncoder().encode(forged).write(to: planted.appendingPathComponent("T20261202-999.json"))
        #expect(try app.trainingResults() == [marked])
        driver.press(.escape)
        driver.type("3")
        #expect(!driver.screen.contains("4111") && !driver.screen.contains("100点"))
        // A card number typed into a filter is refused, cleared, and never filters.
        driver.press(.tab)
        var refused = false
        for digit in "4111111111111111" {
            driver.type(String(digit))
            refused = refused || driver.screen.contains("のような数字があります")
            #expect(!driver.screen.contains("4111111111111111"))
        }
        #expect(refused)
        #expect((driver.model.top as? TrainingResultsScreen)?.fields[1].text.count ?? 99 < 16)
        for _ in 0..<16 { driver.press(.backspace) }
        let cleared = try #require(driver.model.top as? TrainingResultsScreen)
        #expect(cleared.listed.count == 1, "\(cleared.fields.map(\.text)) \(cleared.results.count)")
        // Dates read as every date field reads them.
        driver.press(.backTab)
        driver.type("R8.12.2")
        #expect((driver.model.top as? TrainingResultsScreen)?.listed.count == 1)
        driver.type("9")
        #expect((driver.model.top as? TrainingResultsScreen)?.listed.isEmpty == true)
    }
}
