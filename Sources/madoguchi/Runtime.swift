import CounterCore
import CounterUI
import CursesBackend
import Foundation
import TerminalKit

/// Runs the counter screen in this terminal: the counter's loop (`CounterLoop`) over the
/// curses terminal, with the effect runner over the application layer; in 研修モード a
/// 採点結果's F6 replays the scenario's model answer on the same terminal.
struct Runtime {
    var model: AppModel
    let app: CounterApp
    /// Milliseconds between the keys of a replayed model answer.
    var pace = 600

    init(model: AppModel, app: CounterApp, pace: Int = 600) {
        self.model = model
        self.app = app
        self.pace = pace
    }

    /// Opens the terminal and runs `body` on it; the terminal is restored however `body`
    /// ends, and a termination signal ends the process after that.
    static func withTerminal(environment: [String: String] = ProcessInfo.processInfo.environment,
                             _ body: (CursesTerminal) throws -> Void) throws {
        let terminal: CursesTerminal
        do {
            terminal = try CursesTerminal.open(environment: environment)
        } catch {
            throw CommandFailure.usage(error.message)
        }
        do {
            defer { terminal.close() }
            try body(terminal)
        }
        if let signal = terminal.terminationSignal { Foundation.exit(128 + signal) }
    }

    /// Runs until the clerk quits, input closes or a termination signal arrives.
    func run() throws {
        let app = self.app, pace = self.pace
        try Self.withTerminal { terminal in
            CounterLoop(model: model, runner: CounterEffects(app: app), clock: app.clock, play: { id, context, screen in
                let scenario: TrainingScenario
                do throws(CounterAppError) { scenario = try app.trainingScenario(id) } catch { return error.message }
                return TrainingPlayback(app: app, scenario: scenario, context: context, pace: pace).run(on: screen)
            }).run(on: terminal)
        }
    }
}

extension CursesTerminal: CounterTerminal {}
