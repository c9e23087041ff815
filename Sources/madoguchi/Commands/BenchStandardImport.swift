import CounterCore
import Foundation

/// `madoguchi bench import --layout standard`: a standard 住民記録 export (history rows, codes,
/// split addresses, 元号 column) imported through its mapping file — where, values, dates, join
/// and columns all at work — timed beside `sqlite3 .import` of the same file, run after run.
struct BenchStandardImport {
    var residents: Int
    var seed: UInt64
    var runs: Int

    func run(scratch: URL) throws {
        let export = StandardExport(town: SyntheticResidents(count: residents, seed: seed))
        let csv = scratch.appendingPathComponent("standard.csv")
        let mappingURL = scratch.appendingPathComponent("standard.yaml")
        try Data(export.mappingYAML.utf8).write(to: mappingURL)
        var clock = ContinuousClock.now
        try export.write(to: csv)
        let size = (try? FileManager.default.attributesOfItem(atPath: csv.path)[.size] as? Int) ?? 0
        print(String(format: "generated a standard export of %d residents (%.1f MB CSV, history rows included) in %.2f s",
                     export.expected().count, Double(size) / 1e6, (ContinuousClock.now - clock).seconds))
        guard let sqlite = Self.sqlite3() else {
            throw CommandFailure.refused("sqlite3 が見つかりません（apt-get install sqlite3）。比べる相手がないため測れません。")
        }
        let mapping: ColumnMapping
        do { mapping = try ColumnMapping.load(url: mappingURL) } catch { throw CommandFailure.refused(error.messages.joined(separator: "\n")) }
        var ours: [Double] = [], theirs: [Double] = []
        var summary: ImportSummary?
        for run in 1...max(1, runs) {
            let data = scratch.appendingPathComponent("data-\(run)")
            clock = ContinuousClock.now
            do {
                summary = try ResidentImporter(dataDirectory: data).run(file: csv, options: ImportOptions(mapping: mapping))
            } catch {
                throw CommandFailure.refused(error.messages.joined(separator: "\n"))
            }
            ours.append((ContinuousClock.now - clock).seconds)
            try? FileManager.default.removeItem(at: data)

            let db = scratch.appendingPathComponent("sqlite-\(run).db")
            let process = Process()
            process.executableURL = sqlite
            process.arguments = [db.path, ".mode csv", ".import \(csv.path) export"]
            clock = ContinuousClock.now
            try process.run()
            process.waitUntilExit()
            theirs.append((ContinuousClock.now - clock).seconds)
            guard process.terminationStatus == 0 else { throw CommandFailure.refused("sqlite3 .import が失敗しました（終了コード \(process.terminationStatus)）。") }
            try? FileManager.default.removeItem(at: db)
            print(String(format: "run %d: madoguchi %.2f s, sqlite3 .import %.2f s (ratio %.2f)", run, ours.last!, theirs.last!, ours.last! / theirs.last!))
        }
        let (m, s) = (ours.sorted()[ours.count / 2], theirs.sorted()[theirs.count / 2])
        if let summary {
            print("imported \(summary.imported) residents, \(summary.households) households; \(summary.filtered) history rows left out by where")
        }
        print(String(format: "median: madoguchi %.2f s, sqlite3 .import %.2f s, ratio %.2f (target ≤ 2)", m, s, m / s))
        print(String(format: "peak memory %.1f MiB (whole process, generation included)", Bench.peakMemoryMiB()))
        print("sqlite3 .import only copies the text into one table; madoguchi checks every value, maps codes, joins, writes search keys and indexes.")
    }

    static func sqlite3() -> URL? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let url = URL(fileURLWithPath: String(dir)).appendingPathComponent("sqlite3")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return nil
    }
}
