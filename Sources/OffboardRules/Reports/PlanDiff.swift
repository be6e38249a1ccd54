public import OffboardCore

/// What a rule edit would change for a set of events: which deadlines move, by how much, which appear
/// or disappear, and which events stop (or start) being plannable.
public struct PlanDiff: Sendable {
    public enum Change: Sendable {
        /// Both sides have the obligation; the due moment, or the version behind it, differs.
        case moved(old: PlannedObligation, new: PlannedObligation, seconds: Int64)
        case versionChanged(old: PlannedObligation, new: PlannedObligation)
        case added(PlannedObligation)
        case removed(PlannedObligation)
    }

    public struct EventResult: Sendable {
        public var eventId: String
        public var zone: Zone?
        public var changes: [Change]
        public var unchanged: Int
        /// Evaluation failures, old and new side (`nil` when that side planned).
        public var oldError: String?
        public var newError: String?
    }

    public var events: [EventResult]

    public init(old: RuleSet, new: RuleSet, events: [TerminationEvent]) {
        self.events = events.map { event in
            var result = EventResult(eventId: event.eventId, zone: nil, changes: [], unchanged: 0)
            var before: Plan?
            var after: Plan?
            do { before = try RuleEvaluator(rules: old).plan(event) } catch { result.oldError = "\(error)" }
            do { after = try RuleEvaluator(rules: new).plan(event) } catch { result.newError = "\(error)" }
            result.zone = after?.zone ?? before?.zone
            let oldItems = Dictionary(uniqueKeysWithValues: (before?.obligations ?? []).map { ($0.ruleId, $0) })
            let newItems = Dictionary(uniqueKeysWithValues: (after?.obligations ?? []).map { ($0.ruleId, $0) })
            for id in Set(oldItems.keys).union(newItems.keys).sorted() {
                switch (oldItems[id], newItems[id]) {
                case let (o?, n?):
                    let (a, b) = (o.dueAt, n.dueAt)
                    if a != b {
                        let seconds = (b?.secondsSinceEpoch ?? 0) - (a?.secondsSinceEpoch ?? 0)
                        result.changes.append(.moved(old: o, new: n, seconds: (a == nil || b == nil) ? 0 : seconds))
                    } else if o.version.effective != n.version.effective || o.version.source != n.version.source {
                        result.changes.append(.versionChanged(old: o, new: n))
                    } else {
                        result.unchanged += 1
                    }
                case let (o?, nil): result.changes.append(.removed(o))
                case let (nil, n?): result.changes.append(.added(n))
                case (nil, nil): break
                }
            }
            return result
        }
    }

    public var movedLater: Int { count { if case let .moved(_, _, s) = $0 { s > 0 } else { false } } }
    public var movedEarlier: Int { count { if case let .moved(_, _, s) = $0 { s < 0 } else { false } } }
    public var added: Int { count { if case .added = $0 { true } else { false } } }
    public var removed: Int { count { if case .removed = $0 { true } else { false } } }
    public var versionChanges: Int { count { if case .versionChanged = $0 { true } else { false } } }
    public var newErrors: Int { events.filter { $0.newError != nil && $0.oldError == nil }.count }
    public var fixedErrors: Int { events.filter { $0.newError == nil && $0.oldError != nil }.count }

    private func count(_ predicate: (Change) -> Bool) -> Int {
        events.reduce(0) { $0 + $1.changes.filter(predicate).count }
    }
}
