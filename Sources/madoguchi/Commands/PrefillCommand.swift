import ArgumentParser
import CounterCore
import Foundation
import JapaneseKit

/// `madoguchi prefill FORM --subject ID …`: one form filled from the registry, checked for
/// 交付可否, optionally printed to PDF (with its `form_printed` journal record).
struct PrefillCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prefill",
        abstract: "Pre-fill a form for a resident, check eligibility, optionally print it to PDF.",
        discussion: """
        The requester is the subject unless --requester (a 宛名番号) or --requester-relation \
        (self, household, spouse_lineal, agent, third_party, or 本人・同一世帯・配偶者・直系・代理人・第三者) \
        is given; with both, the relation the clerk checked wins over what the registry shows. \
        --set key=value types a value at the counter (repeatable); a key the form does not take \
        is refused with the list of its keys. `madoguchi forms list` shows the forms, \
        Forms/README.md their fields. \
        --json prints {"form","title","fee","eligible":{"ok","reasons"},"fields":[{"key","label", \
        "value","source","required","missing"}]} (source: registry, computed, entered, \
        handwritten, constant). \
        --pdf writes the printout after its form_printed journal record; it is refused while \
        required fields are missing. Without --case, --pdf first opens a case (受付, a case_opened \
        record, as F2 on the counter screen does) and prints the form under its number.
        Exit status: 0 ok, 1 refused (unknown form or resident, missing fields for --pdf), \
        2 bad usage, 3 not eligible (交付不可; the reasons are printed).
        """
    )

    @Argument(help: ArgumentHelp("Form id (see `madoguchi forms list`).", valueName: "form")) var form: String
    @Option(help: ArgumentHelp("The subject's 宛名番号.", valueName: "id")) var subject: String
    @Option(help: ArgumentHelp("The requester's 宛名番号, when a resident.", valueName: "id")) var requester: String?
    @Option(name: .customLong("requester-relation"), help: ArgumentHelp("The requester's relation as checked by the clerk.", valueName: "relation"))
    var requesterRelation: String?
    @Option(name: .customLong("set"), help: ArgumentHelp("A value typed at the counter.", valueName: "key=value"))
    var values: [String] = []
    @Option(name: .customLong("case"), help: ArgumentHelp("受付番号 (default: a new case with --pdf, else date and time).", valueName: "number"))
    var caseNumber: String?
    @Option(help: ArgumentHelp("Write the printout to this PDF file.", valueName: "file")) var pdf: String?
    @Flag(help: "Print JSON on stdout.") var json = false
    @OptionGroup var clerk: ClerkOption
    @OptionGroup var dataDir: DataDirOption
    @OptionGroup var forms: FormsOption

    func run() throws {
        // Usage first: nothing is opened for a command line that cannot run.
        var entered: [(String, String)] = []
        for item in values {
            guard let eq = item.firstIndex(of: "="), eq != item.startIndex else {
                throw CommandFailure.usage("--set は key=value の形で指定してください（例: --set copies=2）。")
            }
            entered.append((String(item[..<eq]), String(item[item.index(after: eq)...])))
        }
        var declared: RequesterRelation?
        if let word = requesterRelation {
            guard let relation = RequesterRelation(word: word) else {
                throw CommandFailure.usage("--requester-relation「\(DisplaySanitizer.sanitize(word))」は使えません。self, household, spouse_lineal, agent, third_party のどれかにしてください。")
            }
            declared = relation
        }

        let app = try CounterSession.open(dataDir, forms: forms)
        defer { app.journal.close() }
        let library = try CounterSession.refusing { try app.requireForms() }
        guard let definition = library.form(id: form) else {
            throw CommandFailure.refused("帳票「\(DisplaySanitizer.sanitize(form))」はありません。使える帳票: \(library.forms.map(\.id).joined(separator: ", "))")
        }
        // A mistyped key would be dropped without a word and the form printed without it.
        let keys = definition.enteredKeys
        if let unknown = entered.map(\.0).first(where: { !keys.contains($0) }) {
            // The key is named unless it holds a card number or 個人番号 (never echoed).
            let named = SensitiveNumbers.firstKind(in: unknown) == nil ? "「\(DisplaySanitizer.excerpt(unknown))」" : ""
            throw CommandFailure.usage("--set のキー\(named)は帳票 \(definition.id) にありません。"
                                       + "使えるキー: \(keys.joined(separator: ", "))")
        }

        let clerkID = try CounterSession.signIn(app, clerk).id
        let now = app.clock.now()
        var filled = try CounterSession.refusing {
            try app.prefill(formID: form, subject: subject, requester: requester, declared: declared,
                            entered: Dictionary(entered, uniquingKeysWith: { _, last in last }),
                            caseNumber: caseNumber ?? Self.defaultCaseNumber(now), clerk: clerkID)
        }

        if json {
            print(try FilledFormReport(filled).json())
        } else {
            print(Self.text(filled))
        }
        guard filled.eligibility.ok else {
            throw CommandFailure(code: 3, message: DisplaySanitizer.sanitize(
                "交付できません: " + filled.eligibility.reasons.map(\.message).joined(separator: " ")))
        }
        guard let pdf else { return }
        guard filled.missingRequired.isEmpty else {
            let labels = filled.fields.filter(\.missing).map { "\($0.label)（\($0.key)）" }.joined(separator: "、")
            throw CommandFailure.refused("未入力の必須項目があるため印刷しません: \(labels)。--set key=value で入力してください。")
        }
        // Printing is issuing: as at the counter screen (F2 受付 before the forms), the form
        // belongs to a case, opened now that it may be printed unless --case names one.
        if caseNumber == nil {
            let opened = try CounterSession.refusing { try app.openCase(procedure: "certificate", subject: subject, clerk: clerkID) }
            filled = Prefill.renumbered(filled, to: opened.caseID, definition: definition)
        }
        // The issuance record first: if it cannot be written, nothing is printed.
        _ = try CounterSession.refusing {
            try app.issue([filled], clerk: clerkID, to: .file(URL(fileURLWithPath: pdf)))
        }
        FileHandle.standardError.write(Data("印刷用 PDF: \(DisplaySanitizer.sanitize(pdf))\n".utf8))
    }

    /// `P20261125-093012` in Japan time. The letter keeps the 14 digits from ever reading as a
    /// card number (a hyphenated 14-digit run passes Luhn one time in ten), which the journal
    /// would rightly refuse.
    static func defaultCaseNumber(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970) + 9 * 3600
        let day = CivilDate(dayNumber: Int((Double(seconds) / 86_400).rounded(.down)))
        let rest = seconds - day.dayNumber * 86_400
        return "P" + day.iso.replacingOccurrences(of: "-", with: "") + "-"
            + String(format: "%02d%02d%02d", rest / 3600, rest % 3600 / 60, rest % 60)
    }

    /// The human-readable listing: title, verdict, fields with their source, warnings.
    static func text(_ filled: FilledForm) -> String {
        var lines: [String] = []
        let fee = filled.fee == 0 ? "無料" : "\(filled.fee)円 × \(filled.copies)通 = \(filled.totalFee)円"
        lines.append("\(filled.title)（\(filled.department)）  手数料 \(fee)")
        lines.append(filled.eligibility.ok ? "交付可（請求者: \(filled.eligibility.standing.relation.japaneseName)）"
                                           : "交付不可")
        for reason in filled.eligibility.reasons { lines.append("  × " + reason.message) }
        for note in filled.eligibility.notes { lines.append("  ! " + note) }
        let width = filled.fields.map { DisplayWidth.of($0.label) }.max() ?? 0
        for field in filled.fields {
            let value: String = switch field.provenance {
            case .handwritten: "（手書き欄）"
            default: field.value ?? (field.missing ? "＊未入力" : "")
            }
            lines.append("  " + DisplayWidth.padded(field.label, to: width) + "  " + value + "  [\(Self.sourceName(field.provenance))]")
        }
        for warning in filled.warnings where !filled.eligibility.notes.contains(warning) { lines.append("  ! " + warning) }
        return lines.map(DisplaySanitizer.sanitize).joined(separator: "\n")
    }

    static func sourceName(_ provenance: Provenance) -> String {
        switch provenance {
        case .registry: "住民記録"
        case .computed: "自動"
        case .entered: "入力"
        case .handwritten: "手書き"
        case .constant: "定型"
        }
    }
}
