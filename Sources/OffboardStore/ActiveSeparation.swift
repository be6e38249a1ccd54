public import GRDB
public import OffboardCore

/// A separation that is in force, with its current event and its open obligations (what the scheduler and
/// `simulate` work from).
public struct ActiveSeparation: Sendable {
    public var separationId: Int64
    public var employeeId: String
    /// The current event, as stored (canonical JSON of schema version 1).
    public var eventBody: String
    public var timeZone: String
    public var obligations: [StoredObligation]

    /// Every active separation, oldest first, with its pending obligations.
    public static func fetchAll(_ db: Database) throws -> [ActiveSeparation] {
        try Row.fetchAll(db, sql: """
            SELECT s.id, s.employee_id, s.time_zone, e.body FROM separations s
            JOIN events e ON e.event_id = s.current_event_id
            WHERE s.status = 'active' ORDER BY s.id
            """).map { row in
            let id: Int64 = row["id"]
            return ActiveSeparation(
                separationId: id, employeeId: row["employee_id"], eventBody: row["body"], timeZone: row["time_zone"],
                obligations: try StoredObligation.fetchAll(db, separationId: id).filter { $0.status == "pending" || $0.status == "no_deadline" })
        }
    }
}
