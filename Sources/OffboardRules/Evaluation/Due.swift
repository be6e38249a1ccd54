public import OffboardCore

/// When an obligation falls due: at an instant (hour-based and immediate rules), or by the end of a
/// local date (day-based rules; the deadline expires at 23:59:59 in the worksite zone).
public enum Due: Sendable, Equatable {
    case instant(Instant)
    case date(CivilDate)

    /// The last moment that is still on time.
    public func expiry(in zone: Zone) -> Instant {
        switch self {
        case let .instant(i): return i
        case let .date(d): return zone.endOfDay(d)
        }
    }

    /// The local date the obligation is due on.
    public func date(in zone: Zone) -> CivilDate {
        switch self {
        case let .instant(i): return zone.civilDate(of: i)
        case let .date(d): return d
        }
    }

    func describe(in zone: Zone) -> String {
        switch self {
        case let .instant(i): return i.rfc3339(in: zone)
        case let .date(d): return "\(d.weekday.shortName) \(d)"
        }
    }
}

/// One obligation of a plan: what is due, when, by whom, and which rule version says so.
public struct PlannedObligation: Sendable {
    /// `CA/final-pay.discharge`.
    public var ruleId: String
    public var jurisdiction: String
    public var file: String
    public var obligation: Obligation
    public var version: RuleVersion
    /// `nil` when the law sets no deadline for this path.
    public var due: Due?
    /// The due instant (for a date, the end of that day in the worksite zone).
    public var dueAt: Instant?
    public var dueDate: CivilDate?
    /// True when the date depends on an upstream obligation that has not been completed yet, so the
    /// statutory worst case was used; it is recomputed when the upstream completes.
    public var projected: Bool
    /// The derivation, step by step, for `rules explain`.
    public var explanation: [String]
}

/// Every obligation a separation triggers, in due order.
public struct Plan: Sendable {
    public var eventId: String
    public var employeeId: String
    public var jurisdiction: String
    public var zone: Zone
    public var separation: TerminationEvent.Separation
    public var obligations: [PlannedObligation]
}

/// A rule could not be evaluated for an event: located at the rule, explained in words.
public struct RuleEvaluationError: Error, Sendable, CustomStringConvertible {
    public var location: SourceLocation
    public var ruleId: String
    public var message: String

    public init(location: SourceLocation, ruleId: String, message: String) {
        self.location = location
        self.ruleId = ruleId
        self.message = message
    }

    public var description: String { "\(location): error: \(ruleId): \(message)" }
}
