import CounterCore
import Foundation
import Synchronization
import TerminalKit

/// What the counter's loop needs of a terminal: its size, a frame drawn, the next event.
/// The curses terminal conforms in the executable; tests use a scripted one.
public protocol CounterTerminal {
    var size: (width: Int, height: Int) { get }
    func draw(_ grid: CellGrid)
    func nextEvent(timeoutMilliseconds: Int?) -> TerminalEvent
}

/// The counter screen's event loop: draws the model, turns terminal events into messages,
/// hands the effects `update` returns to the effect runner off the loop and feeds their
/// results back as messages.
///
/// The loop never waits for the engine: while an effect runs (a search, a journal write, a
/// slow `lp`) the screen shows its 「…しています」 state, keeps the clock and keeps reading
/// keys. Effects run one at a time, in order, on their own queue.
public struct CounterLoop {
    public var model: AppModel
    public let runner: any EffectRunner
    public let clock: any WallClock
    /// Replays a 研修 scenario on the terminal (`Effect.play`) and comes back; the answer is
    /// a message for the screen when the replay could not run. Nil where no replay is offered.
    public var play: ((String, CounterContext, any CounterTerminal) -> String?)?

    /// How long a read waits before the clock is looked at again.
    public static let tickMilliseconds = 1000
    /// How often the loop looks for finished effects while one runs.
    public static let pollMilliseconds = 30

    public init(model: AppModel, runner: any EffectRunner, clock: any WallClock,
                play: ((String, CounterContext, any CounterTerminal) -> String?)? = nil) {
        self.model = model
        self.runner = runner
        self.clock = clock
        self.play = play
    }

    /// Runs until the clerk quits or input closes; the model as it was left. A signed-in
    /// clerk is signed out (journaled) and every submitted effect finishes before it returns.
    @discardableResult
    public func run(on terminal: some CounterTerminal) -> AppModel {
        var model = self.model
        let (width, height) = terminal.size
        _ = model.update(.resize(width: width, height: height))
        _ = model.update(.tick(clock.now()))
        let work = EffectQueue(runner: runner)
        defer {
            if let id = model.context.clerkID { work.submit(.clerk(.signOut(clerk: id)), context: model.context) }
            work.drain()
        }
        while true {
            var grid = CellGrid(width: model.width, height: model.height, ambiguousWide: model.context.ambiguousWide)
            model.view(into: &grid)
            terminal.draw(grid)
            var queue = work.takeResults()
            if queue.isEmpty {
                switch terminal.nextEvent(timeoutMilliseconds: work.isBusy ? Self.pollMilliseconds : Self.tickMilliseconds) {
                case .key(let key): queue = [.key(key), .tick(clock.now())]  // the clock also moves while keys keep coming
                case .resize(let w, let h): queue = [.resize(width: w, height: h)]
                case .tick: queue = [.tick(clock.now())]
                case .inputClosed: return model
                }
            }
            while !queue.isEmpty {
                for effect in model.update(queue.removeFirst()) {
                    if effect == .quit { return model }
                    if case .play(let scenario) = effect {
                        // The replay takes the terminal: what was asked before it finishes first.
                        work.drain()
                        queue += work.takeResults()
                        let failure: String? = if let play { play(scenario, model.context, terminal) } else { "この端末では模範解答を再生できません。" }
                        if let failure { queue.append(.training(.failed(failure))) }
                        let (w, h) = terminal.size
                        queue.append(.resize(width: w, height: h))
                        continue
                    }
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
