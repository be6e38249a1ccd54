public import GRDB
public import OffboardCore

/// Which obligations HR wants to see: a due window, statuses and filters. Every query is an index-range
/// scan: on `(status, due_at)`, or on `(employee_id, due_at)` when one employee is asked for.
public struct DeadlineQuery: Sendable, Equatable {
    /// Due at or after this instant.
    public var from: Instant?
    /// Due before this instant.
    public var until: Instant?
    /// Default: pending only.
    public var statuses: [String] = ["pending"]
    /// Two-letter jurisdiction codes; empty means all.
    public var jurisdictions: [String] = []
    public var kinds: [String] = []
    public var employeeId: String?

    public init(
        from: Instant? = nil, until: Instant? = nil, statuses: [String] = ["pending"], jurisdictions: [String] = [],
        kinds: [String] = [], employeeId: String? = nil
    ) {
        self.from = from
        self.until = until
        self.statuses = statuses
        self.jurisdictions = jurisdictions
        self.kinds = kinds
        self.employeeId = employeeId
    }

    public static let allStatuses = ["pending", "completed", "superseded", "cancelled", "no_deadline"]

    /// The SQL and its arguments (parameterized; nothing from the query is spliced into the text).
    public var sql: (text: String, arguments: StatementArguments) {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        func list(_ column: String, _ values: [String]) {
            guard !values.isEmpty else { return }
            conditions.append("\(column) IN (" + Array(repeating: "?", count: values.count).joined(separator: ", ") + ")")
            arguments += StatementArguments(values)
        }
        if let employeeId {
            conditions.append("employee_id = ?")
            arguments += [employeeId]
        }
        list("status", statuses)
        if let from {
            conditions.append("due_at >= ?")
            arguments += [from.secondsSinceEpoch]
        }
        if let until {
            conditions.append("due_at < ?")
            arguments += [until.secondsSinceEpoch]
        }
        list("jurisdiction", jurisdictions)
        list("kind", kinds)
        var text = "SELECT \(StoredObligation.columns) FROM obligations"
        if !conditions.isEmpty { text += " WHERE " + conditions.joined(separator: " AND ") }
        text += " ORDER BY due_at IS NULL, due_at, id"
        return (text, arguments)
    }

    /// Calls `body` for each matching obligation, in due order, without collecting them (for large outputs).
    public func forEach(_ db: Database, _ body: (StoredObligation) throws -> Void) throws {
        let (text, arguments) = sql
        let cursor = try Row.fetchCursor(db, sql: text, arguments: arguments)
        while let row = try cursor.next() { try body(StoredObligation(row: row)) }
    }

    public func fetch(_ db: Database) throws -> [StoredObligation] {
        var result: [StoredObligation] = []
        try forEach(db) { result.append($0) }
        return result
    }
}
