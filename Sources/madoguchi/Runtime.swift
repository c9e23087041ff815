import CounterCore
import CounterUI
import CursesBackend
import Foundation
import TerminalKit

/// Runs the counter screen: draws the model, turns terminal events into messages, runs the
/// effects `update` returns and feeds their results back as messages.
///
/// Everything that touches the outside world (terminal, clock, journal, registry, printer)
/// happens here, never in `update`.
struct Runtime {
    var model: AppModel
    var services: CounterServices
    var clock: any WallClock { services.clock }
    var environment: [String: String] = ProcessInfo.processInfo.environment

    /// How long a read waits before the clock is looked at again.
    static let tickMilliseconds = 1000

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
            signal = try loop(terminal)
        }
        if let signal { Foundation.exit(128 + signal) }
    }

    /// The event loop; returns the termination signal that ended it, if any.
    private func loop(_ terminal: CursesTerminal) throws -> Int32? {
        var model = self.model
        let (width, height) = terminal.size
        _ = model.update(.resize(width: width, height: height))
        _ = model.update(.tick(clock.now()))
        defer { signOut(model.context) }
        while true {
            var grid = CellGrid(width: model.width, height: model.height)
            model.view(into: &grid)
            terminal.draw(grid)
            let msg: Msg
            switch terminal.nextEvent(timeoutMilliseconds: Self.tickMilliseconds) {
            case .key(let key): msg = .key(key)
            case .resize(let w, let h): msg = .resize(width: w, height: h)
            case .tick: msg = .tick(clock.now())
            case .inputClosed: return terminal.terminationSignal
            }
            var queue = [msg]
            // The clock also moves while keys keep coming.
            if case .key = msg { queue.append(.tick(clock.now())) }
            while !queue.isEmpty {
                for effect in model.update(queue.removeFirst()) {
                    guard let result = try perform(effect, context: model.context) else { return nil }
                    queue.append(contentsOf: result)
                }
            }
        }
    }

    /// A signed-in clerk leaving the program is signed out in the journal.
    private func signOut(_ context: CounterContext) {
        guard let clerk = context.clerkID else { return }
        _ = try? services.journal.append(.logout, clerk: clerk, fields: [:])
    }

    /// Runs one effect; its result messages, or nil when the program must end.
    private func perform(_ effect: Effect, context: CounterContext) throws -> [Msg]? {
        let dataDirectory = services.dataDirectory
        if let refused = effect.refusedMessages(isRegistered: { ResidentRegistry.isRegistered($0, dataDirectory: dataDirectory) }) {
            return refused
        }
        switch effect {
        case .quit: return nil
        case .clerk(let clerkEffect): return performClerk(clerkEffect, context: context)
        case .okuyami(let work): return performOkuyami(work, context: context)
        }
    }
}
