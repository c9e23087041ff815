import Foundation

/// What a clerk did with resident records, for the access log.
public enum AccessAction: String, Sendable, CaseIterable {
    /// A search: the residents listed in its results.
    case search
    /// A record opened: the resident (and, when shown with it, the household).
    case view
}

/// Where the registry writes an access record before it returns any resident data.
///
/// The journal is the real implementation. A conformance must throw when the record was not
/// durably written; the registry then returns nothing.
public protocol AccessLog: Sendable {
    func recordAccess(clerk: String, residentIDs: [String], action: AccessAction, query: String?) throws
}
