import CounterCore
import Foundation
import Testing

/// Forms/training files: every mistake named with its file and line, as `forms check` prints it.
@Suite struct TrainingScenarioLoaderTests {
    static let library = ShippedForms.library

    static let good = """
    id: t1
    title: 試し
    visitor: 本人
    opening: 「住民票をください」
    subject: "9000099001"
    residents:
      - { id: "9000099001", household: "9100099000", name: 試 一, kana: タメシ ハジメ, birthdate: 1980-01-01, sex: 男, relationship: 世帯主 }
    questions:
      - { id: q1, ask: 本人確認書類は？, answer: 免許証です }
    expected:
      - asked: q1
        why: 本人確認
      - printed: { form: juminhyo, copies: 1, relation: 本人, items: { item_honseki: 記載しない } }
        why: 本籍なし
    critical_fails:
      - decision_other_than: issue
        why: 交付しなかった
    model_answer:
      - type: "9000099001"
      - press: Enter
      - ask: q1
    source: 住民基本台帳法 第12条
    checked: 2026-12-02
    """

    func problems(_ text: String) -> [String] {
        TrainingScenarioLoader.parse(text, file: "training/t.yaml", forms: Self.library).problems.map(\.description)
    }

    @Test func aGoodScenarioReadsWithItsPointsAndScript() throws {
        let (scenario, problems) = TrainingScenarioLoader.parse(Self.good, file: "training/t.yaml", forms: Self.library)
        #expect(problems.isEmpty)
        let s = try #require(scenario)
        #expect(s.residents.map(\.id) == ["9000099001"])
        #expect(s.expected.map(\.check) == [.asked("q1"), .printed(TrainingPrintMatch(form: "juminhyo", copies: 1, relation: "self",
                                                                                       items: ["item_honseki": "記載しない"]))])
        #expect(s.criticalFails.map(\.check) == [.decisionOtherThan(.issue)])
        #expect(s.modelAnswer == [.type("9000099001"), .press("Enter"), .ask("q1")])
        #expect(s.decision == .issue)
    }

    @Test func eachMistakeIsNamedAtItsLine() {
        let text = Self.good
            .replacingOccurrences(of: "form: juminhyo", with: "form: jumin")
            .replacingOccurrences(of: "  - asked: q1", with: "  - asked: q9")
            .replacingOccurrences(of: "  - press: Enter", with: "  - press: Return")
            .replacingOccurrences(of: "id: \"9000099001\", household", with: "id: \"123\", household")
        let found = problems(text)
        #expect(found.contains { $0.hasPrefix("training/t.yaml:7:") && $0.contains("9 で始まる10桁") }, "\(found)")
        #expect(found.contains { $0.hasPrefix("training/t.yaml:11:") && $0.contains("questions にある質問の id") }, "\(found)")
        #expect(found.contains { $0.hasPrefix("training/t.yaml:13:") && $0.contains("帳票 id") }, "\(found)")
        #expect(found.contains { $0.hasPrefix("training/t.yaml:20:") && $0.contains("キーは Enter") }, "\(found)")
        #expect(found.contains { $0.contains("residents にある宛名番号") }, "\(found)")
    }

    @Test func aPointNeedsItsReasonAndOneCheck() {
        let text = Self.good.replacingOccurrences(of: "    why: 本人確認\n", with: "    fee: 300\n")
        let found = problems(text)
        #expect(found.contains { $0.contains("一つの項目には") }, "\(found)")
        #expect(found.contains { $0.contains("「why」がありません") }, "\(found)")
    }

    @Test func anItemMustBeAChoiceOfTheForm() {
        let found = problems(Self.good.replacingOccurrences(of: "item_honseki: 記載しない", with: "item_honseki: たぶん"))
        #expect(found.contains { $0.hasPrefix("training/t.yaml:13:") && $0.contains("記載する, 記載しない") }, "\(found)")
    }
}
