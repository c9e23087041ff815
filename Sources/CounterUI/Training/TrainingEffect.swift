import CounterCore
import Foundation
import TerminalKit

/// 研修モード work the training screens ask of the Runtime; each runs the application layer's
/// training use case (`CounterApp+Training`), the same the `training` commands run.
public enum TrainingEffect: Equatable, Sendable {
    /// The shipped scenarios (Forms/training).
    case scenarios
    /// Begin an attempt at `scenario` for `trainee` (a `training_started` record); a replay of
    /// the model answer is marked but not listed among trainees' attempts.
    case start(scenario: String, trainee: String, replay: Bool = false)
    /// Ask the visitor `question` (a `training_question` record) and hear the answer.
    case ask(attempt: String, scenario: String, question: String)
    /// End the attempt (a `training_ended` record with its keys and screens) and mark it.
    case end(attempt: String, keys: Int, screens: [String])
    /// The kept results (研修結果).
    case results
    /// Print the 研修記録 of an attempt.
    case printRecord(attempt: String)
    /// Write the results `filter` admits as CSV into the spool folder.
    case exportResults(TrainingResult.Filter)
}

/// What the Runtime answers to a `TrainingEffect`.
public enum TrainingMsg: Equatable, Sendable {
    case scenarios([TrainingScenario])
    case started(attempt: String, scenario: TrainingScenario, trainee: String, at: Date)
    case answered(question: String, answer: String)
    case ended(TrainingResult)
    case results([TrainingResult])
    /// The 研修記録 went to the printer or the spool folder.
    case printed(destination: String)
    case exported(path: String, count: Int)
    /// Refused or failed; a Japanese message that says what to do.
    case failed(String)
}

/// The training screens' keys.
public enum TrainingAction: Hashable, Sendable {
    /// Open the chosen menu entry or scenario, or the chosen attempt's result.
    case open
    /// Type the trainee's name again.
    case changeTrainee
    /// Open 質問する (the visitor panel) over the counter screens.
    case visitor
    /// End the attempt and mark it.
    case end
    /// Print the 研修記録.
    case print
    /// Replay the scenario's model answer.
    case replay
    /// Write the listed results as CSV.
    case export
    /// Move to the next filter field.
    case nextField
    /// Sign out (the menu is the bottom of 研修モード).
    case signOut
    /// Answer the open confirmation with its focused button; cancel it.
    case confirm, cancel
}

/// One question the trainee asked and what the visitor said.
public struct TrainingAnswer: Equatable, Sendable {
    public var question: String
    public var ask: String
    public var answer: String
}

/// The attempt being played: held by `AppModel` while the trainee works on the ordinary
/// counter screens, which know nothing of it. The model counts the keys and notes the screens;
/// the journal holds what was done, and the marking reads only the journal.
public struct TrainingAttempt: Equatable, Sendable {
    public let id: String
    public let scenario: TrainingScenario
    public let trainee: String
    public let started: Date
    public internal(set) var keys = 0
    /// The counter screens visited, in order, each once.
    public internal(set) var screens: [String] = []
    public internal(set) var answers: [TrainingAnswer] = []
    /// The end was asked for; no second one is sent.
    var ending = false

    /// Notes the visitor's `answer` to `question` (one of the scenario's).
    mutating func hear(_ question: String, answer: String) {
        guard let ask = scenario.questions.first(where: { $0.id == question })?.ask else { return }
        answers.append(TrainingAnswer(question: question, ask: ask, answer: answer))
    }

    /// The visitor's answer to `question`, once asked.
    func answer(to question: String) -> String? { answers.last { $0.question == question }?.answer }
}

extension SupervisorNotices {
    /// Shows a training answer every screen says the same way — a failure, where the 研修記録
    /// or the CSV went — and says it did (true); other answers are the screen's.
    mutating func note(_ result: TrainingMsg) -> Bool {
        switch result {
        case .failed(let text): message = Notice(text, .error)
        case .printed(let destination): message = Notice("研修記録を印刷しました（\(destination)）。", .normal)
        case let .exported(path, count): message = Notice("\(count) 件を CSV に書き出しました: \(path)", .normal)
        default: return false
        }
        working = nil
        return true
    }
}

extension Notice {
    /// Draws the notice from `origin`, wrapped to `width`, in at most `lines` rows (a message
    /// that says what to do keeps its remedy).
    func render(into grid: inout CellGrid, at origin: Point, width: Int, lines: Int) {
        for (row, part) in AppModel.wrap(text, width: width).prefix(lines).enumerated() {
            grid.put(part, at: origin.down(row), maxWidth: width, style: style)
        }
    }
}

/// The training screens themselves (menu, scenario list, 質問する, results): not counter
/// screens a trainee "visits", and never counted as such.
protocol TrainingOwnScreen {}
