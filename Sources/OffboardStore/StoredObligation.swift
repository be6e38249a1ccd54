import GRDB
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

    /// The columns ``init(row:)`` reads, in order: select exactly these (`SELECT \(columns) FROM obligations`).
    public static let columns = """
        id, separation_id, event_id, employee_id, jurisdiction, kind, rule_id, rule_version, citation, source_url, title, \
        actor, nature, handling, due_at, due_local, due_date, by_end_of_day, time_zone, projected, status, created_at, \
        completed_at, closed_at
        """

    /// Reads a row selected with ``columns``, by position (a query may return tens of thousands of rows).
    init(row: Row) {
        id = row[0]
        separationId = row[1]
        eventId = row[2]
        employeeId = row[3]
        jurisdiction = row[4]
        kind = row[5]
        ruleId = row[6]
        ruleVersion = row[7]
        citation = row[8]
        sourceURL = row[9]
        title = row[10]
        actor = row[11]
        nature = row[12]
        handling = row[13]
        dueAt = (row[14] as Int64?).map { Instant(secondsSinceEpoch: $0) }
        dueLocal = row[15]
        dueDate = (row[16] as String?).flatMap { CivilDate(parsing: $0) }
        byEndOfDay = row[17]
        timeZone = row[18]
        projected = row[19]
        status = row[20]
        createdAt = row[21]
        completedAt = row[22]
        closedAt = row[23]
    }

    static func fetchAll(_ db: Database, separationId: Int64) throws -> [StoredObligation] {
        try db.cachedRows(
            sql: "SELECT \(columns) FROM obligations WHERE separation_id = ? ORDER BY due_at IS NULL, due_at, id",
            arguments: [separationId]
        ).map(StoredObligation.init(row:))
    }
}
