import Foundation

/// Every form definition in a forms directory (`<forms>/procedures/*.yaml`).
public struct FormLibrary: Sendable {
    /// The forms that loaded without a problem, sorted by file name.
    public var forms: [FormDefinition]
    /// Every problem found, in file and line order. Empty when the directory is sound.
    public var problems: [FormProblem]
    /// The amounts of `amounts.yaml`, by id (forms and bereavement rules name them).
    public var amounts: [String: BenefitAmount]

    public init(forms: [FormDefinition], problems: [FormProblem] = [], amounts: [String: BenefitAmount] = [:]) {
        self.forms = forms
        self.problems = problems
        self.amounts = amounts
    }

    /// The subdirectory that holds one file per procedure form.
    public static let proceduresFolder = "procedures"

    /// Loads `<directory>/procedures/*.yaml` (and `*.yml`). A missing folder is a problem,
    /// not an error, so `forms check` can report it like any other.
    public static func load(directory: URL) -> FormLibrary {
        let folder = directory.appendingPathComponent(proceduresFolder)
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
                .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
        } catch {
            return FormLibrary(forms: [], problems: [FormProblem(file: proceduresFolder, line: 0,
                                                                  kind: .unreadable(reason: "フォルダがありません: \(folder.path)"))])
        }
        var forms: [FormDefinition] = []
        let (amounts, amountProblems) = BenefitAmountCatalog.load(directory: directory)
        var problems: [FormProblem] = amountProblems
        var seen: [String: String] = [:]
        for name in names {
            let relative = proceduresFolder + "/" + name
            let (form, found) = FormLoader.load(folder.appendingPathComponent(name), relativePath: relative, amounts: amounts)
            problems += found
            guard let form else { continue }
            // Every form says where its content comes from and when that was last checked.
            if form.source.isEmpty { problems.append(FormProblem(file: relative, line: 1, kind: .missing(key: "source"))) }
            if form.checked == nil { problems.append(FormProblem(file: relative, line: 1, kind: .missing(key: "checked"))) }
            if let other = seen[form.id] {
                problems.append(FormProblem(file: relative, line: 1, kind: .duplicateFormID(id: form.id, otherFile: other)))
                continue
            }
            seen[form.id] = relative
            forms.append(form)
        }
        return FormLibrary(forms: forms, problems: problems, amounts: amounts)
    }

    /// The form with `id`, if loaded.
    public func form(id: String) -> FormDefinition? { forms.first { $0.id == id } }
}
