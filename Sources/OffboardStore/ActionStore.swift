import GRDB
public import OffboardCore
import Foundation

/// One action the scheduler should run for a separation (what the planner decided; the store adds state).
public struct ActionInput: Sendable, Equatable {
    public var id: String
    public var specId: String
    public var title: String
    public var connector: String
    public var fireAt: Instant
    public var deadline: Instant
    public var deadlineSource: String
    public var after: [String]
    public var maxAttempts: Int
    public var retryInitial: Int64
    public var retryMax: Int64
    /// The obligation the action discharges: completing the action completes it.
    public var obligationId: Int64?

    public init(
        id: String, specId: String, title: String, connector: String, fireAt: Instant, deadline: Instant,
        deadlineSource: String, after: [String], maxAttempts: Int, retryInitial: Int64, retryMax: Int64,
        obligationId: Int64? = nil
    ) {
        self.obligationId = obligationId
        self.id = id
        self.specId = specId
        self.title = title
        self.connector = connector
        self.fireAt = fireAt
        self.deadline = deadline
        self.deadlineSource = deadlineSource
        self.after = after
        self.maxAttempts = maxAttempts
        self.retryInitial = retryInitial
        self.retryMax = retryMax
    }
}

/// An action claimed for one attempt: everything a connector needs, and the key that makes a repeat harmless.
public struct ClaimedAction: Sendable, Equatable {
    public var actionId: Int64
    public var attempt: Int
    public var separationId: Int64
    public var employeeId: String
    public var name: String
    /// The playbook action it was planned from.
    public var specId: String
    public var connector: String
    /// The same for every attempt of this action, across crashes and processes.
    public var idempotencyKey: String
    public var fireAt: Instant
    /// When the call may go out: the fire time, or a retry's backoff time, or the claim itself if later.
    /// Never before the claim; a call never goes out before it.
    public var callAt: Instant
    public var deadline: Instant?
}

/// How an attempt ended.
public enum AttemptOutcome: Sendable, Equatable {
    case succeeded(detail: String)
    /// Timeouts, 429, 5xx, a connector that could not be reached: retried with backoff.
    case transient(String)
    /// 4xx, a verification mismatch: not retried; escalated.
    case permanent(String)
}

/// The scheduler's durable state: actions, leases, attempts and escalations, each change audited in the same
/// transaction. A lease taken in a transaction means two schedulers on one database never run an attempt of
/// the same action at once; an attempt is recorded before the call and its outcome right after.
public struct ActionStore: Sendable {
    public let database: OffboardDatabase
    /// Who holds leases (`host:pid`), written into the actions and the audit log.
    public let owner: String

    public init(database: OffboardDatabase, owner: String) {
        self.database = database
        self.owner = owner
    }

    /// Makes the stored actions of `separationId` match `actions`: new ones inserted, pending ones moved to
    /// their new times, pending ones no longer planned cancelled. Completed and failed actions are kept.
    public func materialize(separationId: Int64, employeeId: String, actions: [ActionInput], now: Instant) throws {
        try database.write { db in
            let nowText = AuditLog.timestamp(now)
            var existing: [String: (id: Int64, status: String, fireAt: Int64, deadline: Int64?)] = [:]
            for row in try Row.fetchAll(
                db, sql: "SELECT id, idempotency_key, status, due_at, deadline_at FROM actions WHERE separation_id = ?",
                arguments: [separationId]) {
                existing[row["idempotency_key"]] = (row["id"], row["status"], row["due_at"], row["deadline_at"])
            }
            var added: [JSONText] = [], moved: [JSONText] = [], cancelled: [JSONText] = []
            var planned = Set<String>()
            for action in actions {
                let key = Self.key(separationId: separationId, actionId: action.id)
                planned.insert(key)
                if let old = existing[key] {
                    guard old.status == "pending",
                          old.fireAt != action.fireAt.secondsSinceEpoch || old.deadline != action.deadline.secondsSinceEpoch
                    else { continue }
                    try db.cachedExecute(
                        sql: "UPDATE actions SET due_at = ?, deadline_at = ?, deadline_source = ? WHERE id = ?",
                        arguments: [action.fireAt.secondsSinceEpoch, action.deadline.secondsSinceEpoch, action.deadlineSource, old.id])
                    moved.append(.string(action.id))
                    continue
                }
                let after = JSONText.array(action.after.map { .string($0) }).compact
                try db.cachedExecute(sql: """
                    INSERT INTO actions (separation_id, obligation_id, name, spec_id, title, employee_id, connector, due_at, deadline_at,
                        deadline_source, after_specs, status, idempotency_key, max_attempts, retry_initial, retry_max, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?, ?)
                    """, arguments: [
                        separationId, action.obligationId, action.id, action.specId, action.title, employeeId, action.connector,
                        action.fireAt.secondsSinceEpoch, action.deadline.secondsSinceEpoch, action.deadlineSource, after, key,
                        action.maxAttempts, action.retryInitial, action.retryMax, nowText,
                    ])
                added.append(.string(action.id))
            }
            for (key, old) in existing where old.status == "pending" && !planned.contains(key) {
                try db.cachedExecute(sql: "UPDATE actions SET status = 'cancelled', completed_at = ? WHERE id = ?", arguments: [nowText, old.id])
                cancelled.append(.number(Int(old.id)))
            }
            guard !added.isEmpty || !moved.isEmpty || !cancelled.isEmpty else { return }
            try AuditLog.append(
                AuditRecord(
                    actor: "system", employeeId: employeeId, subject: "separation/\(separationId)", action: "actions.scheduled",
                    details: .object([("added", .array(added)), ("moved", .array(moved)), ("cancelled", .array(cancelled))])),
                at: now, in: db)
        }
    }

    static func key(separationId: Int64, actionId: String) -> String { "offboard-\(separationId)-\(actionId)" }

    /// Claims every action that is due by `horizon` (default `now`) and whose predecessors are complete,
    /// leasing each for `leaseSeconds` from its call time and recording the attempt (and its audit entry)
    /// before any call is made. An expired lease (a scheduler that died mid-call) is recorded as an interrupted
    /// attempt and the action claimed again.
    ///
    /// A horizon after `now` claims ahead: the scheduler holds the lease and the recorded attempt before the
    /// due moment, so the call itself can go out at ``ClaimedAction/callAt`` with no transaction in its way. The
    /// attempt's `started_at` is then its call time, and its audit entry (written now) names `call_at`.
    public func claimDue(now: Instant, horizon: Instant? = nil, leaseSeconds: Int64, limit: Int = 100) async throws -> [ClaimedAction] {
        try await database.asyncWrite { db in
            let t = now.secondsSinceEpoch
            let h = max(horizon ?? now, now).secondsSinceEpoch
            let nowText = AuditLog.timestamp(now)
            // Leases that ran out belong to a scheduler that stopped mid-attempt.
            for row in try db.cachedRows(sql: "SELECT id, employee_id, lease_owner, attempt_count FROM actions WHERE status = 'running' AND lease_until < ?", arguments: [t]) {
                let id: Int64 = row["id"]
                try db.cachedExecute(
                    sql: "UPDATE attempts SET finished_at = ?, outcome = 'interrupted', detail = ? WHERE action_id = ? AND number = ? AND finished_at IS NULL",
                    arguments: [nowText, "lease held by \(row["lease_owner"] as String? ?? "?") expired", id, row["attempt_count"] as Int])
                try db.cachedExecute(sql: "UPDATE actions SET status = 'pending', lease_owner = NULL, lease_until = NULL WHERE id = ?", arguments: [id])
                try AuditLog.append(
                    AuditRecord(actor: "system", employeeId: row["employee_id"], subject: "action/\(id)", action: "action.attempt.interrupted",
                                outcome: "interrupted", details: .object([("attempt", .number(row["attempt_count"] as Int))])),
                    at: now, in: db)
            }
            let candidates = try db.cachedRows(sql: """
                SELECT a.* FROM actions a
                WHERE a.status = 'pending' AND a.due_at <= ? AND (a.next_attempt_at IS NULL OR a.next_attempt_at <= ?)
                  AND NOT EXISTS (
                    SELECT 1 FROM actions p, json_each(a.after_specs) d
                    WHERE p.separation_id = a.separation_id AND p.spec_id = d.value AND p.status != 'completed')
                ORDER BY a.due_at, a.id LIMIT ?
                """, arguments: [h, h, limit])
            var claimed: [ClaimedAction] = []
            for row in candidates {
                let id: Int64 = row["id"]
                let attempt = (row["attempt_count"] as Int) + 1
                let fireAt = Instant(secondsSinceEpoch: row["due_at"])
                let callAt = max(now, fireAt, Instant(secondsSinceEpoch: row["next_attempt_at"] as Int64? ?? 0))
                try db.cachedExecute(
                    sql: "UPDATE actions SET status = 'running', lease_owner = ?, lease_until = ?, attempt_count = ? WHERE id = ? AND status = 'pending'",
                    arguments: [owner, callAt.secondsSinceEpoch + leaseSeconds, attempt, id])
                guard db.changesCount == 1 else { continue }
                try db.cachedExecute(
                    sql: "INSERT INTO attempts (action_id, number, started_at) VALUES (?, ?, ?)",
                    arguments: [id, attempt, AuditLog.timestamp(callAt)])
                let action = ClaimedAction(
                    actionId: id, attempt: attempt, separationId: row["separation_id"], employeeId: row["employee_id"],
                    name: row["name"], specId: row["spec_id"], connector: row["connector"], idempotencyKey: row["idempotency_key"],
                    fireAt: fireAt, callAt: callAt,
                    deadline: (row["deadline_at"] as Int64?).map { Instant(secondsSinceEpoch: $0) })
                let late = callAt.secondsSinceEpoch - fireAt.secondsSinceEpoch
                var details: [(String, JSONText)] = [
                    ("name", .string(action.name)), ("connector", .string(action.connector)), ("attempt", .number(attempt)),
                    ("idempotency_key", .string(action.idempotencyKey)), ("late_seconds", .number(Int(late))),
                ]
                if callAt > now { details.append(("call_at", .string(AuditLog.timestamp(callAt)))) }
                try AuditLog.append(
                    AuditRecord(
                        actor: "system:\(owner)", employeeId: action.employeeId, subject: "action/\(id)", action: "action.attempt.started",
                        outcome: late > 60 ? "late" : "ok", details: .object(details)),
                    at: now, in: db)
                claimed.append(action)
            }
            return claimed
        }
    }

    /// One outcome recorded.
    public struct Outcome: Sendable {
        public var action: ClaimedAction
        public var outcome: AttemptOutcome
        public var at: Instant
        public var jitter: Double

        public init(action: ClaimedAction, outcome: AttemptOutcome, at: Instant, jitter: Double) {
            self.action = action
            self.outcome = outcome
            self.at = at
            self.jitter = jitter
        }
    }

    /// Records how attempts ended, in one transaction, each with its own time and audit entry: completed;
    /// retried later (exponential backoff with full jitter, `jitter` in 0…1); or failed and escalated. A burst
    /// of calls costs one commit.
    ///
    /// Not synced: an outcome lost to a power cut leaves its attempt open; its lease runs out and the action is
    /// tried again under the same key, as after a crash. The next claim's synced commit makes it durable.
    public func record(_ outcomes: [Outcome]) async throws {
        guard !outcomes.isEmpty else { return }
        try await database.asyncWrite(synced: false) { db in
            for o in outcomes { try record(o.action, outcome: o.outcome, now: o.at, jitter: o.jitter, db) }
        }
    }

    private func record(_ action: ClaimedAction, outcome: AttemptOutcome, now: Instant, jitter: Double, _ db: Database) throws {
        do {
            let nowText = AuditLog.timestamp(now)
            let row = try db.cachedRow(sql: "SELECT * FROM actions WHERE id = ?", arguments: [action.actionId])!
            guard row["status"] as String == "running", row["lease_owner"] as String? == owner,
                  row["attempt_count"] as Int == action.attempt else { return }  // the lease was lost: someone else owns it now
            let (attemptOutcome, detail): (String, String)
            var audit: (String, String) = ("action.completed", "ok")
            switch outcome {
            case let .succeeded(d):
                (attemptOutcome, detail) = ("ok", d)
                // A running action had no failed or blocked state for its dependents to inherit, so finishing
                // it unblocks nothing: no re-blocking pass on the hot path.
                try Self.complete(actionId: action.actionId, at: now, reblocking: false, db)
            case let .transient(d):
                (attemptOutcome, detail) = ("transient", d)
                let maxAttempts: Int = row["max_attempts"]
                // Attempts cut short by a scheduler that died are not the action's failures: only transient
                // outcomes count against the retry budget and the backoff.
                let failures = 1 + (try db.cachedValue(Int.self, sql: "SELECT count(*) FROM attempts WHERE action_id = ? AND outcome = 'transient'", arguments: [action.actionId]) ?? 0)
                if failures >= maxAttempts {
                    audit = ("action.failed", "failed")
                    try fail(action, reason: "gave up after \(failures) failed attempts: \(d)", now: now, db)
                } else {
                    let ceiling = Durations.backoffCeiling(initial: row["retry_initial"], maximum: row["retry_max"], beforeAttempt: failures + 1)
                    let wait = Int64((Double(ceiling) * min(max(jitter, 0), 1)).rounded())
                    audit = ("action.retry.scheduled", "transient")
                    try db.cachedExecute(
                        sql: "UPDATE actions SET status = 'pending', lease_owner = NULL, lease_until = NULL, next_attempt_at = ?, last_error = ? WHERE id = ?",
                        arguments: [now.secondsSinceEpoch + wait, d, action.actionId])
                }
            case let .permanent(d):
                (attemptOutcome, detail) = ("permanent", d)
                audit = ("action.failed", "failed")
                try fail(action, reason: d, now: now, db)
            }
            try db.cachedExecute(
                sql: "UPDATE attempts SET finished_at = ?, outcome = ?, detail = ? WHERE action_id = ? AND number = ?",
                arguments: [nowText, attemptOutcome, detail, action.actionId, action.attempt])
            try AuditLog.append(
                AuditRecord(
                    actor: "connector:\(action.connector)", employeeId: action.employeeId, subject: "action/\(action.actionId)",
                    action: audit.0, outcome: audit.1,
                    details: .object([("attempt", .number(action.attempt)), ("detail", .string(detail))])),
                at: now, in: db)
        }
    }

    /// Marks an action complete, and the obligation it discharges (so `deadlines` and chained deadlines see it).
    static func complete(actionId: Int64, at now: Instant, reblocking: Bool = true, _ db: Database) throws {
        let nowText = AuditLog.timestamp(now)
        try db.cachedExecute(
            sql: "UPDATE actions SET status = 'completed', completed_at = ?, lease_owner = NULL, lease_until = NULL, last_error = NULL WHERE id = ?",
            arguments: [nowText, actionId])
        try db.cachedExecute(sql: """
            UPDATE obligations SET status = 'completed', completed_at = ?
            WHERE id = (SELECT obligation_id FROM actions WHERE id = ?) AND status = 'pending'
            """, arguments: [now.description, actionId])
        // Dependents that were blocked by this action (it had failed, then a person completed it) may go on.
        if reblocking { try reblock(separationOf: actionId, db) }
    }

    /// Blocks every pending action with a failed or blocked predecessor in its separation, and releases every
    /// blocked one whose predecessors no longer fail. A failed step never lets its dependents start, and
    /// nothing waits forever unnoticed: the failure is escalated.
    static func reblock(separationOf actionId: Int64, _ db: Database) throws {
        let blocking = """
            EXISTS (SELECT 1 FROM actions p, json_each(a.after_specs) d
                    WHERE p.separation_id = a.separation_id AND p.spec_id = d.value AND p.status IN ('failed', 'blocked'))
            """
        let separation = "a.separation_id = (SELECT separation_id FROM actions WHERE id = ?)"
        while true {
            try db.cachedExecute(sql: "UPDATE actions AS a SET status = 'blocked', last_error = 'a predecessor failed' WHERE \(separation) AND a.status = 'pending' AND \(blocking)", arguments: [actionId])
            let blocked = db.changesCount
            try db.cachedExecute(sql: "UPDATE actions AS a SET status = 'pending', last_error = NULL WHERE \(separation) AND a.status = 'blocked' AND NOT \(blocking)", arguments: [actionId])
            if blocked == 0 && db.changesCount == 0 { break }
        }
    }

    private func fail(_ action: ClaimedAction, reason: String, now: Instant, _ db: Database) throws {
        let nowText = AuditLog.timestamp(now)
        try db.cachedExecute(
            sql: "UPDATE actions SET status = 'failed', completed_at = ?, lease_owner = NULL, lease_until = NULL, last_error = ? WHERE id = ?",
            arguments: [nowText, reason, action.actionId])
        try db.cachedExecute(
            sql: "INSERT INTO escalations (separation_id, employee_id, action_id, reason, raised_at, next_alert_at) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [action.separationId, action.employeeId, action.actionId, "failed: \(reason)", nowText, now.secondsSinceEpoch])
        try Self.reblock(separationOf: action.actionId, db)
    }

    /// Raises an escalation for every action past its deadline and not complete, once per action, with its
    /// audit entry. Its first alert is due at once (``dueAlerts(now:ladder:targets:)`` queues it). Returns how
    /// many were raised.
    @discardableResult
    public func escalateMisses(now: Instant) throws -> Int {
        try database.write { db in
            let nowText = AuditLog.timestamp(now)
            var raised = 0
            for row in try db.cachedRows(sql: """
                SELECT a.* FROM actions a WHERE a.status IN ('pending', 'running', 'blocked') AND a.deadline_at < ?
                AND NOT EXISTS (SELECT 1 FROM escalations e WHERE e.action_id = a.id)
                """, arguments: [now.secondsSinceEpoch]) {
                let id: Int64 = row["id"]
                let reason = "missed: \(row["name"] as String) was due by \(Instant(secondsSinceEpoch: row["deadline_at"]).description) (\(row["deadline_source"] as String? ?? "playbook"))"
                try db.cachedExecute(
                    sql: "INSERT INTO escalations (separation_id, employee_id, action_id, reason, raised_at, next_alert_at) VALUES (?, ?, ?, ?, ?, ?)",
                    arguments: [row["separation_id"] as Int64, row["employee_id"] as String, id, reason, nowText, now.secondsSinceEpoch])
                let escalationId = db.lastInsertedRowID
                try AuditLog.append(
                    AuditRecord(actor: "system", employeeId: row["employee_id"], subject: "action/\(id)", action: "escalation.raised",
                                outcome: "missed", details: .object([("escalation_id", .number(Int(escalationId))), ("reason", .string(reason))])),
                    at: now, in: db)
                raised += 1
            }
            return raised
        }
    }

    /// Actions not yet finished: pending, and running (leased).
    public func openCounts() throws -> (pending: Int, running: Int) {
        try database.read { db in
            (try db.cachedValue(Int.self, sql: "SELECT count(*) FROM actions WHERE status = 'pending'") ?? 0,
             try db.cachedValue(Int.self, sql: "SELECT count(*) FROM actions WHERE status = 'running'") ?? 0)
        }
    }

    /// The next moment something is due: an action to fire or retry (`fireLead` seconds early, for a
    /// scheduler that claims ahead), a lease to reclaim, a deadline to check. `now` matters for warnings only:
    /// a deadline already past gets no more warnings (its miss escalates).
    public func nextWake(now: Instant, warnBefore: [Int64] = [], fireLead: Double = 0) throws -> Instant? {
        let thresholds = Self.warningThresholds(warnBefore)
        return try database.read { db in
            guard let row = try db.cachedRow(sql: """
                SELECT
                  (SELECT min(max(due_at, coalesce(next_attempt_at, 0))) FROM actions a WHERE status = 'pending'
                    AND NOT EXISTS (
                      SELECT 1 FROM actions p, json_each(a.after_specs) d
                      WHERE p.separation_id = a.separation_id AND p.spec_id = d.value AND p.status != 'completed')),
                  (SELECT min(t) FROM (
                    SELECT lease_until AS t FROM actions WHERE status = 'running'
                    UNION ALL SELECT deadline_at + 1 FROM actions a WHERE status IN ('pending', 'running', 'blocked')
                      AND NOT EXISTS (SELECT 1 FROM escalations e WHERE e.action_id = a.id)
                    UNION ALL SELECT next_alert_at FROM escalations WHERE acknowledged_at IS NULL
                    UNION ALL SELECT next_try_at FROM notices WHERE next_try_at IS NOT NULL
                    UNION ALL SELECT max(due_at, deadline_at - json_extract(?, '$[' || warned || ']')) FROM actions
                      WHERE status IN ('pending', 'running', 'blocked') AND deadline_at > ? AND warned < ?))
                """, arguments: [JSONText.array(thresholds.map { .number(Int($0)) }).compact, now.secondsSinceEpoch, thresholds.count])
            else { return nil }
            let fire = (row[0] as Int64?).map { Instant(secondsSinceEpoch: $0).adding(interval: -fireLead) }
            let other = (row[1] as Int64?).map { Instant(secondsSinceEpoch: $0) }
            return [fire, other].compactMap { $0 }.min()
        }
    }
}
