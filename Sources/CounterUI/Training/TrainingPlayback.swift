import CounterCore
import Foundation
import JapaneseKit
import TerminalKit

/// A scenario's model answer replayed on the ordinary counter screens through the same update
/// loop and effect runner (`TrainingReplay`), one key at a readable pace, with the script's
/// captions and the visitor's answers on the line under the title bar, for a trainer at a
/// projector. Space pauses, q or Esc stops. The replay is an attempt of its own (研修者
/// 「模範解答（再生）」) and ends on its 採点結果; a key then gives the terminal back.
/// `madoguchi demo --play` runs it; so does F6 on a 採点結果.
public struct TrainingPlayback {
    public let app: CounterApp
    public let scenario: TrainingScenario
    public let context: CounterContext
    /// Milliseconds between replayed keys.
    public let pace: Int

    public static let trainee = "模範解答（再生）"

    public init(app: CounterApp, scenario: TrainingScenario, context: CounterContext, pace: Int) {
        self.app = app
        self.scenario = scenario
        self.context = context
        self.pace = pace
    }

    /// Replays on `terminal`; the message when the replay could not start, else nil.
    public func run(on terminal: any CounterTerminal) -> String? {
        var replay: TrainingReplay
        let (width, height) = terminal.size
        do {
            replay = try TrainingReplay(app: app, scenario: scenario, trainee: Self.trainee, context: context, now: app.clock.now(),
                                        replay: true)
        } catch {
            return error.message
        }
        replay.resize(width: width, height: height)
        var line = "再生: \(scenario.title)　来庁者 \(scenario.opening)"
        var failure: String?
        steps: for (index, step) in scenario.modelAnswer.enumerated() {
            switch step {
            case .caption(let text): line = "▶ " + text
            case .ask(let id): line = "質問: " + (scenario.questions.first { $0.id == id }?.ask ?? id)
            default: break
            }
            do { try replay.perform(step, index: index) } catch {
                // The step that failed, or the counter's own message; never a raw error description.
                failure = (error as? TrainingReplay.StepFailure).map { "\($0)".components(separatedBy: "\n")[0] }
                    ?? (error as? CounterAppError)?.message ?? "手順 \(index + 1) を実行できませんでした。"
                break steps
            }
            if case .ask = step, let answer = replay.answers.last { line += "　→ 「\(answer.answer)」" }
            if case .waitFor = step { continue }
            draw(replay, caption: line, on: terminal)
            if !waitOrStop(terminal, milliseconds: step.isCaption || step.isAsk ? pace * 3 : pace) { break steps }
        }
        let ending: String
        do {
            _ = try replay.finish()
            ending = failure.map { "何かキーを押すと終わります。再生が止まりました: \($0)" } ?? "模範解答の採点です。何かキーを押すと終わります。"
        } catch {
            ending = "何かキーを押すと終わります。採点できませんでした: \(error.message)"
        }
        draw(replay, caption: ending, on: terminal)
        _ = terminal.nextEvent(timeoutMilliseconds: nil)
        return nil
    }

    private func draw(_ replay: TrainingReplay, caption: String, on terminal: any CounterTerminal) {
        let model = replay.driver.model
        var grid = CellGrid(width: model.width, height: model.height, ambiguousWide: model.context.ambiguousWide)
        model.view(into: &grid)
        // The caption takes the line under the title bar.
        grid.fill(Rect(x: 0, y: 1, width: grid.width, height: 1), style: .banner)
        grid.put(DisplaySanitizer.sanitize(caption), at: Point(x: 1, y: 1), maxWidth: grid.width - 2, style: .banner)
        terminal.draw(grid)
    }

    /// Waits `milliseconds`; space pauses until the next key; false when q or Escape asks to stop.
    private func waitOrStop(_ terminal: any CounterTerminal, milliseconds: Int) -> Bool {
        let deadline = Date().addingTimeInterval(Double(milliseconds) / 1000)
        while true {
            let left = Int(deadline.timeIntervalSinceNow * 1000)
            if left <= 0 { return true }
            switch terminal.nextEvent(timeoutMilliseconds: left) {
            case .key(.escape), .key(.character("q")): return false
            case .key(.character(" ")):
                if case .key(let key) = terminal.nextEvent(timeoutMilliseconds: nil), key == .escape || key == .character("q") { return false }
                return true
            default: continue
            }
        }
    }
}

private extension TrainingStep {
    var isCaption: Bool { if case .caption = self { true } else { false } }
    var isAsk: Bool { if case .ask = self { true } else { false } }
}
