public import OffboardCore
import GRDB

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
    /// several steps have passed (after downtime), only the latest is sent. Returns how many were queued.
    @discardableResult
    public func dueWarnings(now: Instant, warnBefore: [Int64]) throws -> Int {
        let thresholds = Self.warningThresholds(warnBefore)
        guard !thresholds.isEmpty else { return 0 }
        let t = now.secondsSinceEpoch
        return try database.write { db in
            var queued = 0
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
                let (employeeId, name): (String, String) = (row["employee_id"], row["name"])
                let (due, before) = (Instant(secondsSinceEpoch: deadline), thresholds[reached - 1])
                try AuditLog.append(
                    AuditRecord(
                        actor: "system", employeeId: employeeId, subject: "action/\(id)", action: "action.warned",
                        outcome: "at-risk",
                        details: .object([
                            ("name", .string(name)), ("deadline", .string(due.description)),
                            ("before", .string(Durations.text(before))), ("status", .string(row["status"])),
                        ])),
                    at: now, in: db)
                try Self.enqueueNotice(
                    kind: .warning, subject: "action/\(id)", actionId: id, separationId: row["separation_id"], employeeId: employeeId,
                    round: reached, idempotencyKey: "offboard-warning-\(id)-\(before)", deadline: due,
                    summary: "action \(id) \(name) for employee \(employeeId) is not complete; due by \(due) (\(Durations.text(before)) warning)",
                    now: now, db)
                queued += 1
            }
            return queued
        }
    }
}
