/// Why the journal refused or failed. Values only: the application words them for clerks.
public enum JournalError: Error, Equatable, Sendable {
    /// The terminal id cannot be used in a file name (ASCII letters, digits, `-`, `_`; 1–64).
    case invalidTerminalID(String)
    /// The journal directory holds files of the other mode (LIVE vs TRAINING).
    case modeMismatch(expected: JournalMode, found: JournalMode, file: String)
    /// A string (in `field`, a path such as `items[2].note`, or `clerk`) holds a card number
    /// or a 個人番号. The digits are deliberately not carried.
    case sensitiveNumber(field: String, kind: SensitiveNumbers.Kind)
    /// A field name is one of the journal's own members (`seq`, `ts`, `type`, `clerk`, `prev`, `h`).
    case reservedField(String)
    /// A field name is not a lower-case identifier (`a-z`, `0-9`, `_`, starting with a letter, ≤ 64).
    case invalidFieldName(String)
    /// The clerk id is empty.
    case missingClerk
    /// A system call failed (`operation` on `path`, with errno `code`).
    case io(operation: String, path: String, code: Int32)
    /// A write or fsync failed earlier in this process; nothing more is appended until the
    /// application is restarted (and the journal reopened, which recovers the file).
    case unusableAfterFailure
    /// The journal was closed.
    case closed
}
