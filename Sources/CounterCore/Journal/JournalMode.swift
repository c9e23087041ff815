/// LIVE data or TRAINING (demo) data; a journal directory never mixes them.
public enum JournalMode: String, Sendable, Codable, CaseIterable {
    case live = "LIVE"
    case training = "TRAINING"
}
