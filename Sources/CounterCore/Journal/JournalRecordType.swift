/// What a journal record is about. Later features add cases, not new mechanisms.
public enum JournalRecordType: String, CaseIterable, Sendable, Codable {
    /// A resident searched or viewed (written before the data is shown).
    case access
    case caseOpened = "case_opened"
    /// A certificate or application printed: form, subject, items, copies.
    case formPrinted = "form_printed"
    case payment
    /// A payment or issuance voided (a new record; nothing is ever edited).
    case void
    /// A refund (返品) of an earlier payment, possibly of an earlier day (a new record).
    case refund
    case caseClosed = "case_closed"
    /// A bereavement case item's status changed (未着手・完了・対象外・後日).
    case caseItemStatus = "case_item_status"
    /// The family's answers to a bereavement case's questions (生計同一 and the like), and the
    /// items they added or removed.
    case caseAnswers = "case_answers"
    /// The day's seal: counts, totals and the last hash.
    case dayClosed = "day_closed"
    /// The journal repaired itself on open (torn tail, corrupted segment).
    case recovery
    case login
    case logout
    case lock
    /// A sign-in refused (wrong PIN, unknown id, locked or disabled clerk): counted toward the lock.
    case signInRefused = "sign_in_refused"
    /// A clerk account added, its PIN changed, unlocked or disabled, and who signed for it.
    case clerkChanged = "clerk_changed"
    /// A supervisor's signed review (点検記録): the range, each finding and its disposition,
    /// the verification and each terminal's last hash.
    case review
}
