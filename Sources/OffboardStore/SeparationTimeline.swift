public import GRDB
import OffboardCore

/// Everything the store knows about one employee's separations: events, obligations, actions, attempts,
/// escalations and audit entries, for `offboard show`.
public struct SeparationTimeline: Sendable {
    public struct Separation: Sendable {
        public var id: Int64
        public var status: String
        public var currentEventId: String
        public var jurisdiction: String
        public var timeZone: String
        public var separationType: String
        public var effectiveAt: String
        public var createdAt: String
        public var rescindedAt: String?
        public var events: [Event]
        public var obligations: [StoredObligation]
        public var actions: [[String: String]]
        public var attempts: [[String: String]]
        public var escalations: [[String: String]]
    }

    public struct Event: Sendable {
        public var eventId: String
        public var source: String
        public var receivedAt: String
        public var disposition: String
    }

    public var employeeId: String
    /// Newest first.
    public var separations: [Separation]
    public var audit: [AuditEntry]

    /// `nil` when the store has never seen the employee.
    public static func fetch(employeeId: String, in db: Database) throws -> SeparationTimeline? {
        let rows = try Row.fetchAll(
            db, sql: "SELECT * FROM separations WHERE employee_id = ? ORDER BY id DESC", arguments: [employeeId])
        guard !rows.isEmpty else { return nil }
        let separations = try rows.map { row -> Separation in
            let id: Int64 = row["id"]
            let events = try Row.fetchAll(
                db, sql: "SELECT event_id, source, received_at, disposition FROM events WHERE separation_id = ? ORDER BY id",
                arguments: [id]
            ).map { Event(eventId: $0["event_id"], source: $0["source"], receivedAt: $0["received_at"], disposition: $0["disposition"]) }
            return Separation(
                id: id, status: row["status"], currentEventId: row["current_event_id"], jurisdiction: row["jurisdiction"],
                timeZone: row["time_zone"], separationType: row["separation_type"], effectiveAt: row["effective_at"],
                createdAt: row["created_at"], rescindedAt: row["rescinded_at"], events: events,
                obligations: try StoredObligation.fetchAll(db, separationId: id),
                actions: try strings(db, "SELECT * FROM actions WHERE separation_id = ? ORDER BY due_at, id", id),
                attempts: try strings(
                    db, "SELECT t.* FROM attempts t JOIN actions a ON a.id = t.action_id WHERE a.separation_id = ? ORDER BY t.id", id),
                escalations: try strings(db, "SELECT * FROM escalations WHERE separation_id = ? ORDER BY id", id))
        }
        return SeparationTimeline(
            employeeId: employeeId, separations: separations, audit: try AuditLog.entries(employeeId: employeeId, in: db))
    }

    private static func strings(_ db: Database, _ sql: String, _ id: Int64) throws -> [[String: String]] {
        try Row.fetchAll(db, sql: sql, arguments: [id]).map { row in
            var out: [String: String] = [:]
            for (column, value) in row where !value.isNull {
                out[column] = String.fromDatabaseValue(value) ?? Int64.fromDatabaseValue(value).map { String($0) } ?? value.description
            }
            return out
        }
    }
}
