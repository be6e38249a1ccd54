import GRDB
public import OffboardCore

extension ActionStore {
    /// The escalations whose next alert is due, each advanced to its next step on `ladder` (seconds after it
    /// was raised; past the last step it repeats at the last interval, at least hourly), audited, and put in
    /// the notice outbox (``dueNotices(now:limit:)`` delivers it). Alerts repeat until someone acknowledges the
    /// escalation. Returns how many alerts were queued.
    @discardableResult
    public func dueAlerts(now: Instant, ladder: [Int64], targets: [String]) throws -> Int {
        try database.write { db in
            var queued = 0
            for row in try db.cachedRows(sql: """
                SELECT * FROM escalations WHERE acknowledged_at IS NULL AND next_alert_at <= ? ORDER BY next_alert_at, id
                """, arguments: [now.secondsSinceEpoch]) {
                let id: Int64 = row["id"]
                let round = (row["level"] as Int) + 1
                let raised = Instant(rfc3339: row["raised_at"])?.secondsSinceEpoch ?? now.secondsSinceEpoch
                let steps = ladder.isEmpty ? [0] : ladder
                let repeatEvery = max(steps.count > 1 ? steps[steps.count - 1] - steps[steps.count - 2] : steps[0], 3600)
                let next: Int64 = round < steps.count
                    ? raised + steps[round]
                    : raised + steps[steps.count - 1] + Int64(round - steps.count + 1) * repeatEvery
                try db.cachedExecute(
                    sql: "UPDATE escalations SET level = ?, next_alert_at = ?, notified = ? WHERE id = ?",
                    arguments: [round, max(next, now.secondsSinceEpoch + 1), targets.joined(separator: ","), id])
                let (employeeId, reason): (String, String) = (row["employee_id"], row["reason"])
                try AuditLog.append(
                    AuditRecord(
                        actor: "system", employeeId: employeeId, subject: "escalation/\(id)", action: "escalation.alerted",
                        details: .object([
                            ("round", .number(round)), ("targets", .array(targets.map { .string($0) })), ("reason", .string(reason)),
                        ])),
                    at: now, in: db)
                try Self.enqueueNotice(
                    kind: .alert, subject: "escalation/\(id)", actionId: row["action_id"], separationId: row["separation_id"],
                    employeeId: employeeId, round: round, idempotencyKey: "offboard-escalation-\(id)-\(round)", deadline: nil,
                    summary: reason, now: now, db)
                queued += 1
            }
            return queued
        }
    }

    /// Acknowledges an escalation: its alerts stop. Audited with who acknowledged it.
    /// - Throws: ``StoreError`` `.notFound` for an unknown id, `.conflict` when already acknowledged.
    public func acknowledge(escalationId: Int64, by person: String, now: Instant) throws {
        try database.write { db in
            guard let row = try db.cachedRow(sql: "SELECT * FROM escalations WHERE id = ?", arguments: [escalationId]) else {
                throw StoreError(.notFound, "no escalation \(escalationId)")
            }
            if let at = row["acknowledged_at"] as String? {
                throw StoreError(.conflict, "escalation \(escalationId) was acknowledged at \(at) by \(row["acknowledged_by"] as String? ?? "?")")
            }
            try db.cachedExecute(
                sql: "UPDATE escalations SET acknowledged_at = ?, acknowledged_by = ? WHERE id = ?",
                arguments: [AuditLog.timestamp(now), person, escalationId])
            try AuditLog.append(
                AuditRecord(actor: "person:\(person)", employeeId: row["employee_id"], subject: "escalation/\(escalationId)",
                            action: "escalation.acknowledged", details: .object([("reason", .string(row["reason"]))])),
                at: now, in: db)
        }
    }

    /// Marks a manual step done (a person issued the final check), with the evidence, audited. The obligation
    /// the action discharges is completed with it.
    /// - Throws: ``StoreError`` `.notFound` for an unknown action, `.conflict` for one already finished.
    public func completeManually(actionId: Int64, evidence: String, by person: String, now: Instant) throws {
        try database.write { db in
            guard let row = try db.cachedRow(sql: "SELECT * FROM actions WHERE id = ?", arguments: [actionId]) else {
                throw StoreError(.notFound, "no action \(actionId)")
            }
            let status: String = row["status"]
            guard ["pending", "running", "failed"].contains(status) else {
                throw StoreError(.conflict, "action \(actionId) is \(status); nothing to complete")
            }
            let attempt = (row["attempt_count"] as Int) + 1
            try db.cachedExecute(
                sql: "INSERT INTO attempts (action_id, number, started_at, finished_at, outcome, detail) VALUES (?, ?, ?, ?, 'manual', ?)",
                arguments: [actionId, attempt, AuditLog.timestamp(now), AuditLog.timestamp(now), evidence])
            try db.cachedExecute(sql: "UPDATE actions SET attempt_count = ? WHERE id = ?", arguments: [attempt, actionId])
            try Self.complete(actionId: actionId, at: now, db)
            try AuditLog.append(
                AuditRecord(actor: "person:\(person)", employeeId: row["employee_id"], subject: "action/\(actionId)",
                            action: "action.completed.manually", details: .object([("evidence", .string(evidence)), ("previous_status", .string(status))])),
                at: now, in: db)
        }
    }
}
