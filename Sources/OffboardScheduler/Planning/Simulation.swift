public import OffboardCore

/// Runs a schedule on a virtual clock with no side effects: every call succeeds at once and verifies. What
/// is left is the timing: what fires when and in which order, what fires late, which deadlines would be
/// missed, and which employer obligations no action covers.
public struct Simulation: Sendable {
    public struct Entry: Sendable, Equatable {
        public enum Kind: String, Sendable { case fire, late, warning, miss, escalation, uncovered, notApplicable = "not_applicable", beyond }
        public var at: Instant
        public var employeeId: String
        public var kind: Kind
        public var action: String
        public var detail: String
        /// The zone the separation's worksite is in, for display.
        public var zone: Zone
    }

    public let playbook: Playbook

    public init(playbook: Playbook) { self.playbook = playbook }

    /// The timeline of one separation from `start` (the service's "now") to `horizon`, in time order.
    public func run(_ facts: SeparationFacts, start: Instant, horizon: Instant) -> [Entry] {
        let plans = ActionPlanner.plan(facts, playbook: playbook)
        var entries: [Entry] = []
        func add(_ at: Instant, _ kind: Entry.Kind, _ action: String, _ detail: String) {
            entries.append(Entry(at: at, employeeId: facts.employeeId, kind: kind, action: action, detail: detail, zone: facts.zone))
        }
        var done: [String: Instant] = [:]
        let scheduled = plans.compactMap { if case let .scheduled(a) = $0 { a } else { nil } }
        // Fire in order of readiness; dependencies first (the loader has rejected cycles).
        var remaining = scheduled
        func predecessorsDone(_ a: PlannedAction) -> Bool {
            a.after.allSatisfy { spec in !remaining.contains { $0.specId == spec } }
        }
        while !remaining.isEmpty {
            let ready = remaining.filter(predecessorsDone)
            guard !ready.isEmpty else { break }
            let next = ready.min { readyAt($0, start, done) < readyAt($1, start, done) }!
            remaining.removeAll { $0.id == next.id }
            let at = readyAt(next, start, done)
            if at > horizon {
                add(horizon, .beyond, next.id, "fires after the horizon, at \(at.rfc3339(in: facts.zone)) (due by \(next.deadline.rfc3339(in: facts.zone)))")
                done[next.id] = at
                continue
            }
            for warn in playbook.escalation.warnBefore {
                // A warning is for an action that should be under way: past its fire time, not yet complete.
                let moment = next.deadline.adding(seconds: -warn)
                if moment < at && moment >= start && moment >= next.fireAt {
                    add(moment, .warning, next.id, "not complete \(Durations.text(warn)) before its deadline; warn \(playbook.escalation.targets.joined(separator: ", "))")
                }
            }
            let waited = next.after.isEmpty ? "" : " after \(next.after.joined(separator: ", "))"
            if at > next.fireAt {
                let why = next.fireAt < start ? "the service was not running when it came due" : "waiting for\(waited)"
                add(at, .late, next.id, "fires \(Durations.human(at.secondsSinceEpoch - next.fireAt.secondsSinceEpoch)) late (\(why)) via \(next.connector)")
            } else {
                add(at, .fire, next.id, "fires via \(next.connector)\(waited); due by \(next.deadline.rfc3339(in: facts.zone)) (\(next.deadlineSource))")
            }
            if at > next.deadline {
                let missAt = max(next.deadline, start)
                add(missAt, .miss, next.id, "MISSED \(next.deadlineSource) by \(Durations.human(at.secondsSinceEpoch - next.deadline.secondsSinceEpoch))")
                for step in playbook.escalation.ladder {
                    let when = missAt.adding(seconds: step)
                    if when <= horizon {
                        add(when, .escalation, next.id, "alert \(playbook.escalation.targets.joined(separator: ", ")) via \(playbook.escalation.connector) until acknowledged")
                    }
                }
            }
            done[next.id] = at
        }
        for plan in plans {
            if case let .notApplicable(id, reason) = plan { add(start, .notApplicable, id, reason) }
        }
        // Employer obligations that no action of the playbook covers still come due: they escalate, never vanish.
        let covered = Set(playbook.actions.compactMap { spec -> String? in
            if case let .before(kind, _)? = spec.rule(for: facts.separationType) { return kind }
            return nil
        })
        for o in facts.obligations where o.handling == "fire" && !covered.contains(o.kind) {
            guard let due = o.dueAt else { continue }
            add(max(due, start), .uncovered, o.kind, "no playbook action covers \(o.rule), due \(due.rfc3339(in: facts.zone)); escalates at its deadline unless completed by hand")
        }
        return entries.sorted { ($0.at, order($0.kind)) < ($1.at, order($1.kind)) }
    }

    func readyAt(_ a: PlannedAction, _ start: Instant, _ done: [String: Instant]) -> Instant {
        var moments = [a.fireAt, start]
        for (id, at) in done where a.after.contains(where: { id == $0 || id.hasPrefix($0 + ":") }) { moments.append(at) }
        return moments.max()!
    }

    func order(_ kind: Entry.Kind) -> Int {
        switch kind {
        case .notApplicable: return 0
        case .warning: return 1
        case .fire, .late: return 2
        case .miss: return 3
        case .escalation: return 4
        case .uncovered: return 5
        case .beyond: return 6
        }
    }
}
