import OffboardCore
import OffboardStore

/// Claimed actions waiting for a call slot or for their call time, first call time first.
///
/// Claims come in `due_at` order, so new work usually goes on the end; a retry whose backoff ends later than
/// its neighbours' fire times is put in its place.
struct ClaimQueue {
    private var items: [ClaimedAction] = []
    private var head = 0

    var count: Int { items.count - head }
    var first: ClaimedAction? { head < items.count ? items[head] : nil }

    mutating func add(_ claimed: [ClaimedAction]) {
        guard !claimed.isEmpty else { return }
        if head > 0 {
            items.removeFirst(head)
            head = 0
        }
        let inOrder = zip(claimed, claimed.dropFirst()).allSatisfy { !Self.before($1, $0) }
        let after = items.last.map { !Self.before(claimed[0], $0) } ?? true
        items.append(contentsOf: claimed)
        if !(inOrder && after) { items.sort(by: Self.before) }
    }

    /// The first action if its call time has come.
    mutating func popReady(at now: Instant) -> ClaimedAction? {
        guard let first, first.callAt <= now else { return nil }
        head += 1
        return first
    }

    /// How many actions are ready to call at `now`, counting no further than `limit`.
    func readyCount(at now: Instant, upTo limit: Int) -> Int {
        var n = 0
        while n < limit, head + n < items.count, items[head + n].callAt <= now { n += 1 }
        return n
    }

    private static func before(_ a: ClaimedAction, _ b: ClaimedAction) -> Bool {
        (a.callAt, a.fireAt, a.actionId) < (b.callAt, b.fireAt, b.actionId)
    }
}
