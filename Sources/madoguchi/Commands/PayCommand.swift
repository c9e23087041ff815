import ArgumentParser
import CounterCore
import Foundation
import JapaneseKit

/// `madoguchi pay`: records one payment (its references, never card data) in the journal.
struct PayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pay",
        abstract: "Record a payment: method, brand, amount, forms × copies and the slip's references.",
        discussion: """
        Methods, brands and the references each needs come from Forms/payment-methods.yaml. \
        Without --case a new case (受付) is opened. Prints the case and receipt numbers; \
        --json prints {"case","receipt","seq"}. Refused (exit 1, journal unchanged): a total that \
        differs from the fees, a missing or malformed reference, a duplicate slip (伝票番号 compared \
        as numbers: 0555 is 555), a card number \
        or 個人番号 in any field, cash and cashless in one case, or a day already closed.
        """
    )

    @OptionGroup var dataDir: DataDirOption
    @OptionGroup var forms: FormsOption
    @OptionGroup var clerk: ClerkOption
    @Option(name: .customLong("case"), help: ArgumentHelp("An open case of today.", valueName: "case")) var caseID: String?
    @Option(help: ArgumentHelp("Procedure of a case opened by this payment.", valueName: "name"))
    var procedure = PaymentRequest.defaultProcedure
    @Option(help: ArgumentHelp("cash, credit, emoney or qr.", valueName: "method")) var method: String
    @Option(help: ArgumentHelp("Brand (VISA, 交通系IC, PayPay…).", valueName: "brand")) var brand: String?
    @Option(help: ArgumentHelp("Amount in yen (commas only as thousands grouping: 3,000); must equal the fees.", valueName: "yen")) var amount: String
    @Option(name: .customLong("item"), parsing: .upToNextOption, help: ArgumentHelp("Form and copies (juminhyo:2).", valueName: "form:copies"))
    var items: [String] = []
    @Option(help: ArgumentHelp("承認番号 (6 digits).", valueName: "n")) var approval: String?
    @Option(help: ArgumentHelp("伝票番号.", valueName: "n")) var slip: String?
    @Option(help: ArgumentHelp("QR 取引ID.", valueName: "id")) var transaction: String?
    @Option(name: .customLong("payment-terminal"), help: ArgumentHelp("The payment terminal's 端末番号.", valueName: "id"))
    var paymentTerminal: String?
    @Option(help: ArgumentHelp("Last 4 card digits (nothing more).", valueName: "nnnn")) var last4: String?
    @Flag(help: "Close the case after recording the payment.") var close = false
    @Flag(help: "Machine-readable output.") var json = false

    func run() throws {
        let app = try CounterSession.open(dataDir, forms: forms)
        _ = try CounterSession.refusing { (try app.requireForms(), try app.catalog()) }
        let clerkID = try CounterSession.signIn(app, clerk).id
        let request = PaymentRequest(caseID: caseID, procedure: procedure, method: method, brand: brand, amount: amount, items: items,
                                     slip: slip, approval: approval, transaction: transaction, paymentTerminal: paymentTerminal,
                                     last4: last4, clerk: clerkID)
        let receipt = try CounterSession.refusing { try app.recordPayment(request) }
        if close {
            try CounterSession.refusing { try app.closeCase(receipt.caseID, clerk: clerkID) }
        }
        if json {
            CounterSession.printJSON(["case": .string(receipt.caseID), "receipt": .string(receipt.receipt), "seq": .int(receipt.seq)])
        } else {
            print("受付番号: \(receipt.caseID)\(receipt.openedCase ? "（新規）" : "")")
            print("領収番号: \(receipt.receipt)  \(DailyReportRenderer.yen(receipt.amount))  記録 \(receipt.seq)")
            if close { print("受付 \(receipt.caseID) を終了しました。") }
        }
    }
}

/// `madoguchi void --seq N --reason TEXT [--refund]`.
struct VoidCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "void",
        abstract: "Void (取消) a payment of today, or refund (返品, --refund) an earlier one.",
        discussion: """
        Writes a new record that references the payment's seq on this terminal; the payment itself \
        is never changed. A payment can be voided or refunded once: today's payment only by 取消, \
        an earlier day's only by 返品 (--refund). --slip/--approval give the \
        cancellation slip's own numbers when the payment terminal printed new ones.
        """
    )

    @OptionGroup var dataDir: DataDirOption
    @OptionGroup var clerk: ClerkOption
    @Option(help: ArgumentHelp("The payment's record number on this terminal.", valueName: "n")) var seq: String
    @Option(help: ArgumentHelp("Why.", valueName: "text")) var reason: String
    @Flag(help: "返品 (refund) of an earlier day's payment instead of 取消.") var refund = false
    @Option(help: ArgumentHelp("伝票番号 of the cancellation slip.", valueName: "n")) var slip: String?
    @Option(help: ArgumentHelp("承認番号 of the cancellation slip.", valueName: "n")) var approval: String?
    @Flag(help: "Machine-readable output.") var json = false

    func run() throws {
        guard let number = Int(seq), number > 0 else {
            throw CommandFailure.usage("--seq は支払の記録番号（正の整数）で指定してください。")
        }
        let app = try CounterSession.open(dataDir)
        let clerkID = try CounterSession.signIn(app, clerk).id
        let receipt = try CounterSession.refusing {
            try app.void(seq: number, reason: reason, refund: refund, clerk: clerkID, slip: slip, approval: approval)
        }
        if json {
            CounterSession.printJSON(["kind": .string(receipt.kind.rawValue), "seq": .int(receipt.seq),
                                      "original_seq": .int(receipt.originalSeq), "amount": .int(receipt.amount),
                                      "case": .string(receipt.caseID)])
        } else {
            print("\(receipt.kind.rawValue): 記録 \(receipt.originalSeq)（受付 \(receipt.caseID)、\(DailyReportRenderer.yen(receipt.amount))）→ 記録 \(receipt.seq)")
        }
    }
}

/// `madoguchi case open|close`.
struct CaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "case",
        abstract: "Open or close a case (受付); handling times come from these records.",
        subcommands: [Open.self, Close.self]
    )

    struct Open: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "open", abstract: "Open a case; prints its number.")
        @OptionGroup var dataDir: DataDirOption
        @OptionGroup var clerk: ClerkOption
        @Option(help: ArgumentHelp("What the visit is for (certificate, bereavement, a form id…).", valueName: "name"))
        var procedure = PaymentRequest.defaultProcedure
        @Option(help: ArgumentHelp("Use this case number (default <terminal>-C<seq>).", valueName: "number")) var number: String?
        @Flag(help: "Machine-readable output.") var json = false

        func run() throws {
            let app = try CounterSession.open(dataDir)
            let clerkID = try CounterSession.signIn(app, clerk).id
            let opened = try CounterSession.refusing {
                try app.openCase(procedure: procedure, clerk: clerkID, number: number)
            }
            if json {
                CounterSession.printJSON(["case": .string(opened.caseID), "seq": .int(opened.seq)])
            } else {
                print("受付番号: \(opened.caseID)")
            }
        }
    }

    struct Close: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "close", abstract: "Close an open case of today.")
        @OptionGroup var dataDir: DataDirOption
        @OptionGroup var clerk: ClerkOption
        @Argument(help: ArgumentHelp("The case number.", valueName: "case")) var caseID: String
        @Option(help: ArgumentHelp("issued (default), refused (交付しない) or referred (上司へ引継ぎ): a case closed without issuing.",
                                   valueName: "outcome")) var outcome = CaseOutcome.issued.rawValue

        func run() throws {
            guard let closing = CaseOutcome(rawValue: outcome) else {
                throw CommandFailure.usage("--outcome は issued・refused・referred のどれかです。")
            }
            let app = try CounterSession.open(dataDir)
            let clerkID = try CounterSession.signIn(app, clerk).id
            let record = try CounterSession.refusing { try app.closeCase(caseID, clerk: clerkID, outcome: closing) }
            let how = closing == .issued ? "" : "（\(closing.label)）"
            print("受付 \(DisplaySanitizer.sanitize(caseID)) を終了しました\(how)（記録 \(record.seq)）。")
        }
    }
}
