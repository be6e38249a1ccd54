import Foundation
import Synchronization
public import OffboardCore
public import OffboardScheduler
public import OffboardStore
public import ServiceLifecycle

/// `offboard run`'s scheduler as a swift-service-lifecycle service.
///
/// Each pass: plan the playbook for separations with new events; escalate misses and send due alerts; claim
/// what is due (leases and attempts recorded before any call) and fire it through the connectors, up to
/// `parallelism` at once; record each outcome; send due warnings. Then sleep until the next moment something
/// is due, or until ``WakeSignal`` is signalled (in-process intake), looking for other processes' intake every
/// `pollInterval`. Graceful shutdown lets the attempts in flight finish and record their outcomes; an attempt
/// cut short by cancellation is recorded as a transient failure and retried with the same key.
public struct SchedulerService: Service {
    public struct Configuration: Sendable {
        /// Stop when no action is pending or running.
        public var untilIdle = false
        /// Run what is due now, then stop.
        public var once = false
        /// Seconds an attempt's lease lasts.
        public var leaseSeconds: Int64 = 300
        /// How many calls may be in flight at once (claimed actions never depend on each other).
        public var parallelism = 16
        /// How often to look for work stored by other processes (the CLI, another `offboard run`).
        public var pollInterval: Double = 1
        /// Seconds before an action's fire time it may be claimed (leased, its attempt recorded), so that at
        /// the due moment only the call is left to do. The call never goes out before its fire time. Keep it
        /// under a second; 0 on a clock that does not move (`--now`), where nothing would ever come due.
        public var claimAhead: Double = 0
        public init() {}
    }

    let playbook: Playbook
    let connectors: [String: any Connector]
    let database: OffboardDatabase
    let store: ActionStore
    let clock: any WallClock
    let wake: WakeSignal
    let configuration: Configuration
    let log: @Sendable (String) -> Void
    let observe: @Sendable (SchedulerEvent) -> Void

    public init(
        playbook: Playbook, connectors: [String: any Connector], database: OffboardDatabase, owner: String, clock: any WallClock,
        wake: WakeSignal, configuration: Configuration, log: @escaping @Sendable (String) -> Void,
        observe: @escaping @Sendable (SchedulerEvent) -> Void = { _ in }
    ) {
        self.playbook = playbook
        self.connectors = connectors
        self.database = database
        self.store = ActionStore(database: database, owner: owner)
        self.clock = clock
        self.wake = wake
        self.configuration = configuration
        self.log = log
        self.observe = observe
    }

    public func run() async throws {
        let stop = StopFlag()
        try await withGracefulShutdownHandler {
            try await loop(stop)
        } onGracefulShutdown: {
            stop.set()
            wake.signal()
        }
    }

    func loop(_ stop: StopFlag) async throws {
        var seenEventRow: Int64 = 0
        var plannedOnce = false
        var somethingDue = true
        let planner = ActionScheduling(playbook: playbook, store: store, database: database)
        let checkpoints = try Checkpointer(database: database, clock: clock)
        while !stop.isSet {
            let now = clock.now()
            // Plan only what intake stored since the last look (all active separations on the first pass).
            let latest = try database.read { try ActiveSeparation.latestEventRow($0) }
            if !plannedOnce || latest != seenEventRow {
                try planner.schedule(afterEventRow: seenEventRow, now: now, checkpoints: checkpoints)
                seenEventRow = latest
                plannedOnce = true
                somethingDue = true
            }
            // The write phases run only when something is due, never on an idle wake-up.
            if somethingDue {
                try escalate(now: now)
                let fired = try await fireDue(stop, checkpoints: checkpoints)
                try store.dueWarnings(now: clock.now(), warnBefore: playbook.escalation.warnBefore)
                try await deliverNotices(stop)
                if fired { continue }
            }
            let open = try store.openCounts()
            if configuration.untilIdle && open.pending + open.running == 0 { break }
            let next = try store.nextWake(now: clock.now(), warnBefore: playbook.escalation.warnBefore, fireLead: claimAhead)
            let nothingDueNow = next.map { $0 > clock.now() } ?? true
            if configuration.once && open.running == 0 && nothingDueNow { break }
            // On a stopped clock (--now) nothing more comes due: stop once nothing is in flight.
            if clock is FixedWallClock && configuration.untilIdle && nothingDueNow && open.running == 0 { break }
            if somethingDue { try checkpoints.beforeSleep() }
            let wait = next.map { clock.now().seconds(to: $0) } ?? configuration.pollInterval
            await wake.wait(upTo: max(0.001, min(wait, configuration.pollInterval)))
            somethingDue = next.map { $0 <= clock.now() } ?? false
        }
    }

    /// Raises escalations for misses and puts the alerts due on the ladder in the notice outbox.
    func escalate(now: Instant) throws {
        try store.escalateMisses(now: now)
        try store.dueAlerts(now: now, ladder: playbook.escalation.ladder, targets: playbook.escalation.targets)
    }

    var claimAhead: Double { max(0, configuration.claimAhead) }

    /// The most claimed actions held waiting for their call time.
    static let maxClaimedAhead = 1024

    /// The most outcomes held back from the recorder while due calls still wait to be started.
    static let maxHeldOutcomes = 256

    /// Claims what is due (or due within `claimAhead`) and calls the connectors, keeping up to `parallelism`
    /// calls in flight. Three things overlap: the calls; the next claim (one transaction, leases and attempts
    /// recorded before any of its calls start), made while the current ones are still in flight so the queue
    /// does not run dry; and the recording of outcomes (``OutcomeRecorder``, a group commit). Work claimed
    /// ahead waits for its call time (a timer in the group); claimed work that is due and waiting for a slot
    /// stays under one `parallelism`. Every outcome is stored before this returns, so the next pass sees
    /// predecessors done and claims their dependents. Returns whether anything was claimed.
    func fireDue(_ stop: StopFlag, checkpoints: Checkpointer) async throws -> Bool {
        let width = max(1, configuration.parallelism)
        let verify = Dictionary(playbook.actions.map { ($0.id, $0.verify) }, uniquingKeysWith: { a, _ in a })
        let recorder = OutcomeRecorder(store: store)
        let (store, clock, lease, ahead) = (self.store, self.clock, configuration.leaseSeconds, claimAhead)
        let claimedAny = try await withThrowingTaskGroup(of: Step.self) { group in
            var claimedAny = false
            var exhausted = false
            var inFlight = 0
            // Timers in the group, and the earliest one's moment: a later claim may put an earlier call first.
            var timers = 0
            var timerAt: Instant?
            var queue = ClaimQueue()
            var nextClaim: Task<[ClaimedAction], any Error>?
            var held: [ActionStore.Outcome] = []
            defer { recorder.add(held) }
            while true {
                let now = clock.now()
                let ready = queue.readyCount(at: now, upTo: 2 * width)
                // At most one claim ahead: claimed work waiting for a free slot stays under one `width`.
                if nextClaim == nil, !exhausted, !stop.isSet, !Task.isCancelled, ready + inFlight < 2 * width,
                    queue.count < Self.maxClaimedAhead {
                    nextClaim = Task {
                        try checkpoints.duringBurst()
                        let now = clock.now()
                        return try await store.claimDue(now: now, horizon: now.adding(interval: ahead), leaseSeconds: lease, limit: width)
                    }
                }
                if ready == 0, inFlight < width, let claim = nextClaim {
                    nextClaim = nil
                    let claimed = try await claim.value
                    if claimed.isEmpty { exhausted = true } else { claimedAny = true }
                    queue.add(claimed)
                    continue
                }
                // Claimed means attempted: what was claimed is called, even after a stop was asked for.
                while inFlight < width, let action = queue.popReady(at: now) {
                    inFlight += 1
                    group.addTask { .outcome(await call(action, verify: verify[action.specId] ?? true)) }
                }
                if let head = queue.first, head.callAt > now, inFlight < width, timerAt.map({ head.callAt < $0 }) ?? true {
                    timers += 1
                    timerAt = head.callAt
                    group.addTask {
                        await Self.sleep(until: head.callAt, clock: clock)
                        return .timer(head.callAt)
                    }
                }
                if inFlight == 0, timers == 0 {
                    if nextClaim != nil { continue }
                    break
                }
                switch try await group.next() {
                case let .timer(at)?:
                    timers -= 1
                    if at == timerAt { timerAt = nil }
                case let .outcome(outcome)?:
                    inFlight -= 1
                    held.append(outcome)
                    if held.count >= Self.maxHeldOutcomes || queue.readyCount(at: clock.now(), upTo: 1) == 0 {
                        recorder.add(held)
                        held = []
                    }
                case nil: break
                }
            }
            return claimedAny
        }
        try await recorder.finish()
        return claimedAny
    }

    /// What a child of ``fireDue(_:checkpoints:)``'s group ends with.
    enum Step: Sendable {
        case outcome(ActionStore.Outcome)
        /// The call time of the first claimed action came (the time set).
        case timer(Instant)
    }

    /// Waits until `instant` on `clock`. Not cancellable: an action claimed ahead is called at its time even
    /// during shutdown, and the wait is under `claimAhead`.
    static func sleep(until instant: Instant, clock: any WallClock) async {
        let wait = clock.now().seconds(to: instant)
        guard wait > 0 else { return }
        await Task.detached { try? await Task.sleep(nanoseconds: UInt64(wait * 1e9)) }.value
    }

    /// One connector call: its outcome, and its lateness reported.
    func call(_ action: ClaimedAction, verify: Bool) async -> ActionStore.Outcome {
        let started = clock.now()
        let request = ActionRequest(
            actionId: action.actionId, name: action.name, attempt: action.attempt, idempotencyKey: action.idempotencyKey,
            employeeId: action.employeeId, separationId: action.separationId, fireAt: action.fireAt, deadline: action.deadline,
            verify: verify)
        var result = await connectors[action.connector]?.perform(request) ?? .permanent("connector \(action.connector) is not configured")
        if Task.isCancelled, result.label != "ok" { result = .transient("interrupted by shutdown: \(result.detail)") }
        let outcome: AttemptOutcome = switch result {
        case let .done(d): .succeeded(detail: d)
        case let .transient(d): .transient(d)
        case let .permanent(d): .permanent(d)
        }
        observe(.fired(connector: action.connector, outcome: result.label, attempt: action.attempt, lateness: action.fireAt.seconds(to: started)))
        return ActionStore.Outcome(action: action, outcome: outcome, at: clock.now(), jitter: Double.random(in: 0...1))
    }

}

/// What the scheduler did, for metrics.
public enum SchedulerEvent: Sendable {
    /// An attempt ended; `lateness` is seconds from the action's fire time to the call.
    case fired(connector: String, outcome: String, attempt: Int, lateness: Double)
}

/// Set by graceful shutdown, read by the loop.
final class StopFlag: Sendable {
    private let value = Mutex(false)
    func set() { value.withLock { $0 = true } }
    var isSet: Bool { value.withLock { $0 } }
}
