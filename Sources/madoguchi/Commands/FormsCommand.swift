import ArgumentParser
import CounterCore
import Foundation
import JapaneseKit

/// `madoguchi forms`: the procedure forms a city has defined in Forms/procedures/.
struct FormsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forms",
        abstract: "List the form definitions (Forms/procedures/*.yaml); check everything under Forms/.",
        subcommands: [FormsList.self, FormsCheckCommand.self]
    )
}

/// `madoguchi forms list [--json]`.
struct FormsList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the forms: id, title, department, fee per copy.",
        discussion: "--json prints an array of {\"id\",\"title\",\"department\",\"fee\"} (fee in yen per copy)."
    )

    @OptionGroup var forms: FormsOption
    @Flag(name: .long, help: "Machine-readable output.") var json = false

    func run() throws {
        let library = FormLibrary.load(directory: forms.url)
        for problem in library.problems {
            FileHandle.standardError.write(Data((DisplaySanitizer.sanitize(problem.description) + "\n").utf8))
        }
        if json {
            let rows = library.forms.map { FormListRow(id: $0.id, title: $0.title, department: $0.department, fee: $0.fee) }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(FilledFormReport.terminalSafe(String(decoding: try encoder.encode(rows), as: UTF8.self)))
            return
        }
        if library.forms.isEmpty {
            throw CommandFailure.refused("帳票定義が見つかりません: \(forms.url.path)/procedures。--forms でフォルダを指定してください。")
        }
        let idWidth = library.forms.map { DisplayWidth.of($0.id) }.max() ?? 0
        let titleWidth = library.forms.map { DisplayWidth.of(DisplaySanitizer.sanitize($0.title)) }.max() ?? 0
        let departmentWidth = library.forms.map { DisplayWidth.of(DisplaySanitizer.sanitize($0.department)) }.max() ?? 0
        for form in library.forms {
            let fee = form.fee == 0 ? "無料" : "\(form.fee)円/通"
            print(DisplayWidth.padded(DisplaySanitizer.sanitize(form.id), to: idWidth) + "  "
                  + DisplayWidth.padded(DisplaySanitizer.sanitize(form.title), to: titleWidth) + "  "
                  + DisplayWidth.padded(DisplaySanitizer.sanitize(form.department), to: departmentWidth) + "  " + fee)
        }
    }
}

private struct FormListRow: Encodable {
    let id: String
    let title: String
    let department: String
    let fee: Int
}

/// `madoguchi forms check [DIR]`: every problem under Forms/ as `file:line: message`, exit 1 if any.
struct FormsCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check everything under Forms/ (procedures, bereavement rules, payment methods); print each problem as file:line: message.",
        discussion: """
        Checks procedures/*.yaml, bereavement/ (the rules, _departments.yaml and the forms they name) and \
        payment-methods.yaml. Exit status: 0 when everything is sound, 1 when any problem was found.
        """
    )

    @Argument(help: ArgumentHelp("Forms directory (default: --forms, $MADOGUCHI_FORMS_DIR, ./Forms).", valueName: "dir"))
    var directory: String?
    @OptionGroup var forms: FormsOption

    func run() throws {
        let url = directory.map { URL(fileURLWithPath: $0) } ?? forms.url
        let check = FormsCheck(directory: url)
        let problems = check.problems
        for problem in problems {
            print(DisplaySanitizer.sanitize(problem.description))
        }
        if !problems.isEmpty {
            throw CommandFailure.refused("Forms の定義に \(problems.count) 件の問題があります。上の行を直してから、もう一度確認してください。")
        }
        FileHandle.standardError.write(Data("\(check.summary): 問題はありません。\n".utf8))
    }
}
