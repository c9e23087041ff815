import Foundation
import JapaneseKit

/// A generated stretch of counter days for the review's tests and benchmark: several terminals,
/// each with one clerk per day, visits inside opening hours on open days (search, view,
/// 受付, print, payment, close), each day sealed with the `day_closed` record the real
/// `DayCloser` writes, headers linked day to day. Optionally, one planted case of every rule of
/// `ReviewRuleID`; `planted` lists the findings they must produce. Deterministic from the seed.
///
/// Never used for real records: `SyntheticJournalFile` writes the files, as for other benchmarks.
public struct SyntheticReviewMonth: Codable, Sendable {
    /// One finding the month must produce: the rule and who, where, whom and which day.
    public struct PlantedCase: Codable, Hashable, Sendable, Comparable, CustomStringConvertible {
        public var rule: ReviewRuleID
        public var clerk: String?
        public var terminal: String?
        public var resident: String?
        public var day: CivilDate

        public init(rule: ReviewRuleID, clerk: String?, terminal: String?, resident: String?, day: CivilDate) {
            self.rule = rule
            self.clerk = clerk
            self.terminal = terminal
            self.resident = resident
            self.day = day
        }

        public var description: String {
            "\(rule.rawValue) \(day.iso) \(terminal ?? "-") \(clerk ?? "-") \(resident ?? "-")"
        }

        public static func < (a: PlantedCase, b: PlantedCase) -> Bool { a.description < b.description }
    }

    /// What to generate.
    public struct Options: Codable, Sendable {
        /// Terminals `T01`, `T02`…; at least 3 when planting.
        public var terminals: Int
        /// Open days (closed days are skipped), from `start`; at least 10 when planting.
        public var days: Int
        /// Records per terminal and day, about (visits of six records each, at least enough for
        /// the planted burst).
        public var recordsPerDay: Int
        public var start: CivilDate
        public var seed: UInt64
        public var plant: Bool
        /// Terminals whose journal is written to another folder than the month's (copies
        /// gathered from elsewhere); the others are written to `directory`.
        public var elsewhere: [String: URL]

        public init(terminals: Int = 4, days: Int = 10, recordsPerDay: Int = 300, start: CivilDate = CivilDate(year: 2026, month: 11, day: 2)!,
                    seed: UInt64 = 1, plant: Bool = true, elsewhere: [String: URL] = [:]) {
            self.terminals = terminals
            self.days = days
            self.recordsPerDay = recordsPerDay
            self.start = start
            self.seed = seed
            self.plant = plant
            self.elsewhere = elsewhere
        }
    }

    public let options: Options
    /// The open days generated, oldest first.
    public let days: [CivilDate]
    public let terminals: [String]
    /// What the planted cases must produce (empty without planting).
    public let planted: [PlantedCase]
    /// Records written, seals included.
    public let records: Int
    public let files: Int
    /// The supervisor who seals each day.
    public static let supervisor = "s01"
    /// Residents planted for the rules that need something besides the journals.
    public let watchList: Set<String>
    public let households: [String: Set<String>]
    /// The resident viewed on several days by one clerk (the cross-day rule's case).
    public let repeatedResident: String?

    /// The clerk who works terminal `index` (0-based) every day.
    public static func clerk(_ index: Int) -> String { String(format: "k%02d", index + 1) }
    public static func terminal(_ index: Int) -> String { String(format: "T%02d", index + 1) }

    /// What the review needs besides the journals, for this month's planted cases.
    public func context(today: CivilDate) -> ReviewContext {
        ReviewContext(openingHours: .standard, watchList: watchList, households: households, today: today)
    }

    /// The first day after the month: "today" for a review of the whole month.
    public var dayAfter: CivilDate { days.last!.adding(days: 1) }

    // MARK: - Generation

    private struct Event {
        var time: Date
        var type: JournalRecordType
        var clerk: String
        var fields: [String: JournalValue]
        /// The visit whose case this record opens or refers to.
        var visit: Int?
    }

    private struct Visit {
        var start: Date
        var resident: String
        var household: String
    }

    /// Seconds from midnight.
    private static func at(_ day: CivilDate, _ hour: Int, _ minute: Int, _ second: Double = 0) -> Date {
        day.startDate().addingTimeInterval(Double(hour * 3600 + minute * 60) + second)
    }

    /// Writes the month under `directory` (`YYYY/MM/DD/<terminal>.jsonl`) and the terminals of
    /// `options.elsewhere` in theirs.
    public static func write(directory: URL, options: Options = Options()) throws -> SyntheticReviewMonth {
        let terminalCount = max(options.terminals, 1)
        precondition(!options.plant || (options.terminals >= 3 && options.days >= 10), "planting needs 3 terminals and 10 days")
        var days: [CivilDate] = []
        var day = options.start
        while days.count < max(options.days, 1) {
            if !Holidays.isClosedDay(day) { days.append(day) }
            day = day.adding(days: 1)
        }
        let terminals = (0..<terminalCount).map(terminal)
        let burst = ReviewRule(id: .manyResidents)["residents"] + 1
        // The burst re-views the morning's visitors (200 of the day's 440 minutes of visits).
        let visitsPerDay = max((options.recordsPerDay - 2) / 6, options.plant ? (burst * 440 + 199) / 200 + 2 : 1)
        var rng = SplitMix64(seed: options.seed)
        // Residents: a pool of 8-digit numbers walked once, so nobody is seen twice by chance;
        // planted residents come from outside the pool.
        var poolIndex = UInt64(rng.next() % 80_000_000)
        func fresh() -> String {
            poolIndex += 1
            return String(10_000_000 + (poolIndex &* 7_919) % 80_000_000)
        }
        let special = (support: "90000001", watch: "90000002", ownSelf: "90000003", ownMember: "90000004", repeated: "90000005")
        let watchList: Set<String> = options.plant ? [special.watch] : []
        let households: [String: Set<String>] = options.plant ? [clerk(1): [special.ownSelf, special.ownMember]] : [:]
        var planted: [PlantedCase] = []
        var links: [String: (seq: Int, hash: String)] = [:]
        var records = 0
        var files = 0
        let directories = [directory] + Set(options.elsewhere.values).sorted { $0.path < $1.path }
        func folder(_ terminal: String) -> URL { options.elsewhere[terminal] ?? directory }
        let sealing = terminals[0]
        let unsealedDay = options.plant ? days[days.count - 2] : nil
        let tampered = options.plant ? (terminal: sealing, day: days[3]) : nil

        for (dayIndex, day) in days.enumerated() {
            var events: [String: [Event]] = Dictionary(uniqueKeysWithValues: terminals.map { ($0, []) })
            var visits: [Visit] = []
            /// Adds a full visit (search, view, 受付, print, payment, close) on `terminal`.
            func visit(_ terminal: String, _ clerk: String, at start: Date, step: Double, resident: String, household: String) {
                let v = visits.count
                visits.append(Visit(start: start, resident: resident, household: household))
                let t = { (i: Int) in start.addingTimeInterval(Double(i) * step) }
                events[terminal]!.append(contentsOf: [
                    Event(time: t(0), type: .access, clerk: clerk,
                          fields: ["action": "search", "query": "ヤマダ", "residents": [.string(resident)], "count": 1]),
                    Event(time: t(1), type: .access, clerk: clerk,
                          fields: ["action": "view", "residents": [.string(resident), .string(household)], "count": 2]),
                    Event(time: t(2), type: .caseOpened, clerk: clerk, fields: ["procedure": "certificate", "subject": .string(resident)],
                          visit: v),
                    Event(time: t(3), type: .formPrinted, clerk: clerk,
                          fields: ["form": "juminhyo", "title": "住民票の写し等交付請求書", "subject": .string(resident), "copies": 1,
                                   "fee": 300, "total_fee": 300],
                          visit: v),
                    Event(time: t(4), type: .payment, clerk: clerk,
                          fields: ["method": "cash", "amount": 300,
                                   "items": [["form": "juminhyo", "title": "住民票の写し等交付請求書", "copies": 1, "fee": 300, "yen": 300]]],
                          visit: v),
                    Event(time: t(5), type: .caseClosed, clerk: clerk, fields: [:], visit: v),
                ])
            }
            func view(_ terminal: String, _ clerk: String, at time: Date, _ residents: [String], support: [String] = []) {
                var fields: [String: JournalValue] = ["action": "view", "residents": .array(residents.map { .string($0) }),
                                                      "count": .int(residents.count)]
                if !support.isEmpty { fields["support"] = .array(support.map { .string($0) }) }
                events[terminal]!.append(Event(time: time, type: .access, clerk: clerk, fields: fields))
            }
            // Clean traffic: each terminal's clerk signs in for the day, serves visits in the
            // morning and the afternoon (lunch apart), signs out.
            let morning = (at(day, 8, 35), at(day, 11, 55)), afternoon = (at(day, 13, 5), at(day, 17, 5))
            let open = morning.1.timeIntervalSince(morning.0) + afternoon.1.timeIntervalSince(afternoon.0)
            let spacing = open / Double(visitsPerDay)
            let step = min(40, spacing / 6)
            var morningVisitors: [String: [String]] = [:]
            for (index, terminal) in terminals.enumerated() {
                let clerk = clerk(index)
                events[terminal]!.append(Event(time: at(day, 8, 30, Double(index)), type: .login, clerk: clerk, fields: ["role": "clerk", "unlock": false]))
                for i in 0..<visitsPerDay {
                    var offset = Double(i) * spacing + Double(rng.next() % 1000) / 1000 * (spacing - 6 * step)
                    var start = morning.0.addingTimeInterval(offset)
                    if start.addingTimeInterval(6 * step) > morning.1 {
                        offset -= morning.1.timeIntervalSince(morning.0)
                        start = afternoon.0.addingTimeInterval(max(offset, 0))
                    }
                    let resident = fresh()
                    if start < morning.1 { morningVisitors[clerk, default: []].append(resident) }
                    visit(terminal, clerk, at: start, step: step, resident: resident, household: fresh())
                }
                events[terminal]!.append(Event(time: at(day, 17, 12, Double(index)), type: .logout, clerk: clerk, fields: [:]))
            }
            // The planted cases, one rule at a time.
            if options.plant {
                let t0 = terminals[0], t1 = terminals[1], t2 = terminals[2], last = terminals[terminals.count - 1]
                let k0 = clerk(0), k1 = clerk(1), k2 = clerk(2), kLast = clerk(terminals.count - 1)
                switch dayIndex {
                case 1:
                    view(t1, k1, at: at(day, 10, 15), [special.support, fresh()], support: [special.support])
                    planted += [PlantedCase(rule: .supportMeasure, clerk: k1, terminal: t1, resident: special.support, day: day),
                                PlantedCase(rule: .viewWithoutBusiness, clerk: k1, terminal: t1, resident: special.support, day: day)]
                case 2:
                    let resident = fresh()
                    view(t2, k2, at: at(day, 11, 0, 7), [resident, fresh()])
                    planted.append(PlantedCase(rule: .viewWithoutBusiness, clerk: k2, terminal: t2, resident: resident, day: day))
                    // The clerk looks through the morning's visitors again over lunch: many in a few minutes.
                    precondition(morningVisitors[k0]!.count >= burst, "the burst needs enough morning visitors")
                    for (i, resident) in morningVisitors[k0]!.prefix(burst).enumerated() {
                        view(t0, k0, at: at(day, 12, 10, Double(i) * 5), [resident])
                    }
                    planted.append(PlantedCase(rule: .manyResidents, clerk: k0, terminal: t0, resident: nil, day: day))
                case 3:
                    events[t2]!.append(Event(time: at(day, 7, 40), type: .login, clerk: k2, fields: ["role": "clerk", "unlock": false]))
                    visit(t2, k2, at: at(day, 7, 42), step: 40, resident: fresh(), household: fresh())
                    events[t2]!.append(Event(time: at(day, 7, 58), type: .logout, clerk: k2, fields: [:]))
                    planted.append(PlantedCase(rule: .offHours, clerk: k2, terminal: t2, resident: nil, day: day))
                    planted.append(PlantedCase(rule: .integrity, clerk: nil, terminal: tampered!.terminal, resident: nil, day: day))
                case 4, 5, 6:
                    visit(last, kLast, at: at(day, 12, 20), step: 40, resident: special.repeated, household: fresh())
                    if dayIndex == 4 {
                        planted.append(PlantedCase(rule: .repeatedViews, clerk: kLast, terminal: last, resident: special.repeated, day: day))
                    }
                    if dayIndex == 5 {
                        events[t1]!.append(Event(time: at(day, 10, 0), type: .login, clerk: k0, fields: ["role": "clerk", "unlock": false]))
                        events[t1]!.append(Event(time: at(day, 10, 4), type: .logout, clerk: k0, fields: [:]))
                        planted.append(PlantedCase(rule: .twoTerminals, clerk: k0, terminal: t1, resident: nil, day: day))
                    }
                    if dayIndex == 6 {
                        let resident = fresh()
                        events[t2]!.append(Event(time: at(day, 15, 20, 3), type: .formPrinted, clerk: k2,
                                                 fields: ["form": "juminhyo", "title": "住民票の写し等交付請求書", "subject": .string(resident),
                                                          "case": "", "copies": 1, "fee": 300, "total_fee": 300]))
                        planted.append(PlantedCase(rule: .printWithoutCase, clerk: k2, terminal: t2, resident: resident, day: day))
                    }
                case 7:
                    view(t1, k1, at: at(day, 11, 30, 5), [special.ownMember, special.ownSelf])
                    planted += [PlantedCase(rule: .ownHousehold, clerk: k1, terminal: t1, resident: special.ownMember, day: day),
                                PlantedCase(rule: .viewWithoutBusiness, clerk: k1, terminal: t1, resident: special.ownMember, day: day)]
                case 8:
                    view(t0, k0, at: at(day, 16, 0, 9), [special.watch, fresh()])
                    planted += [PlantedCase(rule: .watchList, clerk: k0, terminal: t0, resident: special.watch, day: day),
                                PlantedCase(rule: .viewWithoutBusiness, clerk: k0, terminal: t0, resident: special.watch, day: day)]
                default:
                    break
                }
                if day == unsealedDay {
                    planted.append(PlantedCase(rule: .integrity, clerk: nil, terminal: nil, resident: nil, day: day))
                }
            }
            // Each terminal's file, records in time order, each case numbered by its 受付.
            var sealFile: SyntheticJournalFile?
            for terminal in terminals {
                let list = events[terminal]!.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(\.element)
                var file = try SyntheticJournalFile(directory: folder(terminal), terminalID: terminal, date: day,
                                                    created: list.first?.time ?? at(day, 8, 0), expectedBytes: list.count * 330,
                                                    continuing: links[terminal])
                var cases: [Int: String] = [:]
                for e in list {
                    var fields = e.fields
                    if let v = e.visit {
                        if e.type == .caseOpened { cases[v] = DayLedger.caseID(terminal: terminal, seq: file.seq + 1) }
                        else { fields["case"] = .string(cases[v]!) }
                    }
                    file.append(e.type, at: e.time, clerk: e.clerk, fields: fields)
                }
                try file.write()
                records += list.count
                files += 1
                if terminal == sealing { sealFile = file } else { links[terminal] = (file.seq, file.lastHash) }
            }
            // The day's close, over every terminal's records, as `DayCloser` writes it.
            if var file = sealFile {
                if day != unsealedDay {
                    let report = try DayCloser.report(directories: directories, date: day, today: day, catalog: nil)
                    file.append(.login, at: at(day, 17, 35), clerk: supervisor, fields: ["role": "supervisor", "unlock": false])
                    file.append(.dayClosed, at: at(day, 17, 40), clerk: supervisor, fields: DayCloser.sealFields(report, date: day))
                    file.append(.logout, at: at(day, 17, 42), clerk: supervisor, fields: [:])
                    records += 3
                    try file.write()
                }
                links[sealing] = (file.seq, file.lastHash)
            }
        }
        // A line changed after the day was sealed (a search, so no rule's input changes).
        if let tampered {
            let url = JournalLayout.ref(folder(tampered.terminal), terminal: tampered.terminal, date: tampered.day, segment: 1).url
            var text = try String(contentsOf: url, encoding: .utf8)
            guard let line = text.range(of: #""action":"search","count":1,"#) else { preconditionFailure("every day has a search") }
            text.replaceSubrange(line, with: #""action":"search","count":2,"#)
            try Data(text.utf8).write(to: url)
        }
        return SyntheticReviewMonth(options: options, days: days, terminals: terminals, planted: planted.sorted(), records: records,
                                    files: files, watchList: watchList, households: households,
                                    repeatedResident: options.plant ? special.repeated : nil)
    }
}
