import Foundation

/// Everything under a forms directory checked at once (`madoguchi forms check`): the
/// procedure forms, the bereavement rules with their walking order and form references, and
/// the payment methods. Each problem names its file (relative to the directory) and line.
public struct FormsCheck: Sendable {
    public var library: FormLibrary
    public var rules: BereavementRuleBook
    /// Problems of `payment-methods.yaml`.
    public var paymentProblems: [FormProblem]
    /// Problems of `review-rules.yaml`.
    public var reviewProblems: [FormProblem]
    /// Problems of `gaiji.yaml` and of the mapping files in `import/`.
    public var importProblems: [FormProblem]

    public init(directory: URL) {
        library = FormLibrary.load(directory: directory)
        rules = BereavementRuleBook.load(directory: directory, forms: library)
        paymentProblems = PaymentMethodCatalog.problems(formsDirectory: directory)
        reviewProblems = ReviewRules.problems(formsDirectory: directory)
        importProblems = GaijiTable.load(formsDirectory: directory).problems
        let mappings = (try? FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("import").path)) ?? []
        for name in mappings.sorted() where name.hasSuffix(".yaml") {
            importProblems += ColumnMapping.problems(url: directory.appendingPathComponent("import").appendingPathComponent(name),
                                                     shownAs: "import/" + name)
        }
    }

    /// Every problem: forms, then bereavement rules, then payment methods, review rules, then the import's files.
    public var problems: [FormProblem] { library.problems + rules.problems + paymentProblems + reviewProblems + importProblems }

    /// 「帳票 12 件・給付の額 2 件・おくやみ手続 40 件・順路・支払方法」: what was checked, for the all-clear line.
    public var summary: String {
        "帳票 \(library.forms.count) 件・給付の額 \(library.amounts.count) 件・おくやみ手続 \(rules.rules.count) 件・順路・支払方法・点検ルール・外字の表・取込の対応ファイル"
    }
}
