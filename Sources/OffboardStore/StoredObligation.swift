public import GRDB
public import OffboardCore

/// An obligation as the store holds it: one planned deadline of one separation, with its provenance.
public struct StoredObligation: Sendable, Equatable {
    public var id: Int64
    public var separationId: Int64
    public var eventId: String
    public var employeeId: String
    /// The worksite's jurisdiction (the separation's), also for federal obligations; the rule's own is in `ruleId`.
    public var jurisdiction: String
    public var kind: String
    /// `CA/final-pay.discharge`.
    public var ruleId: String
    /// The effective date of the rule version applied.
    public var ruleVersion: String
    public var citation: String
    public var sourceURL: String?
    public var title: String
    public var actor: String
    public var nature: String
    /// `fire` (the employer acts) or `track` (someone else must act; offboard watches the date).
    public var handling: String
    /// The last on-time instant; `nil` when the law sets no deadline.
    public var dueAt: Instant?
    /// RFC 3339 in the worksite zone.
    public var dueLocal: String?
    public var dueDate: CivilDate?
    /// True for day-based deadlines (due by the end of `dueDate`).
    public var byEndOfDay: Bool
    public var timeZone: String
    public var projected: Bool
    /// `pending`, `completed`, `superseded`, `cancelled` or `no_deadline`.
    public var status: String
    public var createdAt: String
    public var completedAt: String?
    public var closedAt: String?

    /// The rule version as people write it: `CA/final-pay.discharge@2020-01-01`.
    public var ruleReference: String { "\(ruleId)@\(ruleVersion)" }

    init(row: Row) {
        id = row["id"]
        separationId = row["separation_id"]
        eventId = row["event_id"]
        employeeId = row["employee_id"]
        jurisdiction = row["jurisdiction"]
        kind = row["kind"]
        ruleId = row["rule_id"]
        ruleVersion = row["rule_version"]
        citation = row["citation"]
        sourceURL = row["source_url"]
        title = row["title"]
        actor = row["actor"]
        nature = row["nature"]
        handling = row["handling"]
        dueAt = (row["due_at"] as Int64?).map { Instant(secondsSinceEpoch: $0) }
        dueLocal = row["due_local"]
        dueDate = (row["due_date"] as String?).flatMap({ CivilDate(parsing: $0) })
        byEndOfDay = row["by_end_of_day"]
        timeZone = row["time_zone"]
        projected = row["projected"]
        status = row["status"]
        createdAt = row["created_at"]
        completedAt = row["completed_at"]
        closedAt = row["closed_at"]
    }

    static func fetchAll(_ db: Database, separationId: Int64) throws -> [StoredObligation] {
        try Row.fetchAll(
            db, sql: "SELECT * FROM obligations WHERE separation_id = ? ORDER BY due_at IS NULL, due_at, id",
            arguments: [separationId]
        ).map(StoredObligation.init(row:))
    }
}
