import Foundation

/// What a clerk did with resident records, for the access log.
public enum AccessAction: String, Sendable, CaseIterable {
    /// A search: the residents listed in its results.
    case search
    /// A record opened: the resident (and, when shown with it, the household).
    case view
    /// Every access to the resident looked up for them (本人開示: アクセス履歴).
    case history
}

/// Where the registry writes an access record before it returns any resident data.
///
/// The journal is the real implementation. A conformance must throw when the record was not
/// durably written; the registry then returns nothing.
public protocol AccessLog: Sendable {
    /// `supportMeasure`: those of `residentIDs` under 支援措置 at that moment (the review lists
    /// every such access).
    func recordAccess(clerk: String, residentIDs: [String], supportMeasure: [String], action: AccessAction, query: String?) throws
}
