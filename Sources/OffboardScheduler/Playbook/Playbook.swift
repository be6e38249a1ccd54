public import OffboardCore

/// A company's offboarding playbook (`offboard.yaml`): which actions follow a separation, when each fires,
/// in which order, through which connector, and who is told when something is late.
///
/// The format is documented in the README ("The playbook"); ``PlaybookLoader`` reads it with located errors.
public struct Playbook: Sendable {
    public var path: String
    public var connectors: [String: ConnectorConfig]
    public var escalation: EscalationPolicy
    /// In file order, which is also the tie-break order for actions due at the same moment.
    public var actions: [ActionSpec]

    public init(path: String, connectors: [String: ConnectorConfig], escalation: EscalationPolicy, actions: [ActionSpec]) {
        self.path = path
        self.connectors = connectors
        self.escalation = escalation
        self.actions = actions
    }
}

/// A configured connector. Secrets are never in the file: it names the environment variables that hold them.
public struct ConnectorConfig: Sendable, Equatable {
    public enum Kind: String, CaseIterable, Sendable { case log, webhook, scim, email, command }
    public var name: String
    public var kind: Kind
    /// Type-specific settings (`url`, `base_url`, `secret_env`, `token_env`, `timeout`, `path`, `to` …), as text.
    public var settings: [String: String]
    public var location: SourceLocation
}

/// Who hears about misses, and when.
public struct EscalationPolicy: Sendable, Equatable {
    /// The connector alerts go through.
    public var connector: String
    /// Ids of people or rotas (never names or addresses in the file; the connector resolves them).
    public var targets: [String]
    /// Warnings before a deadline when the action is not complete yet (e.g. 24 h).
    public var warnBefore: [Int64]
    /// After a miss, alerts repeat at these delays until acknowledged (e.g. 0, 1 h, 4 h, then every 4 h).
    public var ladder: [Int64]

    public init(connector: String, targets: [String], warnBefore: [Int64], ladder: [Int64]) {
        self.connector = connector
        self.targets = targets
        self.warnBefore = warnBefore
        self.ladder = ladder
    }
}

/// One action of the playbook.
public struct ActionSpec: Sendable {
    public var id: String
    public var title: String
    public var connector: String
    /// When it fires, per separation type (`default` covers the rest); no entry means it does not apply.
    public var fire: [SeparationType: FireRule]
    public var defaultFire: FireRule?
    /// Actions that must be verified complete before this one starts.
    public var after: [String]
    /// Read the effect back after the call before the action counts as complete.
    public var verify: Bool
    public var retry: RetryPolicy
    public var location: SourceLocation

    /// The rule for a separation type, or `nil` when the action does not apply to it.
    public func rule(for type: SeparationType) -> FireRule? { fire[type] ?? defaultFire }
}

/// When an action fires, and by when it must be done.
public enum FireRule: Sendable, Equatable {
    /// At a moment of the separation, plus an offset; it must be done within `within` of firing.
    case at(Moment, offset: Int64, within: Int64)
    /// Ahead of an obligation's deadline: fires `lead` seconds before it (never before the separation takes
    /// effect) and must be done by the deadline itself. The earliest deadline counts when several apply.
    case before(kind: String, lead: Int64)

    public enum Moment: String, CaseIterable, Sendable {
        /// The instant employment ends.
        case effectiveAt = "effective_at"
        /// 23:59:59 of the last day worked in the worksite zone (the separation date when none is given).
        case endOfLastDayWorked = "end_of_last_day_worked"
    }
}

/// Exponential backoff with full jitter: attempt n waits a random time in [0, min(max, initial·2ⁿ⁻¹)].
public struct RetryPolicy: Sendable, Equatable {
    public var attempts: Int
    public var initial: Int64
    public var maximum: Int64

    public init(attempts: Int = 6, initial: Int64 = 30, maximum: Int64 = 3600) {
        self.attempts = attempts
        self.initial = initial
        self.maximum = maximum
    }

    /// The longest wait before attempt `n` (2, 3 …); the actual wait is uniformly random up to it.
    public func ceiling(beforeAttempt n: Int) -> Int64 {
        Durations.backoffCeiling(initial: initial, maximum: maximum, beforeAttempt: n)
    }
}
