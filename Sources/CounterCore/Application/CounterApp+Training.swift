import Foundation
import JapaneseKit

/// 研修モード: scenario attempts on the demo's own data directory. Each act writes a TRAINING
/// journal record; the marking reads those records back (TrainingScorer), and the marked
/// results are kept in the demo directory's `training/` folder, never in live data.
extension CounterApp {
    /// The folder of marked attempts inside the demo data directory.
    public var trainingResultsDirectory: URL { directory.url.appendingPathComponent("training") }

    /// The shipped scenarios (Forms/training), or what is wrong with them.
    public func trainingScenarios() throws(CounterAppError) -> [TrainingScenario] {
        let (scenarios, problems) = TrainingScenarioLoader.loadAll(formsDirectory: formsDirectory, forms: forms)
        guard problems.isEmpty else {
            throw .refused("研修シナリオに問題があります: " + problems.map(\.description).joined(separator: " ")
                           + " madoguchi forms check で確かめてください。")
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

    /// Begins an attempt at `scenario` for `trainee`: a `training_started` record. The attempt's
    /// id is the day and that record's sequence number (`T20261202-42`).
    public func startTraining(_ scenario: String, trainee: String, clerk: String) throws(CounterAppError) -> String {
        try requireTraining()
        let name = trainee.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty else { throw .refused("研修を受ける方の氏名を入力してください。") }
        if SensitiveNumbers.firstKind(in: name) != nil { throw .refused("氏名に番号は入力できません。氏名だけを入力してください。") }
        let found = try trainingScenario(scenario)
        guard ResidentRegistry.isRegistered(found.subject, dataDirectory: directory.url) else {
            throw .refused("研修用の住民（宛名番号 \(found.subject)）が研修データにありません。madoguchi demo --reset で研修データを作り直してください。")
        }
        let record = try engine {
            try journal.append(.trainingStarted, clerk: clerk, fields: ["scenario": .string(scenario), "trainee": .string(name)])
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

    /// Ends `attempt` (a `training_ended` record with the keys pressed and screens visited),
    /// marks it from the journal and keeps the result.
    public func endTraining(_ attempt: String, keys: Int, screens: [String], clerk: String) throws(CounterAppError) -> TrainingResult {
        try requireTraining()
        _ = try engine {
            try journal.append(.trainingEnded, clerk: clerk, fields: [
                "attempt": .string(attempt), "keys": .int(keys), "screens": .array(screens.map { .string($0) }),
            ])
        }
        let result = try scoreTraining(attempt)
        try saveTrainingResult(result)
        return result
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

    private func saveTrainingResult(_ result: TrainingResult) throws(CounterAppError) {
        try engine {
            let dir = trainingResultsDirectory
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
            let file = dir.appendingPathComponent(result.attempt + ".json")
            try encoder.encode(result).write(to: file, options: .atomic)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
        }
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

    /// Every kept result, newest first.
    public func trainingResults() throws(CounterAppError) -> [TrainingResult] {
        let dir = trainingResultsDirectory
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir.path) else { return [] }
        let decoder = JSONDecoder()
        return names.filter { $0.hasSuffix(".json") }.compactMap { name in
            (try? Data(contentsOf: dir.appendingPathComponent(name))).flatMap { try? decoder.decode(TrainingResult.self, from: $0) }
        }.sorted { $0.started > $1.started }
    }
}
