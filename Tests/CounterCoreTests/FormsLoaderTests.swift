@testable import CounterCore
import Foundation
import Testing

@Suite struct FormsLoaderTests {
    static let header = "id: t\ntitle: 試験\ndepartment: 市民課\nfee: 300\n"

    func problems(_ text: String, file: String = "procedures/t.yaml") -> [String] {
        FormLoader.parse(text, file: file).problems.map(\.description)
    }

    @Test func everyShippedFormPassesCheck() {
        let library = ShippedForms.library
        #expect(library.problems.map(\.description) == [])
        let ids = Set(library.forms.map(\.id))
        #expect(ids.isSuperset(of: ["juminhyo", "inkan_shomei", "koseki", "shotoku", "idou", "inkan_toroku",
                                    "setainushi_henko", "kokuho_soushitsu", "kokuho_sousaihi", "kouki_sousaihi",
                                    "kaigo_soushitsu", "jido_teate"]))
    }

    @Test func shippedFeesFollowTheDefaults() throws {
        let library = ShippedForms.library
        #expect(library.form(id: "juminhyo")?.fee == 300)
        #expect(library.form(id: "koseki")?.fee == 450)
        #expect(library.form(id: "inkan_shomei")?.fee == 300)
        #expect(library.form(id: "shotoku")?.fee == 300)
        #expect(library.form(id: "idou")?.fee == 0)
        #expect(library.form(id: "inkan_toroku")?.fee == 0)
    }

    @Test func myNumberItemsAreOnlyYesNo() throws {
        let form = try #require(ShippedForms.library.form(id: "juminhyo"))
        let items = form.fields.filter { $0.label.contains("個人番号") || $0.key.contains("my_number") }
        #expect(!items.isEmpty)
        #expect(items.allSatisfy { $0.type == .yesNo && $0.source == .entered })
    }

    @Test func readsAFieldCompletely() throws {
        let text = Self.header + """
        eligibility:
          requesters: [本人, 代理人]
          subject_status: { 現住: 可, 死亡: 可 }
          minimum_age: 15
        fields:
          - key: kind
            label: 種別
            type: choice
            options: [転入, 転居]
            source: entered
            required: true
          - key: d
            label: 死亡日
            source: case.date_of_death.wareki
            required_when: { key: kind, is: [転居] }
          - key: sig
            label: 署名
            handwritten: true
          - key: c
            label: 定型
            value: 50,000円
        """
        let (form, problems) = FormLoader.parse(text, file: "procedures/t.yaml")
        #expect(problems.isEmpty)
        let f = try #require(form)
        #expect(f.fields.map(\.key) == ["kind", "d", "sig", "c"])
        #expect(f.fields[0].options == ["転入", "転居"])
        #expect(f.fields[1].source == .binding(.caseDateOfDeathWareki))
        #expect(f.fields[1].type == .date)
        #expect(f.fields[1].requiredWhen == FieldCondition(key: "kind", values: ["転居"]))
        #expect(f.fields[2].isHandwritten)
        #expect(f.fields[3].source == .constant("50,000円"))
        #expect(f.eligibility.requesters == [.selfPerson, .agent])
        #expect(f.eligibility.rule(for: .deceased) == .allow)
        #expect(f.eligibility.rule(for: .movedOut) == .refuse)
        #expect(f.eligibility.minimumAge == 15)
    }

    @Test func unknownBindingGivesItsLine() {
        let text = Self.header + "fields:\n  - key: a\n    label: 氏名\n    source: subject.nmae\n"
        #expect(problems(text) == ["procedures/t.yaml:8: " + FormProblem.Kind.unknownBinding(name: "subject.nmae").message(in: "")])
    }

    @Test func duplicateMappingKeyGivesTheSecondLine() {
        let text = "id: t\ntitle: 試験\ndepartment: 市民課\ntitle: 二つ目\nfee: 0\nfields:\n  - key: a\n    label: A\n    source: entered\n"
        let found = FormLoader.parse(text, file: "procedures/t.yaml").problems
        #expect(found.count == 1)
        #expect(found.first?.line == 4)
        #expect(found.first?.kind == .duplicateKey(key: "title", firstLine: 2))
    }

    @Test func duplicateFieldKeyGivesTheSecondField() {
        let text = Self.header + "fields:\n  - key: a\n    label: A\n    source: entered\n  - key: a\n    label: B\n    source: entered\n"
        let found = FormLoader.parse(text, file: "f.yaml").problems
        #expect(found.map(\.line) == [9])
        #expect(found.first?.kind == .duplicateFieldKey(key: "a", firstLine: 6))
    }

    /// A card number or a 個人番号 anywhere in a definition (a value, a key, a training
    /// scenario's words) refuses the file at its line, without showing the number.
    @Test(arguments: ["4111 1111 1111 1111", "4111-1111-1111-1111", "123456789018"])
    func aSensitiveNumberInAnyValueIsRefusedAtItsLine(number: String) {
        let text = Self.header + "fields:\n  - key: a\n    label: A\n    source: entered\n    help: 例 \(number) です\n"
        let found = FormLoader.parse(text, file: "procedures/t.yaml").problems
        #expect(found.map(\.line) == [9] && found.first?.kind == .sensitiveNumber, "\(found)")
        #expect(!found.map(\.description).joined().contains(number.prefix(4)))
        let scenario = "id: s\ntitle: 試験\nopening: 「カード \(number) で払います」\n"
        let refused = TrainingScenarioLoader.parse(scenario, file: "training/s.yaml", forms: FormLibrary(forms: [])).problems
        #expect(refused.map(\.line) == [3] && refused.first?.kind == .sensitiveNumber, "\(refused)")
    }

    @Test func missingTitleIsReported() {
        let text = "id: t\ndepartment: 市民課\nfee: 0\nfields:\n  - key: a\n    label: A\n    source: entered\n"
        let found = FormLoader.parse(text, file: "f.yaml").problems
        #expect(found.map(\.kind) == [.missing(key: "title")])
        #expect(found.first?.description.hasPrefix("f.yaml:1: ") == true)
    }

    @Test func badTypeAndTypeMismatch() {
        let text = Self.header + """
        fields:
          - key: a
            label: A
            type: widget
            source: entered
          - key: b
            label: B
            type: number
            source: subject.name
          - key: c
            label: C
            type: choice
            source: entered
        """
        let found = FormLoader.parse(text, file: "f.yaml").problems
        #expect(found.map(\.line) == [8, 12, 14])
        #expect(found.map(\.kind) == [.unknownType(name: "widget"),
                                      .typeMismatch(key: "b", type: .number, source: "subject.name"),
                                      .choiceWithoutOptions(key: "c")])
    }

    @Test func optionFeesMustNameAnOption() {
        let text = Self.header + "fields:\n  - key: k\n    label: 種類\n    type: choice\n    options: [A, B]\n    option_fees:\n      C: 750\n      B: たくさん\n    source: entered\n"
        let found = FormLoader.parse(text, file: "f.yaml").problems
        #expect(found.map(\.kind) == [.constantNotAnOption(key: "k", value: "C"),
                                      .badValue(key: "B", value: "たくさん", expected: "1通あたりの円を 0 以上の整数で書いてください。")])
        #expect(found.map(\.line) == [11, 12])
    }

    @Test func myNumberFieldMustBeYesNo() {
        let text = Self.header + "fields:\n  - key: mn\n    label: 個人番号\n    source: entered\n"
        #expect(FormLoader.parse(text, file: "f.yaml").problems.map(\.kind) == [.myNumberNotYesNo(key: "mn")])
    }

    @Test func eligibilityWordsAreChecked() {
        let text = Self.header + """
        eligibility:
          requesters: [本人, 友人]
          subject_status: { 行方不明: 可 }
          power_of_attorney_field: nothing
        fields:
          - key: a
            label: A
            source: entered
        """
        let found = FormLoader.parse(text, file: "f.yaml").problems
        #expect(found.map(\.kind) == [.unknownRequester(word: "友人"), .unknownStatus(word: "行方不明"),
                                      .unknownFieldReference(key: "nothing")])
        #expect(found.map(\.line) == [6, 7, 8])
    }

    @Test func yamlSyntaxErrorGivesALine() {
        let found = FormLoader.parse("id: t\ntitle: [試験\n", file: "f.yaml").problems
        #expect(found.count == 1)
        if case .yamlSyntax = found.first?.kind {} else { Issue.record("expected a YAML syntax problem: \(found)") }
        #expect((found.first?.line ?? 0) >= 2)
    }

    @Test func libraryReportsAFormWithoutSourceOrCheckedDate() throws {
        let dir = try TempForms(["a.yaml": Self.header + "fields:\n  - key: a\n    label: A\n    source: entered\n"])
        defer { dir.remove() }
        let library = FormLibrary.load(directory: dir.url)
        #expect(library.problems.map(\.kind) == [.missing(key: "source"), .missing(key: "checked")])
        #expect(library.problems.allSatisfy { $0.description.hasPrefix("procedures/a.yaml:1: ") })
    }

    @Test func libraryReportsDuplicateIDsAcrossFiles() throws {
        let body = Self.header + "source: 試験\nchecked: 2026-12-02\nfields:\n  - key: a\n    label: A\n    source: entered\n"
        let dir = try TempForms(["a.yaml": body, "b.yaml": body])
        defer { dir.remove() }
        let library = FormLibrary.load(directory: dir.url)
        #expect(library.forms.count == 1)
        #expect(library.problems.map(\.description) == [
            "procedures/b.yaml:1: " + FormProblem.Kind.duplicateFormID(id: "t", otherFile: "procedures/a.yaml").message(in: ""),
        ])
    }
}

extension FormProblem.Kind {
    /// The message this kind prints, for comparing whole lines.
    func message(in file: String) -> String { FormProblem(file: file, line: 0, kind: self).message }
}

/// Forms/README.md documents exactly what is in Forms/, and nothing outside it.
@Suite struct FormsReadmeTests {
    let readme: String

    init() throws {
        readme = try String(contentsOf: ShippedForms.directory.appendingPathComponent("README.md"), encoding: .utf8)
    }

    @Test func everyFileInFormsIsDocumented() throws {
        let files = try #require(FileManager.default.enumerator(atPath: ShippedForms.directory.path))
        var names: [String] = []
        for case let path as String in files where path.hasSuffix(".yaml") || path.hasSuffix(".md") {
            names.append(path)
        }
        #expect(names.count >= 36)
        for path in names {
            // Procedure files appear with their extension, rules by id, the rest by path.
            let name = (path as NSString).lastPathComponent
            let id = (name as NSString).deletingPathExtension
            let documented = readme.contains("`\(path)`") || readme.contains("`\(name)`")
                || (path.hasPrefix("bereavement/") && readme.contains("`\(id)`"))
            #expect(documented, "\(path) is not described in Forms/README.md")
        }
    }

    @Test func namesNothingOutsideTheFolderAndPromisesNothingMissing() {
        for outside in ["DOMAIN.md", "ARCHITECTURE.md", "../", "別途"] {
            #expect(!readme.contains(outside), "Forms/README.md mentions \(outside)")
        }
    }
}
