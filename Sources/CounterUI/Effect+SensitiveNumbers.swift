import CounterCore
import Foundation

/// The screens' one check for card numbers and 個人番号: the Runtime asks it before any
/// effect acts, so whatever a screen lets through (a search, a reason, a payment reference, a
/// value typed on a form) is refused there, named, never stored or shown back.
extension Effect {
    /// Values that hold a 宛名番号 (or a search that may be one): a registered 宛名番号 passes
    /// there whatever its digits (see `SensitiveNumbers`).
    static let residentIDLabels: Set<String> = ["id", "deceasedID", "applicantID", "subjectID", "search", "query", "resident"]
    /// Never stored nor shown: a PIN is only hashed.
    static let uncheckedLabels: Set<String> = ["pin"]
    /// A finding's id: made by the review engine (letters only), no one's number.
    static let engineMadeLabels: Set<String> = ["findingID", "finding"]
    /// How the screens name a value.
    static let fieldNames: [String: String] = [
        "search": "検索", "query": "検索", "id": "宛名番号", "deceasedID": "宛名番号", "applicantID": "宛名番号",
        "subjectID": "宛名番号", "procedure": "手続", "reason": "理由", "slip": "伝票番号", "approval": "承認番号",
        "transaction": "取引ID", "paymentTerminal": "決済端末番号", "last4": "カード下4桁", "amount": "金額",
        "items": "帳票", "brand": "ブランド", "method": "支払方法", "caseID": "受付番号", "number": "受付番号",
        "closeCase": "受付番号", "clerk": "職員ID", "item": "手続",
        "comment": "コメント", "resident": "宛名番号", "trainee": "研修者の氏名",
    ]

    /// The refusal for the first value of this effect that reads as a card number or a
    /// 個人番号, or nil. `isRegistered` says whether digits are a registered 宛名番号.
    public func sensitiveRefusal(isRegistered: (String) -> Bool) -> SensitiveNumbers.Refusal? {
        Self.firstRefusal(in: self, label: nil, isRegistered: isRegistered)
    }

    /// The messages that tell the screen this effect was refused, or nil when it may act.
    public func refusedMessages(isRegistered: (String) -> Bool) -> [Msg]? {
        guard let refusal = sensitiveRefusal(isRegistered: isRegistered) else { return nil }
        switch self {
        case .quit: return nil
        case .clerk: return [.clerk(.failed(refusal.message))]
        case .okuyami: return [.okuyami(.failed(refusal.message))]
        case .review: return [.review(.failed(refusal.message))]
        case .supervisor: return [.supervisor(.failed(refusal.message))]
        case .training, .play: return [.training(.failed(refusal.message))]
        }
    }

    private static func firstRefusal(in value: Any, label: String?, isRegistered: (String) -> Bool) -> SensitiveNumbers.Refusal? {
        if let label, uncheckedLabels.contains(label) || engineMadeLabels.contains(label) { return nil }
        let field = "「\(label.flatMap { fieldNames[$0] } ?? "入力")」"
        switch value {
        case is Review, is AccessHistory, is ReviewEvidence:
            // Made by the engine from the journals (whose every record was checked as it was
            // written), not typed; their ids and hashes are no one's number. What is typed
            // with them (a comment) is checked.
            return nil
        case let text as String:
            guard let kind = SensitiveNumbers.firstKind(in: text) else { return nil }
            // A 宛名番号 typed in full-width digits is the same id.
            let id = text.precomposedStringWithCompatibilityMapping.trimmingCharacters(in: .whitespaces)
            if let label, residentIDLabels.contains(label), SensitiveNumbers.residentID(id, isRegistered: isRegistered) == nil { return nil }
            return SensitiveNumbers.Refusal(field: field, kind: kind)
        case let field as FilledField:
            // What the register or the counter filled in was checked when it was imported or
            // made; what was typed is checked here.
            guard field.provenance == .entered, let typed = field.value, let kind = SensitiveNumbers.firstKind(in: typed) else { return nil }
            return SensitiveNumbers.Refusal(field: "「\(field.label)」", kind: kind)
        case let form as FilledForm:
            return firstRefusal(in: form.fields, label: nil, isRegistered: isRegistered)
                ?? firstRefusal(in: form.caseNumber, label: "caseID", isRegistered: isRegistered)
        default:
            for child in Mirror(reflecting: value).children {
                if let refusal = firstRefusal(in: child.value, label: child.label ?? label, isRegistered: isRegistered) { return refusal }
            }
            return nil
        }
    }
}
