import CounterCore
import Foundation
import JapaneseKit

/// What the Runtime hands a newly opened case: its number and time, and what the counter's
/// engines offer (forms, payment methods) so the screens can work without touching files.
public struct VisitSetup: Equatable, Sendable {
    public var caseID: String
    public var openedAt: Date
    public var forms: [FormDefinition]
    public var methods: PaymentMethodCatalog
    public var cityName: String
    public var clerkID: String
    public var clerkName: String
    /// The payment terminal's 端末番号 from config.yaml.
    public var paymentTerminal: String?
    /// Set in demo mode: the simulated payment terminal's seed.
    public var demoSeed: UInt64?

    public init(caseID: String, openedAt: Date, forms: [FormDefinition], methods: PaymentMethodCatalog, cityName: String,
                clerkID: String, clerkName: String, paymentTerminal: String?, demoSeed: UInt64?) {
        self.caseID = caseID
        self.openedAt = openedAt
        self.forms = forms
        self.methods = methods
        self.cityName = cityName
        self.clerkID = clerkID
        self.clerkName = clerkName
        self.paymentTerminal = paymentTerminal
        self.demoSeed = demoSeed
    }
}

/// One visit (案件) as the screens carry it from 受付 to 完了: the subject, the chosen forms
/// and copies, what was typed (reused by every form of the case) and who is asking.
public struct Visit: Equatable, Sendable {
    public var setup: VisitSetup
    public var subject: Resident
    public var household: [Resident]
    /// Chosen form ids with copies, in the order chosen.
    public var chosen: [(id: String, copies: Int)] = []
    /// Values typed at the counter, by field key.
    public var entered: [String: String] = [:]
    public var requester: RequesterRelation = .selfPerson
    public var printed = false

    public init(setup: VisitSetup, subject: Resident, household: [Resident]) {
        self.setup = setup
        self.subject = subject
        self.household = household
    }

    public static func == (a: Visit, b: Visit) -> Bool {
        a.setup == b.setup && a.subject == b.subject && a.household == b.household
            && a.chosen.map(\.id) == b.chosen.map(\.id) && a.chosen.map(\.copies) == b.chosen.map(\.copies)
            && a.entered == b.entered && a.requester == b.requester && a.printed == b.printed
    }

    public var caseID: String { setup.caseID }

    /// The case as the forms engine sees it.
    public var context: CaseContext {
        let requester: Requester = self.requester == .selfPerson ? .subject : .declared(self.requester)
        return CaseContext(caseNumber: setup.caseID, subject: subject, household: household, requester: requester,
                           entered: entered, clerkID: setup.clerkID, clerkName: setup.clerkName, cityName: setup.cityName,
                           today: CivilDate(setup.openedAt))
    }

    /// Every chosen form, pre-filled by the forms engine; copies as chosen at 受付.
    public var filled: [FilledForm] {
        let base = context
        return chosen.compactMap { item in
            guard let form = setup.forms.first(where: { $0.id == item.id }) else { return nil }
            var ctx = base
            if form.field("copies") != nil { ctx.enter("copies", String(item.copies)) }
            return Prefill.fill(form, in: ctx)
        }
    }
}
