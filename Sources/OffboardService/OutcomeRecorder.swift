import Synchronization
import OffboardStore

/// Records connector outcomes off the dispatch path, as a group commit: while one record transaction runs,
/// the outcomes that finish meanwhile gather, and the next transaction takes them all. The scheduler's loop
/// hands an outcome over and goes on starting calls; ``finish()`` waits until every outcome handed over is
/// stored. Recording runs in its own task, so a cancelled scheduler still records what its calls did.
final class OutcomeRecorder: Sendable {
    private struct State {
        var drain: Task<Void, Never>?
        var error: (any Error)?
    }

    let store: ActionStore
    private let batches = GroupCommit<ActionStore.Outcome>()
    private let state = Mutex(State())

    init(store: ActionStore) {
        self.store = store
    }

    /// Queues `outcomes`, starting a record transaction unless one is running (it will take these next).
    func add(_ outcomes: [ActionStore.Outcome]) {
        guard !outcomes.isEmpty, batches.add(outcomes) else { return }
        let drain = Task { await self.drain() }
        state.withLock { $0.drain = drain }
    }

    /// Waits until everything handed over is recorded; throws the first failure (what failed to record is
    /// left leased, and recovered as an interrupted attempt when the lease runs out).
    func finish() async throws {
        await state.withLock { $0.drain }?.value
        if let error = state.withLock({ $0.error }) { throw error }
    }

    private func drain() async {
        while true {
            let batch = batches.next()
            if batch.isEmpty { return }
            do {
                try await store.record(batch)
            } catch {
                state.withLock { if $0.error == nil { $0.error = error } }
            }
        }
    }
}
