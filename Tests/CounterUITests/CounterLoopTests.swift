import CounterCore
import Dispatch
import Foundation
import Synchronization
import TerminalKit
import Testing
@testable import CounterUI

/// A terminal that plays keys, then ticks, and keeps every frame drawn.
final class ScriptedTerminal: CounterTerminal, @unchecked Sendable {
    // Only the loop's thread touches it (the loop is synchronous); the runner's thread only
    // waits on the semaphore.
    var events: [TerminalEvent]
    var frames: [String] = []
    var ticksLeft = 200
    let onFrame: (String) -> Void

    init(events: [TerminalEvent], onFrame: @escaping (String) -> Void) {
        self.events = events
        self.onFrame = onFrame
    }

    var size: (width: Int, height: Int) { (80, 24) }

    func draw(_ grid: CellGrid) {
        let text = grid.rows.joined(separator: "\n")
        frames.append(text)
        onFrame(text)
    }

    func nextEvent(timeoutMilliseconds: Int?) -> TerminalEvent {
        if !events.isEmpty { return events.removeFirst() }
        // Done once the answer is on screen; otherwise let the clock run.
        if frames.last?.contains("1 件") == true || ticksLeft == 0 { return .inputClosed }
        ticksLeft -= 1
        return .tick
    }
}

/// A registry search that takes until the screen has shown it is searching.
final class SlowSearch: EffectRunner {
    let release = DispatchSemaphore(value: 0)
    let released = Mutex(false)

    func perform(_ effect: Effect, context: CounterContext) -> [Msg] {
        guard case .clerk(.search(let query)) = effect else { return [] }
        let signalled = release.wait(timeout: .now() + 10) == .success
        released.withLock { $0 = signalled }
        return [.clerk(.searchResults(query: query, [ResidentSummary(ClerkFixtures.head)]))]
    }
}

@Suite struct CounterLoopTests {
    @Test func theSearchingStateIsDrawnWhileTheEffectRunsAndTheResultFollows() {
        let runner = SlowSearch()
        let keys: [TerminalEvent] = "やまだ".map { .key(.character($0)) } + [.key(.enter)]
        // The runner is held until a frame shows 「検索しています…」: a loop that waited for the
        // effect before drawing would never draw it, and the runner would time out.
        let terminal = ScriptedTerminal(events: keys) { frame in
            if frame.contains("検索しています") { runner.release.signal() }
        }
        let model = CounterLoop(model: .signedIn(context: ClerkFixtures.context, now: morning), runner: runner,
                                clock: FixedClock(morning)).run(on: terminal)
        #expect(runner.released.withLock { $0 }, "the searching state was not drawn while the search ran")
        let busy = terminal.frames.firstIndex { $0.contains("検索しています") }
        let answered = terminal.frames.firstIndex { $0.contains("山田 和彦") }
        #expect(busy != nil && answered != nil && busy! < answered!)
        #expect(model.top is ResidentSearchScreen)
    }
}
