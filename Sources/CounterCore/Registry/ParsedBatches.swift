import Foundation

/// Reads and parses an import file on its own thread, handing batches of parsed rows to the
/// thread that writes the database: the two halves of an import run on two cores. At most a
/// few batches wait at a time, so memory stays flat.
final class ParsedBatches: @unchecked Sendable {
    // Safe: `reader` and `parser` are used only by the producer thread once `start` is called
    // (the caller never touches them again); every other stored property is read and written
    // only while holding `condition`.

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
    private let capacity = 4
    private let condition = NSCondition()
    private var queue: [Batch] = []
    private var finished = false
    private var cancelled = false
    private var failure: CSVError?

    init(reader: CSVReader, parser: ResidentRowParser, batchSize: Int) {
        self.reader = reader
        self.parser = parser
        self.batchSize = batchSize
    }

    func start() {
        let thread = Thread { [self] in produce() }
        thread.stackSize = 1 << 22
        thread.start()
    }

    /// The next batch, nil at the end; throws the reader's error when the file is unreadable.
    func next() throws(CSVError) -> Batch? {
        condition.lock()
        defer { condition.unlock() }
        while queue.isEmpty && !finished { condition.wait() }
        if !queue.isEmpty {
            let batch = queue.removeFirst()
            condition.broadcast()
            return batch
        }
        if let failure { throw failure }
        return nil
    }

    /// Stops the producer (the consumer gave up).
    func cancel() {
        condition.lock()
        cancelled = true
        queue.removeAll()
        condition.broadcast()
        condition.unlock()
    }

    private func produce() {
        var batch = Batch()
        do {
            while let record = try reader.next() {
                switch parser.parse(record) {
                case .failure(let found): batch.issues.append(contentsOf: found)
                case .skipped: batch.skipped += 1
                case .resident(let r):
                    batch.rows.append(Row(line: record.line, resident: r, keys: Array(RegistrySchema.searchKeys(r))))
                }
                if batch.rows.count + batch.issues.count >= batchSize {
                    guard put(batch) else { return }
                    batch = Batch()
                }
            }
            _ = put(batch)
            finish(nil)
        } catch {
            finish(error)
        }
    }

    private func put(_ batch: Batch) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while queue.count >= capacity && !cancelled { condition.wait() }
        guard !cancelled else { return false }
        queue.append(batch)
        condition.broadcast()
        return true
    }

    private func finish(_ error: CSVError?) {
        condition.lock()
        finished = true
        failure = error
        condition.broadcast()
        condition.unlock()
    }
}
