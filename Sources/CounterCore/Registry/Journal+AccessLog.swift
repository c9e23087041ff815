import Foundation

/// The journal is the registry's access log: one `access` record per search or record view,
/// durable (fsynced) before the registry returns anything.
extension Journal: AccessLog {
    public func recordAccess(clerk: String, residentIDs: [String], supportMeasure: [String], action: AccessAction,
                             query: String?) throws {
        var fields: [String: JournalValue] = [
            "action": .string(action.rawValue),
            "residents": .array(residentIDs.map { .string($0) }),
            "count": .int(residentIDs.count),
        ]
        if let query { fields["query"] = .string(query) }
        if !supportMeasure.isEmpty { fields["support"] = .array(supportMeasure.map { .string($0) }) }
        try append(.access, clerk: clerk, fields: fields)
    }
}
