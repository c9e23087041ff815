import ArgumentParser
import CounterCore
import Foundation
import JapaneseKit

/// `madoguchi import`: loads data from the city's core systems.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import data exported by the city's core systems.",
        subcommands: [ImportResidentsCommand.self]
    )
}

/// `madoguchi import residents FILE`: replaces the registry with a full snapshot.
struct ImportResidentsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "residents",
        abstract: "Replace the resident registry with a CSV export (UTF-8 or CP932).",
        discussion: """
        The file is a full snapshot: the registry is rebuilt and swapped in only when every row
        is valid (all or nothing). With --skip-invalid, valid rows are imported and the others
        written with reasons to FILE.rejected.csv. A 個人番号 column is refused unless
        --drop-mynumber drops it. A city's standard 住民記録 export imports as it comes with
        --mapping Forms/import/standard.yaml (history rows, codes, split addresses, 元号 codes);
        CP932 外字 are read through Forms/gaiji.yaml. See README, "Importing residents".
        """
    )

    @Argument(help: "The CSV file.") var file: String
    @Option(help: "auto, utf-8 or cp932.") var encoding: String = "auto"
    @Option(help: "Mapping file: which rows, codes, dates, joined and renamed columns (Forms/import/standard.yaml).") var mapping: String?
    @Flag(help: "Import valid rows; write the rejected ones with reasons to a reject file.") var skipInvalid = false
    @Flag(help: "Drop a 個人番号 column with a warning instead of refusing the file.") var dropMynumber = false
    @Option(help: "Where rejected rows go (default FILE.rejected.csv).") var rejectFile: String?
    @OptionGroup var dataDir: DataDirOption
    @OptionGroup var forms: FormsOption

    mutating func run() throws {
        guard let enc = ImportEncoding(rawValue: encoding.lowercased()) else {
            throw CommandFailure.usage("--encoding は auto・utf-8・cp932 のいずれかです。")
        }
        var options = ImportOptions(encoding: enc, skipInvalid: skipInvalid, dropMyNumber: dropMynumber,
                                    rejectFile: rejectFile.map { URL(fileURLWithPath: $0) })
        let stderr = FileHandle.standardError
        // Live residents never go into the demo's directory; a new directory is created private.
        try CounterSession.refusing { try CounterApp.prepareLive(dataDir.directory) }
        defer { dataDir.directory.makePrivate() }
        let (gaiji, gaijiProblems) = GaijiTable.load(formsDirectory: forms.url)
        guard gaijiProblems.isEmpty else {
            throw CommandFailure.refused(gaijiProblems.map { "外字の表 " + DisplaySanitizer.sanitize($0.description) }.joined(separator: "\n"))
        }
        options.gaiji = gaiji
        do {
            if let mapping { options.mapping = try ColumnMapping.load(url: URL(fileURLWithPath: mapping)) }
            let onTerminal = isatty(STDERR_FILENO) == 1
            let start = Date()
            let summary = try ResidentImporter(dataDirectory: dataDir.url).run(
                file: URL(fileURLWithPath: file), options: options,
                progress: onTerminal ? { rows in
                    stderr.write(Data("\r取り込み中… \(rows) 件（\(Int(Date().timeIntervalSince(start))) 秒）".utf8))
                } : nil)
            if onTerminal { stderr.write(Data("\r\u{1B}[K".utf8)) }
            for warning in summary.warnings { stderr.write(Data((warning + "\n").utf8)) }
            var text = "住民データを取り込みました: \(summary.imported) 人、\(summary.households) 世帯（\(summary.encoding.displayName)）。"
            if summary.filtered > 0 { text += "\n対応ファイルの where で除いた行（履歴など）: \(summary.filtered) 行。" }
            if let reject = summary.rejectFile {
                text += "\n取り込まなかった行: \(summary.rejected) 行（理由は \(reject.path)）。"
            }
            print(text)
        } catch {
            throw CommandFailure.refused(error.messages.joined(separator: "\n"))
        }
    }
}
