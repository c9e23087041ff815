/// The order in which the family visits departments, with each one's counter and contact
/// line, read from `Forms/bereavement/_departments.yaml`.
public struct WalkingOrder: Hashable, Sendable {
    /// The city's general contact line, printed on the handout (代表電話).
    public var contact: String
    /// Departments in walking order.
    public var departments: [BereavementDepartment]

    public init(contact: String, departments: [BereavementDepartment]) {
        self.contact = contact
        self.departments = departments
    }

    /// The department named `name`, if it is in the walking order.
    public func department(named name: String) -> BereavementDepartment? {
        departments.first { $0.name == name }
    }

    /// Position in the walk (departments not listed go last).
    public func position(of name: String) -> Int {
        departments.firstIndex { $0.name == name } ?? departments.count
    }
}
