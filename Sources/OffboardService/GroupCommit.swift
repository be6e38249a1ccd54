import Synchronization

/// The bookkeeping of a group commit: items gather while one batch is being written, and the writer takes
/// all of them as its next batch. At most one writer drains at a time.
final class GroupCommit<Item: Sendable>: Sendable {
    private struct State: ~Copyable {
        var pending: [Item] = []
        var draining = false
    }

    private let state = Mutex(State())

    /// Adds `items`; true when no writer is draining and the caller must start one.
    func add(_ items: some Sequence<Item>) -> Bool {
        state.withLock { state in
            state.pending.append(contentsOf: items)
            if state.draining { return false }
            state.draining = true
            return true
        }
    }

    /// Everything waiting, as the next batch; empty when nothing is, and then the writer must stop (a later
    /// ``add(_:)`` starts a new one).
    func next() -> [Item] {
        state.withLock { state in
            let batch = state.pending
            state.pending = []
            if batch.isEmpty { state.draining = false }
            return batch
        }
    }
}
