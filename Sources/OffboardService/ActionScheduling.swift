import OffboardCore
import OffboardScheduler
import OffboardStore

/// Plans the playbook's actions for active separations and stores them (idempotent).
struct ActionScheduling {
    let playbook: Playbook
    let store: ActionStore
    let database: OffboardDatabase

    /// Plans the active separations whose current event came after `afterEventRow`.
    func schedule(afterEventRow: Int64, now: Instant, checkpoints: Checkpointer? = nil) throws {
        let specs = Dictionary(playbook.actions.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for active in try database.read({ try ActiveSeparation.fetchAll($0, afterEventRow: afterEventRow) }) {
            let facts = try active.facts()
            let inputs: [ActionInput] = ActionPlanner.plan(facts, playbook: playbook).compactMap { plan in
                guard case let .scheduled(a) = plan, let spec = specs[a.specId] else { return nil }
                return ActionInput(
                    id: a.id, specId: a.specId, title: a.title, connector: a.connector, fireAt: a.fireAt, deadline: a.deadline,
                    deadlineSource: a.deadlineSource, after: a.after, maxAttempts: spec.retry.attempts,
                    retryInitial: spec.retry.initial, retryMax: spec.retry.maximum, obligationId: a.obligationId)
            }
            try store.materialize(separationId: active.separationId, employeeId: active.employeeId, actions: inputs, now: now)
            // Planning thousands of separations is a long run of commits: keep the WAL from growing meanwhile.
            try checkpoints?.duringBurst()
        }
    }
}
