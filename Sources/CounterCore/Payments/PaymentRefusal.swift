import JapaneseKit

/// Why a payment, void, refund or case action was refused. The journal is unchanged when
/// one of these is thrown. Values never carry what a clerk typed when it may hold digits
/// that must not be echoed (card numbers, 個人番号).
public enum PaymentRefusal: Error, Equatable, Sendable {
    /// An input (`field` names it, e.g. `伝票番号`) looks like a card number or a 個人番号.
    case sensitiveNumber(field: String, kind: SensitiveNumbers.Kind)
    case unknownMethod(String, known: [String])
    case brandRequired(method: String, brands: [String])
    case unknownBrand(method: String, brands: [String])
    case brandNotAllowed(method: String)
    case noItems
    /// An `--item` that is not `FORM:COPIES`.
    case malformedItem
    case unknownForm(String)
    case badCopies(form: String)
    case freeOnly
    /// The amount is not a whole number of yen.
    case malformedAmount
    case wrongTotal(amount: Int, expected: Int)
    case missingReference(label: String, method: String)
    case malformedReference(label: String, expected: String)
    case unexpectedReference(label: String, method: String)
    case paymentTerminalRequired
    case malformedPaymentTerminal
    case last4NotAccepted(method: String)
    case malformedLast4
    /// The same payment terminal, 伝票番号 and 承認番号 are already recorded (as `seq`).
    case duplicate(paymentTerminal: String, seq: Int, terminal: String)
    /// The same QR 取引ID is already recorded.
    case duplicateTransaction(seq: Int, terminal: String)
    /// The case already has a payment of the other kind (cash vs cashless).
    case mixedMethods(caseID: String, existing: String)
    case unknownCase(String)
    case caseClosed(String)
    /// A case with this number was already opened today.
    case caseExists(String)
    case dayClosed(CivilDate)
    case notClosable(CivilDate, today: CivilDate)
    case unknownPayment(seq: Int)
    case alreadyVoided(seq: Int, bySeq: Int)
    /// 取消 is for a payment of the same day; an earlier day's payment takes a 返品.
    case voidOnlySameDay(seq: Int, paidOn: CivilDate)
    /// 返品 is for a payment of an earlier day; today's payment takes a 取消.
    case refundOnlyEarlierDay(seq: Int)
    case reasonRequired
    /// The clerk id is empty.
    case missingClerk

    /// One line of Japanese for the clerk, saying what to do. Never contains typed digits.
    public var message: String {
        switch self {
        case .sensitiveNumber(let field, let kind):
            let what = kind == .cardNumber ? "カード番号" : "個人番号"
            return "\(field)に\(what)のような数字が入力されました。記録できません（数字は記録も表示もしていません）。利用明細の\(field)だけを入力してください。"
        case .unknownMethod(_, let known):
            return "支払方法が分かりません。\(known.joined(separator: "・")) のどれかを指定してください。"
        case .brandRequired(let method, let brands):
            return "\(method)はブランドの指定が必要です: \(brands.joined(separator: "・"))。"
        case .unknownBrand(let method, let brands):
            return "\(method)のブランドが分かりません。\(brands.joined(separator: "・")) のどれかを指定してください。"
        case .brandNotAllowed(let method):
            return "\(method)にはブランドを指定しません。--brand を外してください。"
        case .noItems:
            return "帳票と通数がありません。--item 帳票ID:通数 で指定してください。"
        case .malformedItem:
            return "帳票と通数は 帳票ID:通数（例 juminhyo:2）の形で指定してください。"
        case .unknownForm(let id):
            return "帳票「\(DisplaySanitizer.sanitize(id))」は定義にありません。madoguchi forms list で帳票IDを確認してください。"
        case .badCopies(let form):
            return "帳票「\(DisplaySanitizer.sanitize(form))」の通数は 1〜99 で指定してください。"
        case .freeOnly:
            return "手数料のかかる帳票がありません（合計0円）。支払の記録は不要です。"
        case .malformedAmount:
            return "金額は円単位の整数で入力してください（例 750、3,000）。カンマは3桁ごとの区切りにだけ使えます。"
        case .wrongTotal(let amount, let expected):
            return "金額 \(amount)円 が手数料の合計 \(expected)円 と一致しません。帳票・通数と金額を確認してください。"
        case .missingReference(let label, let method):
            return "\(method)の支払には\(label)が必要です。利用明細の\(label)を入力してください。"
        case .malformedReference(let label, let expected):
            return "\(label)の形式が正しくありません（\(expected)）。利用明細を確認して入力し直してください。"
        case .unexpectedReference(let label, let method):
            return "\(method)の支払に\(label)は記録しません。外してください。"
        case .paymentTerminalRequired:
            return "キャッシュレス決済には決済端末の端末番号が必要です。--payment-terminal で指定してください。"
        case .malformedPaymentTerminal:
            return "決済端末の端末番号は半角英数字・-・_ の 1〜32 文字で指定してください。"
        case .last4NotAccepted(let method):
            return "\(method)の支払にカード番号の下4桁は記録しません。外してください。"
        case .malformedLast4:
            return "カード番号は下4桁（数字4桁）だけを入力してください。"
        case .duplicate(let pt, let seq, let terminal):
            return "同じ決済端末（\(DisplaySanitizer.sanitize(pt))）・伝票番号・承認番号の支払は記録済みです（\(terminal) の記録 \(seq)）。二重記録ではないか確認してください。"
        case .duplicateTransaction(let seq, let terminal):
            return "同じ取引IDの支払は記録済みです（\(terminal) の記録 \(seq)）。二重記録ではないか確認してください。"
        case .mixedMethods(let caseID, let existing):
            return "受付 \(caseID) はすでに\(existing)で支払済みです。現金とキャッシュレスを一つの受付で併用することはできません。"
        case .unknownCase(let id):
            return "受付「\(DisplaySanitizer.sanitize(id))」は本日の記録にありません。受付番号を確認してください。"
        case .caseClosed(let id):
            return "受付 \(id) は終了しています。新しい受付で記録してください。"
        case .caseExists(let id):
            return "受付番号「\(DisplaySanitizer.sanitize(id))」は本日すでに使われています。別の番号にしてください。"
        case .dayClosed(let date):
            return "\(date.warekiLong)（\(date.iso)）は日計締め済みです。この日の支払・取消は記録できません。監督者に相談してください。"
        case .notClosable(let date, let today):
            return "\(date.iso) は締められません（本日は \(today.iso)）。本日以前の日付を指定してください。"
        case .unknownPayment(let seq):
            return "記録 \(seq) はこの端末の支払ではありません。記録番号（seq）を確認してください。"
        case .alreadyVoided(let seq, let by):
            return "記録 \(seq) の支払はすでに取消・返品されています（記録 \(by)）。"
        case .voidOnlySameDay(let seq, let paidOn):
            return "記録 \(seq) は \(paidOn.iso) の支払です。別の日の支払は取消ではなく返品（--refund）で記録してください。"
        case .refundOnlyEarlierDay(let seq):
            return "記録 \(seq) は今日の支払です。当日の支払は返品ではなく取消で記録してください（--refund を付けずに）。"
        case .reasonRequired:
            return "取消・返品の理由を入力してください（--reason）。"
        case .missingClerk:
            return "担当者IDがありません。--clerk で指定してください。"
        }
    }
}
