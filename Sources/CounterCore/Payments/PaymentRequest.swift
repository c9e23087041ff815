import Foundation

/// What a clerk enters to record one payment. Free-text inputs stay text so that every one of
/// them can be checked for card numbers and 個人番号 before anything else looks at it.
public struct PaymentRequest: Sendable, Equatable {
    /// An open case of today; nil opens a new case (procedure `procedure`).
    public var caseID: String?
    public var procedure: String
    /// `cash`, `credit`, `emoney`, `qr` (ids in payment-methods.yaml).
    public var method: String
    public var brand: String?
    /// The amount as typed (whole yen); must equal the items' total.
    public var amount: String
    /// `FORM:COPIES` as typed (`juminhyo:2`).
    public var items: [String]
    /// 伝票番号, 承認番号, 取引ID as typed.
    public var slip: String?
    public var approval: String?
    public var transaction: String?
    /// The payment terminal's own 端末番号.
    public var paymentTerminal: String?
    /// At most the last 4 card digits.
    public var last4: String?
    public var clerk: String

    public init(caseID: String? = nil, procedure: String = PaymentRequest.defaultProcedure, method: String, brand: String? = nil,
                amount: String, items: [String], slip: String? = nil, approval: String? = nil, transaction: String? = nil,
                paymentTerminal: String? = nil, last4: String? = nil, clerk: String) {
        self.caseID = caseID
        self.procedure = procedure
        self.method = method
        self.brand = brand
        self.amount = amount
        self.items = items
        self.slip = slip
        self.approval = approval
        self.transaction = transaction
        self.paymentTerminal = paymentTerminal
        self.last4 = last4
        self.clerk = clerk
    }

    /// The procedure of a case opened by a payment: 証明書交付.
    public static let defaultProcedure = "certificate"

    /// Every free-text input with the name a clerk knows it by, for the sensitive-number check.
    var labelledInputs: [(String, String?)] {
        [("受付番号", caseID), ("手続", procedure), ("支払方法", method), ("ブランド", brand), ("金額", amount),
         ("伝票番号", slip), ("承認番号", approval), ("取引ID", transaction), ("決済端末番号", paymentTerminal),
         ("カード下4桁", last4), ("担当者", clerk)] + items.map { ("帳票と通数", $0) }
    }
}

/// What recording a payment produced.
public struct PaymentReceipt: Equatable, Sendable {
    public var caseID: String
    /// `<terminal>-R<seq>`.
    public var receipt: String
    public var seq: Int
    public var hash: String
    public var amount: Int
    /// True when the payment opened the case itself.
    public var openedCase: Bool
}

/// What recording a void or refund produced.
public struct VoidReceipt: Equatable, Sendable {
    public var kind: VoidEntry.Kind
    public var seq: Int
    public var hash: String
    public var originalSeq: Int
    public var amount: Int
    public var caseID: String
}
