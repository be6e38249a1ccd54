import Crypto
public import GRDB
public import OffboardCore
public import OffboardRules

/// The one code path by which a termination event enters the store: validate (done by the parser), plan by
/// the rules, and store the event, its separation, its obligations and an audit entry in one transaction.
///
/// Idempotent by `event_id`: the same event again changes nothing and says so; the same `event_id` with a
/// different body is refused. A new event for an employee with an active separation supersedes it: pending
/// obligations are re-planned, completed ones kept, and the change audited.
public struct Intake: Sendable {
    public let database: OffboardDatabase
    public let evaluator: RuleEvaluator
    public let clock: any WallClock

    public init(database: OffboardDatabase, rules: RuleSet, clock: any WallClock) {
        self.database = database
        self.evaluator = RuleEvaluator(rules: rules)
        self.clock = clock
    }

    /// One event to store, with where it came from (`cli:event.json`, `import:file.csv:12`, `webhook`).
    public struct Submission: Sendable {
        public var event: TerminationEvent
        public var source: String
        public var actor: String

        public init(event: TerminationEvent, source: String, actor: String = "system") {
            self.event = event
            self.source = source
            self.actor = actor
        }
    }

    public enum Disposition: String, Sendable {
        /// A new separation was planned.
        case planned
        /// The event replaced an earlier event for the same separation; pending obligations were re-planned.
        case superseded
        /// The event was stored before; nothing changed.
        case duplicate
    }

    /// What happened to one event.
    public struct Receipt: Sendable {
        public var disposition: Disposition
        public var eventId: String
        public var employeeId: String
        public var separationId: Int64
        /// For `superseded`: the event it replaced.
        public var previousEventId: String?
        /// The separation's obligations after the change (all statuses), in due order; empty when the
        /// submission asked for counts only (bulk import).
        public var obligations: [StoredObligation]
        /// How many obligations this event planned (0 for a duplicate).
        public var planned: Int
    }

    /// Stores one event in its own transaction.
    /// - Throws: ``StoreError`` (`eventIdReused`), ``RuleEvaluationError`` when the rules cannot plan it
    ///   (nothing is stored then), or a database error.
    public func submit(_ submission: Submission) throws -> Receipt {
        try submit(batch: [submission])[0]
    }

    /// Stores several events in one transaction: all of them, or (on any error) none.
    /// With `details: false` receipts carry counts only, which keeps bulk import fast.
    public func submit(batch: [Submission], details: Bool = true) throws -> [Receipt] {
        try submit(prepared: batch.map(prepare), details: details)
    }

    /// Stores events prepared beforehand (possibly on other threads), in one transaction.
    public func submit(prepared batch: [PreparedSubmission], details: Bool = true) throws -> [Receipt] {
        try database.write { db in
            try batch.map { try store($0, details: details, in: db) }
        }
    }

    /// The work that needs no database: the canonical body and its digest, the plan, the obligation rows.
    /// Pure, so a bulk import runs it on other cores while the writer writes. A planning failure is kept
    /// and raised only if the event turns out to need a plan (a replay of a stored event does not).
    public func prepare(_ submission: Submission) -> PreparedSubmission {
        let body = submission.event.json.compact
        let digest = Self.sha256(body)
        let plan = Result { try evaluator.plan(submission.event, explain: false) }
        let planned = try? plan.get()
        return PreparedSubmission(
            submission: submission, body: body, digest: digest, plan: plan,
            rows: planned.map { Self.rowValues($0) } ?? [],
            auditDetails: planned.map { Self.plannedDetails(submission, digest: digest, plan: $0).compact } ?? "")
    }

    /// What the audit entry of a newly planned separation records: the event, its digest, and every
    /// obligation's rule version, citation and due instant (the provenance of each deadline).
    static func plannedDetails(_ submission: Submission, digest: String, plan: Plan) -> JSONText {
        let event = submission.event
        return .object([
            ("event_id", .string(event.eventId)), ("source", .string(submission.source)),
            ("event_sha256", .string(digest)), ("jurisdiction", .string(plan.jurisdiction)),
            ("separation_type", .string(event.separation.type.rawValue)),
            ("effective_at", .string(event.separation.effectiveAt.description)),
            ("obligations", .array(plan.obligations.map { auditSummary($0) })),
        ])
    }

    func store(_ prepared: PreparedSubmission, details: Bool = true, in db: Database) throws -> Receipt {
        let submission = prepared.submission
        let event = submission.event
        let (body, digest) = (prepared.body, prepared.digest)
        if let existing = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT separation_id, body_sha256 FROM events WHERE event_id = ?"), arguments: [event.eventId])
        {
            guard existing["body_sha256"] as String == digest else {
                throw StoreError(.eventIdReused, "event \(event.eventId) was received before with different contents; nothing was stored (send corrections with a new event_id)")
            }
            let separationId: Int64 = existing["separation_id"]
            return Receipt(
                disposition: .duplicate, eventId: event.eventId, employeeId: event.employee.id, separationId: separationId,
                previousEventId: nil, obligations: details ? try StoredObligation.fetchAll(db, separationId: separationId) : [],
                planned: 0)
        }
        let now = clock.now()
        let nowText = AuditLog.timestamp(now)
        if let active = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT id, current_event_id FROM separations WHERE employee_id = ? AND status = 'active'"),
            arguments: [event.employee.id])
        {
            return try supersede(
                separationId: active["id"], previousEventId: active["current_event_id"], with: submission, body: body,
                digest: digest, now: now, details: details, in: db)
        }
        let plan = try prepared.plan.get()
        try FastInsert.execute(
            db.cachedStatement(sql: """
                INSERT INTO separations (employee_id, status, current_event_id, jurisdiction, time_zone, separation_type,
                                         effective_at, created_at, updated_at)
                VALUES (?, 'active', ?, ?, ?, ?, ?, ?, ?)
                """),
            in: db,
            values: [
                event.employee.id, event.eventId, plan.jurisdiction, plan.zone.identifier, event.separation.type.rawValue,
                event.separation.effectiveAt.rfc3339(in: plan.zone), nowText, nowText,
            ].map(\.databaseValue))
        let separationId = db.lastInsertedRowID
        try insertEvent(submission, separationId: separationId, body: body, digest: digest, disposition: "planned", at: nowText, in: db)
        _ = try insertRows(prepared.rows, separationId: separationId, at: nowText, in: db)
        try AuditLog.append(
            AuditRecord(
                actor: submission.actor, employeeId: event.employee.id, subject: "separation/\(separationId)",
                action: "separation.planned", compactDetails: prepared.auditDetails),
            at: now, in: db)
        return Receipt(
            disposition: .planned, eventId: event.eventId, employeeId: event.employee.id, separationId: separationId,
            previousEventId: nil, obligations: details ? try StoredObligation.fetchAll(db, separationId: separationId) : [],
            planned: plan.obligations.count)
    }

    func insertEvent(
        _ submission: Submission, separationId: Int64, body: String, digest: String, disposition: String, at: String,
        in db: Database
    ) throws {
        try FastInsert.execute(
            db.cachedStatement(sql: """
                INSERT INTO events (event_id, employee_id, separation_id, source, received_at, body, body_sha256, disposition)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """),
            in: db,
            values: [
                submission.event.eventId.databaseValue, submission.event.employee.id.databaseValue,
                separationId.databaseValue, submission.source.databaseValue, at.databaseValue, body.databaseValue,
                digest.databaseValue, disposition.databaseValue,
            ])
    }

    /// Inserts the plan's obligations (skipping `skipping` rule ids) and returns their ids in plan order.
    func insertObligations(
        _ plan: Plan, separationId: Int64, skipping: Set<String> = [], at: String, in db: Database
    ) throws -> [Int64?] {
        let rows = Self.rowValues(plan)
        var ids: [Int64?] = []
        for (item, row) in zip(plan.obligations, rows) {
            ids.append(skipping.contains(item.ruleId) ? nil : try insertRows([row], separationId: separationId, at: at, in: db)[0])
        }
        return ids
    }

    /// Inserts obligation rows made by ``rowValues(_:)``; returns their ids.
    func insertRows(_ rows: [[DatabaseValue]], separationId: Int64, at: String, in db: Database) throws -> [Int64?] {
        let statement = try db.cachedStatement(sql: """
            INSERT INTO obligations (separation_id, event_id, employee_id, jurisdiction, kind, rule_id, rule_version,
                citation, source_url, title, actor, nature, handling, due_at, due_local, due_date, by_end_of_day, time_zone,
                projected, status, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        return try rows.map { row in
            try FastInsert.execute(statement, in: db, values: [separationId.databaseValue] + row + [at.databaseValue])
            return db.lastInsertedRowID
        }
    }

    /// Every obligation column but `separation_id` and `created_at`, in INSERT order.
    static func rowValues(_ plan: Plan) -> [[DatabaseValue]] {
        plan.obligations.map { item in
            var byEndOfDay = false
            if case .date = item.due { byEndOfDay = true }
            return [
                plan.eventId.databaseValue, plan.employeeId.databaseValue, plan.jurisdiction.databaseValue,
                item.obligation.kind.rawValue.databaseValue, item.ruleId.databaseValue,
                item.version.effective.description.databaseValue, item.version.source.citation.databaseValue,
                item.version.source.url.databaseValue, item.obligation.title.databaseValue,
                item.obligation.actor.rawValue.databaseValue, item.obligation.nature.rawValue.databaseValue,
                item.obligation.handling.rawValue.databaseValue, item.dueAt?.secondsSinceEpoch.databaseValue ?? .null,
                item.dueAt.map { $0.rfc3339(in: plan.zone) }.databaseValue, item.dueDate?.description.databaseValue ?? .null,
                byEndOfDay.databaseValue, plan.zone.identifier.databaseValue, item.projected.databaseValue,
                (item.due == nil ? "no_deadline" : "pending").databaseValue,
            ]
        }
    }

    static func auditSummary(_ item: PlannedObligation) -> JSONText {
        .object([
            ("rule", .string("\(item.ruleId)@\(item.version.effective)")),
            ("citation", .string(item.version.source.citation)), ("due", .optional(item.dueAt?.description)),
        ])
    }

    static func sha256(_ text: String) -> String {
        AuditLog.hex(SHA256.hash(data: Array(text.utf8)))
    }
}

extension Intake {
    /// The SHA-256 of the event's canonical JSON, as stored in `events.body_sha256`.
    public static func digest(of event: TerminationEvent) -> String { sha256(event.json.compact) }

    /// Whether the event is stored already (with the same contents).
    /// - Throws: ``StoreError`` `.eventIdReused` when its `event_id` is stored with different contents.
    public func isStored(_ event: TerminationEvent, in db: Database) throws -> Bool {
        guard let stored = try String.fetchOne(
            db.cachedStatement(sql: "SELECT body_sha256 FROM events WHERE event_id = ?"), arguments: [event.eventId])
        else { return false }
        guard stored == Self.digest(of: event) else {
            throw StoreError(.eventIdReused, "event \(event.eventId) was received before with different contents (send corrections with a new event_id)")
        }
        return true
    }
}

/// An event made ready to store by ``Intake/prepare(_:)``.
public struct PreparedSubmission: Sendable {
    public let submission: Intake.Submission
    let body: String
    let digest: String
    let plan: Result<Plan, any Error>
    let rows: [[DatabaseValue]]
    let auditDetails: String
}

/// Checks events against the rules and the store inside one read transaction (for validating a whole import
/// before anything is written).
public struct IntakeValidator {
    let intake: Intake
    let db: Database

    /// See ``Intake/isStored(_:in:)``.
    public func isStored(_ event: TerminationEvent) throws -> Bool { try intake.isStored(event, in: db) }
}

extension Intake {
    public func validating<T>(_ body: (IntakeValidator) throws -> T) throws -> T {
        try database.read { try body(IntakeValidator(intake: self, db: $0)) }
    }
}
