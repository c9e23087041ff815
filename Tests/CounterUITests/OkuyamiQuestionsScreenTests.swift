import CounterCore
import Foundation
import JapaneseKit
import Testing
import TerminalKit
@testable import CounterUI

/// The family's questions: asked on the dates screen, open items 要確認 on the checklist, and
/// answered later with F7/F10.
@Suite struct OkuyamiQuestionsScreenTests {
    func questions(_ fixture: OkuyamiFixture) -> [RuleQuestion] {
        OkuyamiFixture.book.openQuestions(DeathFacts(deceased: fixture.deceased, household: fixture.household,
                                                     dateOfDeath: fixture.deceased.statusDate!))
    }

    @Test func theDatesScreenAsksTheRulesQuestionsAndSendsTheAnswers() throws {
        let fixture = try OkuyamiFixture()
        defer { fixture.remove() }
        var loaded = fixture.loaded
        loaded.questions = questions(fixture)
        let keys = loaded.questions.map(\.key)
        #expect(keys.contains("seikei_doitsu") && keys.contains("kousei_jukyu"))
        var model = okuyamiModel(OkuyamiDatesScreen(deceased: loaded))
        var rows = masked(model).rows
        #expect(rows.contains { $0.contains("ご家族への確認 0/\(keys.count)") })
        #expect(rows.contains { $0.contains(loaded.questions[0].label) && $0.contains("< 未回答 >") })
        // Past the four fields to the first question; → chooses its first answer, → again its second.
        _ = model.press(.down, .down, .down, .down)
        #expect((model.top as? OkuyamiDatesScreen)?.focusedQuestion == 0)
        rows = masked(model).rows
        #expect(rows.contains { $0.contains(String(loaded.questions[0].text.prefix(12))) })  // the full question below
        _ = model.press(.right)
        _ = model.press(.down, .right, .right)
        let first = loaded.questions[0], second = loaded.questions[1]
        rows = masked(model).rows
        #expect(rows.contains { $0.contains("ご家族への確認 2/\(keys.count)") })
        try Snapshot.assertMatches(masked(model), named: "okuyami-dates-questions-80x24")
        let effects = model.press(.function(10))
        guard case .okuyami(.openCase(let request))? = effects.first else {
            Issue.record("no openCase: \(effects)")
            return
        }
        #expect(request.answers == [first.key: first.answers[0], second.key: second.answers[1]])
        // The screen never shows more rows than it has: the list scrolls with the focus.
        for _ in 0..<keys.count { _ = model.press(.down) }
        #expect(masked(model).rows.count == 24)
    }

    @Test func anUnansweredItemIsShownAsToBeConfirmedAndF7F10RecordTheAnswer() throws {
        let fixture = try OkuyamiFixture()
        defer { fixture.remove() }
        let c = try fixture.openCase()
        let index = try #require(c.items.firstIndex { $0.item.id == "mishikyu_nenkin" })
        #expect(c.items[index].item.needsAnswers)
        var m = okuyamiModel(OkuyamiChecklistScreen(bereavementCase: c, walkingOrder: OkuyamiFixture.book.walkingOrder))
        _ = m.update(.tick(morning))
        if c.items.first?.item.questions.isEmpty == true {
            // Nothing to answer on the first item: no answer keys, and the bar keeps 終了.
            let bar = try #require(masked(m).rows.last)
            #expect(!bar.contains("F7回答") && bar.contains("F12終了"), "\(bar)")
        }
        for _ in 0..<index { _ = m.press(.down) }
        var rows = masked(m).rows
        #expect(rows.contains { $0.contains("[要確認]") && $0.contains("未支給年金の請求") })
        // The bar offers the answer keys while the selected item has a question, whole, within 80 columns.
        let bar = try #require(rows.last)
        #expect(bar.contains("F7回答") && bar.contains("F10回答記録") && DisplayWidth.of(bar) <= 80, "\(bar)")
        #expect(rows.contains { $0.contains("要確認: 亡くなった方と生計を同じくしていた") })
        try Snapshot.assertMatches(masked(m), named: "okuyami-checklist-question-80x24")
        // F10 before choosing says what to do; F7 chooses はい, again いいえ; F10 records it.
        #expect(m.press(.function(10)).isEmpty)
        #expect(masked(m).rows.contains { $0.contains("先に F7 で答えを選んでください。") })
        _ = m.press(.function(7))
        #expect(masked(m).rows.contains { $0.contains("答え: < はい >") })
        _ = m.press(.function(7))
        #expect(masked(m).rows.contains { $0.contains("答え: < いいえ >") })
        #expect(m.press(.function(10)) == [.okuyami(.answer(number: c.number, answers: ["seikei_doitsu": "いいえ"]))])
        // The engine's answer comes back: the item no longer applies and is gone from the list.
        let facts = DeathFacts(deceased: fixture.deceased, household: fixture.household, dateOfDeath: fixture.deceased.statusDate!,
                               funeralDate: CivilDate(iso: "2026-11-23"), answers: ["seikei_doitsu": "いいえ"])
        let updated = try fixture.store.answer(["seikei_doitsu": "いいえ"], number: c.number,
                                               checklist: BereavementChecklist(facts: facts, book: OkuyamiFixture.book), clerk: "k001")
        _ = m.update(.okuyami(.caseUpdated(updated)))
        rows = masked(m).rows
        #expect(!updated.items.contains { $0.item.id == "mishikyu_nenkin" })
        #expect(rows.contains { $0.contains("答えを記録しました。") })
    }

    @Test func aContextItemIsMarkedAsReference() throws {
        let fixture = try OkuyamiFixture()
        defer { fixture.remove() }
        let c = try fixture.openCase()
        let index = try #require(c.items.firstIndex { $0.item.id == "souzoku_houki" })
        #expect(OkuyamiText.badge(c.items[index]).hasPrefix("[参考]"))
        #expect(OkuyamiText.badge(c.items[0]).hasPrefix("[未着手]"))
    }
}
