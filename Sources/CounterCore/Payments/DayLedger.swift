import Foundation
import JapaneseKit

/// One day of counter records (cases, payments, voids, the seal) gathered from one or several
/// journal directories: what payments check against and what reports total.
public struct DayLedger: Sendable {
    /// A case (受付) from its `case_opened` record to its `case_closed` record.
    public struct Case: Equatable, Sendable {
        /// `<terminal>-C<seq of case_opened>`.
        public var id: String
        public var terminal: String
        public var procedure: String
        public var clerk: String
        public var opened: Date
        public var closed: Date?
        /// Handling time in seconds, when closed.
        public var handlingSeconds: Double? { closed.map { $0.timeIntervalSince(opened) } }
    }

    /// The `day_closed` seal of this date.
    public struct Seal: Equatable, Sendable {
        public var terminal: String
        public var seq: Int
        public var hash: String
        public var clerk: String
        public var timestamp: Date
        /// What it seals (nil when its fields are not a readable seal).
        public var sealed: DaySeal?
    }

    /// One record's place in its terminal's chain.
    public struct Link: Equatable, Sendable {
        public var seq: Int
        let hashText: JournalLine.HashText
        public var hash: String { hashText.text }

        init(seq: Int, hash: JournalLine.HashText) {
            self.seq = seq
            hashText = hash
        }
    }

    public let date: CivilDate
    /// Cases opened this day, in the order read (terminal, then seq).
    public private(set) var cases: [Case] = []
    public private(set) var payments: [PaymentEntry] = []
    public private(set) var voids: [VoidEntry] = []
    /// Cases closed this day whose `case_opened` is not among this day's records.
    public private(set) var orphanClosures: [String] = []
    public private(set) var seal: Seal?
    /// The last record's hash and seq per terminal (the end of each chain this day).
    public var lastHashes: [String: String] { lastHashTexts.mapValues(\.text) }
    private var lastHashTexts: [String: JournalLine.HashText] = [:]
    public private(set) var lastSeqs: [String: Int] = [:]
    /// Count of records per terminal.
    public private(set) var recordCounts: [String: Int] = [:]
    /// Every record's seq and hash per terminal, in the order read.
    public private(set) var chains: [String: [Link]] = [:]
    /// Damaged lines left out of the day (the intact records are all here); empty when none.
    public internal(set) var damaged: [(file: JournalFileRef, finding: JournalFinding)] = []

    private var caseIndex: [String: Int] = [:]

    /// The case id of a `case_opened` record at `seq` on `terminal`.
    public static func caseID(terminal: String, seq: Int) -> String { "\(terminal)-C\(seq)" }

    /// Indexes `records` (all of `date`).
    public init(date: CivilDate, records: [JournalRecord]) {
        self.init(date: date, links: records.lazy.map { ($0.terminal, Link(seq: $0.seq, hash: $0.hashText)) }, typed: records)
    }

    /// Indexes a day whose records' places in their chains (`links`, every record in the order
    /// read) are given apart from the records whose contents matter (`typed`: at least the
    /// payments, voids, refunds and seals, in the same order): what a verifier passes that
    /// keeps only those records whole.
    init<Links: Sequence>(date: CivilDate, links: Links, typed records: [JournalRecord]) where Links.Element == (String, Link) {
        self.date = date
        for (terminal, link) in links {
            recordCounts[terminal, default: 0] += 1
            chains[terminal, default: []].append(link)
            if (lastSeqs[terminal] ?? Int.min) < link.seq {
                lastSeqs[terminal] = link.seq
                lastHashTexts[terminal] = link.hashText
            }
        }
        for record in records {
            switch record.type {
            case .caseOpened?:
                // A case number given by the caller (おくやみ cases carry their own) wins over
                // the derived `<terminal>-C<seq>`.
                let id = record["case"]?.stringValue ?? DayLedger.caseID(terminal: record.terminal, seq: record.seq)
                guard caseIndex[id] == nil else { continue }
                caseIndex[id] = cases.count
                cases.append(Case(id: id, terminal: record.terminal,
                                  procedure: record["procedure"]?.stringValue ?? record["kind"]?.stringValue
                                      ?? DayLedger.unspecifiedProcedure,
                                  clerk: record.clerk, opened: record.timestamp, closed: nil))
            case .caseClosed?:
                guard let id = record["case"]?.stringValue else { continue }
                if let i = caseIndex[id] {
                    if cases[i].closed == nil { cases[i].closed = record.timestamp }
                } else {
                    orphanClosures.append(id)
                }
            case .payment?:
                if let entry = PaymentEntry(record) { payments.append(entry) }
            case .void?, .refund?:
                if let entry = VoidEntry(record) { voids.append(entry) }
            case .dayClosed?:
                if record["date"]?.stringValue == date.iso, seal == nil {
                    seal = Seal(terminal: record.terminal, seq: record.seq, hash: record.hash, clerk: record.clerk,
                                timestamp: record.timestamp, sealed: DaySeal(fields: record.fields))
                }
            default:
                break
            }
        }
    }

    /// The procedure name for cases opened without one.
    public static let unspecifiedProcedure = "unspecified"

    /// Reads `date` from `sources` (only that day's files) and indexes it. Damaged lines are
    /// left out and listed in `damaged`: one bad byte does not stop the counter's day, and
    /// whoever shows the ledger says that it is incomplete.
    public static func read(_ sources: JournalSources, date: CivilDate) throws -> DayLedger {
        let read = try sources.read(from: date, to: date)
        var ledger = DayLedger(date: date, records: read.records)
        ledger.damaged = read.damaged
        return ledger
    }

    /// `read(_:date:)` over journal folders, one after another.
    public static func read(directories: [URL], date: CivilDate) throws -> DayLedger {
        try read(JournalSources(directories: directories), date: date)
    }

    /// The case with `id`, if opened this day.
    public func `case`(_ id: String) -> Case? { caseIndex[id].map { cases[$0] } }

    /// The void or refund of the payment `seq` on `terminal`, if any.
    public func voidOf(terminal: String, seq: Int) -> VoidEntry? {
        voids.first { $0.originalTerminal == terminal && $0.originalSeq == seq }
    }

    /// Whether the day is sealed.
    public var isClosed: Bool { seal != nil }
}


