/// How a counter case ended: the forms were issued, or the clerk decided not to issue them.
public enum CaseOutcome: String, Sendable, Codable, CaseIterable {
    /// Issued (or nothing to issue): the ordinary close after payment.
    case issued
    /// 交付しない: the clerk refused the request (no 委任状, no 正当理由, no 印鑑登録証 …).
    case refused
    /// 上司へ引継ぎ: handed to a supervisor without issuing (支援措置 and the like).
    case referred

    /// The word the screens and reports use.
    public var label: String {
        switch self {
        case .issued: "交付"
        case .refused: "交付しない"
        case .referred: "上司へ引継ぎ"
        }
    }
}
