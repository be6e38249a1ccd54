public import OffboardCore
import GRDB

/// A warning that an action is at risk: its deadline is near and it is not complete.
public struct DeadlineWarning: Sendable, Equatable {
    public var actionId: Int64
    public var separationId: Int64
    public var employeeId: String
    public var name: String
    public var deadline: Instant
    /// Which `warn_before` step this is (seconds before the deadline).
    public var before: Int64
}

extension ActionStore {
    /// The `warn_before` steps, longest first (the order warnings go out in); the `warned` column of an action
    /// counts how many of them it has had.
    static func warningThresholds(_ warnBefore: [Int64]) -> [Int64] {
        Array(Set(warnBefore.filter { $0 > 0 })).sorted(by: >)
    }

    /// The warnings due at `now`, each recorded (the action's `warned` step advanced), audited and put in the
    /// notice outbox in one transaction. An action is warned when it is not complete, a `warn_before` step before its deadline has
    /// come, and it is at risk: its fire time has passed (it is being attempted or retried) or it is blocked.
    /// An action that fires later than a step is not warned for that step; a miss escalates it anyway. When
    /// several steps have passed (after downtime), only the latest is sent.
    public func dueWarnings(now: Instant, warnBefore: [Int64]) throws -> [DeadlineWarning] {
        let thresholds = Self.warningThresholds(warnBefore)
        guard !thresholds.isEmpty else { return [] }
        let t = now.secondsSinceEpoch
        return try database.write { db in
            var warnings: [DeadlineWarning] = []
            for row in try db.cachedRows(sql: """
                SELECT id, separation_id, employee_id, name, deadline_at, warned, due_at, status FROM actions
                WHERE status IN ('pending', 'running', 'blocked') AND deadline_at IS NOT NULL AND deadline_at > ? AND warned < ?
                  AND deadline_at - ? <= ?
                """, arguments: [t, thresholds.count, thresholds[0], t]) {
                let deadline: Int64 = row["deadline_at"]
                let reached = thresholds.filter { deadline - $0 <= t }.count
                let warned: Int = row["warned"]
                let atRisk = (row["due_at"] as Int64) <= t || (row["status"] as String) == "blocked"
                guard reached > warned else { continue }
                let id: Int64 = row["id"]
                try db.cachedExecute(sql: "UPDATE actions SET warned = ? WHERE id = ?", arguments: [reached, id])
                guard atRisk else { continue }  // the step passes silently: the action has not fired yet
                let warning = DeadlineWarning(
                    actionId: id, separationId: row["separation_id"], employeeId: row["employee_id"], name: row["name"],
                    deadline: Instant(secondsSinceEpoch: deadline), before: thresholds[reached - 1])
                try AuditLog.append(
                    AuditRecord(
                        actor: "system", employeeId: warning.employeeId, subject: "action/\(id)", action: "action.warned",
                        outcome: "at-risk",
                        details: .object([
                            ("name", .string(warning.name)), ("deadline", .string(warning.deadline.description)),
                            ("before", .string(Durations.text(warning.before))), ("status", .string(row["status"])),
                        ])),
                    at: now, in: db)
                try Self.enqueueNotice(
                    kind: .warning, subject: "action/\(id)", actionId: id, separationId: warning.separationId, employeeId: warning.employeeId,
                    round: reached, idempotencyKey: "offboard-warning-\(id)-\(warning.before)", deadline: warning.deadline,
                    summary: "action \(id) \(warning.name) for employee \(warning.employeeId) is not complete; due by \(warning.deadline) (\(Durations.text(warning.before)) warning)",
                    now: now, db)
                warnings.append(warning)
            }
            return warnings
        }
    }
}
