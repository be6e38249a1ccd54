public import OffboardCore

/// What the planner needs to know about one separation, whether it comes from a stored plan or a fresh one.
public struct SeparationFacts: Sendable {
    public var employeeId: String
    public var separationType: SeparationType
    public var effectiveAt: Instant
    public var lastDayWorked: CivilDate?
    public var zone: Zone
    /// The separation's obligations (pending ones, for a stored separation).
    public var obligations: [ObligationFact]

    public init(
        employeeId: String, separationType: SeparationType, effectiveAt: Instant, lastDayWorked: CivilDate?, zone: Zone,
        obligations: [ObligationFact]
    ) {
        self.employeeId = employeeId
        self.separationType = separationType
        self.effectiveAt = effectiveAt
        self.lastDayWorked = lastDayWorked
        self.zone = zone
        self.obligations = obligations
    }
}

public struct ObligationFact: Sendable, Equatable {
    public var kind: String
    /// `CA/final-pay.discharge@2020-01-01`.
    public var rule: String
    public var dueAt: Instant?
    /// `fire` (the employer must act) or `track`.
    public var handling: String
    /// The stored obligation's id, when planning from the store: completing the action completes it.
    public var obligationId: Int64?

    public init(kind: String, rule: String, dueAt: Instant?, handling: String, obligationId: Int64? = nil) {
        self.kind = kind
        self.rule = rule
        self.dueAt = dueAt
        self.handling = handling
        self.obligationId = obligationId
    }
}

/// One action scheduled for one separation.
public struct PlannedAction: Sendable, Equatable {
    /// The playbook action's id; `id:rule` for a `before:` action (one per obligation of its kind, named after
    /// the rule so its idempotency key never changes as other obligations complete).
    public var id: String
    /// The playbook action it comes from.
    public var specId: String
    public var title: String
    public var connector: String
    /// When it should fire.
    public var fireAt: Instant
    /// When it must be verified complete; past it, a miss is escalated.
    public var deadline: Instant
    /// Where the deadline comes from: a rule version (`CA/final-pay.discharge@2020-01-01`) or the playbook.
    public var deadlineSource: String
    /// Playbook actions (every instance of each) that must be verified complete first.
    public var after: [String]
    /// The stored obligation this action discharges (`before:` actions planned from the store).
    public var obligationId: Int64? = nil
}

/// The result for one action of the playbook: scheduled, or not applicable with the reason.
public enum ActionPlan: Sendable, Equatable {
    case scheduled(PlannedAction)
    case notApplicable(id: String, reason: String)
}

/// Turns a separation and a playbook into scheduled actions. Pure: no clock, no I/O.
public enum ActionPlanner {
    public static func plan(_ facts: SeparationFacts, playbook: Playbook) -> [ActionPlan] {
        var plans: [ActionPlan] = playbook.actions.flatMap { plan($0, facts) }
        // A dependency on an action that does not apply to this separation is no dependency.
        let scheduled = Set(plans.compactMap { if case let .scheduled(a) = $0 { a.specId } else { nil } })
        for i in plans.indices {
            if case var .scheduled(a) = plans[i] {
                a.after = a.after.filter(scheduled.contains)
                plans[i] = .scheduled(a)
            }
        }
        return plans
    }

    /// One plan per action, or, for an action that waits for an obligation kind, one per obligation of that
    /// kind (a state with three separation notices gets three sends, each due by its own deadline).
    static func plan(_ spec: ActionSpec, _ facts: SeparationFacts) -> [ActionPlan] {
        guard let rule = spec.rule(for: facts.separationType) else {
            return [.notApplicable(id: spec.id, reason: "no fire rule for \(facts.separationType.rawValue) separations")]
        }
        switch rule {
        case let .at(moment, offset, within):
            let base: Instant
            switch moment {
            case .effectiveAt: base = facts.effectiveAt
            case .endOfLastDayWorked:
                base = facts.zone.endOfDay(facts.lastDayWorked ?? facts.zone.civilDate(of: facts.effectiveAt))
            }
            let fire = base.adding(seconds: offset)
            return [.scheduled(PlannedAction(
                id: spec.id, specId: spec.id, title: spec.title, connector: spec.connector, fireAt: fire,
                deadline: fire.adding(seconds: within), deadlineSource: "playbook: within \(Durations.text(within)) of firing",
                after: spec.after))]
        case let .before(kind, lead):
            let due = facts.obligations.filter { $0.kind == kind && $0.dueAt != nil }.sorted { ($0.dueAt!, $0.rule) < ($1.dueAt!, $1.rule) }
            guard !due.isEmpty else {
                return [.notApplicable(id: spec.id, reason: "this separation has no \(kind) deadline")]
            }
            return due.map { obligation in
                let deadline = obligation.dueAt!
                // Never before the separation takes effect, never after the deadline.
                var fire = deadline.adding(seconds: -lead)
                if fire < facts.effectiveAt { fire = min(facts.effectiveAt, deadline) }
                let rule = String(obligation.rule.prefix { $0 != "@" })
                return .scheduled(PlannedAction(
                    id: "\(spec.id):\(rule)", specId: spec.id, title: spec.title,
                    connector: spec.connector, fireAt: fire, deadline: deadline, deadlineSource: obligation.rule, after: spec.after,
                    obligationId: obligation.obligationId))
            }
        }
    }
}
