import Foundation

/// The text encoding of an import file.
public enum ImportEncoding: String, Sendable, CaseIterable {
    /// The first line that holds non-ASCII text decides: valid UTF-8 → UTF-8, else CP932.
    /// (A UTF-8 file with one broken byte further down stays UTF-8, and that line is named.)
    case auto
    case utf8 = "utf-8"
    /// Shift_JIS as Windows writes it (NEC and IBM extensions: ①, ㈱, 髙, ～).
    case cp932

    /// The name shown in messages.
    public var displayName: String {
        switch self {
        case .auto: "auto"
        case .utf8: "UTF-8"
        case .cp932: "CP932 (Shift_JIS)"
        }
    }
}

/// One record of a CSV file: its fields and the physical line where it starts (1-based).
public struct CSVRecord: Equatable, Sendable {
    public var line: Int
    public var fields: [String]
}

/// A CSV file that cannot be read.
public enum CSVError: Error, Equatable, Sendable {
    /// A quoted field that never closes (or a quote inside an unquoted field).
    case unbalancedQuote(line: Int)
    /// Bytes that are not text in the file's encoding. `decidedAt` is the line whose text made
    /// `auto` choose the encoding (nil when it was given).
    case invalidEncoding(line: Int, encoding: ImportEncoding, decidedAt: Int? = nil)
    /// The file could not be opened or read.
    case unreadable(path: String, reason: String)

    /// One line of Japanese that says what is wrong and what to do.
    public var message: String {
        switch self {
        case .unbalancedQuote(let line):
            "line \(line): 引用符（\"）が閉じていません。項目内の \" は \"\" と二重にしてください。"
        case let .invalidEncoding(line, encoding, decidedAt?):
            "line \(line): ファイルは \(decidedAt) 行目から \(encoding.displayName) で書かれていますが、\(line) 行目は \(encoding.displayName) として正しくありません"
                + "（壊れたバイトがあります）。この行を直して保存し直してください。"
        case let .invalidEncoding(line, encoding, nil):
            "line \(line): \(encoding.displayName) として読めない文字があります。--encoding で正しい文字コード（utf-8 または cp932）を指定してください。"
        case .unreadable(let path, let reason):
            "ファイルを読めません: \(path)（\(reason)）。パスと権限を確認してください。"
        }
    }
}

/// A streaming RFC 4180 reader: quoted fields, `""` escapes, newlines inside quotes, CRLF or
/// LF, a UTF-8 byte-order mark. Reads the file in blocks; memory does not grow with the file.
///
/// The file is split into physical lines at LF first (LF, CR, `"` and `,` never occur inside a
/// CP932 double-byte character, so this is safe in both encodings), each line is decoded to
/// UTF-8, and the CSV grammar runs on the UTF-8 bytes.
public final class CSVReader {
    /// The encoding in use: with `.auto`, UTF-8 until the first line holding non-ASCII text
    /// decides (never `.auto` itself).
    public private(set) var encoding: ImportEncoding
    /// With `.auto`: the line that decided the encoding, nil while every line was ASCII.
    private var decidedAt: Int?
    private let detecting: Bool

    private let handle: FileHandle
    private let path: String
    private var buffer: [UInt8] = []
    private var bufferStart = 0
    private var atEOF = false
    private var physicalLine = 0
    private var firstLine = true
    /// The longest field accepted before the reader gives up on an unclosed quote (bytes).
    private let maxFieldBytes: Int
    private static let blockSize = 1 << 20

    /// Opens `url`. With `.auto`, the first megabyte decides: valid UTF-8 → UTF-8, else CP932.
    public init(url: URL, encoding: ImportEncoding = .auto, maxFieldBytes: Int = 1 << 20) throws(CSVError) {
        path = url.path
        self.maxFieldBytes = maxFieldBytes
        do {
            handle = try FileHandle(forReadingFrom: url)
        } catch {
            throw .unreadable(path: url.path, reason: Self.reason(error))
        }
        self.encoding = encoding == .auto ? .utf8 : encoding
        detecting = encoding == .auto
        try fill()
    }

    deinit { try? handle.close() }

    /// The encoding one line of text shows: UTF-8 when it is valid UTF-8, else CP932; nil for an
    /// all-ASCII line, which both read alike. CP932 text with any non-ASCII character is
    /// practically never valid UTF-8, so the first such line decides for the file.
    public static func detect(_ line: ArraySlice<UInt8>) -> ImportEncoding? {
        if line.allSatisfy({ $0 < 0x80 }) { return nil }
        return String(validating: line, as: UTF8.self) != nil ? .utf8 : .cp932
    }

    /// The next record, or nil at the end of the file. Blank lines are skipped.
    public func next() throws(CSVError) -> CSVRecord? {
        while true {
            guard let first = try nextLine() else { return nil }
            let startLine = physicalLine
            var fields: [String] = []
            var field: [UInt8] = []
            var inQuotes = false
            var wasQuoted = false
            var line = first
            var i = 0
            if line.isEmpty { continue }  // blank line
            while true {
                if i >= line.count {
                    if inQuotes {
                        // A newline inside a quoted field: keep it, continue on the next line.
                        guard let more = try nextLine() else { throw .unbalancedQuote(line: startLine) }
                        field.append(0x0A)
                        if field.count > maxFieldBytes { throw .unbalancedQuote(line: startLine) }
                        line = more
                        i = 0
                        continue
                    }
                    fields.append(Self.string(field))
                    return CSVRecord(line: startLine, fields: fields)
                }
                let byte = line[i]
                if inQuotes {
                    if byte == 0x22 {
                        if i + 1 < line.count, line[i + 1] == 0x22 {
                            field.append(0x22)
                            i += 2
                            continue
                        }
                        inQuotes = false
                        i += 1
                        // Only a comma or the end of the line may follow a closing quote.
                        if i < line.count, line[i] != 0x2C { throw .unbalancedQuote(line: physicalLine) }
                        continue
                    }
                    field.append(byte)
                    if field.count > maxFieldBytes { throw .unbalancedQuote(line: startLine) }
                    i += 1
                    continue
                }
                switch byte {
                case 0x2C:
                    fields.append(Self.string(field))
                    field.removeAll(keepingCapacity: true)
                    wasQuoted = false
                case 0x22:
                    guard field.isEmpty, !wasQuoted else { throw .unbalancedQuote(line: physicalLine) }
                    inQuotes = true
                    wasQuoted = true
                default:
                    field.append(byte)
                }
                i += 1
            }
        }
    }

    // MARK: - Lines

    /// The next physical line as UTF-8 bytes without its CR LF or LF, or nil at the end.
    private func nextLine() throws(CSVError) -> [UInt8]? {
        while true {
            if let lf = buffer[bufferStart...].firstIndex(of: 0x0A) {
                let raw = buffer[bufferStart..<lf]
                bufferStart = lf + 1
                return try decode(raw)
            }
            if atEOF {
                guard bufferStart < buffer.count else { return nil }
                let raw = buffer[bufferStart...]
                bufferStart = buffer.count
                return try decode(raw)
            }
            try fill()
        }
    }

    private func decode(_ rawLine: ArraySlice<UInt8>) throws(CSVError) -> [UInt8] {
        physicalLine += 1
        var raw = rawLine
        if raw.last == 0x0D { raw = raw.dropLast() }
        if firstLine {
            firstLine = false
            if raw.starts(with: [0xEF, 0xBB, 0xBF]) { raw = raw.dropFirst(3) }
        }
        if raw.allSatisfy({ $0 < 0x80 }) { return Array(raw) }
        if detecting, decidedAt == nil, let shown = Self.detect(raw) {
            encoding = shown
            decidedAt = physicalLine
        }
        // Named only when an earlier line decided: then this line is the broken one.
        let earlier = decidedAt.flatMap { $0 < physicalLine ? $0 : nil }
        switch encoding {
        case .utf8, .auto:
            guard String(validating: raw, as: UTF8.self) != nil else {
                throw .invalidEncoding(line: physicalLine, encoding: .utf8, decidedAt: earlier)
            }
            return Array(raw)
        case .cp932:
            guard let text = CP932.decode(raw) else { throw .invalidEncoding(line: physicalLine, encoding: .cp932, decidedAt: earlier) }
            return Array(text.utf8)
        }
    }

    private func fill() throws(CSVError) {
        if bufferStart > 0 {
            buffer.removeSubrange(0..<bufferStart)
            bufferStart = 0
        }
        let data: Data?
        do {
            data = try handle.read(upToCount: Self.blockSize)
        } catch {
            throw .unreadable(path: path, reason: Self.reason(error))
        }
        guard let data, !data.isEmpty else {
            atEOF = true
            return
        }
        buffer.append(contentsOf: data)
    }

    private static func string(_ bytes: [UInt8]) -> String {
        // Lines were validated (or produced by the CP932 decoder), so this never repairs anything.
        String(decoding: bytes, as: UTF8.self)
    }

    private static func reason(_ error: Error) -> String {
        CounterMessage.reason(for: error)
    }
}
