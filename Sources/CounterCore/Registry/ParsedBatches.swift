import Foundation

/// Reads and parses an import file on worker threads, handing batches of parsed rows, in file
/// order, to the thread that writes the database: reading, parsing and writing run on every
/// core. The file is read one chunk at a time under a lock (a CSV record may span lines);
/// parsing, the larger part, runs on the chunks in parallel. At most a few batches wait at a
/// time, so memory stays flat.
final class ParsedBatches: @unchecked Sendable {
    // Safe: `reader` is used only while holding `readLock`; `parser` is a value read by every
    // worker; every other stored property is read and written only while holding `condition`.

    /// One parsed row: the resident and its search keys, or what is wrong with it.
    struct Row: Sendable {
        var line: Int
        var resident: Resident
        var keys: [String]
    }

    struct Batch: Sendable {
        var rows: [Row] = []
        var issues: [ImportIssue] = []
        /// Rows the mapping's `where` left out.
        var skipped = 0
    }

    private let reader: CSVReader
    private let parser: ResidentRowParser
    private let batchSize: Int
    private let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 4))
    /// Batches parsed ahead of the one the writer waits for, at most.
    private let capacity = 6
    private let readLock = NSLock()
    private var nextChunk = 0  // under readLock
    private var readerDone = false  // under readLock
    private let condition = NSCondition()
    private var parsed: [Int: Batch] = [:]
    private var nextOut = 0
    /// The number of chunks, once the reader reached the end or failed.
    private var chunkCount: Int?
    private var failure: CSVError?
    private var cancelled = false

    init(reader: CSVReader, parser: ResidentRowParser, batchSize: Int) {
        self.reader = reader
        self.parser = parser
        self.batchSize = batchSize
    }

    func start() {
        for _ in 0..<workers {
            let thread = Thread { [self] in work() }
            thread.stackSize = 1 << 22
            thread.start()
        }
    }

    /// The next batch in file order, nil at the end; throws the reader's error when the file
    /// is unreadable (after the batches before it).
    func next() throws(CSVError) -> Batch? {
        condition.lock()
        defer { condition.unlock() }
        while parsed[nextOut] == nil && chunkCount.map({ nextOut < $0 }) != false { condition.wait() }
        if let batch = parsed.removeValue(forKey: nextOut) {
            nextOut += 1
            condition.broadcast()
            return batch
        }
        if let failure { throw failure }
        return nil
    }

    /// Stops the workers (the writer gave up).
    func cancel() {
        condition.lock()
        cancelled = true
        parsed.removeAll()
        condition.broadcast()
        condition.unlock()
    }

    private var isCancelled: Bool {
        condition.lock()
        defer { condition.unlock() }
        return cancelled
    }

    private func work() {
        while !isCancelled {
            guard let (chunk, records) = read() else { return }
            var batch = Batch()
            for record in records {
                switch parser.parse(record) {
                case .failure(let found): batch.issues.append(contentsOf: found)
                case .skipped: batch.skipped += 1
                case .resident(let r):
                    batch.rows.append(Row(line: record.line, resident: r, keys: RegistrySchema.searchKeys(r)))
                }
            }
            condition.lock()
            while chunk - nextOut >= capacity && !cancelled { condition.wait() }
            if !cancelled { parsed[chunk] = batch }
            condition.broadcast()
            condition.unlock()
        }
    }

    /// The next chunk of records and its number; nil when the file is read to its end.
    private func read() -> (Int, [CSVRecord])? {
        readLock.lock()
        defer { readLock.unlock() }
        guard !readerDone else { return nil }
        let chunk = nextChunk
        nextChunk += 1
        var records: [CSVRecord] = []
        records.reserveCapacity(batchSize)
        do {
            while records.count < batchSize, let record = try reader.next() { records.append(record) }
        } catch {
            finish(chunks: chunk, failure: error)
            return nil
        }
        if records.count < batchSize {
            finish(chunks: records.isEmpty ? chunk : chunk + 1, failure: nil)
            if records.isEmpty { return nil }
        }
        return (chunk, records)
    }

    private func finish(chunks: Int, failure error: CSVError?) {
        readerDone = true
        condition.lock()
        chunkCount = chunks
        failure = error
        condition.broadcast()
        condition.unlock()
    }
}
