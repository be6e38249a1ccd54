import GRDB

public import OffboardCore

extension OffboardDatabase {
    /// What a rescission changed.
    public struct Rescission: Sendable {
        public var employeeId: String
        public var separationId: Int64
        public var cancelledObligations: [Int64]
        public var cancelledActions: [Int64]
    }

    /// Cancels everything pending for the employee's active separation, in one audited transaction.
    /// `reason` is kept in the audit entry; give a reason code or ticket, not personal details.
    /// - Throws: ``StoreError`` `.noActiveSeparation` when the employee has none (nothing changes).
    public func rescind(employeeId: String, reason: String, actor: String = "system", clock: any WallClock) throws -> Rescission {
        try write { db in
            guard let separationId = try Int64.fetchOne(
                db, sql: "SELECT id FROM separations WHERE employee_id = ? AND status = 'active'", arguments: [employeeId])
            else {
                throw StoreError(.noActiveSeparation, "employee \(employeeId) has no active separation; nothing was rescinded")
            }
            let now = clock.now()
            let nowText = AuditLog.timestamp(now)
            let obligations = try Int64.fetchAll(
                db, sql: "SELECT id FROM obligations WHERE separation_id = ? AND status IN ('pending', 'no_deadline') ORDER BY id",
                arguments: [separationId])
            let actions = try Int64.fetchAll(
                db, sql: "SELECT id FROM actions WHERE separation_id = ? AND status IN ('pending', 'blocked') ORDER BY id",
                arguments: [separationId])
            try db.execute(
                sql: "UPDATE obligations SET status = 'cancelled', closed_at = ? WHERE separation_id = ? AND status IN ('pending', 'no_deadline')",
                arguments: [nowText, separationId])
            try db.execute(
                sql: "UPDATE actions SET status = 'cancelled', completed_at = ? WHERE separation_id = ? AND status IN ('pending', 'blocked')",
                arguments: [nowText, separationId])
            try db.execute(
                sql: "UPDATE separations SET status = 'rescinded', rescinded_at = ?, rescind_reason = ?, updated_at = ? WHERE id = ?",
                arguments: [nowText, reason, nowText, separationId])
            try AuditLog.append(
                AuditRecord(
                    actor: actor, employeeId: employeeId, subject: "separation/\(separationId)", action: "separation.rescinded",
                    details: .object([
                        ("reason", .string(reason)),
                        ("cancelled_obligations", .array(obligations.map { .number(Int($0)) })),
                        ("cancelled_actions", .array(actions.map { .number(Int($0)) })),
                    ])),
                at: now, in: db)
            return Rescission(employeeId: employeeId, separationId: separationId, cancelledObligations: obligations, cancelledActions: actions)
        }
    }
}
