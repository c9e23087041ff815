import CounterCore
import Foundation
import JapaneseKit

/// Runs the effects `update` returns and answers with messages. The terminal's Runtime runs
/// one off its input loop; tests drive the same runner in memory (`VisitDriver`), so a whole
/// visit runs the same engine code in both.
public protocol EffectRunner: Sendable {
    /// Runs `effect` for the session in `context` (never `.quit`, which the driver handles).
    func perform(_ effect: Effect, context: CounterContext) -> [Msg]
}

/// The counter's effects, each a use case of the application layer run as the signed-in
/// clerk: the same records as the command line writes for the same act.
public struct CounterEffects: EffectRunner {
    public let app: CounterApp

    public init(app: CounterApp) { self.app = app }

    public func perform(_ effect: Effect, context: CounterContext) -> [Msg] {
        let clerk = context.clerkID ?? ""
        // Whatever a screen lets through is checked here, before it acts.
        let dataDirectory = app.directory.url
        if let refused = effect.refusedMessages(isRegistered: { ResidentRegistry.isRegistered($0, dataDirectory: dataDirectory) }) {
            return refused
        }
        switch effect {
        case .quit: return []
        case .clerk(let work):
            do { return [.clerk(try run(work, clerk: clerk, context: context))] } catch {
                if case .signIn(let refusal) = error { return [.clerk(.signInRefused(refusal.message))] }
                return [.clerk(.failed(error.message + Self.remedy(for: error)))]
            }
        case .okuyami(let work):
            do { return [.okuyami(try run(work, clerk: clerk))] } catch {
                return [.okuyami(.failed(error.message + Self.remedy(for: error)))]
            }
        case .review(let work):
            do { return [.review(try run(work, clerk: clerk))] } catch {
                return [.review(.failed(error.message + Self.remedy(for: error)))]
            }
        case .supervisor(let work):
            return [.supervisor(perform(work, supervisor: clerk))]
        case .training(let work):
            return [.training(perform(work, clerk: clerk))]
        case .play:
            // The terminal's loop replays on its own screen (`CounterLoop.play`); nothing to run here.
            return []
        }
    }

    /// What to do about `error` at the counter screen.
    static func remedy(for error: CounterAppError) -> String {
        switch error {
        case .noForms: "帳票のフォルダを管理者に確かめてもらってください。"
        case .registry(.notImported): "管理者に住民データの取り込み（madoguchi import residents）を依頼してください。"
        case .signIn(.notSupervisor): "管理者の担当者IDでサインインし直してください。"
        case .lastSupervisor: "（管理者の登録は madoguchi clerk add ID --name 氏名 --supervisor で行います）"
        default: ""
        }
    }

    private func run(_ effect: ClerkEffect, clerk: String, context: CounterContext) throws(CounterAppError) -> ClerkResult {
        switch effect {
        case let .signIn(id, pin):
            let account = try app.signIn(id: id, pin: pin, screen: true)
            return .signedIn(id: account.id, name: account.name, supervisor: account.role == .supervisor)
        case .unlock(let pin):
            let account = try app.signIn(id: clerk, pin: pin, screen: true, unlocking: true)
            return .signedIn(id: account.id, name: account.name, supervisor: account.role == .supervisor)
        case .signOut(let who):
            try app.signOut(clerk: who)
            return .recorded
        case .locked(let reason):
            try app.lockScreen(clerk: clerk, reason: reason)
            return .recorded
        case .search(let query):
            return .searchResults(query: query, try app.search(query, limit: ResidentSearchScreen.limit, clerk: clerk))
        case .openResident(let id):
            let (resident, household) = try app.resident(id: id, clerk: clerk)
            return .residentOpened(resident, household: household)
        case .household(let id):
            let (_, household) = try app.resident(id: id, clerk: clerk)
            return .householdShown(of: id, household.map(ResidentSummary.init))
        case let .openCase(procedure, subject):
            let forms = try app.requireForms()
            let catalog = try app.catalog()
            let opened = try app.openCase(procedure: procedure, subject: subject, clerk: clerk)
            return .caseOpened(VisitSetup(caseID: opened.caseID, openedAt: app.clock.now(), forms: forms.forms, methods: catalog,
                                          cityName: app.config.cityName, clerkID: clerk, clerkName: context.clerk ?? clerk,
                                          paymentTerminal: app.config.paymentTerminal, demoSeed: context.demoSeed))
        case .printForms(let forms):
            let issued = try app.issue(forms, clerk: clerk)
            let destination = issued.printer.map { "プリンタ \($0)" } ?? "spool/" + (issued.files.last?.lastPathComponent ?? "")
            return .printed(count: forms.count, destination: destination)
        case .recordPayment(let request):
            let receipt = try app.recordPayment(request)
            return .paid(receipt: receipt.receipt, amount: receipt.amount)
        case let .closeCase(caseID, outcome, reasons):
            try app.closeCase(caseID, clerk: clerk, outcome: outcome, reasons: reasons)
            return .caseClosed(caseID: caseID, at: app.clock.now())
        }
    }

    private func run(_ effect: OkuyamiEffect, clerk: String) throws(CounterAppError) -> OkuyamiMsg {
        let today = app.clock.today()
        switch effect {
        case let .search(query):
            return .searchResults(query: query, results: try app.search(query, limit: 50, order: .deceasedFirst, clerk: clerk))
        case let .loadDeceased(id):
            let found = try app.resident(id: id, clerk: clerk)
            try CounterApp.checkDeceased(found.resident)
            let death = found.resident.status == .deceased ? found.resident.statusDate ?? today : today
            return .deceasedLoaded(OkuyamiDeceased(resident: found.resident, household: found.household,
                                                   existingCases: try app.bereavementCases(of: id), today: today,
                                                   questions: app.bereavementQuestions(deceased: found.resident, household: found.household,
                                                                                       dateOfDeath: death)))
        case let .loadCase(number):
            return .caseLoaded(try app.loadBereavementCase(number, clerk: clerk), walkingOrder: app.rules.walkingOrder, today: today)
        case let .openCase(request):
            let dates = CounterApp.DeathDates(dateOfDeath: request.dateOfDeath, funeralDate: request.funeralDate,
                                              knownDate: request.knownDate)
            let opened = try app.openBereavementCase(deceasedID: request.deceasedID, dates: dates, applicantID: request.applicantID,
                                                     answers: request.answers, clerk: clerk)
            return .caseLoaded(opened.bereavementCase, walkingOrder: app.rules.walkingOrder, today: today)
        case let .answer(number, answers):
            return .caseUpdated(try app.answerBereavementQuestions(answers, number: number, clerk: clerk))
        case let .setStatus(number, item, status, seen):
            return .caseUpdated(try app.setBereavementStatus([(item: item, status: status)], number: number, clerk: clerk,
                                                             seen: seen.map { [item: $0] } ?? [:]))
        case let .printHandout(number):
            // The case is on the clerk's screen: its view was journaled when it was loaded.
            let printout = try app.printHandout(try app.bereavementCase(number), clerk: clerk)
            return .printed(OkuyamiPrintout(title: "お手続き一覧", path: printout.file.path, printer: printout.printer))
        case let .fillForm(number, itemID):
            let bereavementCase = try app.bereavementCase(number)
            guard let entry = bereavementCase.item(itemID), let formID = entry.item.form else {
                return .failed("この手続きに申請書はありません。")
            }
            let (filled, skipped) = try app.bereavementForms(bereavementCase, itemID: itemID, clerk: clerk)
            if let form = filled.first { return .formFilled(form) }
            if entry.item.formSubject == .applicant, bereavementCase.applicantID == nil {
                return .failed("届け出る方の申請書です。来庁された方が住民登録のない方のため記入できません（用紙でご案内ください）。")
            }
            return .failed(skipped.first?.reason ?? "申請書「\(formID)」を用意できません。madoguchi forms check で確かめてください。")
        }
    }
}
