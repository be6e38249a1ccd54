import OffboardCore
@testable import OffboardStore
@testable import OffboardService
import Testing

private let t0 = Instant(secondsSinceEpoch: 1_767_225_600)

/// A claimed action due at `t0 + due` seconds, called at `t0 + call` (a retry's backoff time when later).
private func claimed(_ id: Int64, due: Int64, call: Double? = nil) -> ClaimedAction {
    let fireAt = t0.adding(seconds: due)
    return ClaimedAction(
        actionId: id, attempt: 1, separationId: id, employeeId: "E-\(id)", name: "ping", specId: "ping", connector: "receiver",
        idempotencyKey: "offboard-\(id)-ping", fireAt: fireAt, callAt: call.map { t0.adding(interval: $0) } ?? fireAt, deadline: nil)
}

@Suite("The queue of claimed actions waiting for a slot or their call time")
struct ClaimQueueTests {
    @Test("Nothing leaves the queue before its call time; at that time it leaves first-due first")
    func neverEarly() {
        var queue = ClaimQueue()
        queue.add([claimed(1, due: 1), claimed(2, due: 1), claimed(3, due: 2)])
        #expect(queue.popReady(at: t0.adding(interval: 0.999)) == nil)
        #expect(queue.readyCount(at: t0.adding(interval: 0.999), upTo: 10) == 0)
        #expect(queue.readyCount(at: t0.adding(seconds: 1), upTo: 10) == 2)
        #expect(queue.popReady(at: t0.adding(seconds: 1))?.actionId == 1)
        #expect(queue.popReady(at: t0.adding(seconds: 1))?.actionId == 2)
        #expect(queue.popReady(at: t0.adding(seconds: 1)) == nil, "action 3 is not due until a second later")
        #expect(queue.count == 1)
        #expect(queue.popReady(at: t0.adding(seconds: 2))?.actionId == 3)
        #expect(queue.count == 0 && queue.first == nil)
    }

    @Test("A retry claimed first but called later than work claimed after it goes behind that work")
    func retryBehindEarlierCalls() {
        var queue = ClaimQueue()
        // Due at 0 but backing off until 0.8 s; claims come in due order, so it is claimed first.
        queue.add([claimed(1, due: 0, call: 0.8)])
        #expect(queue.first?.actionId == 1)
        queue.add([claimed(2, due: 0, call: 0.3), claimed(3, due: 1)])
        #expect(queue.first?.actionId == 2, "the earliest call time is at the head, where the dispatcher sets its timer")
        #expect(queue.popReady(at: t0.adding(interval: 0.5))?.actionId == 2)
        #expect(queue.popReady(at: t0.adding(interval: 0.5)) == nil)
        #expect(queue.popReady(at: t0.adding(interval: 0.8))?.actionId == 1)
        #expect(queue.popReady(at: t0.adding(interval: 1))?.actionId == 3)
    }

    @Test("readyCount stops at its limit and at the first action not yet due")
    func readyCountBounds() {
        var queue = ClaimQueue()
        queue.add((1...40).map { claimed($0, due: 0) } + [claimed(41, due: 5)])
        #expect(queue.readyCount(at: t0, upTo: 32) == 32)
        #expect(queue.readyCount(at: t0, upTo: 100) == 40)
        #expect(queue.readyCount(at: t0.adding(seconds: 5), upTo: 100) == 41)
        // Popped work no longer counts, and adding more after pops keeps the order.
        for _ in 0..<39 { _ = queue.popReady(at: t0) }
        queue.add([claimed(42, due: 3)])
        #expect(queue.count == 3)
        #expect([queue.popReady(at: t0.adding(seconds: 9)), queue.popReady(at: t0.adding(seconds: 9)), queue.popReady(at: t0.adding(seconds: 9))]
            .map { $0?.actionId } == [40, 42, 41])
    }
}
