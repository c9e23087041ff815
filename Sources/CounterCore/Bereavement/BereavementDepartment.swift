/// One stop on the family's walk through city hall (`Forms/bereavement/_departments.yaml`).
public struct BereavementDepartment: Hashable, Sendable, Codable {
    /// The name rules use in `department:` (市民課).
    public var name: String
    /// Where it is: 本庁舎1階 市民課 2番窓口.
    public var counter: String
    /// The contact line printed on the handout.
    public var phone: String
    /// Opening hours, printed on the handout.
    public var hours: String
    public var note: String?

    public init(name: String, counter: String, phone: String = "", hours: String = "", note: String? = nil) {
        self.name = name
        self.counter = counter
        self.phone = phone
        self.hours = hours
        self.note = note
    }
}
