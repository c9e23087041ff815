import ArgumentParser
import CounterCore
import Foundation
import JapaneseKit

/// `madoguchi okuyami`: the bereavement counter's checklist, cases and rules.
struct OkuyamiCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "okuyami",
        abstract: "おくやみ窓口: the procedures a death leaves to the family, with deadlines, cases and a handout.",
        subcommands: [OkuyamiOpen.self, OkuyamiCase.self, OkuyamiRules.self],
        defaultSubcommand: OkuyamiOpen.self
    )
}

/// `madoguchi okuyami --deceased ID [...]`: the checklist for one death; opens a case.
struct OkuyamiOpen: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "open",
        abstract: "The checklist for one death, grouped by department in walking order; opens a case and prints its number.",
        discussion: """
        The date of death comes from --date-of-death, else from the record when its status is 死亡 (異動日);
        one of them is required. Dates accept every form the counter reads (2026-11-10, R8.11.10, 令和8年11月10日…).
        --json prints {"case","deceased_id","date_of_death","items":[{"id","title","department","counter","due",
        "deadline","documents","form","reason","applicants","note","amount","questions","context"}]} with "due" as ISO or null
        ("context" true for procedures outside the city, listed for reference); with
        --explain also "not_applicable":[{"id","title","reason"}].
        Some facts only the family knows (生計を同じくしていた方, past contributions, 厚生年金 or not): the rules ask them.
        Give each answer with --answer key=value; an unanswered question leaves its items 要確認 with the question
        ("questions":[{"key","label","text","answers"}]); answer later with `okuyami case CASE --answer key=value`.
        """
    )

    @Option(name: .long, help: ArgumentHelp("宛名番号 of the deceased.", valueName: "id")) var deceased: String
    @Option(name: .customLong("date-of-death"), help: ArgumentHelp("Date of death.", valueName: "date")) var dateOfDeath: String?
    @Option(name: .customLong("funeral-date"), help: ArgumentHelp("Date of the funeral (葬祭費).", valueName: "date")) var funeralDate: String?
    @Option(name: .customLong("known-date"), help: ArgumentHelp("Day the death became known (default: the date of death).", valueName: "date"))
    var knownDate: String?
    @Option(name: .long, help: ArgumentHelp("宛名番号 of the person at the counter.", valueName: "id")) var applicant: String?
    @Option(name: .customLong("answer"), help: ArgumentHelp("The family's answer to a question of the rules.", valueName: "key=value"))
    var answers: [String] = []
    @Flag(name: .long, help: "Machine-readable output.") var json = false
    @Flag(name: .long, help: "Also list the procedures that do not apply, with why.") var explain = false
    @Option(name: .long, help: ArgumentHelp("Write the family handout (お手続き一覧) to this PDF.", valueName: "out.pdf")) var pdf: String?
    @Option(name: .customLong("forms-pdf"), help: ArgumentHelp("Write the checklist's forms, pre-filled, to this PDF.", valueName: "out.pdf"))
    var formsPDF: String?
    @OptionGroup var dataDir: DataDirOption
    @OptionGroup var forms: FormsOption
    @OptionGroup var clerk: ClerkOption

    func run() throws {
        let deathOption = try dateOfDeath.map { try Self.date($0, option: "--date-of-death") }
        let funeral = try funeralDate.map { try Self.date($0, option: "--funeral-date") }
        let known = try knownDate.map { try Self.date($0, option: "--known-date") }
        let given = try OkuyamiOutput.answers(answers)

        let app = try CounterSession.open(dataDir, forms: forms)
        guard app.rules.problems.isEmpty else {
            for problem in app.rules.problems {
                FileHandle.standardError.write(Data((DisplaySanitizer.sanitize(problem.description) + "\n").utf8))
            }
            throw CommandFailure.refused("おくやみ手続ルールに問題があるためチェックリストを作れません。上の行を直してください（madoguchi okuyami rules で確認）。")
        }
        let clerkID = try CounterSession.signIn(app, clerk).id
        let dates = CounterApp.DeathDates(dateOfDeath: deathOption, funeralDate: funeral, knownDate: known)
        let opened: CounterApp.OpenedBereavement
        do {
            opened = try app.openBereavementCase(deceasedID: deceased, dates: dates, applicantID: applicant, answers: given,
                                                 clerk: clerkID)
        } catch {
            if case .dates(let field, _) = error {
                let hint = field == .dateOfDeath && deathOption == nil ? "住民記録がまだ死亡になっていないときは --date-of-death で死亡日を指定してください。" : ""
                throw CommandFailure.usage(error.message + hint)
            }
            throw CommandFailure.refused(error.message)
        }
        let bereavementCase = opened.bereavementCase
        if let pdf {
            _ = try CounterSession.refusing {
                try app.printHandout(bereavementCase, clerk: clerkID, to: .file(URL(fileURLWithPath: pdf)))
            }
            FileHandle.standardError.write(Data("お手続き一覧を書き出しました: \(DisplaySanitizer.sanitize(pdf))\n".utf8))
        }
        if let formsPDF {
            try OkuyamiOutput.issueForms(of: bereavementCase, app: app, clerk: clerkID, to: formsPDF)
        }
        let checklist = opened.checklist
        if json {
            var object: [String: Any] = [
                "case": bereavementCase.number, "deceased_id": opened.deceased.id, "date_of_death": checklist.facts.dateOfDeath.iso,
                "items": checklist.items.map(OkuyamiOutput.itemJSON),
            ]
            if explain {
                object["not_applicable"] = checklist.skipped.map { ["id": $0.id, "title": $0.title, "reason": $0.reason] }
            }
            OkuyamiOutput.printJSON(object)
        } else {
            OkuyamiOutput.printChecklist(checklist, caseNumber: bereavementCase.number, explain: explain)
        }
    }

    static func date(_ text: String, option: String) throws -> CivilDate {
        if SensitiveNumbers.firstKind(in: text) != nil {
            throw CommandFailure.usage("\(option) に番号のような数字があります（表示しません）。日付を 2026-11-10 や R8.11.10 の形で指定してください。")
        }
        do { return try JapaneseDate.parse(text) } catch {
            throw CommandFailure.usage("\(option): \(error.message)")
        }
    }
}

/// `madoguchi okuyami case CASE [--set ITEM=STATUS]... [--json] [--pdf OUT.pdf]`.
struct OkuyamiCase: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "case",
        abstract: "Show or update a bereavement case by its number (OKYYYYMMDD-NNNN).",
        discussion: """
        STATUS is 未着手, 完了, 対象外 or 後日 (or todo, done, na, later). Every change is stored with the
        clerk and the time, and written to the journal. --answer key=value records the family's answer to a
        question of the rules (journaled); items that waited on it are added, rewritten or removed.
        --json prints {"case","deceased_id","date_of_death","items":[{"id","title","department","due","status",
        "changed_at","changed_by"}],"history":[{"item","from","to","at","clerk"}]} with dates as ISO or null.
        """
    )

    @Argument(help: ArgumentHelp("Case number.", valueName: "case")) var number: String
    @Option(name: .customLong("set"), help: ArgumentHelp("Set an item's status.", valueName: "item=status")) var changes: [String] = []
    @Option(name: .customLong("answer"), help: ArgumentHelp("The family's answer to a question of the rules.", valueName: "key=value"))
    var answers: [String] = []
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
        let given = try OkuyamiOutput.answers(answers)
        let app = try CounterSession.open(dataDir, forms: forms)
        let clerkID = try CounterSession.signIn(app, clerk).id
        let bereavementCase = try CounterSession.refusing {
            // The case shows the deceased's name: the view is journaled before anything is shown.
            var loaded = try app.loadBereavementCase(number, clerk: clerkID)
            if !given.isEmpty { loaded = try app.answerBereavementQuestions(given, number: number, clerk: clerkID) }
            return parsed.isEmpty ? loaded : try app.setBereavementStatus(parsed.map { (item: $0.0, status: $0.1) }, number: number,
                                                                            clerk: clerkID)
        }
        let history = try CounterSession.refusing {
            try app.bereavementHistory(number)
        }
        if let pdf {
            _ = try CounterSession.refusing {
                try app.printHandout(bereavementCase, clerk: clerkID, to: .file(URL(fileURLWithPath: pdf)))
            }
            FileHandle.standardError.write(Data("お手続き一覧を書き出しました: \(DisplaySanitizer.sanitize(pdf))\n".utf8))
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

/// Text, JSON and PDF output shared by the okuyami commands.
enum OkuyamiOutput {
    static func dateText(_ date: CivilDate?) -> String {
        guard let date else { return "" }
        return "\(date.warekiLong)（\(date.weekdaySymbol)）\(date.iso)"
    }

    static func itemJSON(_ item: ChecklistItem) -> [String: Any] {
        [
            "id": item.id, "title": item.title, "department": item.department, "counter": item.counter,
            "due": item.due?.iso as Any? ?? NSNull(), "deadline": item.deadlineText, "documents": item.documents,
            "form": item.form as Any? ?? NSNull(), "reason": item.reason, "applicants": item.applicants,
            "note": item.note as Any? ?? NSNull(), "amount": item.amount as Any? ?? NSNull(),
            "questions": item.questions.map(questionJSON), "context": item.context,
        ]
    }

    static func questionJSON(_ q: RuleQuestion) -> [String: Any] {
        ["key": q.key, "label": q.label, "text": q.text, "answers": q.answers]
    }

    /// `--answer key=value` options as answers (checked against the rules by the app).
    static func answers(_ options: [String]) throws -> [String: String] {
        var out: [String: String] = [:]
        for option in options {
            let parts = option.split(separator: "=", maxSplits: 1).map { String($0).trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw CommandFailure.usage("--answer は 質問キー=答え の形で書いてください（例: --answer seikei_doitsu=はい）。")
            }
            if SensitiveNumbers.firstKind(in: option) != nil {
                throw CommandFailure.usage("--answer に番号のような数字があります（表示しません）。答えは質問の選択肢から選んでください。")
            }
            out[parts[0]] = parts[1]
        }
        return out
    }

    /// The lines under a 要確認 item: each open question, its key and its answers.
    static func questionLines(_ item: ChecklistItem) -> [String] {
        item.questions.map { "      要確認: \($0.text)  → --answer \($0.key)=\($0.answers.joined(separator: "|"))" }
    }

    static func printChecklist(_ checklist: BereavementChecklist, caseNumber: String, explain: Bool) {
        let facts = checklist.facts
        print(DisplaySanitizer.sanitize("受付番号 \(caseNumber)  故 \(facts.deceased.name)（\(facts.deceased.id)）  死亡日 \(dateText(facts.dateOfDeath))  \(facts.ageAtDeath)歳"))
        for group in checklist.groups {
            let d = group.department
            print("")
            print(DisplaySanitizer.sanitize("■ \(d.name)  \(d.counter)" + (d.phone.isEmpty ? "" : "  電話 \(d.phone)")))
            for item in group.items {
                let due = item.due.map { "期限 " + dateText($0) } ?? "期限 " + (item.deadlineText.isEmpty ? "なし" : item.deadlineText)
                print(DisplaySanitizer.sanitize("  \(item.needsAnswers ? "？" : "□") \(item.title)  [\(item.id)]  \(due)"
                                                + (item.needsAnswers ? "  要確認" : "")))
                print(DisplaySanitizer.sanitize("      理由: \(item.reason)"))
                for line in questionLines(item) { print(DisplaySanitizer.sanitize(line)) }
                if let amount = item.amount { print(DisplaySanitizer.sanitize("      \(amount)")) }
                if !item.documents.isEmpty { print(DisplaySanitizer.sanitize("      持ち物: \(item.documents.joined(separator: "、"))")) }
                if let form = item.form { print(DisplaySanitizer.sanitize("      帳票: \(form)")) }
                if item.counter != d.counter { print(DisplaySanitizer.sanitize("      窓口: \(item.counter)")) }
            }
        }
        if checklist.items.isEmpty { print("該当する手続きはありません。") }
        if explain {
            print("")
            print("対象外の手続き:")
            for skipped in checklist.skipped {
                print(DisplaySanitizer.sanitize("  - \(skipped.title)  [\(skipped.id)]  \(skipped.reason)"))
            }
        }
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
            let status = entry.status == .todo && item.needsAnswers ? "要確認" : entry.status.japaneseName
            print(DisplaySanitizer.sanitize("  [\(status)] \(item.id)  \(item.title)  \(due)"))
            for line in questionLines(item) { print(DisplaySanitizer.sanitize(line)) }
        }
        if !c.answers.isEmpty {
            print(DisplaySanitizer.sanitize("ご家族の答え: " + c.answers.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
                .joined(separator: "  ")))
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
            "answers": c.answers,
            "items": c.items.map { entry -> [String: Any] in
                [
                    "id": entry.item.id, "title": entry.item.title, "department": entry.item.department,
                    "due": entry.item.due?.iso as Any? ?? NSNull(), "status": entry.status.rawValue,
                    "questions": entry.item.questions.map(questionJSON),
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

    /// The case's open items' forms, pre-filled, eligibility-checked and each recorded as
    /// issued (`form_printed`) before it goes into one PDF; what could not be filled or may
    /// not be issued is said on stderr.
    static func issueForms(of bereavementCase: BereavementCase, app: CounterApp, clerk: String, to path: String) throws {
        let (filled, notFilled) = try CounterSession.refusing {
            try app.bereavementForms(bereavementCase, clerk: clerk)
        }
        let err = FileHandle.standardError
        for skipped in notFilled { err.write(Data((DisplaySanitizer.sanitize("\(skipped.itemID): \(skipped.reason)") + "\n").utf8)) }
        let eligible = filled.filter(\.eligibility.ok)
        for form in filled where !form.eligibility.ok {
            err.write(Data((DisplaySanitizer.sanitize("\(form.title): 交付できないため印刷しません: "
                + form.eligibility.reasons.map(\.message).joined(separator: " ")) + "\n").utf8))
        }
        for form in eligible {
            let missing = form.fields.filter(\.missing).map { "「\($0.label)」が未入力です。窓口で記入してもらってください。" }
            for warning in form.warnings + missing { err.write(Data((DisplaySanitizer.sanitize("\(form.title): \(warning)") + "\n").utf8)) }
        }
        _ = try CounterSession.refusing {
            try app.issue(eligible, clerk: clerk, to: .file(URL(fileURLWithPath: path)))
        }
        err.write(Data("記入済みの申請書 \(eligible.count) 枚を書き出しました: \(DisplaySanitizer.sanitize(path))\n".utf8))
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
