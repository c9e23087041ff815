import JapaneseKit

/// The first line of every journal file: whose file it is, which day, LIVE or TRAINING, and
/// the hash and sequence number it continues from (the chain crosses days and segments).
public struct JournalHeader: Equatable, Sendable {
    /// The format written in `format`.
    public static let formatVersion = 1
    /// The previous hash of the very first file of a terminal.
    public static let genesisHash = String(repeating: "0", count: 64)

    public var terminal: String
    public var date: CivilDate
    public var segment: Int
    public var mode: JournalMode
    /// The application version that created the file.
    public var app: String
    /// A random id, so copies of a file can be told from the original.
    public var fileID: String
    public var created: String
    /// The file this segment replaces after corruption was found in it (same day), or nil.
    public var continues: String?
    /// The last sequence number before this file (0 for the first file).
    public var prevSeq: Int
    /// The hash this file's chain starts from.
    public var prev: String
    /// The header line's own hash; the first record's `prev`.
    public var hash: String
    /// The writer keeps a witness of this journal's end (`JournalWitness`): verify warns when
    /// it is gone.
    public var witness = false

    /// The header line, newline included; sets `hash`.
    mutating func line() -> [UInt8] {
        var members: [(String, JournalValue)] = [
            ("journal", "madoguchi"), ("format", .int(Self.formatVersion)), ("terminal", .string(terminal)),
            ("date", .string(date.iso)), ("segment", .int(segment)), ("mode", .string(mode.rawValue)),
            ("app", .string(app)), ("file_id", .string(fileID)), ("created", .string(created)),
        ]
        if witness { members.append(("witness", true)) }
        if let continues { members.append(("continues", .string(continues))) }
        members.append(("prev_seq", .int(prevSeq)))
        let (bytes, h) = JournalLine.seal(members, prev: prev)
        hash = h
        return bytes
    }

    /// The header in `members`, or why it is not one.
    static func decode(_ members: [(String, JournalValue)]) -> Result<JournalHeader, JournalLine.Problem> {
        var m: [String: JournalValue] = [:]
        for (k, v) in members { m[k] = v }
        guard m["journal"]?.stringValue == "madoguchi" else { return .failure(.init("not a journal header")) }
        guard m["format"]?.intValue == formatVersion else { return .failure(.init("unknown format")) }
        guard let terminal = m["terminal"]?.stringValue, JournalLayout.isValidTerminalID(terminal),
              let date = m["date"]?.stringValue.flatMap(CivilDate.init(iso:)),
              let segment = m["segment"]?.intValue, segment >= 1,
              let mode = m["mode"]?.stringValue.flatMap(JournalMode.init(rawValue:)),
              let app = m["app"]?.stringValue, let fileID = m["file_id"]?.stringValue,
              let created = m["created"]?.stringValue,
              let prevSeq = m["prev_seq"]?.intValue, prevSeq >= 0,
              let prev = m["prev"]?.stringValue, JournalLine.isHash(prev),
              let hash = m["h"]?.stringValue else {
            return .failure(.init("header field missing or invalid"))
        }
        let continues: String?
        switch m["continues"] {
        case nil: continues = nil
        case .string(let s)?: continues = s
        default: return .failure(.init("header field missing or invalid"))
        }
        return .success(JournalHeader(terminal: terminal, date: date, segment: segment, mode: mode, app: app,
                                      fileID: fileID, created: created, continues: continues, prevSeq: prevSeq,
                                      prev: prev, hash: hash, witness: m["witness"] == .bool(true)))
    }
}
