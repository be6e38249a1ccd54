public import OffboardCore
import GRDB

/// An alert or a warning waiting in the outbox to go out through the escalation connector.
public struct Notice: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// An escalation's alert (a missed deadline or a failed action), repeated on the ladder until acknowledged.
        case alert
        /// A `warn_before` warning that an action at risk is not complete.
        case warning
    }

    public var id: Int64
    public var kind: Kind
    /// `escalation/ID` or `action/ID`: what the audit entries about it name.
    public var subject: String
    public var actionId: Int64?
    public var separationId: Int64
    public var employeeId: String
    /// The alert's round (1 for the first), or the warning's step (1 for the first `warn_before`).
    public var round: Int
    /// The same for every delivery attempt of this notice.
    public var idempotencyKey: String
    public var deadline: Instant?
    /// What the notice says, ids only: an alert's reason (`missed: …`, `failed: …`), or a warning's text.
    public var summary: String
    /// Failed deliveries so far.
    public var failures: Int

    /// The id in ``subject``: the escalation's for an alert, the action's for a warning.
    public var subjectId: Substring { subject[subject.index(after: subject.firstIndex(of: "/") ?? subject.startIndex)...] }
}

/// How one delivery of a notice ended.
public enum NoticeOutcome: Sendable, Equatable {
    case delivered(String)
    case failed(String)
}

extension ActionStore {
    /// Seconds a process holds a notice it is delivering; a process that dies mid-delivery lets another (or
    /// its restart) deliver it after this.
    static let noticeLeaseSeconds: Int64 = 300

    /// Seconds before delivery attempt `failures + 1`: one minute, doubling, at most an hour. A notice is
    /// never given up: it is about a deadline someone must act on.
    public static func noticeBackoff(failures: Int) -> Int64 {
        min(60 << Int64(min(max(failures - 1, 0), 6)), 3600)
    }

    /// Puts a notice in the outbox, due now. Earlier undelivered notices about the same subject and of the
    /// same kind are superseded by it (the newer alert round or warning step says more). Call inside a write
    /// transaction.
    static func enqueueNotice(
        kind: Notice.Kind, subject: String, actionId: Int64?, separationId: Int64, employeeId: String, round: Int,
        idempotencyKey: String, deadline: Instant?, summary: String, now: Instant, _ db: Database
    ) throws {
        let reason = "superseded by \(kind.rawValue) \(round)"
        for row in try db.cachedRows(
            sql: "SELECT id, round FROM notices WHERE subject = ? AND kind = ? AND delivered_at IS NULL AND next_try_at IS NOT NULL",
            arguments: [subject, kind.rawValue]) {
            try withdrawNotice(
                id: row["id"], kind: kind.rawValue, round: row["round"], subject: subject, employeeId: employeeId, reason: reason, now: now, db)
        }
        try db.cachedExecute(
            sql: """
                INSERT OR IGNORE INTO notices (kind, subject, action_id, separation_id, employee_id, round, idempotency_key,
                                               deadline_at, summary, created_at, next_try_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                kind.rawValue, subject, actionId, separationId, employeeId, round, idempotencyKey, deadline?.secondsSinceEpoch,
                summary, AuditLog.timestamp(now), now.secondsSinceEpoch,
            ])
    }

    /// Closes an undelivered notice without sending it, audited (`notice.withdrawn`) with the reason.
    static func withdrawNotice(
        id: Int64, kind: String, round: Int, subject: String, employeeId: String, reason: String, now: Instant, _ db: Database
    ) throws {
        try db.cachedExecute(sql: "UPDATE notices SET next_try_at = NULL, last_error = ? WHERE id = ?", arguments: [reason, id])
        try AuditLog.append(
            AuditRecord(
                actor: "system", employeeId: employeeId, subject: subject, action: "notice.withdrawn", outcome: "withdrawn",
                details: .object([("kind", .string(kind)), ("round", .number(round)), ("reason", .string(reason))])),
            at: now, in: db)
    }

    /// Takes the notices due for delivery at `now` (at most `limit`), leasing each so another scheduler on the
    /// same database does not send it too. Notices that no longer matter are closed first, audited: alerts of
    /// acknowledged escalations, warnings of actions that finished meanwhile.
    public func dueNotices(now: Instant, limit: Int = 64) throws -> [Notice] {
        let t = now.secondsSinceEpoch
        return try database.write { db in
            for row in try db.cachedRows(sql: """
                SELECT n.id, n.subject, n.kind, n.employee_id, n.round FROM notices n
                WHERE n.next_try_at <= ? AND (
                  (n.kind = 'alert' AND EXISTS (SELECT 1 FROM escalations e
                       WHERE 'escalation/' || e.id = n.subject AND e.acknowledged_at IS NOT NULL))
                  OR (n.kind = 'warning' AND NOT EXISTS (SELECT 1 FROM actions a
                       WHERE a.id = n.action_id AND a.status IN ('pending', 'running', 'blocked'))))
                """, arguments: [t]) {
                let kind: String = row["kind"]
                try Self.withdrawNotice(
                    id: row["id"], kind: kind, round: row["round"], subject: row["subject"], employeeId: row["employee_id"],
                    reason: kind == "alert" ? "acknowledged before delivery" : "no longer at risk", now: now, db)
            }
            let rows = try db.cachedRows(
                sql: "SELECT * FROM notices WHERE next_try_at <= ? ORDER BY next_try_at, id LIMIT ?", arguments: [t, limit])
            var notices: [Notice] = []
            for row in rows {
                let id: Int64 = row["id"]
                try db.cachedExecute(sql: "UPDATE notices SET next_try_at = ? WHERE id = ?", arguments: [t + Self.noticeLeaseSeconds, id])
                notices.append(Notice(
                    id: id, kind: Notice.Kind(rawValue: row["kind"]) ?? .alert, subject: row["subject"], actionId: row["action_id"],
                    separationId: row["separation_id"], employeeId: row["employee_id"], round: row["round"],
                    idempotencyKey: row["idempotency_key"], deadline: (row["deadline_at"] as Int64?).map { Instant(secondsSinceEpoch: $0) },
                    summary: row["summary"], failures: row["failures"]))
            }
            return notices
        }
    }

    /// Records how deliveries ended, audited: delivered (closed), or failed (tried again after
    /// ``noticeBackoff(failures:)``). Returns, per notice, when it will be tried again (nil once delivered).
    @discardableResult
    public func recordNotices(_ results: [(notice: Notice, outcome: NoticeOutcome)], connector: String, now: Instant) throws -> [Instant?] {
        guard !results.isEmpty else { return [] }
        let t = now.secondsSinceEpoch
        return try database.write { db in
            var retries: [Instant?] = []
            for (notice, outcome) in results {
                let details: [(String, JSONText)] = [
                    ("kind", .string(notice.kind.rawValue)), ("round", .number(notice.round)),
                    ("idempotency_key", .string(notice.idempotencyKey)),
                ]
                switch outcome {
                case let .delivered(detail):
                    try db.cachedExecute(
                        sql: "UPDATE notices SET next_try_at = NULL, delivered_at = ?, last_error = NULL WHERE id = ?",
                        arguments: [AuditLog.timestamp(now), notice.id])
                    try AuditLog.append(
                        AuditRecord(actor: "connector:\(connector)", employeeId: notice.employeeId, subject: notice.subject,
                                    action: "notice.delivered", details: .object(details + [("detail", .string(detail))])),
                        at: now, in: db)
                    retries.append(nil)
                case let .failed(detail):
                    let failures = notice.failures + 1
                    let next = t + Self.noticeBackoff(failures: failures)
                    try db.cachedExecute(
                        sql: "UPDATE notices SET next_try_at = ?, failures = ?, last_error = ? WHERE id = ?",
                        arguments: [next, failures, detail, notice.id])
                    try AuditLog.append(
                        AuditRecord(actor: "connector:\(connector)", employeeId: notice.employeeId, subject: notice.subject,
                                    action: "notice.failed", outcome: "failed",
                                    details: .object(details + [
                                        ("detail", .string(detail)), ("failures", .number(failures)),
                                        ("next_try", .string(Instant(secondsSinceEpoch: next).description)),
                                    ])),
                        at: now, in: db)
                    retries.append(Instant(secondsSinceEpoch: next))
                }
            }
            return retries
        }
    }
}
