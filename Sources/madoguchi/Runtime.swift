import CounterCore
import CounterUI
import CursesBackend
import Foundation
import Synchronization
import TerminalKit

/// Runs the counter screen: draws the model, turns terminal events into messages, hands the
/// effects `update` returns to the effect runner off the input loop and feeds their results
/// back as messages.
///
/// The loop never waits for the engine: while an effect runs (a search, a journal write, a
/// slow `lp`) the screen shows its 「…しています」 state, keeps the clock and keeps reading
/// keys. Effects run one at a time, in order, on their own queue.
struct Runtime {
    var model: AppModel
    let app: CounterApp
    var runner: any EffectRunner
    var environment: [String: String] = ProcessInfo.processInfo.environment

    init(model: AppModel, app: CounterApp) {
        self.model = model
        self.app = app
        runner = CounterEffects(app: app)
    }

    var clock: any WallClock { app.clock }

    /// How long a read waits before the clock is looked at again.
    static let tickMilliseconds = 1000
    /// How often the loop looks for finished effects while one runs.
    static let pollMilliseconds = 30

    /// Opens the terminal and runs until the clerk quits, input closes or a termination
    /// signal arrives; the terminal is restored on each of those ways out and on a thrown error.
    func run() throws {
        let terminal: CursesTerminal
        do {
            terminal = try CursesTerminal.open(environment: environment)
        } catch {
            throw CommandFailure.usage(error.message)
        }
        let signal: Int32?
        do {
            defer { terminal.close() }
            signal = loop(terminal)
        }
        if let signal { Foundation.exit(128 + signal) }
    }

    /// The event loop; returns the termination signal that ended it, if any.
    private func loop(_ terminal: CursesTerminal) -> Int32? {
        var model = self.model
        let (width, height) = terminal.size
        _ = model.update(.resize(width: width, height: height))
        _ = model.update(.tick(clock.now()))
        let work = EffectQueue(runner: runner)
        defer {
            // A signed-in clerk leaving the program is signed out in the journal.
            if model.context.clerkID != nil { work.submit(.clerk(.signOut), context: model.context) }
            work.drain()
        }
        while true {
            var grid = CellGrid(width: model.width, height: model.height)
            model.view(into: &grid)
            terminal.draw(grid)
            var queue = work.takeResults()
            if queue.isEmpty {
                switch terminal.nextEvent(timeoutMilliseconds: work.isBusy ? Self.pollMilliseconds : Self.tickMilliseconds) {
                case .key(let key): queue = [.key(key), .tick(clock.now())]  // the clock also moves while keys keep coming
                case .resize(let w, let h): queue = [.resize(width: w, height: h)]
                case .tick: queue = [.tick(clock.now())]
                case .inputClosed: return terminal.terminationSignal
                }
            }
            for msg in queue {
                for effect in model.update(msg) {
                    if effect == .quit { return nil }
                    work.submit(effect, context: model.context)
                }
            }
        }
    }
}

/// Effects waiting or running on their own serial queue, and the messages they answered.
final class EffectQueue: Sendable {
    private let runner: any EffectRunner
    private let queue = DispatchQueue(label: "madoguchi.effects")
    private let state = Mutex<(pending: Int, results: [Msg])>((0, []))

    init(runner: any EffectRunner) { self.runner = runner }

    /// Whether an effect is still running or waiting.
    var isBusy: Bool { state.withLock { $0.pending > 0 } }

    func submit(_ effect: Effect, context: CounterContext) {
        state.withLock { $0.pending += 1 }
        queue.async { [self] in
            let messages = runner.perform(effect, context: context)
            state.withLock {
                $0.pending -= 1
                $0.results += messages
            }
        }
    }

    /// The messages answered so far, in the order the effects ran.
    func takeResults() -> [Msg] {
        state.withLock { s in
            defer { s.results = [] }
            return s.results
        }
    }

    /// Waits for what is already submitted (a journal write must not be cut off at exit).
    func drain() { queue.sync {} }
}
