public import GRDB
import OffboardCore

/// A separation that is in force, with its current event and its open obligations (what the scheduler and
/// `simulate` work from).
public struct ActiveSeparation: Sendable {
    public var separationId: Int64
    /// The row id of its current event; grows with every event stored.
    public var eventRow: Int64
    public var employeeId: String
    /// The current event, as stored (canonical JSON of schema version 1).
    public var eventBody: String
    public var timeZone: String
    public var obligations: [StoredObligation]

    /// Every active separation, oldest first, with its pending obligations; with `afterEventRow`, only those
    /// whose current event was stored after that row (new or corrected since the caller last looked).
    public static func fetchAll(_ db: Database, afterEventRow: Int64 = 0) throws -> [ActiveSeparation] {
        try Row.fetchAll(db, sql: """
            SELECT s.id, s.employee_id, s.time_zone, e.id AS event_row, e.body FROM separations s
            JOIN events e ON e.event_id = s.current_event_id
            WHERE s.status = 'active' AND e.id > ? ORDER BY s.id
            """, arguments: [afterEventRow]).map { row in
            let id: Int64 = row["id"]
            return ActiveSeparation(
                separationId: id, eventRow: row["event_row"], employeeId: row["employee_id"], eventBody: row["body"],
                timeZone: row["time_zone"],
                obligations: try StoredObligation.fetchAll(db, separationId: id).filter { $0.status == "pending" || $0.status == "no_deadline" })
        }
    }

    /// The row id of the newest stored event (0 for none): when it changes, intake has stored something.
    public static func latestEventRow(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) FROM events") ?? 0
    }
}
