import Foundation
import GRDB
import JapaneseKit

/// Options of one import.
public struct ImportOptions: Sendable {
    public var encoding: ImportEncoding
    public var mapping: ColumnMapping
    /// Import the valid rows and write the others, with reasons, to `rejectFile`.
    public var skipInvalid: Bool
    /// Drop a 個人番号 column (with a warning) instead of refusing the file.
    public var dropMyNumber: Bool
    /// Where rejected rows go with `skipInvalid` (default: `<file>.rejected.csv`).
    public var rejectFile: URL?
    /// At most this many problems are listed in a refusal.
    public var maxListedIssues: Int
    /// What CP932 外字 stand for (`Forms/gaiji.yaml`); one not in it refuses its row.
    public var gaiji: GaijiTable
    /// A birth date after this day is refused.
    public var today: CivilDate

    public init(encoding: ImportEncoding = .auto, mapping: ColumnMapping = ColumnMapping(), skipInvalid: Bool = false,
                dropMyNumber: Bool = false, rejectFile: URL? = nil, maxListedIssues: Int = 200, gaiji: GaijiTable = GaijiTable(),
                today: CivilDate = SystemClock().today()) {
        self.encoding = encoding
        self.mapping = mapping
        self.skipInvalid = skipInvalid
        self.dropMyNumber = dropMyNumber
        self.rejectFile = rejectFile
        self.maxListedIssues = maxListedIssues
        self.gaiji = gaiji
        self.today = today
    }
}

/// What an import did.
public struct ImportSummary: Equatable, Sendable {
    public var encoding: ImportEncoding
    public var imported: Int
    public var rejected: Int
    /// Rows the mapping's `where` left out (history rows of a standard export).
    public var filtered: Int = 0
    public var households: Int
    /// Warnings (a dropped 個人番号 column), Japanese.
    public var warnings: [String]
    /// The reject file, when rows were rejected.
    public var rejectFile: URL?
}

/// Imports a full snapshot of the resident register from the core system's CSV export.
///
/// Builds a new database file beside the live one and renames it over the live one only when
/// every row is valid (or, with `skipInvalid`, after writing the rejects). The live registry is
/// untouched by any failure. Rows are streamed and inserted in batches, so memory stays flat.
public struct ResidentImporter {
    /// Called now and then with (bytes read so far is not known; rows so far).
    public typealias Progress = (_ rows: Int) -> Void

    public let dataDirectory: URL
    public let batchSize = 5_000

    public init(dataDirectory: URL) {
        self.dataDirectory = dataDirectory
    }

    public func run(file: URL, options: ImportOptions = ImportOptions(), progress: Progress? = nil) throws(ImportError) -> ImportSummary {
        let live = ResidentRegistry.databaseURL(dataDirectory: dataDirectory)
        let temporary = Self.temporaryURL(live: live, pid: getpid())
        let fm = FileManager.default
        do {
            try fm.createDirectory(at: live.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            throw .database("\(live.deletingLastPathComponent().path): \(CounterMessage.reason(for: error))")
        }
        Self.removeStaleTemporaries(live: live)
        try? fm.removeItem(at: temporary)
        defer {
            try? fm.removeItem(at: temporary)
            try? fm.removeItem(atPath: temporary.path + "-journal")
        }

        let reader: CSVReader
        do { reader = try CSVReader(url: file, encoding: options.encoding) } catch { throw .csv(error) }
        let header: CSVRecord
        do {
            guard let first = try reader.next() else { throw ImportError.empty }
            header = first
        } catch let error as CSVError {
            throw .csv(error)
        } catch {
            throw error as! ImportError
        }
        let (parser, warnings, dropped) = try headerParser(header, options: options)

        var summary = ImportSummary(encoding: reader.encoding, imported: 0, rejected: 0, households: 0,
                                    warnings: warnings, rejectFile: nil)
        var issues: [ImportIssue] = []
        var issueCount = 0
        var rejectedLines: [Int: [ImportIssue]] = [:]  // line → issues (only with skipInvalid)
        var idShape = MyNumberShapedIDs()
        var duplicatedFirstLines = Set<Int>()
        func report(_ found: [ImportIssue]) {
            issueCount += found.count
            if options.skipInvalid {
                for issue in found { rejectedLines[issue.line, default: []].append(issue) }
            } else if issues.count < options.maxListedIssues {
                issues.append(contentsOf: found.prefix(options.maxListedIssues - issues.count))
            }
        }

        do {
            var config = Configuration()
            config.journalMode = .default
            let queue = try DatabaseQueue(path: temporary.path, configuration: config)
            try queue.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -65536;")
                try RegistrySchema.create(db)
                let writer = try RegistryWriter(db)
                let lineOf = try db.makeStatement(sql: "SELECT line FROM resident WHERE id = ?")
                var rid: Int64 = 0
                let batches = ParsedBatches(reader: reader, parser: parser, batchSize: batchSize)
                batches.start()
                defer { batches.cancel() }
                while true {
                    let next: ParsedBatches.Batch?
                    do { next = try batches.next() } catch let error as CSVError { throw ImportError.csv(error) }
                    guard let batch = next else { break }
                    report(batch.issues)
                    summary.filtered += batch.skipped
                    try db.inTransaction {
                        for row in batch.rows {
                            rid += 1
                            if try !writer.insert(row.resident, rid: rid, line: row.line) {
                                // Neither row is known to be the current one: both are refused.
                                let first = try Int.fetchOne(lineOf, arguments: [row.resident.id]) ?? 0
                                report([ImportIssue(line: row.line, column: ResidentColumn.id.header,
                                                    reason: .duplicateID(value: row.resident.id, firstLine: first))])
                                if duplicatedFirstLines.insert(first).inserted {
                                    report([ImportIssue(line: first, column: ResidentColumn.id.header,
                                                        reason: .duplicateIDLater(value: row.resident.id, otherLine: row.line))])
                                }
                                continue
                            }
                            try writer.insertKeys(row.keys, bucket: RegistrySchema.bucket(row.resident.status), rid: rid)
                            summary.imported += 1
                            idShape.count(row.resident.id)
                            if summary.imported % 10_000 == 0 { progress?(summary.imported) }
                        }
                        try writer.finishKeys()
                        return .commit
                    }
                }
                // With `auto`, the first line holding non-ASCII text decided; it may come after the header.
                summary.encoding = reader.encoding
                try RegistrySchema.createIndexes(db)
                try checkHouseholds(db, report: report)
                if options.skipInvalid, !rejectedLines.isEmpty {
                    // Rows of a household left without a head were inserted: take them out again.
                    try db.inTransaction {
                        let lines = rejectedLines.keys.sorted()
                        for chunk in stride(from: 0, to: lines.count, by: 500) {
                            let part = Array(lines[chunk..<min(chunk + 500, lines.count)])
                            let marks = part.map { _ in "?" }.joined(separator: ",")
                            try db.execute(sql: "DELETE FROM name_key WHERE rid IN (SELECT rid FROM resident WHERE line IN (\(marks)))",
                                           arguments: StatementArguments(part))
                            try db.execute(sql: "DELETE FROM resident WHERE line IN (\(marks))", arguments: StatementArguments(part))
                        }
                        return .commit
                    }
                }
                summary.imported = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM resident") ?? 0
                summary.households = try Int.fetchOne(db, sql: "SELECT COUNT(DISTINCT household_id) FROM resident") ?? 0
                try db.execute(sql: "INSERT INTO meta (key, value) VALUES ('schema', ?), ('source', ?), ('rows', ?)",
                               arguments: [RegistrySchema.version, file.lastPathComponent, summary.imported])
                try db.execute(sql: "PRAGMA analysis_limit = 1000; ANALYZE")
            }
            try queue.close()
        } catch let error as ImportError {
            throw error
        } catch {
            throw .database(CounterMessage.reason(for: error))
        }

        if !options.skipInvalid, issueCount > 0 {
            // Duplicates are found while writing, other problems while parsing: list by line.
            throw .invalidRows(issues.sorted { $0.line < $1.line }, notListed: issueCount - issues.count)
        }
        if summary.imported == 0, rejectedLines.isEmpty {
            throw .empty
        }
        if options.skipInvalid, !rejectedLines.isEmpty {
            let rejectURL = options.rejectFile ?? file.deletingPathExtension().appendingPathExtension("rejected.csv")
            try writeRejects(rejectedLines, header: header, dropped: dropped, file: file, encoding: summary.encoding, to: rejectURL)
            summary.rejected = rejectedLines.count
            summary.rejectFile = rejectURL
        }
        if let warning = idShape.warning { summary.warnings.append(warning) }
        try swapIn(temporary, over: live)
        return summary
    }

    // MARK: - Temporary database

    /// What an import in progress is named: `residents.sqlite.import-in-progress-<pid>`
    /// beside the live file, so a person looking at the folder can tell what it is.
    static let temporaryMarker = ".import-in-progress-"

    static func temporaryURL(live: URL, pid: Int32) -> URL {
        live.deletingLastPathComponent().appendingPathComponent(live.lastPathComponent + temporaryMarker + String(pid))
    }

    /// Removes what killed imports left behind: temporaries whose process is gone (and the
    /// hidden `.residents.sqlite.importing-<pid>` of earlier versions). An import still running
    /// in another process keeps its file. Called before every import and when the registry opens.
    public static func removeStaleTemporaries(live: URL) {
        let folder = live.deletingLastPathComponent()
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return }
        let prefixes = [live.lastPathComponent + temporaryMarker, "." + live.lastPathComponent + ".importing-"]
        for name in names {
            guard let prefix = prefixes.first(where: { name.hasPrefix($0) }) else { continue }
            let digits = name.dropFirst(prefix.count).prefix { $0.isASCII && $0.isNumber }
            guard let pid = Int32(digits), pid > 0 else { continue }
            // kill(pid, 0) fails with ESRCH only when no such process exists.
            if kill(pid, 0) == 0 || errno != ESRCH { continue }
            try? FileManager.default.removeItem(at: folder.appendingPathComponent(name))
        }
    }

    /// Counts 12-digit 宛名番号 ending in a valid 個人番号 check digit. About one in eleven do
    /// by chance; when most do, the file may carry 個人番号 in its 宛名番号 column (a wrong
    /// mapping) — or the city's 宛名番号 use the same modulus-11 check digit. Only the city
    /// can tell, so the import warns instead of refusing.
    struct MyNumberShapedIDs {
        var twelveDigit = 0
        var checkDigitValid = 0

        mutating func count(_ id: String) {
            guard id.utf8.count == 12 else { return }
            twelveDigit += 1
            if SensitiveNumbers.isValidMyNumber(id.utf8.map { $0 &- 0x30 }) { checkDigitValid += 1 }
        }

        var warning: String? {
            guard twelveDigit >= 20, checkDigitValid * 2 > twelveDigit else { return nil }
            return "警告: 12桁の宛名番号 \(twelveDigit) 件のうち \(checkDigitValid) 件が個人番号と同じ検査用数字を持っています"
                + "（偶然なら約11件に1件）。宛名番号の列に個人番号が入っていないか、取込元の列と --mapping を確認してください。"
        }
    }

    // MARK: - Header

    /// The row parser, the warnings, and the positions of dropped 個人番号 columns.
    private func headerParser(_ header: CSVRecord, options: ImportOptions) throws(ImportError) -> (ResidentRowParser, [String], Set<Int>) {
        let mapping = options.mapping
        var index: [ResidentColumn: Int] = [:]
        var issues: [ImportIssue] = []
        var warnings: [String] = []
        var dropped: Set<Int> = []
        let names = header.fields.map(ResidentRowParser.clean)
        let keys = names.map(ResidentColumn.normalizedHeader)
        var position: [String: Int] = [:]
        for (i, key) in keys.enumerated() where position[key] == nil { position[key] = i }

        // The columns the mapping's row steps read: each must be in the file.
        func column(_ name: String, part: String, line: Int) -> Int? {
            if let i = position[name] { return i }
            issues.append(ImportIssue(line: header.line, column: ColumnMapping.named(name), reason: .mappingColumnMissing(part: part, mappingLine: line)))
            return nil
        }
        let filters = mapping.filters.compactMap { f in
            column(f.column, part: "where", line: f.line).map { ExportTransform.FilterStep(index: $0, accepted: Set(f.accepted)) }
        }
        let values = mapping.values.values.sorted { $0.line < $1.line }.compactMap { table in
            column(table.column, part: "values", line: table.line).map { ExportTransform.ValueStep(index: $0, table: table) }
        }
        var eraIndex: [Int: Int] = [:]
        for (date, era) in mapping.dates.eraColumns.sorted(by: { $0.key < $1.key }) {
            if let d = column(date, part: "dates の era_column", line: mapping.dates.line),
               let e = column(era, part: "dates の era_column", line: mapping.dates.line) { eraIndex[d] = e }
        }
        var joins: [(ResidentColumn, [Int], String)] = []
        var consumed = Set(eraIndex.values)
        for join in mapping.joins {
            let parts = join.from.compactMap { column($0, part: "join の \(join.target)", line: join.line) }
            consumed.formUnion(parts)
            guard parts.count == join.from.count, let target = ResidentColumn(header: join.target) else { continue }
            joins.append((target, parts, join.separator))
            consumed.formUnion(parts)
        }
        let filtered = Set(filters.map(\.index))
        let named = mapping.namedHeaders

        for (i, raw) in names.enumerated() {
            let name = mapping.target(of: raw) ?? raw
            if SensitiveNumbers.firstKind(in: name) != nil || SensitiveNumbers.firstKind(in: raw) != nil {
                issues.append(ImportIssue(line: header.line, column: "\(i + 1)列目", reason: .sensitiveNumber))
                continue
            }
            if name.isEmpty, header.fields.count > 1, i == header.fields.count - 1 { continue }  // trailing comma
            if ResidentColumn.isMyNumberHeader(name) || ResidentColumn.isMyNumberHeader(raw) {
                if options.dropMyNumber {
                    warnings.append("警告: 列「\(DisplaySanitizer.excerpt(raw))」（個人番号）は取り込まずに捨てました。")
                    dropped.insert(i)
                    continue
                }
                issues.append(ImportIssue(line: header.line, column: raw, reason: .myNumberColumn))
                continue
            }
            if consumed.contains(i) { continue }
            if mapping.ignores(raw) { continue }
            guard let targetName = mapping.target(of: raw), let column = ResidentColumn(header: targetName) else {
                if filtered.contains(i) { continue }  // read by `where` only
                if mapping.ignoreUnlisted, !named.contains(keys[i]) { continue }
                if let table = mapping.values[keys[i]] {
                    issues.append(ImportIssue(line: header.line, column: raw, reason: .notMapped(mappingLine: table.line)))
                } else {
                    issues.append(ImportIssue(line: header.line, column: raw, reason: .unknownColumn))
                }
                continue
            }
            if index[column] != nil {
                issues.append(ImportIssue(line: header.line, column: name, reason: .duplicateColumn))
                continue
            }
            index[column] = i
        }
        // Not one known column name: the first line is data, not a header. One message, not
        // one per cell.
        if index.isEmpty && joins.isEmpty { throw .noHeader(line: header.line) }

        // The layout the parser reads: the file's own when the mapping only renames, else one
        // field per import column, made by the row steps.
        var parserIndex = index
        var transform: ExportTransform?
        if mapping.transformsRows {
            var sources: [ExportTransform.Source] = []
            parserIndex = [:]
            for (column, i) in index.sorted(by: { $0.value < $1.value }) {
                parserIndex[column] = sources.count
                sources.append(.column(i))
            }
            for (column, parts, separator) in joins {
                if parserIndex[column] != nil {
                    issues.append(ImportIssue(line: header.line, column: column.header, reason: .duplicateColumn))
                    continue
                }
                parserIndex[column] = sources.count
                sources.append(.join(parts, separator: separator))
            }
            let dateColumns: Set<ResidentColumn> = [.birthdate, .residentSince, .statusDate]
            let needsDates = mapping.dates.format != nil || mapping.dates.eraCodesGiven || !eraIndex.isEmpty
            let dates = index.filter { dateColumns.contains($0.key) && needsDates }.values.sorted()
                .map { ExportTransform.DateStep(index: $0, eraIndex: eraIndex[$0]) }
            transform = ExportTransform(headers: names, fieldCount: header.fields.count, filters: filters, values: values,
                                        dates: dates, rules: mapping.dates, sources: sources)
        } else if !joins.isEmpty {
            // Unreachable: a join makes `transformsRows` true.
            preconditionFailure("join without row steps")
        }

        // 支援措置 is never lost: a 支援措置 column of the export while nothing carries the flag
        // (ignored, left unlisted, read by `where` or as a 元号 column) refuses the file instead of
        // importing everyone as unprotected. Nor is it moved into another column, used to choose
        // rows, or read through a `"*"` that makes an unknown code "none".
        let supportColumns = keys.indices.filter { keys[$0].contains("支援措置") || keys[$0].contains("支援対象") }
        func misuse(_ i: Int, _ reason: ImportReason) { issues.append(ImportIssue(line: header.line, column: names[i], reason: reason)) }
        if parserIndex[.supportMeasure] == nil {
            for i in supportColumns { misuse(i, .supportColumnDropped) }
        }
        for i in supportColumns {
            if let (column, _) = index.first(where: { $0.value == i }), column != .supportMeasure {
                misuse(i, .supportColumnMisused(use: "columns の「\(column.header)」"))
            }
            for (target, parts, _) in joins where target != .supportMeasure && parts.contains(i) {
                misuse(i, .supportColumnMisused(use: "join の「\(target.header)」"))
            }
            if filtered.contains(i) { misuse(i, .supportColumnMisused(use: "where（行の選び分け）")) }
        }
        let flagSources = index[.supportMeasure].map { [$0] } ?? joins.first { $0.0 == .supportMeasure }?.1 ?? []
        for i in flagSources {
            if let table = mapping.values[keys[i]], let other = table.other, ResidentRowParser.compat(other) != "1" {
                misuse(i, .supportDefaultUnprotected(mappingLine: table.line))
            }
        }
        for column in ResidentColumn.required where parserIndex[column] == nil {
            issues.append(ImportIssue(line: header.line, column: column.header, reason: .missingColumn))
        }
        if !issues.isEmpty { throw .header(issues) }
        let parser = ResidentRowParser(index: parserIndex, fieldCount: transform == nil ? header.fields.count : parserIndex.count,
                                       transform: transform, gaiji: options.gaiji, today: options.today)
        return (parser, warnings, dropped)
    }

    // MARK: - Households

    /// Every household with a current member needs a 世帯主, current or deceased: after a death
    /// the register keeps the deceased head until the family files the 世帯主変更届.
    private func checkHouseholds(_ db: Database, report: ([ImportIssue]) -> Void) throws {
        let rows = try Row.fetchCursor(db, sql: """
            SELECT r.line, r.household_id FROM resident r
            JOIN (SELECT household_id FROM resident GROUP BY household_id
                  HAVING SUM(status = 1) > 0 AND SUM(status IN (1, 3) AND rel_rank = 0 AND relationship IN ('世帯主', '本人')) = 0) h
              ON h.household_id = r.household_id
            ORDER BY r.line
            """)
        while let row = try rows.next() {
            let household: String = row["household_id"]
            report([ImportIssue(line: row["line"], column: ResidentColumn.householdID.header,
                                reason: .noHouseholdHead(householdID: household))])
        }
    }

    // MARK: - Rejects

    /// What stands in the reject file for a cell that reads as a card number or a 個人番号.
    public static let removedCell = "（削除: 個人番号・カード番号の形）"

    /// Writes the rejected records (re-read from the source, so they are as given) as UTF-8
    /// CSV for a spreadsheet: 行, 理由, then the original columns. The file is 0600; a dropped
    /// 個人番号 column is left out, a cell that reads as a card number or a 個人番号 (in any
    /// column, ignored ones too) is replaced by `removedCell`, and every cell is guarded
    /// against formulas (`CSVCell`).
    private func writeRejects(_ rejected: [Int: [ImportIssue]], header: CSVRecord, dropped: Set<Int>, file: URL,
                              encoding: ImportEncoding, to url: URL) throws(ImportError) {
        func cells(_ fields: [String]) -> [String] {
            let kept = fields.enumerated().filter { !dropped.contains($0.offset) }
                .map { SensitiveNumbers.firstKind(in: $0.element) == nil ? $0.element : Self.removedCell }
            // Side by side in a spreadsheet row, digits of neighbouring cells read as one number
            // (`4111,1111,1111,1111`): then every cell with a digit goes.
            let row = SensitiveNumbers.firstKind(in: kept.joined(separator: ",")) == nil ? kept
                : kept.map { $0.unicodeScalars.contains { $0.properties.numericType != nil } ? Self.removedCell : $0 }
            return row.map(CSVCell.text)
        }
        var out = CSVCell.byteOrderMark + CSVCell.line([CSVCell.text("行"), CSVCell.text("理由")] + cells(header.fields))
        do {
            let reader = try CSVReader(url: file, encoding: encoding)
            _ = try reader.next()
            while let record = try reader.next() {
                guard let found = rejected[record.line] else { continue }
                let reasons = found.map { ($0.column.map { "\($0): " } ?? "") + $0.reason.message }.joined(separator: " / ")
                out += CSVCell.line([CSVCell.number(record.line), CSVCell.text(reasons)] + cells(record.fields))
            }
        } catch {
            throw .csv(error)
        }
        do { try PrivateFile.write(Array(out.utf8), to: url) } catch {
            throw .database("\(error.path): \(error.reason)")
        }
    }

    // MARK: - Swap

    /// fsync the new file, rename it over the live one, fsync the directory.
    private func swapIn(_ temporary: URL, over live: URL) throws(ImportError) {
        func sync(_ path: String, directory: Bool) throws(ImportError) {
            let fd = open(path, directory ? O_RDONLY | O_DIRECTORY : O_RDWR)
            guard fd >= 0 else { throw .database("\(path): open errno \(errno)") }
            defer { close(fd) }
            guard fsync(fd) == 0 else { throw .database("\(path): fsync errno \(errno)") }
        }
        try sync(temporary.path, directory: false)
        guard rename(temporary.path, live.path) == 0 else { throw .database("\(live.path): rename errno \(errno)") }
        try sync(live.deletingLastPathComponent().path, directory: true)
    }
}
