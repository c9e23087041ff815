import CounterCore
import Foundation
import JapaneseKit

/// A temporary directory removed when the value is released.
final class TempDir {
    let url: URL
    init(_ label: String = "registry") {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("\(label)-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(at: url) }

    func file(_ name: String, _ text: String) -> URL {
        let u = url.appendingPathComponent(name)
        try? Data(text.utf8).write(to: u)
        return u
    }

    func file(_ name: String, bytes: Data) -> URL {
        let u = url.appendingPathComponent(name)
        try? bytes.write(to: u)
        return u
    }

    var data: URL { url.appendingPathComponent("data") }
}

/// Import-format CSV text built from rows of the standard columns.
enum Fixture {
    static let header = ["宛名番号", "世帯番号", "氏名", "氏名フリガナ", "生年月日", "性別", "続柄", "住民状態", "異動日",
                         "住所", "後期高齢者医療"]

    /// A small valid household file: 山田 household (3 members) and 髙橋 (1 member, deceased one too).
    static let rows: [[String]] = [
        ["1001", "501", "山田 太郎", "ヤマダ タロウ", "1950-04-01", "1", "世帯主", "1", "", "いわき市平字田町1", "0"],
        ["1002", "501", "山田 花子", "ヤマダ ハナコ", "昭和27年3月2日", "2", "妻", "1", "", "いわき市平字田町1", "0"],
        ["1003", "501", "山田 一郎", "ヤマダ イチロウ", "1980-01-15", "1", "子", "2", "2024-04-01", "いわき市平字田町1", "0"],
        ["1004", "502", "髙橋 ハル", "タカハシ ハル", "1940-07-07", "2", "世帯主", "1", "", "いわき市小名浜花畑町2", "1"],
    ]

    static func csv(header: [String] = header, rows: [[String]] = rows) -> String {
        ([header] + rows).map { CSVCell.line($0.map(CSVCell.quoted)) }.joined()
    }

    /// Imports the standard rows into `dir.data`, returning the live database's bytes.
    @discardableResult
    static func importBaseline(_ dir: TempDir) throws -> Data {
        let file = dir.file("baseline.csv", csv())
        _ = try ResidentImporter(dataDirectory: dir.data).run(file: file)
        return try liveBytes(dir)
    }

    static func liveBytes(_ dir: TempDir) throws -> Data {
        try Data(contentsOf: ResidentRegistry.databaseURL(dataDirectory: dir.data))
    }
}

/// A real journal in a temporary directory, used as the registry's access log, and the
/// `access` records read back from it.
final class AccessTrail {
    let journal: Journal
    let directory: URL
    let clock = FixedClock(iso: "2026-11-25T09:00:00+09:00")

    init(_ dir: TempDir) throws {
        directory = dir.data.appendingPathComponent("journal")
        journal = try Journal.open(directory: directory, terminalID: "mado-01", mode: .live, clock: clock)
    }

    var log: any AccessLog { journal }

    struct Access: Equatable {
        var clerk: String
        var action: String
        var query: String?
        var residents: [String]
    }

    func records() throws -> [Access] {
        try JournalReader(directory: directory, date: CivilDate(year: 2026, month: 11, day: 25)!)
            .records(types: [.access])
            .map { r in
                Access(clerk: r.clerk, action: r["action"]?.stringValue ?? "", query: r["query"]?.stringValue,
                       residents: (r["residents"]?.arrayValue ?? []).compactMap(\.stringValue))
            }
    }

    /// The journal can no longer write: closed, as at shutdown.
    func breakStorage() { journal.close() }
}
