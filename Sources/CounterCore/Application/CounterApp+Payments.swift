import Foundation
import JapaneseKit

/// Cases (受付), payments, voids and the day close, over this counter's journal.
extension CounterApp {
    /// A `case_opened` record; `subject` is the resident the case is for (受付 from a
    /// resident's record), which the supervisor's review matches against the views.
    public func openCase(procedure: String, subject: String? = nil, clerk: String,
                         number: String? = nil) throws(CounterAppError) -> PaymentService.OpenedCase {
        let service = try payments()
        return try engine { try service.openCase(procedure: procedure, subject: subject, clerk: clerk, number: number) }
    }

    public func recordPayment(_ request: PaymentRequest) throws(CounterAppError) -> PaymentReceipt {
        _ = try catalog()
        let service = try payments()
        return try engine { try service.recordPayment(request) }
    }

    public func void(seq: Int, reason: String, refund: Bool, clerk: String, slip: String?, approval: String?) throws(CounterAppError) -> VoidReceipt {
        let service = try payments()
        return try engine { try service.void(seq: seq, reason: reason, refund: refund, clerk: clerk, slip: slip, approval: approval) }
    }

    @discardableResult
    public func closeCase(_ caseID: String, clerk: String, outcome: CaseOutcome = .issued,
                          reasons: [String] = []) throws(CounterAppError) -> AppendedRecord {
        let service = try payments()
        return try engine { try service.closeCase(caseID, clerk: clerk, outcome: outcome, reasons: reasons) }
    }

    /// The day's seal over this terminal and the `others` journal directories (by default every
    /// source the day's report reads: `journal_dirs` and the hub). Refused unless `supervisor` is
    /// an active supervisor's (the caller has checked the PIN), and while a source cannot be read.
    public func closeDay(_ date: CivilDate?, others: [URL]? = nil, supervisor: String) throws(CounterAppError) -> DayCloser.Result {
        try requireSupervisor(supervisor)
        let today = clock.today()
        let day = date ?? today
        let sources = try readySources(from: min(day, today), to: today, copies: others)
        let closer = DayCloser(journal: journal, sources: sources, catalog: try? catalog(), clock: clock)
        return try engine { try closer.close(date: date, clerk: supervisor) }
    }
}
