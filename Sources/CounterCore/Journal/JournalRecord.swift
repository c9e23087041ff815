import Foundation
import JapaneseKit

/// One record read back from a journal file.
public struct JournalRecord: Equatable, Sendable {
    /// The file it is in, and that file's header.
    public let file: JournalFileRef
    public let mode: JournalMode
    /// The line number in the file (0 is the header, so records start at 1) and its byte offset.
    public let record: Int
    public let offset: Int
    public let seq: Int
    /// `ts` as written (`2026-11-25T09:00:00.123+09:00`) and as an instant.
    public let ts: String
    public let timestamp: Date
    /// The type as written; `type` is nil for a type this build does not know.
    public let typeName: String
    public let clerk: String
    /// The record's own fields (everything but `seq`, `ts`, `type`, `clerk`, `prev`, `h`).
    public let fields: [String: JournalValue]
    public let prev: String
    public let hash: String

    public var type: JournalRecordType? { JournalRecordType(rawValue: typeName) }
    /// The terminal that wrote it.
    public var terminal: String { file.terminal }

    /// The field `key`.
    public subscript(key: String) -> JournalValue? { fields[key] }
}
