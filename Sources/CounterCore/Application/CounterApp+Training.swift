import Foundation
import JapaneseKit

/// 研修モード: scenario attempts on the demo's own data directory. Each act writes a TRAINING
/// journal record; the marking reads those records back (TrainingScorer) every time it is
/// asked for — the 採点結果, 研修結果, the 研修記録 and the CSV all come from the journal, so no
/// file beside it can change a score.
extension CounterApp {
    /// The shipped scenarios (Forms/training), or what is wrong with them.
    public func trainingScenarios() throws(CounterAppError) -> [TrainingScenario] {
        let (scenarios, problems) = TrainingScenarioLoader.loadAll(formsDirectory: formsDirectory, forms: forms)
        guard problems.isEmpty else {
            throw .refused("研修シナリオに問題があります: " + problems.map(\.description).joined(separator: " ")
                           + " madoguchi forms check で確かめてください。")
        }
        guard !scenarios.isEmpty else {
            throw .refused("研修シナリオがありません。Forms/training に *.yaml を置き、madoguchi training check で確かめてください。")
        }
        return scenarios
    }

    /// The scenario `id`.
    public func trainingScenario(_ id: String) throws(CounterAppError) -> TrainingScenario {
        let all = try trainingScenarios()
        guard let scenario = all.first(where: { $0.id == id }) else {
            throw .refused("研修シナリオ「\(DisplaySanitizer.sanitize(id))」はありません。使えるシナリオ: " + all.map(\.id).joined(separator: ", "))
        }
        return scenario
    }

    private func requireTraining() throws(CounterAppError) {
        guard isTraining else { throw .refused("研修は研修用のデータ（madoguchi demo）でだけ行えます。") }
    }

    /// The longest trainee name kept, in Unicode scalars (so combining marks count too).
    public static let traineeNameLimit = 40

    /// What is wrong with `name` as a trainee's name (empty, too long, holding a card number
    /// or a 個人番号), or nil: the one rule the command line, the 研修メニュー and the attempt use.
    public static func traineeNameProblem(_ name: String) -> String? {
        let name = name.trimmingCharacters(in: .whitespaces)
        if name.isEmpty { return "研修を受ける方の氏名を入力してください。" }
        if name.unicodeScalars.count > traineeNameLimit { return "氏名が長すぎます（\(traineeNameLimit)文字まで）。" }
        if SensitiveNumbers.firstKind(in: name) != nil { return "氏名に番号は入力できません。氏名だけを入力してください。" }
        return nil
    }

    /// Begins an attempt at `scenario` for `trainee`: a `training_started` record. The attempt's
    /// id is the day and that record's sequence number (`T20261202-42`). A replay of the model
    /// answer is marked like any attempt but is not a trainee's: 研修結果 leaves it out.
    public func startTraining(_ scenario: String, trainee: String, clerk: String, replay: Bool = false) throws(CounterAppError) -> String {
        try requireTraining()
        if let problem = Self.traineeNameProblem(trainee) { throw .refused(problem) }
        let name = trainee.trimmingCharacters(in: .whitespaces)
        let found = try trainingScenario(scenario)
        guard ResidentRegistry.isRegistered(found.subject, dataDirectory: directory.url) else {
            throw .refused("研修用の住民（宛名番号 \(found.subject)）が研修データにありません。madoguchi demo --reset で研修データを作り直してください。")
        }
        let record = try engine {
            try journal.append(.trainingStarted, clerk: clerk,
                               fields: ["scenario": .string(scenario), "trainee": .string(name)].merging(replay ? ["replay": true] : [:]) { a, _ in a })
        }
        let day = JournalTimestamp.day(ofStamp: JournalTimestamp.format(record.timestamp)) ?? clock.today()
        return TrainingScorer.attemptID(day: day, seq: record.seq)
    }

    /// The visitor's answer to `question`, after a `training_question` record.
    public func askTraining(_ attempt: String, scenario: String, question: String, clerk: String) throws(CounterAppError) -> String {
        try requireTraining()
        guard let q = try trainingScenario(scenario).questions.first(where: { $0.id == question }) else {
            throw .refused("この研修に質問「\(DisplaySanitizer.sanitize(question))」はありません。")
        }
        _ = try engine {
            try journal.append(.trainingQuestion, clerk: clerk, fields: ["attempt": .string(attempt), "question": .string(question)])
        }
        return q.answer
    }

    /// Ends `attempt` (a `training_ended` record with the keys pressed and screens visited)
    /// and marks it from the journal.
    public func endTraining(_ attempt: String, keys: Int, screens: [String], clerk: String) throws(CounterAppError) -> TrainingResult {
        try requireTraining()
        _ = try engine {
            try journal.append(.trainingEnded, clerk: clerk, fields: [
                "attempt": .string(attempt), "keys": .int(keys), "screens": .array(screens.map { .string($0) }),
            ])
        }
        return try scoreTraining(attempt)
    }

    /// Marks `attempt` afresh from the journal records of its day.
    public func scoreTraining(_ attempt: String) throws(CounterAppError) -> TrainingResult {
        guard let (day, _) = TrainingScorer.parseAttemptID(attempt) else {
            throw .refused("研修の番号「\(DisplaySanitizer.sanitize(attempt))」が正しくありません（例 T20261202-42）。madoguchi training results で確かめてください。")
        }
        let all = try engine { try JournalReader(directory: directory.journalDirectory, date: day).records() }
        guard let records = TrainingScorer.records(of: attempt, in: all), let scenarioID = records.first?["scenario"]?.stringValue else {
            throw .refused("研修 \(DisplaySanitizer.sanitize(attempt)) の記録がジャーナルにありません。")
        }
        return TrainingScorer.score(try trainingScenario(scenarioID), records: records)
    }

    /// The 研修記録 of `attempt`, marked afresh from the journal: the marking as the result
    /// screen shows it, with a line for the trainer's seal, printed like the 日計表.
    public func printTrainingRecord(_ attempt: String, to destination: Destination = .counter) throws(CounterAppError) -> CounterPrinter.Printout {
        let result = try scoreTraining(attempt)
        let lines = ["研修記録　\(config.cityName)　研修モード（練習用のデータ）", ""] + result.lines
            + ["", "印刷 \(JournalTimestamp.format(clock.now()).prefix(16).replacingOccurrences(of: "T", with: " "))",
               "", "指導者　確認印 ＿＿＿＿＿＿＿＿　　研修者　確認印 ＿＿＿＿＿＿＿＿"]
        return try printText(lines.map(DisplaySanitizer.sanitize), title: "研修記録 \(result.attempt)", name: "kenshu-\(result.attempt)",
                             to: destination)
    }

    /// The kept results `filter` admits as CSV in the spool folder (0600): the file and how
    /// many attempts it holds.
    public func writeTrainingResultsCSV(_ filter: TrainingResult.Filter) throws(CounterAppError) -> (file: URL, count: Int) {
        try requireTraining()
        let results = try trainingResults().filter(filter.admits)
        let stamp = JournalTimestamp.format(clock.now()).prefix(16).filter(\.isNumber)
        let file = directory.spoolDirectory.appendingPathComponent("kenshu-kekka-\(stamp).csv")
        try engine { try CounterPrinter.write(Data(TrainingResult.csv(results).utf8), to: file) }
        return (file, results.count)
    }

    /// Every trainee's attempt in the demo journal, each marked afresh from its records (an
    /// attempt never ended is 途中終了), newest first. Replays of a model answer are left out
    /// unless `replays`.
    public func trainingResults(replays: Bool = false) throws(CounterAppError) -> [TrainingResult] {
        try requireTraining()
        let scenarios = Dictionary(try trainingScenarios().map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var results: [TrainingResult] = []
        for day in JournalLayout.days(directory.journalDirectory, onOrBefore: clock.today()) {
            let records = try engine { try JournalReader(directory: directory.journalDirectory, date: day).records() }
            for start in records where start.type == .trainingStarted && (replays || start["replay"]?.boolValue != true) {
                let attempt = TrainingScorer.attemptID(day: day, seq: start.seq)
                guard let own = TrainingScorer.records(of: attempt, in: records) else { continue }
                let id = start["scenario"]?.stringValue ?? ""
                // An attempt at a scenario since removed from Forms/training is still listed, unmarked.
                let scenario = scenarios[id] ?? TrainingScenario.missing(id)
                results.append(TrainingScorer.score(scenario, records: own))
            }
        }
        return results.sorted { $0.started > $1.started }
    }
}
