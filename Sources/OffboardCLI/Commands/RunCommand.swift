import ArgumentParser
import Foundation
import OffboardCore
import OffboardScheduler
import OffboardStore

/// `offboard run`: the scheduler. Fires due actions through their connectors, in order, and escalates misses.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the scheduler: fire due actions through connectors, in order; escalate every miss.",
        discussion: """
            Plans the playbook's actions for every active separation, then sleeps until the next moment \
            something is due (a fire time, a retry, an expired lease, a deadline). Each attempt is leased and \
            recorded in the audit log before the call and its outcome right after, with an idempotency key that \
            is the same for every attempt of the action: two schedulers on one database never run the same \
            action at once, and a crash mid-call retries with the same key. SIGTERM or SIGINT lets the attempt \
            in flight finish, then stops. Connectors here: log and command (webhook, SCIM and email next).
            """
    )

    @Flag(help: "Stop when no action is pending or running any more (for batch runs and tests).")
    var untilIdle = false

    @Flag(help: "Run what is due now, then stop (later actions stay scheduled for the next run).")
    var once = false

    @Option(help: "Seconds an attempt's lease lasts; a scheduler that dies mid-call loses its lease after this.")
    var lease: Int64 = 300

    @OptionGroup var playbookOptions: PlaybookOptions
    @OptionGroup var store: StoreOptions
    @OptionGroup var rules: RulesOptions

    func run() async throws {
        let playbook = try playbookOptions.load()
        let connectors = try Self.connectors(playbook)
        let database = try store.open()
        let clock = try store.clock()
        let owner = "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier)"
        let actions = ActionStore(database: database, owner: owner)
        let stop = StopFlag()
        let signals = [SIGTERM, SIGINT].map { signal -> any DispatchSourceSignal in
            Foundation.signal(signal, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signal)
            source.setEventHandler { stop.set() }
            source.resume()
            return source
        }
        defer { signals.forEach { $0.cancel() } }
        Console.error("offboard run: \(owner); playbook \(playbook.path); database \(database.path)")
        var seenEventRow: Int64 = 0
        var plannedOnce = false
        var somethingDue = true
        while !stop.isSet {
            let now = clock.now()
            // Plan only what intake stored since the last look (all active separations on the first pass).
            let latest = try database.read { try ActiveSeparation.latestEventRow($0) }
            if !plannedOnce || latest != seenEventRow {
                try schedule(playbook: playbook, store: actions, database: database, afterEventRow: seenEventRow, now: now)
                seenEventRow = latest
                plannedOnce = true
                somethingDue = true
            }
            // The write phases run only when something is due, never on an idle wake-up.
            if somethingDue {
                _ = try actions.escalateMisses(now: now)
                for alert in try actions.dueAlerts(now: now, ladder: playbook.escalation.ladder, targets: playbook.escalation.targets) {
                    let request = ActionRequest(
                        actionId: alert.actionId ?? 0, name: "escalation", attempt: alert.round,
                        idempotencyKey: "offboard-escalation-\(alert.escalationId)-\(alert.round)", employeeId: alert.employeeId,
                        separationId: alert.separationId, fireAt: now, deadline: nil)
                    _ = await connectors[playbook.escalation.connector]?.perform(request)
                    Console.error("escalation \(alert.escalationId) (alert \(alert.round)): employee \(alert.employeeId): \(alert.reason) → \(playbook.escalation.targets.joined(separator: ", ")); acknowledge with: offboard ack \(alert.escalationId)")
                }
                let claimed = try actions.claimDue(now: now, leaseSeconds: lease)
                for action in claimed {
                    let request = ActionRequest(
                        actionId: action.actionId, name: action.name, attempt: action.attempt, idempotencyKey: action.idempotencyKey,
                        employeeId: action.employeeId, separationId: action.separationId, fireAt: action.fireAt, deadline: action.deadline)
                    let result = await connectors[action.connector]?.perform(request) ?? .permanent("connector \(action.connector) is not configured")
                    let outcome: AttemptOutcome
                    switch result {
                    case let .done(d): outcome = .succeeded(detail: d)
                    case let .transient(d): outcome = .transient(d)
                    case let .permanent(d): outcome = .permanent(d)
                    }
                    try actions.record(action, outcome: outcome, now: clock.now(), jitter: Double.random(in: 0...1))
                }
                if !claimed.isEmpty { continue }
            }
            let open = try actions.openCounts()
            if untilIdle && open.pending + open.running == 0 { break }
            let next = try actions.nextWake()
            let nothingDueNow = next.map { $0 > clock.now() } ?? true
            if once && open.running == 0 && nothingDueNow { break }
            // On a stopped clock (--now) nothing more comes due: stop once nothing is in flight.
            if clock is FixedWallClock && untilIdle && nothingDueNow && open.running == 0 { break }
            // Sleep until the next moment something is due; look for new work from other processes every second.
            let wait = next.map { Double($0.secondsSinceEpoch - clock.now().secondsSinceEpoch) } ?? 1
            try await Task.sleep(nanoseconds: UInt64(max(0.01, min(wait, 1)) * 1_000_000_000))
            somethingDue = next.map { $0 <= clock.now() } ?? false
        }
        Console.error("offboard run: stopped")
    }

    /// Plans the playbook for the active separations whose current event came after `afterEventRow`, and
    /// stores the result (idempotent).
    func schedule(playbook: Playbook, store: ActionStore, database: OffboardDatabase, afterEventRow: Int64, now: Instant) throws {
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
        }
    }

    static func connectors(_ playbook: Playbook) throws -> [String: any Connector] {
        var result: [String: any Connector] = [:]
        for (name, config) in playbook.connectors {
            switch config.kind {
            case .log: result[name] = LogConnector(name: name, write: { Console.out($0) })
            case .command:
                result[name] = CommandConnector(
                    path: config.settings["path"] ?? "", arguments: config.settings["arguments"]?.split(separator: " ").map(String.init) ?? [],
                    timeout: Double(config.settings["timeout"].flatMap(Durations.seconds) ?? 60))
            case .webhook, .scim, .email:
                Console.error("error: \(config.location): connector '\(name)': type \(config.kind.rawValue) is not available in this version of offboard run yet")
                throw ExitStatus.dataError
            }
        }
        return result
    }
}

/// Set from a signal handler, read by the loop.
final class StopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() { lock.withLock { value = true } }
    var isSet: Bool { lock.withLock { value } }
}
