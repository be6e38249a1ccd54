public import OffboardCore

/// What a connector receives for one attempt. The idempotency key is the same for every attempt of the
/// action, so a receiver that remembers keys applies the effect once however often it is called.
public struct ActionRequest: Sendable, Equatable {
    public var actionId: Int64
    public var name: String
    public var attempt: Int
    public var idempotencyKey: String
    public var employeeId: String
    public var separationId: Int64
    public var fireAt: Instant
    public var deadline: Instant?
    /// Whether the connector must confirm the effect (read it back) before the action counts as complete.
    public var verify: Bool
    /// For escalations and warnings: what happened, in ids only (e.g. "missed: final_pay due 2025-02-01T00:00:00Z").
    public var summary: String?

    public init(
        actionId: Int64, name: String, attempt: Int, idempotencyKey: String, employeeId: String, separationId: Int64,
        fireAt: Instant, deadline: Instant?, verify: Bool = true, summary: String? = nil
    ) {
        self.actionId = actionId
        self.name = name
        self.attempt = attempt
        self.idempotencyKey = idempotencyKey
        self.employeeId = employeeId
        self.separationId = separationId
        self.fireAt = fireAt
        self.deadline = deadline
        self.verify = verify
        self.summary = summary
    }

    /// The JSON body connectors send (ids only, never personal data).
    public var json: JSONText {
        .object([
            ("action", .string(name)), ("action_id", .number(Int(actionId))), ("attempt", .number(attempt)),
            ("idempotency_key", .string(idempotencyKey)), ("employee_id", .string(employeeId)),
            ("separation_id", .number(Int(separationId))), ("fire_at", .string(fireAt.description)),
            ("deadline", .optional(deadline?.description)),
        ] + (summary.map { [("summary", JSONText.string($0))] } ?? []))
    }
}

/// How a call went, as the connector judges it.
public enum ConnectorResult: Sendable, Equatable {
    case done(String)
    /// Worth retrying: a timeout, a 429 or 5xx, a receiver that is down.
    case transient(String)
    /// Not worth retrying: a 4xx, a verification mismatch, a command that refused.
    case permanent(String)
}

extension ConnectorResult {
    /// `ok`, `transient` or `permanent`.
    public var label: String {
        switch self {
        case .done: "ok"
        case .transient: "transient"
        case .permanent: "permanent"
        }
    }

    public var detail: String {
        switch self {
        case let .done(d), let .transient(d), let .permanent(d): d
        }
    }
}

/// A system offboard acts on. One implementation per mechanism (log, command, webhook, SCIM, email).
public protocol Connector: Sendable {
    func perform(_ request: ActionRequest) async -> ConnectorResult
}
