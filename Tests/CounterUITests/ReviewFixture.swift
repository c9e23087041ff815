import CounterCore
import Foundation
import JapaneseKit
import TerminalKit
@testable import CounterUI

/// A counter's data directory with a day of planted journal records, written through the
/// application layer: clerk c01 views a resident before opening hours, a 支援措置 subject and
/// a member of his own household, with no business for any of them. Supervisor sup1 reviews.
struct ReviewFixture {
    static let pin = "246810"
    static let hash = PINHash.make(pin: pin, iterations: PINHash.minimumIterations)
    static let day = CivilDate(iso: "2026-12-02")!
    static let forms = ClerkFixtures.formsDirectory

    let directory: URL

    /// `extraViews` more residents (each its own household) viewed by c01 from 14:00, ten seconds apart.
    init(extraViews: Int = 0) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("review-ui-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let config = """
            terminal_id: T01
            city_name: いわき市
            clerks:
              - id: c01
                name: 窓口 一郎
                role: clerk
                pin_hash: "\(Self.hash)"
                resident_id: "3001"
              - id: sup1
                name: 係長 花子
                role: supervisor
                pin_hash: "\(Self.hash)"

            """
        try config.write(to: directory.appendingPathComponent("config.yaml"), atomically: true, encoding: .utf8)
        var rows = [
            ["2001", "92001", "佐藤 一郎", "サトウ イチロウ", "1970-05-01", "1", "世帯主", "1", "", "いわき市平字田町1", "0"],
            ["2003", "92003", "鈴木 美咲", "スズキ ミサキ", "1990-08-15", "2", "世帯主", "1", "", "いわき市小名浜花畑町2", "1"],
            ["3001", "93001", "窓口 一郎", "マドグチ イチロウ", "1985-02-03", "1", "世帯主", "1", "", "いわき市内郷御厩町3", "0"],
        ]
        for n in 0..<extraViews {
            rows.append(["\(4001 + n)", "9\(4001 + n)", "住民 \(n)", "ジュウミン", "1960-01-01", "1", "世帯主", "1", "", "いわき市平", "0"])
        }
        let header = ["宛名番号", "世帯番号", "氏名", "氏名フリガナ", "生年月日", "性別", "続柄", "住民状態", "異動日", "住所", "支援措置"]
        let csv = directory.appendingPathComponent("residents.csv")
        try ([header] + rows).map { CSVCell.line($0.map(CSVCell.quoted)) }.joined().write(to: csv, atomically: true, encoding: .utf8)
        _ = try ResidentImporter(dataDirectory: directory).run(file: csv)
        try FileManager.default.removeItem(at: csv)

        _ = try app(at: "07:50").resident(id: "2001", clerk: "c01")
        _ = try app(at: "10:00").resident(id: "2003", clerk: "c01")
        _ = try app(at: "10:05").resident(id: "3001", clerk: "c01")
        if extraViews > 0 {
            let clock = FixedClock(iso: "2026-12-02T14:00:00+09:00")
            let app = try CounterApp.open(directory: DataDirectory(directory), formsDirectory: Self.forms, purpose: .live, clock: clock)
            for n in 0..<extraViews {
                _ = try app.resident(id: "\(4001 + n)", clerk: "c01")
                clock.advance(seconds: 10)
            }
        }
    }

    /// The application opened with its clock at `time` on the fixture's day, Japan time.
    func app(at time: String) throws -> CounterApp {
        try CounterApp.open(directory: DataDirectory(directory), formsDirectory: Self.forms, purpose: .live,
                            clock: FixedClock(iso: "2026-12-02T\(time):00+09:00"))
    }

    /// The supervisor's runner at noon.
    func runner() throws -> CounterEffects { CounterEffects(app: try app(at: "12:00")) }

    static let supervisor = CounterContext(cityName: "いわき市", terminalID: "T01", clerk: "係長 花子", clerkID: "sup1", role: .supervisor)
    static let clerk = CounterContext(cityName: "いわき市", terminalID: "T01", clerk: "窓口 一郎", clerkID: "c01", role: .clerk)

    /// Runs `effect` as `context` and returns its one review answer.
    func answer(_ effect: ReviewEffect, as context: CounterContext = Self.supervisor) throws -> ReviewMsg {
        let msgs = try runner().perform(.review(effect), context: context)
        guard msgs.count == 1, case .review(let result) = msgs[0] else {
            struct NotAReviewAnswer: Error { let msgs: [Msg] }
            throw NotAReviewAnswer(msgs: msgs)
        }
        return result
    }

    /// The review of the fixture's day, as the supervisor runs it.
    func review() throws -> Review {
        let result = try answer(.run(from: Self.day, to: Self.day))
        guard case .reviewed(let review) = result else {
            struct NoReview: Error { let result: ReviewMsg }
            throw NoReview(result: result)
        }
        return review
    }

    /// Every journal line of the day.
    func journalLines() throws -> [String] {
        let day = directory.appendingPathComponent("journal/2026/12/02")
        return try FileManager.default.contentsOfDirectory(atPath: day.path).sorted().flatMap { name in
            try String(contentsOf: day.appendingPathComponent(name), encoding: .utf8).split(separator: "\n").map(String.init)
        }
    }

    /// PDFs in the spool folder.
    func spooled() throws -> [URL] {
        let spool = directory.appendingPathComponent("spool")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: spool.path)) ?? []
        return names.filter { $0.hasSuffix(".pdf") }.sorted().map { spool.appendingPathComponent($0) }
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }

    /// A supervisor's model with `screens` on the supervisor stack, at 80×24.
    static func model(_ screens: [any CounterScreen]) -> AppModel {
        // Over the screen they are opened from (the supervisor menu), so Esc goes back to it.
        AppModel(context: supervisor, now: morning, mode: .supervisor,
                 screens: [.supervisor: [AnyScreen(StartScreen())] + screens.map { AnyScreen($0) }])
    }
}
