import Foundation

/// What `Journal.append` wrote: durable on disk when this is returned.
public struct AppendedRecord: Equatable, Sendable {
    /// The terminal's sequence number (continues across days).
    public let seq: Int
    /// The record's SHA-256 (`h`), lower-case hex.
    public let hash: String
    /// The time recorded in `ts`.
    public let timestamp: Date
    /// The file the record is in.
    public let file: URL
}
