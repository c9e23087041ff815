/// Where one procedure of a bereavement case stands.
public enum CaseItemStatus: String, Codable, CaseIterable, Hashable, Sendable {
    /// 未着手.
    case todo
    /// 完了.
    case done
    /// 対象外 (the clerk found it does not concern this family).
    case notApplicable = "na"
    /// 後日 (the family will come back for it).
    case later

    /// 未着手, 完了, 対象外, 後日.
    public var japaneseName: String {
        switch self {
        case .todo: "未着手"
        case .done: "完了"
        case .notApplicable: "対象外"
        case .later: "後日"
        }
    }

    /// Reads the Japanese word or the ascii alias (todo, done, na, later).
    public init?(word: String) {
        let w = word.trimmingCharacters(in: .whitespaces)
        for status in CaseItemStatus.allCases where status.rawValue == w.lowercased() || status.japaneseName == w {
            self = status
            return
        }
        return nil
    }
}
