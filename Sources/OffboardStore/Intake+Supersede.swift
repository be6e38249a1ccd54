import GRDB
import OffboardCore
import OffboardRules

extension Intake {
    /// Replaces the separation's current event with a corrected one: pending obligations are closed as
    /// `superseded` and planned again from the new event (completed ones are kept, and their completion times
    /// feed the chained deadlines); the change is audited with every moved deadline.
    func supersede(
        separationId: Int64, previousEventId: String, with submission: Submission, body: String, digest: String,
        now: Instant, details: Bool, in db: Database
    ) throws -> Receipt {
        let event = submission.event
        let nowText = AuditLog.timestamp(now)
        let before = try StoredObligation.fetchAll(db, separationId: separationId)
        let completed = before.filter { $0.status == "completed" }
        var completions: [ObligationKind: Instant] = [:]
        for item in completed {
            if let kind = ObligationKind(rawValue: item.kind), let text = item.completedAt, let at = Instant(rfc3339: text) {
                completions[kind] = at
            }
        }
        let plan = try evaluator.plan(event, completions: completions, explain: false)
        let open = before.filter { $0.status == "pending" || $0.status == "no_deadline" }
        try db.execute(
            sql: "UPDATE obligations SET status = 'superseded', closed_at = ? WHERE separation_id = ? AND status IN ('pending', 'no_deadline')",
            arguments: [nowText, separationId])
        let previous = try Row.fetchOne(db, sql: "SELECT * FROM separations WHERE id = ?", arguments: [separationId])!
        try db.execute(
            sql: """
                UPDATE separations SET current_event_id = ?, jurisdiction = ?, time_zone = ?, separation_type = ?,
                    effective_at = ?, updated_at = ? WHERE id = ?
                """,
            arguments: [
                event.eventId, plan.jurisdiction, plan.zone.identifier, event.separation.type.rawValue,
                event.separation.effectiveAt.rfc3339(in: plan.zone), nowText, separationId,
            ])
        try insertEvent(submission, separationId: separationId, body: body, digest: digest, disposition: "superseded_previous", at: nowText, in: db)
        let keep = Set(completed.map(\.ruleId))
        let ids = try insertObligations(plan, separationId: separationId, skipping: keep, at: nowText, in: db)

        var changes: [(String, JSONText)] = []
        for (field, old, new) in [
            ("separation_type", previous["separation_type"] as String, event.separation.type.rawValue),
            ("jurisdiction", previous["jurisdiction"] as String, plan.jurisdiction),
            ("effective_at", previous["effective_at"] as String, event.separation.effectiveAt.rfc3339(in: plan.zone)),
        ] where old != new {
            changes.append((field, .object([("from", .string(old)), ("to", .string(new))])))
        }
        let oldByRule = Dictionary(open.map { ($0.ruleId, $0) }, uniquingKeysWith: { a, _ in a })
        var moved: [JSONText] = []
        for (id, item) in zip(ids, plan.obligations) where id != nil {
            let old = oldByRule[item.ruleId]
            moved.append(.object([
                ("rule", .string(item.ruleId)), ("obligation_id", .number(Int(id!))),
                ("replaces", old.map { .number(Int($0.id)) } ?? .null),
                ("from", .optional(old?.dueAt?.description)), ("to", .optional(item.dueAt?.description)),
            ]))
        }
        let newRules = Set(plan.obligations.map(\.ruleId))
        let dropped = open.filter { !newRules.contains($0.ruleId) }.map { JSONText.number(Int($0.id)) }
        try AuditLog.append(
            AuditRecord(
                actor: submission.actor, employeeId: event.employee.id, subject: "separation/\(separationId)",
                action: "separation.superseded",
                details: .object([
                    ("event_id", .string(event.eventId)), ("previous_event_id", .string(previousEventId)),
                    ("source", .string(submission.source)), ("event_sha256", .string(digest)),
                    ("changes", .object(changes)), ("replanned", .array(moved)), ("no_longer_applies", .array(dropped)),
                    ("kept_completed", .array(completed.map { .number(Int($0.id)) })),
                ])),
            at: now, in: db)
        return Receipt(
            disposition: .superseded, eventId: event.eventId, employeeId: event.employee.id, separationId: separationId,
            previousEventId: previousEventId, obligations: details ? try StoredObligation.fetchAll(db, separationId: separationId) : [],
            planned: ids.compactMap { $0 }.count)
    }
}
