import CounterCore
import Foundation

/// The 研修モード effects: the application layer's training use cases, which refuse to run
/// anywhere but the demo's own data directory.
extension CounterEffects {
    func perform(_ effect: TrainingEffect, clerk: String) -> TrainingMsg {
        do { return try run(effect, clerk: clerk) } catch {
            return .failed(error.message + Self.remedy(for: error))
        }
    }

    private func run(_ effect: TrainingEffect, clerk: String) throws(CounterAppError) -> TrainingMsg {
        switch effect {
        case .scenarios:
            return .scenarios(try app.trainingScenarios())
        case let .start(scenario, trainee, replay):
            let found = try app.trainingScenario(scenario)
            let attempt = try app.startTraining(scenario, trainee: trainee, clerk: clerk, replay: replay)
            return .started(attempt: attempt, scenario: found, trainee: trainee.trimmingCharacters(in: .whitespaces), at: app.clock.now())
        case let .ask(attempt, scenario, question):
            return .answered(question: question, answer: try app.askTraining(attempt, scenario: scenario, question: question, clerk: clerk))
        case let .end(attempt, keys, screens):
            return .ended(try app.endTraining(attempt, keys: keys, screens: screens, clerk: clerk))
        case .results:
            return .results(try app.trainingResults())
        case .printRecord(let attempt):
            let printout = try app.printTrainingRecord(attempt)
            return .printed(destination: printout.printer.map { "プリンタ \($0)" } ?? "spool/" + printout.file.lastPathComponent)
        case .exportResults(let filter):
            let (file, count) = try app.writeTrainingResultsCSV(filter)
            return .exported(path: file.path, count: count)
        }
    }
}
