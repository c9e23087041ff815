import CounterCore
import Foundation
import Testing
@testable import CounterUI

/// 研修モード: every shipped scenario's model answer, played on the ordinary counter screens
/// through the same update loop and effect runner as the terminal, scores 100% from the
/// journal; a wrong answer to each refuse/refer scenario hits its critical fail.
@Suite(.serialized) struct TrainingScenarioTests {
    static let forms = ClerkFixtures.formsDirectory
    static let scenarios = TrainingScenarioLoader.loadAll(formsDirectory: forms, forms: ClerkFixtures.library)

    /// A demo directory as `madoguchi demo` makes it (few synthetic residents, the scenarios' households).
    static func demo() throws -> (URL, CounterApp) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("training-\(UUID().uuidString)")
        try DemoData.prepare(DataDirectory(dir), residents: 40, seed: 1, forms: forms)
        let app = try CounterApp.open(directory: DataDirectory(dir), formsDirectory: forms, purpose: .training,
                                      clock: FixedClock(iso: "2026-12-02T10:00:00+09:00"))
        return (dir, app)
    }

    static func context(_ app: CounterApp) -> CounterContext {
        var context = CounterContext(cityName: app.config.cityName, terminalID: app.config.terminalID, clerk: "研修 太郎",
                                     clerkID: DemoData.clerkID, idleLockSeconds: nil, paymentTerminal: app.config.paymentTerminal,
                                     demoSeed: 1)
        context.role = .clerk
        return context
    }

    static func play(_ scenario: TrainingScenario, _ steps: [TrainingStep], app: CounterApp) throws -> TrainingResult {
        var replay = try TrainingReplay(app: app, scenario: scenario, trainee: "研修 花子", context: context(app),
                                        now: Date(timeIntervalSince1970: 1_796_000_000))
        do { try replay.run(steps) } catch {
            Issue.record("\(scenario.id): \(error)")
        }
        return try replay.finish()
    }

    @Test func theShippedScenariosLoadWithoutProblems() {
        #expect(Self.scenarios.problems.map(\.description) == [])
        #expect(Self.scenarios.scenarios.count >= 12)
    }

    @Test(arguments: scenarios.scenarios.map(\.id))
    func theModelAnswerScoresFullMarks(_ id: String) throws {
        let (dir, app) = try Self.demo()
        defer { try? FileManager.default.removeItem(at: dir) }
        let scenario = try #require(Self.scenarios.scenarios.first { $0.id == id })
        let result = try Self.play(scenario, scenario.modelAnswer, app: app)
        for point in result.points where !point.hit { Issue.record("\(id): ✗ \(point.label) — \(point.why)") }
        for fail in result.failed { Issue.record("\(id): critical \(fail.label)") }
        #expect(result.score == 100)
        #expect(result.passed)
        #expect(result.keystrokes > 0)
        #expect(result.screens.contains("住民検索"))
        // Marked again from the journal alone, the same.
        #expect(try app.scoreTraining(result.attempt) == result)
    }

    @Test(arguments: scenarios.scenarios.filter { $0.decision != .issue }.map(\.id))
    func aWrongAnswerToARefuseOrReferScenarioHitsItsCriticalFail(_ id: String) throws {
        let (dir, app) = try Self.demo()
        defer { try? FileManager.default.removeItem(at: dir) }
        let scenario = try #require(Self.scenarios.scenarios.first { $0.id == id })
        try #require(!scenario.wrongAnswer.isEmpty, "\(id) has no wrong_answer")
        let result = try Self.play(scenario, scenario.wrongAnswer, app: app)
        #expect(!result.failed.isEmpty, "\(id): no critical fail for the wrong answer")
        #expect(!result.passed)
        #expect(result.points.contains { !$0.hit && $0.label.hasPrefix("判断") })
    }

    @Test func theSeededPersonasAreTheSameOnEveryRun() throws {
        let (first, one) = try Self.demo()
        let (second, two) = try Self.demo()
        defer {
            try? FileManager.default.removeItem(at: first)
            try? FileManager.default.removeItem(at: second)
        }
        for scenario in Self.scenarios.scenarios {
            for expected in scenario.residents {
                let a = try one.resident(id: expected.id, clerk: DemoData.clerkID).resident
                let b = try two.resident(id: expected.id, clerk: DemoData.clerkID).resident
                #expect(a == b)
                #expect(a.name == expected.name && a.birthdate == expected.birthdate && a.status == expected.status
                        && a.supportMeasure == expected.supportMeasure && a.memberships == expected.memberships
                        && a.honseki == expected.honseki && a.householdID == expected.householdID, "\(expected.id)")
            }
        }
    }

    @Test func aTrainingAttemptIsRefusedOnLiveData() throws {
        let dir = try EffectRunnerTests.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let app = try CounterApp.open(directory: DataDirectory(dir), formsDirectory: Self.forms, purpose: .live,
                                      clock: FixedClock(iso: "2026-12-02T10:00:00+09:00"))
        #expect(throws: CounterAppError.self) { try app.startTraining("honin_juminhyo", trainee: "研修 花子", clerk: "c01") }
        #expect(throws: CounterAppError.self) { try app.trainingResults() }
        #expect(throws: CounterAppError.self) { try app.writeTrainingResultsCSV(TrainingResult.Filter()) }
    }
}
