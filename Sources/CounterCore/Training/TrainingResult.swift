import Foundation

/// The marking of one training attempt, made only from the attempt's TRAINING journal records.
public struct TrainingResult: Codable, Sendable, Equatable {
    /// One marked point: ✓ or ✗ and the rule or law behind it.
    public struct Mark: Codable, Sendable, Equatable {
        public var label: String
        public var why: String
        /// For an expected point: it was met. For a critical fail: it happened.
        public var hit: Bool
    }

    public var attempt: String
    public var scenario: String
    public var scenarioTitle: String
    public var trainee: String
    /// When the attempt began, in Japan time (`2026-12-02T10:15:00+09:00`).
    public var started: String
    /// The day of the attempt (for the trainer's filter).
    public var date: String
    public var elapsedSeconds: Int
    public var keystrokes: Int
    /// The counter screens the trainee went through, in order, each once.
    public var screens: [String]
    /// How the attempt ended: 交付, 交付しない, 上司へ引継ぎ, or 途中終了.
    public var ending: String
    public var points: [Mark]
    public var criticalFails: [Mark]
    /// The questions asked, in order.
    public var questionsAsked: [String]

    /// Points met, in percent of all points (0 with no points).
    public var score: Int {
        points.isEmpty ? 0 : points.filter(\.hit).count * 100 / points.count
    }

    /// Every point met and no critical fail.
    public var passed: Bool { score == 100 && !criticalFails.contains(where: \.hit) }

    /// The critical fails that happened.
    public var failed: [Mark] { criticalFails.filter(\.hit) }

    /// `12分03秒`.
    public var elapsedText: String { "\(elapsedSeconds / 60)分" + String(format: "%02d秒", elapsedSeconds % 60) }
}

// MARK: - The trainer's filter

extension TrainingResult {
    /// Which kept attempts the trainer looks at (研修結果, `training results`): one day, a
    /// trainee whose name holds the text, a scenario by id or by words of its title. An empty
    /// or nil part admits every attempt.
    public struct Filter: Equatable, Sendable {
        public var date: String?
        public var trainee: String?
        public var scenario: String?

        public init(date: String? = nil, trainee: String? = nil, scenario: String? = nil) {
            self.date = date
            self.trainee = trainee
            self.scenario = scenario
        }

        public func admits(_ result: TrainingResult) -> Bool {
            func blank(_ text: String?) -> Bool { (text ?? "").trimmingCharacters(in: .whitespaces).isEmpty }
            func trimmed(_ text: String?) -> String { (text ?? "").trimmingCharacters(in: .whitespaces) }
            if !blank(date), result.date != trimmed(date) { return false }
            if !blank(trainee), !result.trainee.contains(trimmed(trainee)) { return false }
            if !blank(scenario), result.scenario != trimmed(scenario), !result.scenarioTitle.contains(trimmed(scenario)) { return false }
            return true
        }
    }
}

// MARK: - Output

extension TrainingResult {
    /// The result for `--json` (written through the terminal-safe JSON path).
    public var json: JournalValue {
        func marks(_ list: [Mark]) -> JournalValue {
            .array(list.map { .object(["label": .string($0.label), "why": .string($0.why), "hit": .bool($0.hit)]) })
        }
        return .object([
            "attempt": .string(attempt), "scenario": .string(scenario), "scenario_title": .string(scenarioTitle),
            "trainee": .string(trainee), "started": .string(started), "date": .string(date),
            "elapsed_seconds": .int(elapsedSeconds), "keystrokes": .int(keystrokes), "screens": .array(screens.map { .string($0) }),
            "ending": .string(ending), "score": .int(score), "passed": .bool(passed),
            "points": marks(points), "critical_fails": marks(criticalFails),
            "questions_asked": .array(questionsAsked.map { .string($0) }),
        ])
    }

    /// 研修結果 as CSV (UTF-8 with BOM, CRLF, cells guarded against formulas): one row an attempt.
    public static func csv(_ results: [TrainingResult]) -> String {
        var out = "\u{FEFF}" + CSVCell.line(["日付", "開始", "研修番号", "研修者", "シナリオ", "得点", "合否", "重大な誤り", "終わり方",
                                             "所要時間（秒）", "キー操作", "画面"].map(CSVCell.text))
        for r in results {
            out += CSVCell.line([
                CSVCell.text(r.date), CSVCell.text(r.started), CSVCell.text(r.attempt), CSVCell.text(r.trainee), CSVCell.text(r.scenarioTitle),
                CSVCell.number(r.score), CSVCell.text(r.passed ? "合格" : "不合格"), CSVCell.text(r.failed.map(\.label).joined(separator: "／")),
                CSVCell.text(r.ending), CSVCell.number(r.elapsedSeconds), CSVCell.number(r.keystrokes),
                CSVCell.text(r.screens.joined(separator: "→")),
            ])
        }
        return out
    }

    /// When the attempt started as a person reads it: `2026-12-02 13:43` of the record's time.
    var startedText: String {
        let parts = started.split(separator: "T", maxSplits: 1)
        guard parts.count == 2, parts[1].count >= 5 else { return started }
        return "\(parts[0]) \(parts[1].prefix(5))"
    }

    /// The result as lines of text (the command line's `score`, and the 研修記録).
    public var lines: [String] {
        var out = ["研修 \(attempt)　\(scenarioTitle)", "研修者 \(trainee)　開始 \(startedText)",
                   "得点 \(score)点（\(points.filter(\.hit).count)/\(points.count)）　\(passed ? "合格" : "不合格")　終わり方 \(ending)",
                   "所要時間 \(elapsedText)　キー操作 \(keystrokes)回　画面 \(screens.joined(separator: "→"))", "", "採点"]
        for p in points { out.append("  \(p.hit ? "✓" : "✗") \(p.label)"); out.append("      \(p.why)") }
        out.append("重大な誤り")
        if failed.isEmpty { out.append("  なし") }
        for f in failed { out.append("  ✗ \(f.label)"); out.append("      \(f.why)") }
        if !questionsAsked.isEmpty { out.append("質問したこと"); out += questionsAsked.map { "  ・\($0)" } }
        return out
    }
}
