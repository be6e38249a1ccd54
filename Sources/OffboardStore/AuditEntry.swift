public import OffboardCore

/// One line of the audit log: who did what to which subject, when, with what outcome.
///
/// Entries are hash-chained: `hash` is the SHA-256 of this entry's fields and `prevHash`, so editing,
/// deleting or reordering a stored entry breaks the chain at that entry (``AuditLog/verify(_:)``).
public struct AuditEntry: Sendable, Equatable {
    /// 1, 2, 3 … with no gaps.
    public var seq: Int64
    /// RFC 3339 UTC with milliseconds.
    public var at: String
    /// `system`, `connector:NAME`, or `person:ID` (an id, never a name).
    public var actor: String
    public var employeeId: String?
    /// What the entry is about: `event/ID`, `separation/ID`, `obligation/ID`, `action/ID`.
    public var subject: String
    /// What happened: `separation.planned`, `separation.superseded`, `separation.rescinded` …
    public var action: String
    /// `ok`, `rejected`, `failed` …
    public var outcome: String
    /// Compact JSON with the particulars (obligation ids and due dates, old and new values).
    public var details: String
    public var prevHash: String
    public var hash: String

    public static let genesisHash = String(repeating: "0", count: 64)
}

/// What to write: an entry before it has a sequence number and a hash.
public struct AuditRecord: Sendable {
    public var actor: String
    public var employeeId: String?
    public var subject: String
    public var action: String
    public var outcome: String
    /// Compact JSON.
    public var details: String

    public init(actor: String, employeeId: String?, subject: String, action: String, outcome: String = "ok", details: JSONText) {
        self.init(actor: actor, employeeId: employeeId, subject: subject, action: action, outcome: outcome, compactDetails: details.compact)
    }

    /// With details already rendered as compact JSON (bulk intake renders them off the writer thread).
    public init(actor: String, employeeId: String?, subject: String, action: String, outcome: String = "ok", compactDetails: String) {
        self.actor = actor
        self.employeeId = employeeId
        self.subject = subject
        self.action = action
        self.outcome = outcome
        self.details = compactDetails
    }
}
