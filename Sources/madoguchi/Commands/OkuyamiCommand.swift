import ArgumentParser
import CounterCore
import Foundation
import JapaneseKit

/// `madoguchi okuyami`: the bereavement counter's checklist, cases and rules.
struct OkuyamiCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "okuyami",
        abstract: "おくやみ窓口: the procedures a death leaves to the family, with deadlines, cases and a handout.",
        subcommands: [OkuyamiCase.self, OkuyamiRules.self]
    )
}

/// `madoguchi okuyami case CASE [--set ITEM=STATUS]... [--json] [--pdf OUT.pdf]`.
struct OkuyamiCase: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "case",
        abstract: "Show or update a bereavement case by its number (OK-YYYYMMDD-NNNN).",
        discussion: """
        STATUS is 未着手, 完了, 対象外 or 後日 (or todo, done, na, later). Every change is stored with the
        clerk and the time, and written to the journal.
        --json prints {"case","deceased_id","date_of_death","items":[{"id","title","department","due","status",
        "changed_at","changed_by"}],"history":[{"item","from","to","at","clerk"}]} with dates as ISO or null.
        """
    )

    @Argument(help: ArgumentHelp("Case number.", valueName: "case")) var number: String
    @Option(name: .customLong("set"), help: ArgumentHelp("Set an item's status.", valueName: "item=status")) var changes: [String] = []
    @Flag(name: .long, help: "Machine-readable output.") var json = false
    @Option(name: .long, help: ArgumentHelp("Write the family handout (お手続き一覧) to this PDF.", valueName: "out.pdf")) var pdf: String?
    @OptionGroup var dataDir: DataDirOption
    @OptionGroup var forms: FormsOption
    @OptionGroup var clerk: ClerkOption

    func run() throws {
        var parsed: [(String, CaseItemStatus)] = []
        for change in changes {
            let parts = change.split(separator: "=", maxSplits: 1).map { String($0).trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty else {
                throw CommandFailure.usage("--set は 手続ID=状態 の形で書いてください（例: --set setainushi_henko=完了）。")
            }
            guard let status = CaseItemStatus(word: parts[1]) else {
                throw CommandFailure.usage("状態「\(DisplaySanitizer.sanitize(parts[1]))」は使えません。未着手, 完了, 対象外, 後日（todo, done, na, later）のどれかにしてください。")
            }
            parsed.append((parts[0], status))
        }
        let context = try OkuyamiContext(dataDir: dataDir, journaled: !parsed.isEmpty)
        var bereavementCase = try context.run { try context.store.load(number: number) }
        for (item, status) in parsed {
            bereavementCase = try context.run { try context.store.setStatus(status, item: item, number: number, clerk: clerk.resolved) }
        }
        let history = try context.run { try context.store.history(number: number) }
        if let pdf {
            let book = BereavementRuleBook.load(directory: forms.url)
            try OkuyamiOutput.writeHandout(bereavementCase, to: pdf, cityName: context.config.cityName, order: book.walkingOrder)
        }
        if json {
            OkuyamiOutput.printJSON(OkuyamiOutput.caseJSON(bereavementCase, history: history))
        } else {
            OkuyamiOutput.printCase(bereavementCase, history: history)
        }
    }
}

/// `madoguchi okuyami rules [DIR]`: checks Forms/bereavement; every problem as `file:line: message`.
struct OkuyamiRules: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "Check the bereavement rules and the walking order (Forms/bereavement).",
        discussion: "Prints nothing and exits 0 when sound; otherwise each problem as file:line: message and exit 1. --list lists the rules."
    )

    @Argument(help: ArgumentHelp("Forms directory (default: --forms).", valueName: "dir")) var directory: String?
    @OptionGroup var forms: FormsOption
    @Flag(name: .long, help: "List the rules in walking order.") var list = false

    func run() throws {
        let url = directory.map { URL(fileURLWithPath: $0) } ?? forms.url
        let book = BereavementRuleBook.load(directory: url, forms: FormLibrary.load(directory: url))
        for problem in book.problems {
            FileHandle.standardError.write(Data((DisplaySanitizer.sanitize(problem.description) + "\n").utf8))
        }
        if list {
            let order = book.walkingOrder
            let sorted = book.rules.enumerated().sorted { a, b in
                (order.position(of: a.element.department), a.offset) < (order.position(of: b.element.department), b.offset)
            }.map(\.element)
            let idWidth = sorted.map { DisplayWidth.of($0.id) }.max() ?? 0
            for rule in sorted {
                let deadline = rule.deadlineText ?? rule.deadline?.text ?? ""
                print(DisplayWidth.padded(rule.id, to: idWidth) + "  " + DisplaySanitizer.sanitize("\(rule.department)  \(rule.title)  \(deadline)"))
            }
        }
        if !book.problems.isEmpty { throw ExitCode(1) }
    }
}

// MARK: - Shared

/// The data directory's config, journal and case store, opened for one command.
struct OkuyamiContext {
    let config: AppConfig
    let store: BereavementCaseStore
    let journal: Journal?

    /// Opens the case store; with `journaled`, the counter's journal too (every case write is journaled).
    init(dataDir: DataDirOption, journaled: Bool) throws {
        config = try dataDir.config()
        let clock = SystemClock()
        do {
            journal = journaled ? try Journal.open(directory: dataDir.url.appendingPathComponent("journal"), terminalID: config.terminalID,
                                                   mode: .live, clock: clock) : nil
        } catch {
            throw CommandFailure.refused("ジャーナルを開けません（\(error)）。データフォルダの権限と空き容量を確かめてください。")
        }
        do {
            store = try BereavementCaseStore(dataDirectory: dataDir.url, clock: clock, journal: journal)
        } catch let error as BereavementCaseError {
            throw CommandFailure.refused(error.message)
        }
    }

    /// Runs a store call, turning its errors into the command's refusals.
    func run<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as BereavementCaseError {
            throw CommandFailure.refused(error.message)
        } catch let error as JournalError {
            throw CommandFailure.refused("ジャーナルに書き込めないため記録しませんでした（\(error)）。管理者に連絡してください。")
        }
    }
}

/// Text, JSON and PDF output shared by the okuyami commands.
enum OkuyamiOutput {
    static func dateText(_ date: CivilDate?) -> String {
        guard let date else { return "" }
        return "\(date.warekiLong)（\(date.weekdaySymbol)）\(date.iso)"
    }

    static func printCase(_ c: BereavementCase, history: [CaseStatusChange]) {
        print(DisplaySanitizer.sanitize("受付番号 \(c.number)  故 \(c.deceasedName)（\(c.deceasedID)）  死亡日 \(dateText(c.dateOfDeath))"))
        var department = ""
        for entry in c.items {
            let item = entry.item
            if item.department != department {
                department = item.department
                print(DisplaySanitizer.sanitize("■ \(department)  \(item.counter)"))
            }
            let due = item.due.map { "期限 " + dateText($0) } ?? "期限 " + (item.deadlineText.isEmpty ? "なし" : item.deadlineText)
            print(DisplaySanitizer.sanitize("  [\(entry.status.japaneseName)] \(item.id)  \(item.title)  \(due)"))
        }
        if !history.isEmpty {
            print("履歴:")
            for change in history {
                print(DisplaySanitizer.sanitize("  \(JapanClock.text(change.at))  \(change.itemID)  \(change.from.japaneseName)→\(change.to.japaneseName)  \(change.clerk)"))
            }
        }
    }

    static func caseJSON(_ c: BereavementCase, history: [CaseStatusChange]) -> [String: Any] {
        [
            "case": c.number,
            "deceased_id": c.deceasedID,
            "date_of_death": c.dateOfDeath.iso,
            "funeral_date": c.funeralDate?.iso as Any? ?? NSNull(),
            "items": c.items.map { entry -> [String: Any] in
                [
                    "id": entry.item.id, "title": entry.item.title, "department": entry.item.department,
                    "due": entry.item.due?.iso as Any? ?? NSNull(), "status": entry.status.rawValue,
                    "changed_at": entry.changedAt.map(JapanClock.iso) as Any? ?? NSNull(),
                    "changed_by": entry.changedBy as Any? ?? NSNull(),
                ]
            },
            "history": history.map { change -> [String: Any] in
                ["item": change.itemID, "from": change.from.rawValue, "to": change.to.rawValue,
                 "at": JapanClock.iso(change.at), "clerk": change.clerk]
            },
        ]
    }

    static func printJSON(_ object: Any) {
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]) else { return }
        print(String(decoding: data, as: UTF8.self))
    }

    static func writeHandout(_ c: BereavementCase, to path: String, cityName: String, order: WalkingOrder) throws {
        let document = BereavementHandout.document(for: c, cityName: cityName, walkingOrder: order, created: Date())
        do {
            try document.data().write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw CommandFailure.refused("PDF を書き込めません: \(path)（\(error.localizedDescription)）。保存先を確かめてください。")
        }
        FileHandle.standardError.write(Data("お手続き一覧を書き出しました: \(path)\n".utf8))
    }
}

/// Time stamps in Japan time for command output.
enum JapanClock {
    static func iso(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "Asia/Tokyo")
        return formatter.string(from: date)
    }

    static func text(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "Asia/Tokyo")
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: date)
    }
}
