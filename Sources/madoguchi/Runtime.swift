import CounterCore
import CounterUI
import CursesBackend
import Foundation
import TerminalKit

/// Runs the counter screen in this terminal: the counter's loop (`CounterLoop`) over the
/// curses terminal, with the effect runner over the application layer.
struct Runtime {
    var model: AppModel
    let app: CounterApp
    var environment: [String: String] = ProcessInfo.processInfo.environment

    init(model: AppModel, app: CounterApp) {
        self.model = model
        self.app = app
    }

    /// Opens the terminal and runs until the clerk quits, input closes or a termination
    /// signal arrives; the terminal is restored on each of those ways out and on a thrown error.
    func run() throws {
        let terminal: CursesTerminal
        do {
            terminal = try CursesTerminal.open(environment: environment)
        } catch {
            throw CommandFailure.usage(error.message)
        }
        do {
            defer { terminal.close() }
            CounterLoop(model: model, runner: CounterEffects(app: app), clock: app.clock).run(on: terminal)
        }
        if let signal = terminal.terminationSignal { Foundation.exit(128 + signal) }
    }
}

extension CursesTerminal: CounterTerminal {}
