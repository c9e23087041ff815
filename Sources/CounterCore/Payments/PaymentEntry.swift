import Foundation
import JapaneseKit

/// One item of a payment: a form, its copies and fee as recorded.
public struct PaymentItem: Equatable, Sendable, Codable {
    public var form: String
    public var title: String
    public var copies: Int
    /// 手数料 per copy at the time of payment.
    public var fee: Int
    public var yen: Int { copies * fee }

    public init(form: String, title: String, copies: Int, fee: Int) {
        self.form = form
        self.title = title
        self.copies = copies
        self.fee = fee
    }

    var journalValue: JournalValue {
        ["form": .string(form), "title": .string(title), "copies": .int(copies), "fee": .int(fee), "yen": .int(yen)]
    }

    init?(_ value: JournalValue) {
        guard let form = value["form"]?.stringValue, let copies = value["copies"]?.intValue, let fee = value["fee"]?.intValue
        else { return nil }
        self.init(form: form, title: value["title"]?.stringValue ?? form, copies: copies, fee: fee)
    }
}

/// A `payment` record read back from the journal.
public struct PaymentEntry: Equatable, Sendable {
    /// The counter terminal that wrote it, its seq there, and when.
    public var terminal: String
    public var seq: Int
    public var timestamp: Date
    public var clerk: String
    public var caseID: String
    public var method: String
    public var brand: String?
    public var amount: Int
    public var items: [PaymentItem]
    public var slip: String?
    public var approval: String?
    public var transaction: String?
    public var paymentTerminal: String?
    public var last4: String?
    public var hash: String

    /// The receipt number printed for the resident: `<terminal>-R<seq>`.
    public var receipt: String { PaymentEntry.receiptNumber(terminal: terminal, seq: seq) }

    public static func receiptNumber(terminal: String, seq: Int) -> String { "\(terminal)-R\(seq)" }

    /// Reads a `payment` record; nil for any other record or one missing its core fields.
    public init?(_ record: JournalRecord) {
        guard record.type == .payment, let caseID = record["case"]?.stringValue, let method = record["method"]?.stringValue,
              let amount = record["amount"]?.intValue else { return nil }
        terminal = record.terminal
        seq = record.seq
        timestamp = record.timestamp
        clerk = record.clerk
        self.caseID = caseID
        self.method = method
        self.amount = amount
        brand = record["brand"]?.stringValue
        items = (record["items"]?.arrayValue ?? []).compactMap(PaymentItem.init)
        slip = record["slip"]?.stringValue
        approval = record["approval"]?.stringValue
        transaction = record["transaction"]?.stringValue
        paymentTerminal = record["payment_terminal"]?.stringValue
        last4 = record["last4"]?.stringValue
        hash = record.hash
    }
}

/// A `void` (取消) or `refund` (返品) record read back from the journal.
public struct VoidEntry: Equatable, Sendable {
    public enum Kind: String, Sendable, Codable {
        /// 取消: the same day, on the payment terminal.
        case void = "取消"
        /// 返品: later, money returned outside the card (often by bank transfer).
        case refund = "返品"
    }

    public var kind: Kind
    public var terminal: String
    public var seq: Int
    public var timestamp: Date
    public var clerk: String
    public var reason: String
    /// The payment it cancels: terminal, seq and day.
    public var originalTerminal: String
    public var originalSeq: Int
    public var originalDate: CivilDate?
    public var caseID: String
    public var method: String
    public var brand: String?
    /// The amount taken back (positive yen).
    public var amount: Int
    public var items: [PaymentItem]
    public var slip: String?
    public var approval: String?
    public var transaction: String?
    public var paymentTerminal: String?

    public init?(_ record: JournalRecord) {
        guard let type = record.type, type == .void || type == .refund,
              let originalSeq = record["original_seq"]?.intValue, let amount = record["amount"]?.intValue,
              let method = record["method"]?.stringValue else { return nil }
        kind = type == .void ? .void : .refund
        terminal = record.terminal
        seq = record.seq
        timestamp = record.timestamp
        clerk = record.clerk
        reason = record["reason"]?.stringValue ?? ""
        originalTerminal = record["original_terminal"]?.stringValue ?? record.terminal
        self.originalSeq = originalSeq
        originalDate = record["original_date"]?.stringValue.flatMap { CivilDate(iso: $0) }
        caseID = record["case"]?.stringValue ?? ""
        self.method = method
        brand = record["brand"]?.stringValue
        self.amount = amount
        items = (record["items"]?.arrayValue ?? []).compactMap(PaymentItem.init)
        slip = record["slip"]?.stringValue
        approval = record["approval"]?.stringValue
        transaction = record["transaction"]?.stringValue
        paymentTerminal = record["payment_terminal"]?.stringValue
    }
}
