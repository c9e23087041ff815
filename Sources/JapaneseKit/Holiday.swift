/// One 国民の祝日, 振替休日 or 国民の休日, named as the calendar names it.
public struct Holiday: Hashable, Sendable, Codable {
    public let date: CivilDate
    /// `元日`, `春分の日`, `元日 振替休日`, `国民の休日`, …
    public let name: String

    public init(date: CivilDate, name: String) {
        self.date = date
        self.name = name
    }

    /// Whether this is a 振替休日 (a substitute for a holiday that fell on a Sunday).
    public var isSubstitute: Bool { name.hasSuffix(Holidays.substituteSuffix) }
}
