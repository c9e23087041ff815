import CounterCore
import Foundation
import JapaneseKit
import TerminalKit

/// 研修 attempts over the ordinary counter screens: the model starts and ends the attempt,
/// counts its keys, notes the counter screens it visits, shows the visitor's line (and, on a
/// wide terminal, a panel beside the screens) and opens 質問する on F11. The counter screens
/// themselves know nothing of training.
extension AppModel {
    /// The side panel's width when the terminal leaves room beside 80 columns; nil at 80×24,
    /// where the visitor's line and 質問する (F11) say the same.
    var visitorPanelWidth: Int? {
        let spare = width - Self.minimumSize.width - 1
        return spare >= 30 ? min(spare, 44) : nil
    }

    /// Whether F11 opens 質問する here: during an attempt, over a counter screen.
    var offersVisitor: Bool {
        mode == .trainer && training != nil && !isLocked && !(top is TrainingOwnScreen)
    }

    /// Counts the key, notes the screen now on top, and ends the attempt when its case was
    /// closed (issued, refused or referred): the attempt ends where the visit does.
    mutating func followTraining(after msg: Msg) -> [Effect] {
        guard var attempt = training else { return [] }
        if case .key = msg, !attempt.ending { attempt.keys += 1 }
        if mode == .trainer, let top = stacks[.trainer]?.last?.base, !(top is TrainingOwnScreen), !(top is LockScreen),
           !attempt.screens.contains(top.title) {
            attempt.screens.append(top.title)
        }
        training = attempt
        if case .clerk(.caseClosed) = msg, mode == .trainer { return endTraining() }
        return []
    }

    /// The `training_ended` effect with what the model counted; once.
    mutating func endTraining() -> [Effect] {
        guard var attempt = training, !attempt.ending else { return [] }
        attempt.ending = true
        training = attempt
        return [.training(.end(attempt: attempt.id, keys: attempt.keys, screens: attempt.screens))]
    }

    /// A result of 研修 work.
    mutating func receive(_ result: TrainingMsg) -> [Effect] {
        switch result {
        case let .started(id, scenario, trainee, at):
            popup = nil
            training = TrainingAttempt(id: id, scenario: scenario, trainee: trainee, started: at)
            // The attempt is played on the ordinary counter, from 住民検索, over the 研修メニュー.
            let bottom = stacks[.trainer]?.first ?? Mode.trainer.root(context)
            stacks[.trainer] = [bottom, AnyScreen(ResidentSearchScreen())]
            return []
        case let .ended(marked):
            popup = nil
            training = nil
            let bottom = stacks[.trainer]?.first ?? Mode.trainer.root(context)
            stacks[.trainer] = [bottom, AnyScreen(TrainingResultScreen(result: marked))]
            return []
        case let .answered(question, answer):
            training?.hear(question, answer: answer)
        case .failed:
            // An end that failed may be asked for again.
            training?.ending = false
        default:
            break
        }
        let before = screens.last
        let commands = modifyTop { $0.receive(.training(result)) }
        if commands.isEmpty, screens.last == before, case .failed(let message) = result, !isLocked {
            popup = .alert(.alert("できませんでした", message: Self.wrap(message, width: 56), style: .warning))
            return []
        }
        return apply(commands)
    }

    /// The name of the 質問する key as the bar shows it (moved by `keys:`, or its Esc form).
    var visitorKeyName: String {
        context.keys.apply(KeyMaps.trainingVisitor).bindings.first?.name ?? KeyMaps.trainingVisitorKey.displayName
    }

    /// The line under the title bar during an attempt: the scenario, what the visitor said
    /// first, and the key for 質問する.
    func renderVisitorLine(_ attempt: TrainingAttempt, into grid: inout CellGrid, area: Rect) {
        grid.fill(area, style: .banner)
        let hint = "\(visitorKeyName) 質問する・終える"
        let hintWidth = DisplayWidth.of(hint)
        // The visitor's words first; the scenario's name where there is room for both.
        let room = max(0, area.width - hintWidth - 3)
        let words = "来庁者 " + attempt.scenario.opening
        let named = "研修「\(attempt.scenario.title)」 " + words
        grid.put(DisplayWidthOf.width(named) <= room ? named : words, at: area.origin.right(1), maxWidth: room, style: .banner)
        grid.put(hint, at: Point(x: max(area.x, area.maxX - hintWidth - 1), y: area.y), maxWidth: area.width, style: .banner)
    }

    /// The visitor panel beside the counter screens (a wide terminal): who came, what they
    /// said, and each answer heard so far.
    func renderVisitorPanel(_ attempt: TrainingAttempt, into grid: inout CellGrid, area: Rect) {
        grid.fill(area)
        var lines: [(String, Style)] = [("来庁者", .title)]
        let width = area.width - 2
        lines += Self.wrap(attempt.scenario.visitor, width: width).map { ($0, .normal) }
        lines += Self.wrap(attempt.scenario.opening, width: width).map { ($0, .normal) }
        lines.append(("", .normal))
        lines.append(("聞いたこと（\(visitorKeyName) 質問する）", .title))
        if attempt.answers.isEmpty { lines.append(("まだ何も聞いていません。", .muted)) }
        for answer in attempt.answers {
            lines += Self.wrap("問 " + answer.ask, width: width).map { ($0, .muted) }
            lines += Self.wrap("答 " + answer.answer, width: width).map { ($0, .normal) }
        }
        for (row, line) in lines.prefix(area.height).enumerated() {
            grid.put(line.0, at: Point(x: area.x + 1, y: area.y + row), maxWidth: width, style: line.1)
        }
    }
}

extension KeyMaps {
    /// 質問する over the counter screens during a 研修 attempt (F11 is the 職員/管理 switch
    /// elsewhere; 研修モード has no switch).
    public static let trainingVisitorKey = Key.function(11)
    public static let trainingVisitor = KeyMap<Action>([
        KeyBinding(trainingVisitorKey, "質問する", help: "来庁者に質問します。研修を終えて採点するのもここから",
                   action: .training(.visitor)),
    ])
}
