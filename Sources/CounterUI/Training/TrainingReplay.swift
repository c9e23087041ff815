import CounterCore
import Foundation
import TerminalKit

/// Plays a scenario's key script (its model answer, or any other script) on the ordinary
/// counter screens through `VisitDriver` — the update loop and effect runner the terminal
/// uses — inside one training attempt: `training_started` before, each 質問する journaled, and
/// `training_ended` with the keys pressed and the screens visited. The attempt is then marked
/// from the journal, as a trainee's is.
public struct TrainingReplay {
    public let app: CounterApp
    public let scenario: TrainingScenario
    public private(set) var driver: VisitDriver
    public let attempt: String
    /// The last caption of the script (for a replay on a projector).
    public private(set) var caption: String?

    /// A script step that could not be done (its text never on screen, no such row).
    public struct StepFailure: Error, Equatable, CustomStringConvertible {
        public var step: Int
        public var expected: String
        public var screen: String
        public var description: String { "手順 \(step + 1): 「\(expected)」が画面にありません。\n\(screen)" }
    }

    /// Starts an attempt for `trainee` with the demo clerk signed in, on the 研修モード stack:
    /// the same start the シナリオ練習 list asks for, so the attempt begins on 住民検索 over the
    /// 研修メニュー, with the model counting its keys and screens.
    public init(app: CounterApp, scenario: TrainingScenario, trainee: String, context: CounterContext, now: Date,
                replay: Bool = false) throws(CounterAppError) {
        self.app = app
        self.scenario = scenario
        let runner = CounterEffects(app: app)
        driver = VisitDriver(model: .signedIn(context: context, now: now, mode: .trainer, role: context.role), runner: runner)
        for msg in runner.perform(.training(.start(scenario: scenario.id, trainee: trainee, replay: replay)), context: driver.model.context) {
            if case .training(.failed(let message)) = msg { throw .refused(message) }
            driver.send(msg)
        }
        guard let id = driver.model.training?.id else { throw .refused("研修を始められませんでした。") }
        attempt = id
    }

    /// The replay's screen is `width`×`height` (the terminal it is shown on).
    public mutating func resize(width: Int, height: Int) { driver.send(.resize(width: width, height: height)) }

    /// The visitor's answers heard so far in the attempt.
    public var answers: [TrainingAnswer] { driver.model.training?.answers ?? [] }

    /// The key a script names (Enter, Escape, Tab, BTab, Up, Down, F1…F12).
    public static func key(named name: String) -> Key? {
        switch name {
        case "Enter": .enter
        case "Escape": .escape
        case "Tab": .tab
        case "BTab": .backTab
        case "Up": .up
        case "Down": .down
        default: name.hasPrefix("F") ? Int(name.dropFirst()).flatMap { (1...12).contains($0) ? .function($0) : nil } : nil
        }
    }

    /// Presses `key` as this counter lays it out (a key `config.yaml` moved is pressed where it is).
    private mutating func press(_ key: Key) { driver.press(driver.model.context.keys.key(for: key)) }

    /// Does one step; a `waitFor` or `pick` whose text is not on screen fails.
    public mutating func perform(_ step: TrainingStep, index: Int = 0) throws {
        switch step {
        case .type(let text):
            driver.type(text)
        case .press(let name):
            guard let key = Self.key(named: name) else { throw StepFailure(step: index, expected: name, screen: driver.screen) }
            press(key)
        case .waitFor(let text):
            guard driver.screen.contains(text) else { throw StepFailure(step: index, expected: text, screen: driver.screen) }
        case .pick(let text):
            guard let row = driver.screen.components(separatedBy: "\n").first(where: { $0.contains(text) }),
                  let number = row.trimmingCharacters(in: .whitespaces).first, number.isNumber else {
                throw StepFailure(step: index, expected: text, screen: driver.screen)
            }
            driver.type(String(number))
        case .ask(let question):
            // As a trainee asks: F11 opens 質問する, the question's number asks, F11 goes back.
            guard let number = scenario.questions.firstIndex(where: { $0.id == question }), number < 9 else {
                throw StepFailure(step: index, expected: question, screen: driver.screen)
            }
            let heard = answers.count
            press(KeyMaps.trainingVisitorKey)
            driver.type(String(number + 1))
            guard answers.count > heard else { throw StepFailure(step: index, expected: question, screen: driver.screen) }
            press(KeyMaps.trainingVisitorKey)
        case .caption(let text):
            caption = text
        }
    }

    /// Runs every step of `steps`.
    public mutating func run(_ steps: [TrainingStep]) throws {
        for (index, step) in steps.enumerated() { try perform(step, index: index) }
    }

    /// Ends the attempt as a trainee does (質問する → 研修を終える) unless closing its case
    /// already ended it, and gives the marking the result screen shows.
    public mutating func finish() throws(CounterAppError) -> TrainingResult {
        if driver.model.training != nil {
            if !(driver.model.top is TrainingVisitorScreen) { press(KeyMaps.trainingVisitorKey) }
            press(.function(10))
            driver.type("y")
        }
        guard let shown = driver.model.top as? TrainingResultScreen else {
            throw .refused("研修 \(attempt) を採点できませんでした。madoguchi training score \(attempt) で確かめてください。")
        }
        return shown.result
    }
}
