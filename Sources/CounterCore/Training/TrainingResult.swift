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
