import ArgumentParser
import CounterCore
import Foundation
import JapaneseKit

/// `madoguchi journal verify|show`: checks and lists the counter's journal.
struct JournalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "journal",
        abstract: "Check (verify) and list (show) the journal: access log, issuance log and payment journal.",
        discussion: """
        The journal is <data-dir>/journal/YYYY/MM/DD/<terminal-id>.jsonl: one hash-chained file per \
        terminal per day. Dates are ISO (2026-11-25) or as clerks type them (R8.11.25, 令和8年11月25日); \
        the default is today in Japan.
        """,
        subcommands: [Verify.self, Show.self, StressAppend.self]
    )

    // MARK: - verify

    /// `madoguchi journal verify`: read-only check of every file in a date range.
    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify",
            abstract: "Check hashes, chain, seq numbers, times, headers, modes, day seals and the witness (read-only).",
            discussion: """
            Prints, per file, PASS/WARN/FAIL, the record count, seq and time range and the last hash, \
            then each finding with its record number (0 = header) and byte offset:
              HASH_MISMATCH  a line was changed after it was written
              CHAIN_BREAK    prev does not match the line (or file) before
              SEQ_GAP        a sequence number is missing
              SEQ_DUP        a sequence number repeats or goes backwards
              TORN_TAIL      the file ends in a write cut short by a crash (WARN; the next start repairs it)
              TIME_REGRESSION a time earlier than the record before (WARN; the clock was set back)
              MODE_MISMATCH  LIVE and TRAINING files in one journal directory
              BAD_HEADER     the first line is missing or wrong
              BAD_RECORD     a line in the middle is unreadable
              MISSING_PREDECESSOR the header links to an earlier file that is gone or empty
              EMPTIED        a file emptied where records were (a later file or the witness says so)
              RECORDS_MISSING records the witness saw (or the writer found gone on restart) are not there
              WITNESS_MISMATCH the last line the witness saw was rewritten
              WITNESS_MISSING the witness of a journal that keeps one is gone (WARN)
              SEAL_MISMATCH  a sealed day's records disagree with its day_closed seal
              AFTER_SEAL     payments of a sealed day the seal does not cover (WARN)
              FORK           the hub refused a record that differs from its copy (supervisor sources only)
            The witness is <data-dir>/state/witness (and witness_dir in config.yaml); README.md \
            says what the journal can and cannot prove. Findings are explained in Japanese; --json \
            keeps the codes above with a Japanese "message".
            Exit status: 0 all pass, 1 warnings only, 2 any failure (also bad usage).
            """
        )

        @OptionGroup var dataDir: DataDirOption
        @Option(help: ArgumentHelp("One day (default: today in Japan).", valueName: "date")) var date: String?
        @Option(help: ArgumentHelp("First day of a range (with --to).", valueName: "date")) var from: String?
        @Option(help: ArgumentHelp("Last day of a range (with --from).", valueName: "date")) var to: String?
        @Option(name: .customLong("seal-hash"), help: ArgumentHelp(
            "The 封印ハッシュ printed on the day's stamped 日計表 (12 or more hex digits); needs --date.", valueName: "hex"))
        var sealHash: String?
        @Flag(help: "Print one JSON object on stdout.") var json = false

        func run() throws {
            if sealHash != nil && date == nil {
                throw CommandFailure.usage("--seal-hash は --date と一緒に指定してください（その日の日計表の封印ハッシュ）。")
            }
            if let sealHash, SensitiveNumbers.firstKind(in: sealHash) != nil {
                throw CommandFailure.usage("--seal-hash にカード番号または個人番号のような数字があります（表示しません）。日計表の封印ハッシュを入力してください。")
            }
            let (first, last) = try JournalCommand.range(date: date, from: from, to: to)
            let journalDir = dataDir.url.appendingPathComponent("journal")
            // A mistyped --data-dir holds nothing to verify: never a PASS for a folder that is no counter's.
            guard dataDir.directory.isInitialized || FileManager.default.fileExists(atPath: journalDir.path) else {
                throw CommandFailure.refused("\(DisplaySanitizer.sanitize(dataDir.url.path)) は窓口のデータディレクトリではありません"
                                             + "（config.yaml もジャーナルもありません）。--data-dir を確かめてください。")
            }
            let witnesses = try dataDir.config().witnessDirectories(dataDirectory: dataDir.url)
            let result: JournalVerification
            var printed: JournalFinding?
            do {
                let verifier = JournalVerifier(directory: journalDir, witnessDirectories: witnesses)
                // A range of many days takes a while: its progress goes to a terminal's stderr.
                let onTerminal = isatty(STDERR_FILENO) == 1 && first < last
                let started = Date()
                result = try verifier.verify(from: first, to: last, progress: onTerminal ? { p in
                    FileHandle.standardError.write(Data(("\r検証中… \(p.day.iso) まで \(p.files)/\(p.totalFiles) ファイル、"
                        + "\(p.records) 件（\(Int(Date().timeIntervalSince(started))) 秒）").utf8))
                } : nil)
                if onTerminal { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
                printed = try sealHash.flatMap { try verifier.checkPrintedSeal(date: first, printedHash: $0) }
            } catch {
                throw CommandFailure.refused(JournalCommand.message(for: error))
            }
            if json {
                var members = JournalCommand.json(result, from: first, to: last).objectValue ?? [:]
                if sealHash != nil {
                    members["printed_seal"] = [
                        "status": .string(printed == nil ? "PASS" : "FAIL"),
                        "message": .string(printed?.detail ?? "印刷された日計表の封印ハッシュと一致します"),
                    ]
                    if printed != nil { members["status"] = "FAIL" }
                }
                print(JournalValue.object(members).description)
            } else {
                print(JournalCommand.text(result, from: first, to: last), terminator: "")
                if sealHash != nil {
                    print(printed.map { "FAIL SEAL_MISMATCH  \(DisplaySanitizer.sanitize($0.detail))" } ?? "PASS  印刷された日計表の封印ハッシュと一致します")
                }
            }
            if printed != nil { throw ExitCode(2) }
            if result.exitCode != 0 { throw ExitCode(result.exitCode) }
        }
    }

    // MARK: - show

    /// `madoguchi journal show`: the records of a day, for supervisors.
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "List the records of a day (optionally of one type).",
            discussion: """
            Types: \(JournalRecordType.allCases.map(\.rawValue).joined(separator: ", ")). \
            Damaged lines are left out; every line with a problem is named on stderr (run verify); \
            exit 1 when there were any. \
            --json prints one JSON object per line (seq, ts, type, clerk, terminal, fields, h). \
            The records say who looked at whom: a supervisor signs in (--clerk and their PIN).
            """
        )

        @OptionGroup var dataDir: DataDirOption
        @OptionGroup var clerk: ClerkOption
        @Option(help: ArgumentHelp("The day (default: today in Japan).", valueName: "date")) var date: String?
        @Option(help: ArgumentHelp("Only records of this type.", valueName: "type")) var type: String?
        @Option(help: ArgumentHelp("Only this terminal's records.", valueName: "id")) var terminal: String?
        @Flag(help: "One JSON object per record on stdout.") var json = false

        func run() throws {
            let (day, _) = try JournalCommand.range(date: date, from: nil, to: nil)
            var types: Set<JournalRecordType>?
            if let type {
                guard let t = JournalRecordType(rawValue: type) else {
                    throw CommandFailure.usage("種別 \(DisplaySanitizer.sanitize(type)) はありません。次のいずれかを指定してください: "
                                               + JournalRecordType.allCases.map(\.rawValue).joined(separator: ", "))
                }
                types = [t]
            }
            let app = try CounterSession.open(dataDir, purpose: dataDir.directory.isDemo ? .training : .live)
            _ = try CounterSession.signIn(app, clerk, supervisor: true)
            let reader = JournalReader(directory: dataDir.url.appendingPathComponent("journal"), date: day,
                                       terminal: terminal, skipDamaged: true)
            let result: JournalReader.Result
            do { result = try reader.read(types: types) } catch {
                throw CommandFailure.refused(JournalCommand.message(for: error))
            }
            var out = ""
            for record in result.records {
                if json {
                    let object: JournalValue = [
                        "seq": .int(record.seq), "ts": .string(record.ts), "type": .string(record.typeName),
                        "clerk": .string(record.clerk), "terminal": .string(record.terminal),
                        "file": .string(record.file.relativePath), "record": .int(record.record),
                        "fields": .object(record.fields), "h": .string(record.hash),
                    ]
                    out += object.description + "\n"
                } else {
                    let time = String(record.ts.dropFirst(11).prefix(12))
                    let fields = record.fields.keys.sorted().map { "\($0)=\(JournalCommand.plain(record.fields[$0]!))" }
                    let line = "\(time)  \(record.terminal)  #\(record.seq)  \(record.typeName)  \(record.clerk)  "
                        + fields.joined(separator: " ")
                    out += DisplaySanitizer.sanitize(line) + "\n"
                }
            }
            if !json && result.records.isEmpty {
                FileHandle.standardError.write(Data("\(day.iso) の記録はありません。\n".utf8))
            }
            print(out, terminator: "")
            if !result.damaged.isEmpty {
                for (file, finding) in result.damaged {
                    let text = "問題のある行: \(file.relativePath) 行\(finding.record)（\(finding.offset) バイト目、\(finding.code.rawValue) \(finding.code.title)）"
                    FileHandle.standardError.write(Data((DisplaySanitizer.sanitize(text) + "\n").utf8))
                }
                FileHandle.standardError.write(Data("madoguchi journal verify で確認してください。\n".utf8))
                throw ExitCode(1)
            }
        }
    }

    // MARK: - stress-append (hidden)

    /// Appends in a loop and prints each acknowledged seq, flushed: the crash test kills it.
    struct StressAppend: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "stress-append",
            abstract: "Append records in a loop, printing each acknowledged seq (for crash tests).",
            shouldDisplay: false
        )

        @OptionGroup var dataDir: DataDirOption
        @Option(help: "Records to append.") var count = 1000
        @Option(help: "Terminal id.") var terminal = "stress"

        func run() throws {
            let journal: Journal
            do {
                journal = try Journal.open(directory: dataDir.url.appendingPathComponent("journal"), terminalID: terminal,
                                           mode: .live, clock: SystemClock(), appVersion: Madoguchi.version)
            } catch {
                throw CommandFailure.refused(JournalCommand.message(for: error))
            }
            for i in 0..<count {
                let record: AppendedRecord
                do {
                    record = try journal.append(.access, clerk: "stress", fields: [
                        "action": "view", "resident": .string(String(1_000_000 + i % 9_000_000)),
                        "note": .string("負荷試験 \(i)"),
                    ])
                } catch {
                    throw CommandFailure.refused(JournalCommand.message(for: error))
                }
                let line = "\(record.seq)\n"
                // One write per line, straight to the descriptor, so nothing waits in a buffer.
                _ = line.utf8CString.withUnsafeBufferPointer { write(1, $0.baseAddress, $0.count - 1) }
            }
        }
    }

    // MARK: - Shared

    /// The day range from `--date` or `--from/--to`; today in Japan by default.
    static func range(date: String?, from: String?, to: String?) throws -> (CivilDate, CivilDate) {
        if date != nil && (from != nil || to != nil) {
            throw CommandFailure.usage("--date と --from/--to は同時に指定できません。どちらか一方にしてください。")
        }
        func parse(_ text: String, _ option: String) throws -> CivilDate {
            do { return try JapaneseDate.parse(text) } catch {
                throw CommandFailure.usage("\(option): \(error.message)")
            }
        }
        if let date { let d = try parse(date, "--date"); return (d, d) }
        switch (from, to) {
        case (nil, nil):
            let today = SystemClock().today()
            return (today, today)
        case (let f?, let t?):
            let a = try parse(f, "--from"), b = try parse(t, "--to")
            guard a <= b else { throw CommandFailure.usage("--from（\(a.iso)）が --to（\(b.iso)）より後です。順に指定してください。") }
            return (a, b)
        default:
            throw CommandFailure.usage("--from と --to は両方指定してください。")
        }
    }

    static func text(_ result: JournalVerification, from: CivilDate, to: CivilDate) -> String {
        var out = ""
        let period = from == to ? from.iso : "\(from.iso) 〜 \(to.iso)"
        if result.files.isEmpty {
            return "ジャーナルのファイルがありません（\(period)）。\n"
        }
        for file in result.files {
            if file.missing {
                out += DisplaySanitizer.sanitize("\(file.status.rawValue)  \(file.file.relativePath)  ファイルがありません") + "\n"
                for f in file.findings { out += DisplaySanitizer.sanitize("    \(f.severity.rawValue) \(f.code.rawValue)  \(f.code.title)  \(f.detail)") + "\n" }
                continue
            }
            var line = "\(file.status.rawValue)  \(file.file.relativePath)  \(file.mode?.rawValue ?? "?")  \(file.records)件"
            if let a = file.firstSeq, let b = file.lastSeq { line += "  seq \(a)–\(b)" }
            if let a = file.firstTime, let b = file.lastTime {
                line += "  \(a.dropFirst(11).prefix(8))–\(b.dropFirst(11).prefix(8))"
            }
            line += "  last \(file.lastHash ?? "-")"
            out += DisplaySanitizer.sanitize(line) + "\n"
            for f in file.findings {
                var detail = "    \(f.severity.rawValue) \(f.code.rawValue)  record \(f.record)  offset \(f.offset)"
                if let seq = f.seq { detail += "  seq \(seq)" }
                detail += "  \(f.code.title)：\(f.detail)"
                out += DisplaySanitizer.sanitize(detail) + "\n"
            }
        }
        let counts = [JournalStatus.pass, .warn, .fail].map { s in "\(s.rawValue) \(result.files.filter { $0.status == s }.count)" }
        out += "結果: \(result.status.rawValue)（\(period)、\(result.files.count) ファイル: \(counts.joined(separator: ", "))）\n"
        return out
    }

    static func json(_ result: JournalVerification, from: CivilDate, to: CivilDate) -> JournalValue {
        func opt(_ s: String?) -> JournalValue { s.map { .string($0) } ?? .null }
        func opt(_ n: Int?) -> JournalValue { n.map { .int($0) } ?? .null }
        let files: [JournalValue] = result.files.map { file in
            [
                "file": .string(file.file.relativePath), "terminal": .string(file.file.terminal),
                "date": .string(file.file.date.iso), "segment": .int(file.file.segment),
                "mode": opt(file.mode?.rawValue), "status": .string(file.status.rawValue), "missing": .bool(file.missing),
                "records": .int(file.records), "first_seq": opt(file.firstSeq), "last_seq": opt(file.lastSeq),
                "first_ts": opt(file.firstTime), "last_ts": opt(file.lastTime), "last_hash": opt(file.lastHash),
                "findings": .array(file.findings.map { f in
                    ["code": .string(f.code.rawValue), "severity": .string(f.severity.rawValue), "record": .int(f.record),
                     "offset": .int(f.offset), "seq": opt(f.seq), "title": .string(f.code.title), "message": .string(f.detail)]
                }),
            ]
        }
        return ["from": .string(from.iso), "to": .string(to.iso), "status": .string(result.status.rawValue),
                "files": .array(files)]
    }

    /// A field value for one text line: strings bare, the rest as JSON.
    static func plain(_ value: JournalValue) -> String {
        if case .string(let s) = value { return s }
        return value.description
    }

    /// Tells on stderr what opening the journal repaired or found missing.
    static func reportRecoveries(of journal: Journal) {
        for recovery in journal.recoveries {
            FileHandle.standardError.write(Data(("注意: " + DisplaySanitizer.sanitize(recovery.message) + "\n").utf8))
        }
    }

    /// What to tell a clerk or supervisor about a journal error.
    static func message(for error: Error) -> String { CounterMessage.text(for: error) }
}
