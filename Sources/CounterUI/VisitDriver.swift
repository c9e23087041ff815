import CounterCore
import Foundation
import TerminalKit

/// Drives the model and an effect runner in memory, the way the Runtime drives them in a
/// terminal: each message through `update`, each effect through the runner, each answer back
/// as a message, until nothing is left to do. Tests run whole visits through it with real
/// data directories; a trainer scenario can replay through it too.
public struct VisitDriver {
    public private(set) var model: AppModel
    public let runner: any EffectRunner
    /// The clerk pressed F12 (or input ended).
    public private(set) var quit = false
    /// The scenarios a screen asked to replay (`Effect.play`), which only a terminal does.
    public private(set) var replays: [String] = []

    public init(model: AppModel, runner: any EffectRunner) {
        self.model = model
        self.runner = runner
    }

    /// Sends `msg` and runs every effect it leads to.
    public mutating func send(_ msg: Msg) {
        var queue = [msg]
        while !queue.isEmpty, !quit {
            for effect in model.update(queue.removeFirst()) {
                if effect == .quit {
                    // Leaving signs the clerk out, as the Runtime does.
                    if let id = model.context.clerkID { _ = runner.perform(.clerk(.signOut(clerk: id)), context: model.context) }
                    quit = true
                    return
                }
                if case .play(let scenario) = effect {
                    replays.append(scenario)
                    continue
                }
                queue += runner.perform(effect, context: model.context)
            }
        }
    }

    /// Types `text` one character at a time.
    public mutating func type(_ text: String) {
        for character in text { send(.key(.character(character))) }
    }

    /// Presses one key.
    public mutating func press(_ key: Key) { send(.key(key)) }

    /// The screen as text rows, as a terminal of the model's size would show it.
    public var screen: String {
        var grid = CellGrid(width: model.width, height: model.height)
        model.view(into: &grid)
        return grid.rows.joined(separator: "\n")
    }
}
