import Foundation

/// Finding and viewing residents: every search and view is journaled (access) before the
/// data is returned, whichever face asks.
extension CounterApp {
    public func search(_ query: String, limit: Int = 50, order: SearchOrder = .registry,
                       clerk: String) throws(CounterAppError) -> [ResidentSummary] {
        try registryCall { registry throws(RegistryError) in try registry.search(query, limit: limit, order: order, clerk: clerk) }
    }

    /// A record with its household, journaled as one view first.
    public func resident(id: String, clerk: String) throws(CounterAppError) -> (resident: Resident, household: [Resident]) {
        try registryCall { registry throws(RegistryError) in try registry.residentWithHousehold(id: id, clerk: clerk) }
    }

    /// The subject of a form with their household, and the requester when one is named (the
    /// subject again when the same number): each view journaled first.
    public func people(subject: String, requester: String?, clerk: String) throws(CounterAppError)
        -> (subject: (resident: Resident, household: [Resident]), requester: Resident?) {
        let found = try resident(id: subject, clerk: clerk)
        guard let requester else { return (found, nil) }
        if requester == subject { return (found, found.resident) }
        return (found, try registryCall { registry throws(RegistryError) in try registry.resident(id: requester, clerk: clerk) })
    }

    func registryCall<T>(_ body: (ResidentRegistry) throws(RegistryError) -> T) throws(CounterAppError) -> T {
        let registry = try registry()
        do { return try body(registry) } catch { throw .registry(error) }
    }
}
