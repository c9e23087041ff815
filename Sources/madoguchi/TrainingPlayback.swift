import CounterCore
import CounterUI
import CursesBackend
import Foundation
import JapaneseKit
import TerminalKit

/// `madoguchi demo --play SCENARIO`: the scenario's model answer replayed on the ordinary
/// counter screens through the same update loop and effect runner (`TrainingReplay`), one key
/// at a readable pace, with the script's captions and the visitor's answers on the top line,
/// for a trainer at a projector. Space pauses, q or Escape stops. The replay is an attempt of
/// its own (trainee 「模範解答」) and ends on its marking.
struct TrainingPlayback {
    let app: CounterApp
    let scenario: TrainingScenario
    let context: CounterContext
    let pace: Int

    func run() throws {
        var replay: TrainingReplay
        do {
            replay = try TrainingReplay(app: app, scenario: scenario, trainee: "模範解答（再生）", context: context, now: app.clock.now())
        } catch {
            throw CommandFailure.refused(error.message)
        }
        let terminal: CursesTerminal
        do { terminal = try CursesTerminal.open(environment: ProcessInfo.processInfo.environment) } catch {
            throw CommandFailure.usage(error.message)
        }
        defer { terminal.close() }
        var line = "再生: \(scenario.title)　来庁者「\(scenario.opening)」"
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
        let result: TrainingResult
        do { result = try replay.finish() } catch { throw CommandFailure.refused(error.message) }
        var grid = CellGrid(width: replay.driver.model.width, height: replay.driver.model.height)
        // Wrapped lines keep their indentation, so each explanation stays under its point.
        var lines = result.lines.flatMap { line -> [String] in
            let indent = String(line.prefix { $0 == " " })
            let wrapped = AppModel.wrap(String(line.dropFirst(indent.count)), width: grid.width - 2 - indent.count)
            return wrapped.isEmpty ? [""] : wrapped.map { indent + $0 }
        }
        if let failure { lines.insert("再生が止まりました: \(failure)", at: 0) }
        lines.append("")
        lines.append("何かキーを押すと終わります。")
        for (row, text) in lines.prefix(grid.height).enumerated() {
            grid.put(DisplaySanitizer.sanitize(text), at: Point(x: 1, y: row), maxWidth: grid.width - 2, style: row == 0 ? .title : .normal)
        }
        terminal.draw(grid)
        _ = terminal.nextEvent(timeoutMilliseconds: nil)
    }

    private func draw(_ replay: TrainingReplay, caption: String, on terminal: CursesTerminal) {
        let model = replay.driver.model
        var grid = CellGrid(width: model.width, height: model.height)
        model.view(into: &grid)
        // The caption takes the banner line under the title bar.
        grid.put(String(repeating: " ", count: grid.width), at: Point(x: 0, y: 1), style: .banner)
        grid.put(DisplaySanitizer.sanitize(caption), at: Point(x: 1, y: 1), maxWidth: grid.width - 2, style: .banner)
        terminal.draw(grid)
    }

    /// Waits `milliseconds`; space pauses until the next key; false when q or Escape asks to stop.
    private func waitOrStop(_ terminal: CursesTerminal, milliseconds: Int) -> Bool {
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
