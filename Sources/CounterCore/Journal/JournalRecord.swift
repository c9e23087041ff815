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
    /// The record's own members in file order (everything but `seq`, `ts`, `type`, `clerk`,
    /// `prev`, `h`): a handful, so looking one up by key beats hashing them into a dictionary
    /// for every record read.
    let members: [Member]
    let prevText: JournalLine.HashText
    let hashText: JournalLine.HashText

    struct Member: Equatable, Sendable {
        let key: String
        let value: JournalValue
    }

    init(file: JournalFileRef, mode: JournalMode, record: Int, offset: Int, seq: Int, ts: String, timestamp: Date, typeName: String,
         clerk: String, members: [(String, JournalValue)], prev: JournalLine.HashText, hash: JournalLine.HashText) {
        self.file = file
        self.mode = mode
        self.record = record
        self.offset = offset
        self.seq = seq
        self.ts = ts
        self.timestamp = timestamp
        self.typeName = typeName
        self.clerk = clerk
        var own: [Member] = []
        own.reserveCapacity(members.count)
        for (key, value) in members where !JournalLine.isReserved(key) { own.append(Member(key: key, value: value)) }
        self.members = own
        prevText = prev
        hashText = hash
    }

    /// The record's own fields (everything but `seq`, `ts`, `type`, `clerk`, `prev`, `h`).
    public var fields: [String: JournalValue] {
        Dictionary(members.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
    }
    public var prev: String { prevText.text }
    public var hash: String { hashText.text }

    public var type: JournalRecordType? { JournalRecordType(rawValue: typeName) }
    /// The terminal that wrote it.
    public var terminal: String { file.terminal }

    /// The field `key`.
    public subscript(key: String) -> JournalValue? { members.first { $0.key == key }?.value }
}
