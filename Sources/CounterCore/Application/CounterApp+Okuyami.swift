import Foundation
import JapaneseKit

/// The bereavement counter (おくやみ窓口): checklist, case, status changes, handout, forms.
extension CounterApp {
    /// The dates a clerk gives for a death, before they are checked.
    public struct DeathDates: Sendable, Equatable {
        public var dateOfDeath: CivilDate?
        public var funeralDate: CivilDate?
        public var knownDate: CivilDate?

        public init(dateOfDeath: CivilDate?, funeralDate: CivilDate?, knownDate: CivilDate?) {
            self.dateOfDeath = dateOfDeath
            self.funeralDate = funeralDate
            self.knownDate = knownDate
        }

        /// Which date a problem is about.
        public enum Field: Hashable, Sendable { case dateOfDeath, funeralDate, knownDate }

        /// The one set of date rules: the death not after today, the funeral and the day it
        /// became known not before the death, that day not after today.
        public func problems(today: CivilDate) -> [Field: String] {
            var problems: [Field: String] = [:]
            guard let death = dateOfDeath else {
                problems[.dateOfDeath] = "死亡日が分かりません。死亡日を入力してください（例: R8.11.10、2026-11-10）。"
                return problems
            }
            if death > today { problems[.dateOfDeath] = "死亡日 \(death.warekiShort)（\(death.iso)）が今日より後です。日付を確かめてください。" }
            if let funeral = funeralDate, funeral < death { problems[.funeralDate] = "葬儀の日が死亡日より前です。日付を確かめてください。" }
            if let known = knownDate, known < death {
                problems[.knownDate] = "死亡を知った日が死亡日より前です。日付を確かめてください。"
            } else if let known = knownDate, known > today {
                problems[.knownDate] = "死亡を知った日が今日より後です。日付を確かめてください。"
            }
            return problems
        }
    }

    /// A new case opened, with the checklist it was made from.
    public struct OpenedBereavement: Sendable {
        public var bereavementCase: BereavementCase
        public var checklist: BereavementChecklist
        public var deceased: Resident
        public var household: [Resident]
        public var applicant: Resident?
    }

    /// Whether `resident` can be a deceased at this city's counter.
    public static func checkDeceased(_ resident: Resident) throws(CounterAppError) {
        guard resident.status == .current || resident.status == .deceased else {
            throw .refused("\(resident.status.japaneseName)の方は、この市のおくやみ手続きの対象ではありません。宛名番号を確かめてください。")
        }
    }

    /// Looks up the deceased (and the applicant), checks the dates (the date of death from the
    /// record when it says 死亡 and none is given), evaluates the rules and stores the case.
    /// `answers` are the family's answers to the rules' questions (key → answer); a question
    /// left out stays unanswered and the items it decides show 要確認.
    public func openBereavementCase(deceasedID: String, dates: DeathDates, applicantID: String?, answers: [String: String] = [:],
                                    clerk: String) throws(CounterAppError) -> OpenedBereavement {
        guard rules.problems.isEmpty else {
            throw .refused("おくやみ手続ルールに問題があるためチェックリストを作れません（madoguchi okuyami rules で確認してください）。")
        }
        do { _ = try rules.validate(answers: answers) } catch { throw .refused(error.message) }
        let people = try people(subject: deceasedID, requester: applicantID, clerk: clerk)
        let deceased = people.subject.resident
        try Self.checkDeceased(deceased)
        var dates = dates
        if dates.dateOfDeath == nil, deceased.status == .deceased { dates.dateOfDeath = deceased.statusDate }
        var problems = dates.problems(today: clock.today())
        if dates.dateOfDeath == nil, deceased.status == .deceased, let text = deceased.statusDateText {
            // The deadlines count from the day: a 不詳日 gives none, and none is invented.
            problems[.dateOfDeath] = "住民記録の死亡日は「\(DisplaySanitizer.sanitize(text))」で日が定まらないため、期限を計算できません。"
                + "死亡診断書などで確かめた死亡日を入力してください（例: R8.11.10、2026-11-10）。"
        }
        for field in [DeathDates.Field.dateOfDeath, .funeralDate, .knownDate] {
            if let problem = problems[field] { throw .dates(field, problem) }
        }
        let facts = DeathFacts(deceased: deceased, household: people.subject.household, dateOfDeath: dates.dateOfDeath!,
                               knownDate: dates.knownDate, funeralDate: dates.funeralDate, answers: answers)
        let checklist = BereavementChecklist(facts: facts, book: rules)
        let store = try cases()
        let opened = try engine { try store.open(checklist: checklist, applicantID: applicantID, clerk: clerk) }
        return OpenedBereavement(bereavementCase: opened, checklist: checklist, deceased: deceased,
                                 household: people.subject.household, applicant: people.requester)
    }

    /// The questions whose answers could change the checklist of this death (asked once per
    /// case). `dateOfDeath` may be a guess (the record's date or today): ages of the household
    /// barely move with it, and a question asked needlessly only costs an answer.
    public func bereavementQuestions(deceased: Resident, household: [Resident], dateOfDeath: CivilDate) -> [RuleQuestion] {
        rules.openQuestions(DeathFacts(deceased: deceased, household: household, dateOfDeath: dateOfDeath))
    }

    /// Records the family's answers for an open case (journaled) and brings its items in line:
    /// the rules are evaluated again with the case's dates and every answer so far.
    public func answerBereavementQuestions(_ answers: [String: String], number: String,
                                           clerk: String) throws(CounterAppError) -> BereavementCase {
        guard rules.problems.isEmpty else {
            throw .refused("おくやみ手続ルールに問題があるためチェックリストを作れません（madoguchi okuyami rules で確認してください）。")
        }
        do { _ = try rules.validate(answers: answers) } catch { throw .refused(error.message) }
        let store = try cases()
        let current = try engine { try store.load(number: number) }
        let people = try people(subject: current.deceasedID, requester: nil, clerk: clerk)
        let facts = DeathFacts(deceased: people.subject.resident, household: people.subject.household, dateOfDeath: current.dateOfDeath,
                               knownDate: current.knownDate, funeralDate: current.funeralDate,
                               answers: current.answers.merging(answers) { $1 })
        let checklist = BereavementChecklist(facts: facts, book: rules)
        return try engine { try store.answer(answers, number: number, checklist: checklist, clerk: clerk) }
    }

    /// A case by its number. It shows the deceased's name, so the view is an access record
    /// written before anything is returned.
    public func loadBereavementCase(_ number: String, clerk: String) throws(CounterAppError) -> BereavementCase {
        let store = try cases()
        let found = try engine { try store.load(number: number) }
        try engine { try journal.recordAccess(clerk: clerk, residentIDs: [found.deceasedID], supportMeasure: [], action: .view, query: number) }
        return found
    }

    /// Sets item statuses of a case, all or nothing when one item is unknown. `seen` holds the
    /// status the clerk was shown of an item: changed meanwhile elsewhere, it is not overwritten
    /// (`BereavementCaseError.conflict`).
    public func setBereavementStatus(_ changes: [(item: String, status: CaseItemStatus)], number: String,
                                     clerk: String, seen: [String: CaseItemStatus] = [:]) throws(CounterAppError) -> BereavementCase {
        let store = try cases()
        var current = try engine { try store.load(number: number) }
        for (item, _) in changes where current.item(item) == nil {
            throw .engine(BereavementCaseError.noSuchItem(number: number, item: item, known: current.items.map(\.item.id)).message)
        }
        for (item, status) in changes {
            current = try engine { try store.setStatus(status, item: item, number: number, clerk: clerk, seen: seen[item]) }
        }
        return current
    }

    /// The family handout (お手続き一覧) of a case: a `form_printed` record first, then the PDF.
    public func printHandout(_ bereavementCase: BereavementCase, clerk: String, to destination: Destination = .counter)
        throws(CounterAppError) -> CounterPrinter.Printout {
        try destination.check()
        let now = clock.now()
        let record = try engine {
            try journal.append(.formPrinted, clerk: clerk, fields: [
                "form": .string(Self.handoutFormID), "title": "お手続き一覧", "subject": .string(bereavementCase.deceasedID),
                "case": .string(bereavementCase.number), "copies": 1,
            ])
        }
        let pdf = BereavementHandout.document(for: bereavementCase, cityName: config.cityName, walkingOrder: rules.walkingOrder,
                                              created: now).data()
        switch destination {
        case .counter:
            return try engine { try printer.print(pdf, name: "\(bereavementCase.number)-handout-\(record.seq)") }
        case .file(let url):
            try engine { try CounterPrinter.write(pdf, to: url) }
            return CounterPrinter.Printout(file: url, printer: nil)
        }
    }

    /// The status changes of a case, oldest first (after `loadBereavementCase`).
    public func bereavementHistory(_ number: String) throws(CounterAppError) -> [CaseStatusChange] {
        let store = try cases()
        return try engine { try store.history(number: number) }
    }

    /// The `form` of the handout's `form_printed` record.
    public static let handoutFormID = "okuyami_handout"

    /// The case's forms pre-filled for its deceased and applicant (each view journaled): of
    /// every open item, or of `itemID` alone whatever its status.
    public func bereavementForms(_ bereavementCase: BereavementCase, itemID: String? = nil,
                                 clerk: String) throws(CounterAppError) -> (forms: [FilledForm], skipped: [BereavementForms.Skipped]) {
        var selected = bereavementCase
        if let itemID {
            guard var entry = bereavementCase.item(itemID), entry.item.form != nil else { throw .refused("この手続きに申請書はありません。") }
            entry.status = .todo
            selected.items = [entry]
        }
        let people = try people(subject: bereavementCase.deceasedID, requester: bereavementCase.applicantID, clerk: clerk)
        return BereavementForms.fill(selected, library: forms, deceased: people.subject.resident, household: people.subject.household,
                                     applicant: people.requester, clerkID: clerk, cityName: config.cityName, today: clock.today())
    }
}

extension CounterApp {
    /// A case already on the clerk's screen, read again without a second access record.
    public func bereavementCase(_ number: String) throws(CounterAppError) -> BereavementCase {
        let store = try cases()
        return try engine { try store.load(number: number) }
    }

    /// The numbers of the cases already opened for a deceased.
    public func bereavementCases(of deceasedID: String) throws(CounterAppError) -> [String] {
        let store = try cases()
        return try engine { try store.cases(deceasedID: deceasedID) }
    }
}
