import Foundation
import JapaneseKit

/// Records the counter's cases, payments, voids and refunds in the journal, refusing
/// anything the payment rules forbid before a single byte is written.
///
/// The journal is the only store: duplicates, open cases and the day's seal are found by
/// reading today's journal files (every terminal's in the journal directory), and nothing else.
/// Those checks and the append run under one lock (`Journal.exclusively`), so two processes
/// recording the same slip at once record it once.
///
/// ```swift
/// let service = PaymentService(journal: journal, catalog: catalog, forms: library, clock: SystemClock())
/// let opened = try service.openCase(procedure: "certificate", clerk: "k0123")
/// let paid = try service.recordPayment(PaymentRequest(caseID: opened.caseID, method: "credit", brand: "VISA",
///     amount: "600", items: ["juminhyo:2"], slip: "0012", approval: "000000", paymentTerminal: "PT01", clerk: "k0123"))
/// try service.closeCase(opened.caseID, clerk: "k0123")
/// ```
public final class PaymentService: Sendable {
    public let journal: Journal
    public let catalog: PaymentMethodCatalog
    public let forms: FormLibrary
    public let clock: WallClock

    public init(journal: Journal, catalog: PaymentMethodCatalog, forms: FormLibrary, clock: WallClock) {
        self.journal = journal
        self.catalog = catalog
        self.forms = forms
        self.clock = clock
    }

    /// A case just opened.
    public struct OpenedCase: Equatable, Sendable {
        /// `<terminal>-C<seq>`.
        public var caseID: String
        public var seq: Int
        public var hash: String
    }

    /// Today's records of this journal directory.
    public func todaysLedger() throws -> DayLedger {
        try DayLedger.read(directories: [journal.directory], date: clock.today())
    }

    // MARK: - Cases

    /// Opens a case (受付) with a `case_opened` record. `procedure` names what the visit is for
    /// (`certificate`, `bereavement`, a form id…); handling times are reported per procedure.
    ///
    /// `number`, when given, is the case number the caller already uses (an おくやみ case, a
    /// number printed on forms); it is written in the record and must be new today. Without it
    /// the number is `<terminal>-C<seq>`.
    public func openCase(procedure: String, subject: String? = nil, clerk: String, number: String? = nil) throws -> OpenedCase {
        try checkText([("手続", procedure), ("担当者", clerk), ("受付番号", number)])
        guard !clerk.isEmpty else { throw PaymentRefusal.missingClerk }
        return try journal.exclusively { journal in
            let ledger = try todaysLedger()
            if ledger.isClosed { throw PaymentRefusal.dayClosed(ledger.date) }
            guard let number, !number.isEmpty else {
                return try appendCaseOpened(journal, procedure: procedure, subject: subject, clerk: clerk)
            }
            if ledger.case(number) != nil { throw PaymentRefusal.caseExists(number) }
            var fields: [String: JournalValue] = ["procedure": .string(procedure), "case": .string(number)]
            if let subject { fields["subject"] = .string(subject) }
            let record = try journal.append(.caseOpened, clerk: clerk, fields: fields)
            return OpenedCase(caseID: number, seq: record.seq, hash: record.hash)
        }
    }

    /// Closes an open case of today with a `case_closed` record; a case closed without
    /// issuing (交付しない・上司へ引継ぎ) carries its `outcome` and the reasons' codes.
    @discardableResult
    public func closeCase(_ caseID: String, clerk: String, outcome: CaseOutcome = .issued,
                          reasons: [String] = []) throws -> AppendedRecord {
        try checkText([("受付番号", caseID), ("担当者", clerk)])
        guard !clerk.isEmpty else { throw PaymentRefusal.missingClerk }
        return try journal.exclusively { journal in
            let ledger = try todaysLedger()
            guard let found = ledger.case(caseID) else { throw PaymentRefusal.unknownCase(caseID) }
            if found.closed != nil { throw PaymentRefusal.caseClosed(caseID) }
            let payments = ledger.payments.filter { $0.caseID == caseID }
            let paid = payments.filter { ledger.voidOf(terminal: $0.terminal, seq: $0.seq) == nil }.reduce(0) { $0 + $1.amount }
            var fields: [String: JournalValue] = ["case": .string(caseID), "payments": .int(payments.count), "paid": .int(paid)]
            if outcome != .issued {
                fields["outcome"] = .string(outcome.rawValue)
                fields["reasons"] = .array(reasons.map { .string($0) })
            }
            return try journal.append(.caseClosed, clerk: clerk, fields: fields)
        }
    }

    private func appendCaseOpened(_ journal: Journal.Appender, procedure: String, subject: String? = nil,
                                  clerk: String) throws -> OpenedCase {
        var fields: [String: JournalValue] = ["procedure": .string(procedure)]
        if let subject { fields["subject"] = .string(subject) }
        let record = try journal.append(.caseOpened, clerk: clerk, fields: fields)
        return OpenedCase(caseID: DayLedger.caseID(terminal: self.journal.terminalID, seq: record.seq), seq: record.seq, hash: record.hash)
    }

    // MARK: - Payments

    /// Checks `request` completely, then records it (opening a case first when it names none).
    ///
    /// - Throws: `PaymentRefusal` (journal unchanged), or a journal error when the disk fails.
    public func recordPayment(_ request: PaymentRequest) throws -> PaymentReceipt {
        let validated = try validate(request)
        return try journal.exclusively { journal in
            let ledger = try todaysLedger()
            if ledger.isClosed { throw PaymentRefusal.dayClosed(ledger.date) }
            try checkAgainstDay(validated, request: request, ledger: ledger)
            return try append(validated, request: request, journal)
        }
    }

    /// Writes a checked payment (and the case it opens); the lock is held.
    private func append(_ validated: ValidatedPayment, request: PaymentRequest, _ journal: Journal.Appender) throws -> PaymentReceipt {
        var caseID = request.caseID ?? ""
        var opened = false
        if request.caseID == nil {
            caseID = try appendCaseOpened(journal, procedure: request.procedure, clerk: request.clerk).caseID
            opened = true
        }
        var fields: [String: JournalValue] = [
            "case": .string(caseID), "method": .string(validated.method.id), "amount": .int(validated.amount),
            "items": .array(validated.items.map(\.journalValue)),
        ]
        if let brand = validated.brand { fields["brand"] = .string(brand) }
        for (key, value) in validated.references { fields[key.rawValue] = .string(value) }
        if let pt = validated.paymentTerminal { fields["payment_terminal"] = .string(pt) }
        if let last4 = validated.last4 { fields["last4"] = .string(last4) }
        let record = try journal.append(.payment, clerk: request.clerk, fields: fields)
        return PaymentReceipt(caseID: caseID, receipt: PaymentEntry.receiptNumber(terminal: self.journal.terminalID, seq: record.seq),
                              seq: record.seq, hash: record.hash, amount: validated.amount, openedCase: opened)
    }

    /// A request that passed every check that does not need the journal.
    struct ValidatedPayment {
        var method: PaymentMethod
        var brand: String?
        var amount: Int
        var items: [PaymentItem]
        var references: [(ReferenceRule.Key, String)]
        var paymentTerminal: String?
        var last4: String?
    }

    /// Checks the request on its own: sensitive numbers first (so no digits are echoed), then
    /// method, brand, items and total, references and their formats.
    func validate(_ request: PaymentRequest) throws -> ValidatedPayment {
        try checkText(request.labelledInputs)
        guard !request.clerk.isEmpty else { throw PaymentRefusal.missingClerk }
        guard let method = catalog.method(id: request.method) else {
            throw PaymentRefusal.unknownMethod(request.method, known: catalog.methods.map(\.id))
        }
        let brand = request.brand.flatMap { $0.isEmpty ? nil : $0 }
        if method.isCash {
            if brand != nil { throw PaymentRefusal.brandNotAllowed(method: method.name) }
        } else {
            guard let brand else { throw PaymentRefusal.brandRequired(method: method.name, brands: method.brands) }
            guard method.brands.contains(brand) else { throw PaymentRefusal.unknownBrand(method: method.name, brands: method.brands) }
        }
        let items = try Self.parseItems(request.items, forms: forms)
        let expected = items.reduce(0) { $0 + $1.yen }
        guard let amount = Self.parseAmount(request.amount) else { throw PaymentRefusal.malformedAmount }
        if expected == 0 { throw PaymentRefusal.freeOnly }
        guard amount == expected else { throw PaymentRefusal.wrongTotal(amount: amount, expected: expected) }

        var references: [(ReferenceRule.Key, String)] = []
        let given: [ReferenceRule.Key: String] = [.slip: request.slip, .approval: request.approval, .transaction: request.transaction]
            .compactMapValues { $0.flatMap { $0.isEmpty ? nil : $0 } }
        for key in ReferenceRule.Key.allCases {
            let rule = method.references.first { $0.key == key }
            guard let value = given[key] else {
                if let rule, rule.isRequired(brand: brand) { throw PaymentRefusal.missingReference(label: rule.label, method: method.name) }
                continue
            }
            guard let rule else { throw PaymentRefusal.unexpectedReference(label: Self.defaultLabel(key), method: method.name) }
            guard rule.accepts(value) else { throw PaymentRefusal.malformedReference(label: rule.label, expected: rule.formatDescription) }
            references.append((key, value))
        }

        var paymentTerminal: String?
        if let pt = request.paymentTerminal, !pt.isEmpty {
            guard pt.utf8.count <= 32, pt.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A)
                || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x2D || $0 == 0x5F }) else { throw PaymentRefusal.malformedPaymentTerminal }
            paymentTerminal = pt
        } else if !method.isCash {
            throw PaymentRefusal.paymentTerminalRequired
        }
        var last4: String?
        if let l4 = request.last4, !l4.isEmpty {
            guard method.acceptsLast4 else { throw PaymentRefusal.last4NotAccepted(method: method.name) }
            guard l4.utf8.count == 4, l4.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { throw PaymentRefusal.malformedLast4 }
            last4 = l4
        }
        return ValidatedPayment(method: method, brand: brand, amount: amount, items: items, references: references,
                                paymentTerminal: paymentTerminal, last4: last4)
    }

    /// Checks that need today's records: the case, mixing cash and cashless, duplicates.
    func checkAgainstDay(_ payment: ValidatedPayment, request: PaymentRequest, ledger: DayLedger) throws {
        if let caseID = request.caseID {
            guard let found = ledger.case(caseID) else { throw PaymentRefusal.unknownCase(caseID) }
            if found.closed != nil { throw PaymentRefusal.caseClosed(caseID) }
            for other in ledger.payments where other.caseID == caseID && ledger.voidOf(terminal: other.terminal, seq: other.seq) == nil {
                let otherIsCash = catalog.method(id: other.method)?.isCash ?? (other.method == "cash")
                if otherIsCash != payment.method.isCash {
                    throw PaymentRefusal.mixedMethods(caseID: caseID, existing: catalog.method(id: other.method)?.name ?? other.method)
                }
            }
        }
        guard !payment.method.isCash, let pt = payment.paymentTerminal else { return }
        let refs = Dictionary(payment.references, uniquingKeysWith: { a, _ in a })
        if let slip = refs[.slip] {
            let approval = refs[.approval]
            let key = ReferenceRule.slipKey(slip)
            if let other = ledger.payments.first(where: { $0.paymentTerminal == pt && $0.slip.map(ReferenceRule.slipKey) == key
                && $0.approval == approval }) {
                throw PaymentRefusal.duplicate(paymentTerminal: pt, seq: other.seq, terminal: other.terminal)
            }
        }
        if let transaction = refs[.transaction],
           let other = ledger.payments.first(where: { $0.transaction == transaction && $0.method == payment.method.id }) {
            throw PaymentRefusal.duplicateTransaction(seq: other.seq, terminal: other.terminal)
        }
    }

    // MARK: - Voids and refunds

    /// Records a 取消 (`refund == false`, same day only) or a 返品 (`refund == true`, any
    /// earlier day) of the payment `seq` of this terminal. `slip`/`approval` are the
    /// cancellation slip's own numbers when the payment terminal printed new ones.
    public func void(seq: Int, reason: String, refund: Bool, clerk: String, slip: String? = nil,
                     approval: String? = nil) throws -> VoidReceipt {
        try checkText([("理由", reason), ("担当者", clerk), ("伝票番号", slip), ("承認番号", approval)])
        guard !clerk.isEmpty else { throw PaymentRefusal.missingClerk }
        guard !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw PaymentRefusal.reasonRequired }
        for (label, value) in [("伝票番号", slip), ("承認番号", approval)] {
            if let value, !value.isEmpty, !(value.utf8.count <= 10 && value.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 })) {
                throw PaymentRefusal.malformedReference(label: label, expected: "数字")
            }
        }
        let today = clock.today()
        let terminal = journal.terminalID
        return try journal.exclusively { journal in
            let todays = try todaysLedger()
            if todays.isClosed { throw PaymentRefusal.dayClosed(today) }

            let (payment, paidOn, earlierVoid) = try findPayment(seq: seq, terminal: terminal, today: today, todays: todays)
            if let earlierVoid { throw PaymentRefusal.alreadyVoided(seq: seq, bySeq: earlierVoid) }
            if !refund && paidOn != today { throw PaymentRefusal.voidOnlySameDay(seq: seq, paidOn: paidOn) }
            if refund && paidOn == today { throw PaymentRefusal.refundOnlyEarlierDay(seq: seq) }

            var fields: [String: JournalValue] = [
                "original_seq": .int(seq), "original_terminal": .string(terminal), "original_date": .string(paidOn.iso),
                "original_hash": .string(payment.hash), "case": .string(payment.caseID), "method": .string(payment.method),
                "amount": .int(payment.amount), "items": .array(payment.items.map(\.journalValue)), "reason": .string(reason),
            ]
            if let brand = payment.brand { fields["brand"] = .string(brand) }
            if let pt = payment.paymentTerminal { fields["payment_terminal"] = .string(pt) }
            if let s = slip.flatMap({ $0.isEmpty ? nil : $0 }) ?? payment.slip { fields["slip"] = .string(s) }
            if let a = approval.flatMap({ $0.isEmpty ? nil : $0 }) ?? payment.approval { fields["approval"] = .string(a) }
            if let t = payment.transaction { fields["transaction"] = .string(t) }
            let record = try journal.append(refund ? .refund : .void, clerk: clerk, fields: fields)
            return VoidReceipt(kind: refund ? .refund : .void, seq: record.seq, hash: record.hash, originalSeq: seq,
                               amount: payment.amount, caseID: payment.caseID)
        }
    }

    /// How far back a refund may reach.
    public static let refundLookbackDays = 400

    /// Finds payment `seq` of `terminal`, newest day first, reading one day's files at a time
    /// and stopping at the day that holds it; also any void/refund of it seen on the way.
    private func findPayment(seq: Int, terminal: String, today: CivilDate, todays: DayLedger)
        throws -> (PaymentEntry, CivilDate, Int?) {
        var voidSeq: Int? = todays.voidOf(terminal: terminal, seq: seq)?.seq
        let days = JournalLayout.days(journal.directory, onOrBefore: today)
            .filter { today.dayNumber - $0.dayNumber <= Self.refundLookbackDays }
        for day in days {
            let ledger = day == today ? todays : try DayLedger.read(directories: [journal.directory], date: day)
            if day != today, let v = ledger.voidOf(terminal: terminal, seq: seq) { voidSeq = voidSeq ?? v.seq }
            if let payment = ledger.payments.first(where: { $0.terminal == terminal && $0.seq == seq }) {
                return (payment, day, voidSeq)
            }
            // Sequence numbers only grow: once this day starts after `seq`, keep going back;
            // once it holds anything at or below `seq`, the payment is not there.
            if let first = ledger.lastSeqs[terminal], first < seq { break }
            if ledger.recordCounts[terminal] != nil, Self.minSeq(ledger, terminal) <= seq { break }
        }
        throw PaymentRefusal.unknownPayment(seq: seq)
    }

    private static func minSeq(_ ledger: DayLedger, _ terminal: String) -> Int {
        // lastSeq - count + 1 is the first seq when the day's chain has no gaps (it never has).
        (ledger.lastSeqs[terminal] ?? 0) - (ledger.recordCounts[terminal] ?? 0) + 1
    }

    // MARK: - Input helpers

    /// Refuses when any input holds a card-number-like run or a 個人番号.
    func checkText(_ inputs: [(String, String?)]) throws {
        for (label, value) in inputs {
            guard let value, let kind = SensitiveNumbers.firstKind(in: value) else { continue }
            throw PaymentRefusal.sensitiveNumber(field: label, kind: kind)
        }
    }

    /// Whole yen, ASCII or full-width digits, thousands commas and a trailing 円 allowed
    /// (`1,300円`); a comma anywhere else (`3,00`) is refused.
    public static func parseAmount(_ text: String) -> Int? {
        var trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasSuffix("円") { trimmed.removeLast() }
        // Digit groups between commas: a comma is only read as thousands grouping (3,000 or
        // 1,234,567), so a slip of the finger (3,00 or 30,00) is refused, not read as 300.
        var groups: [String] = [""]
        for scalar in trimmed.unicodeScalars {
            switch scalar.value {
            case 0x30...0x39: groups[groups.count - 1].unicodeScalars.append(scalar)
            case 0xFF10...0xFF19: groups[groups.count - 1].unicodeScalars.append(Unicode.Scalar(scalar.value - 0xFF10 + 0x30)!)
            case 0x2C, 0xFF0C: groups.append("")
            default: return nil
            }
        }
        guard let first = groups.first, !first.isEmpty else { return nil }
        if groups.count > 1 {
            guard first.count <= 3, groups.dropFirst().allSatisfy({ $0.count == 3 }) else { return nil }
        }
        let digits = groups.joined()
        guard digits.count <= 9 else { return nil }
        return Int(digits)
    }

    /// `FORM:COPIES` items, fees from the form definitions; the same form twice adds up.
    public static func parseItems(_ texts: [String], forms: FormLibrary) throws -> [PaymentItem] {
        guard !texts.isEmpty else { throw PaymentRefusal.noItems }
        var items: [PaymentItem] = []
        for text in texts {
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty else { throw PaymentRefusal.malformedItem }
            let id = String(parts[0]).trimmingCharacters(in: .whitespaces)
            guard let form = forms.form(id: id) else { throw PaymentRefusal.unknownForm(id) }
            guard let copies = Int(parts[1].trimmingCharacters(in: .whitespaces)), (1...99).contains(copies) else {
                throw PaymentRefusal.badCopies(form: id)
            }
            if let i = items.firstIndex(where: { $0.form == id }) {
                items[i].copies += copies
                guard items[i].copies <= 99 else { throw PaymentRefusal.badCopies(form: id) }
            } else {
                items.append(PaymentItem(form: id, title: form.title, copies: copies, fee: form.fee))
            }
        }
        return items
    }

    private static func defaultLabel(_ key: ReferenceRule.Key) -> String {
        switch key {
        case .slip: return "伝票番号"
        case .approval: return "承認番号"
        case .transaction: return "取引ID"
        }
    }
}
