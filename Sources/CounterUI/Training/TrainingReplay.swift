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
    public private(set) var attempt: String
    public private(set) var keys = 0
    public private(set) var screens: [String] = []
    /// The visitor's answers to the questions asked, in order.
    public private(set) var answers: [(question: String, answer: String)] = []
    /// The last caption of the script (for a replay on a projector).
    public private(set) var caption: String?

    /// A script step that could not be done (its text never on screen, no such row).
    public struct StepFailure: Error, Equatable, CustomStringConvertible {
        public var step: Int
        public var expected: String
        public var screen: String
        public var description: String { "手順 \(step + 1): 「\(expected)」が画面にありません。\n\(screen)" }
    }

    /// Starts an attempt for `trainee` with the demo clerk signed in, on the 研修モード stack.
    public init(app: CounterApp, scenario: TrainingScenario, trainee: String, context: CounterContext, now: Date) throws(CounterAppError) {
        self.app = app
        self.scenario = scenario
        let clerk = context.clerkID ?? ""
        attempt = try app.startTraining(scenario.id, trainee: trainee, clerk: clerk)
        driver = VisitDriver(model: .signedIn(context: context, now: now, mode: .trainer, role: context.role),
                             runner: CounterEffects(app: app))
        noteScreen()
    }

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

    /// Does one step; a `waitFor` or `pick` whose text is not on screen fails.
    public mutating func perform(_ step: TrainingStep, index: Int = 0) throws {
        switch step {
        case .type(let text):
            for character in text {
                driver.type(String(character))
                keys += 1
                noteScreen()
            }
        case .press(let name):
            guard let key = Self.key(named: name) else { throw StepFailure(step: index, expected: name, screen: driver.screen) }
            driver.press(key)
            keys += 1
            noteScreen()
        case .waitFor(let text):
            guard driver.screen.contains(text) else { throw StepFailure(step: index, expected: text, screen: driver.screen) }
        case .pick(let text):
            guard let row = driver.screen.components(separatedBy: "\n").first(where: { $0.contains(text) }),
                  let number = row.trimmingCharacters(in: .whitespaces).first, number.isNumber else {
                throw StepFailure(step: index, expected: text, screen: driver.screen)
            }
            driver.type(String(number))
            keys += 1
            noteScreen()
        case .ask(let question):
            let answer = try app.askTraining(attempt, scenario: scenario.id, question: question, clerk: driver.model.context.clerkID ?? "")
            let asked = scenario.questions.first { $0.id == question }?.ask ?? question
            answers.append((asked, answer))
            keys += 1
        case .caption(let text):
            caption = text
        }
    }

    /// Runs every step of `steps`.
    public mutating func run(_ steps: [TrainingStep]) throws {
        for (index, step) in steps.enumerated() { try perform(step, index: index) }
    }

    /// Ends the attempt and marks it from the journal.
    public func finish() throws(CounterAppError) -> TrainingResult {
        try app.endTraining(attempt, keys: keys, screens: screens, clerk: driver.model.context.clerkID ?? "")
    }

    private mutating func noteScreen() {
        let title = driver.model.top.title
        if !screens.contains(title) { screens.append(title) }
    }
}
