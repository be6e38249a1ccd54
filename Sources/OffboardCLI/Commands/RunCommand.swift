import ArgumentParser
import AsyncHTTPClient
import Foundation
import OffboardCore
import Logging
import OffboardConnectors
import OffboardScheduler
import OffboardService
import OffboardStore
import ServiceLifecycle
import UnixSignals

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
            in flight finish, then stops. Warnings go out `warn_before` a deadline for actions not yet complete.
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

    @Option(help: "How many connector calls may be in flight at once.")
    var parallelism = 16

    @Option(help: ArgumentHelp(
        "Seconds before an action's fire time it may be claimed (leased, its attempt recorded), so that the call goes out on time; never before its fire time. 0 to 1; ignored with --now.",
        valueName: "seconds"))
    var claimAhead = 0.5

    @Option(help: ArgumentHelp(
        "Serve the HTTP API here. Default: 127.0.0.1:8080 for a long-running service; batch runs (--until-idle, --once) serve only when given.",
        valueName: "host:port"))
    var listen: String?

    func run() async throws {
        let http = ConnectorHTTPClient.make(connectionsPerHost: parallelism)
        do {
            try await run(http: http)
        } catch {
            try? await http.shutdown()
            throw error
        }
        try await http.shutdown()
    }

    func run(http: HTTPClient) async throws {
        let playbook = try playbookOptions.load()
        let clock = try store.clock()
        let connectors = try ConnectorFactory(clock: clock, http: http).connectors(playbook)
        let database = try store.open()
        let owner = "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier)"
        var configuration = SchedulerService.Configuration()
        configuration.untilIdle = untilIdle
        configuration.once = once
        configuration.leaseSeconds = lease
        configuration.parallelism = parallelism
        // On a stopped clock nothing claimed ahead would ever come due.
        configuration.claimAhead = store.now == nil ? claimAhead : 0
        let wake = WakeSignal()
        let metrics = ServiceMetrics()
        let scheduler = SchedulerService(
            playbook: playbook, connectors: connectors, database: database, owner: owner, clock: clock, wake: wake,
            configuration: configuration, log: { Console.error($0) }, observe: { metrics.record($0) })
        Console.error("offboard run: \(owner); playbook \(playbook.path); database \(database.path)")
        var logger = Logger(label: "offboard.run")
        logger.logLevel = .warning
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(service: scheduler, successTerminationBehavior: .gracefullyShutdownGroup),
        ]
        if let address = try listenAddress() {
            let environment = ProcessInfo.processInfo.environment
            var api = APIServer.Configuration()
            (api.host, api.port) = address
            api.intakeSecret = environment["OFFBOARD_INTAKE_SECRET"].flatMap { $0.isEmpty ? nil : Array($0.utf8) }
            api.readToken = environment["OFFBOARD_API_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
            let intake = Intake(database: database, rules: try rules.load(), clock: clock)
            // A 202 promises the event is on disk; group commit keeps the fsyncs few.
            try database.syncEveryCommit()
            let server = APIServer(configuration: api, database: database, intake: intake, clock: clock, wake: wake, metrics: metrics)
            let note = api.intakeSecret == nil ? " (intake disabled: OFFBOARD_INTAKE_SECRET is not set)" : ""
            let app = server.application(logger: logger) { port in
                Console.error("offboard run: HTTP API on \(address.0):\(port)\(note)")
            }
            services.append(.init(service: app, successTerminationBehavior: .gracefullyShutdownGroup))
        }
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
        Console.error("offboard run: stopped")
    }
}

extension RunCommand {
    func validate() throws {
        guard (0...1).contains(claimAhead) else { throw ValidationError("--claim-ahead: expected seconds from 0 to 1, found \(claimAhead)") }
        guard parallelism >= 1 else { throw ValidationError("--parallelism: expected at least 1, found \(parallelism)") }
    }

    /// Where to serve the API: `--listen`, else 127.0.0.1:8080 unless this is a batch run.
    func listenAddress() throws -> (String, Int)? {
        guard let listen else { return untilIdle || once ? nil : ("127.0.0.1", 8080) }
        guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]), (0...65535).contains(port) else {
            throw ValidationError("--listen: expected HOST:PORT (e.g. 127.0.0.1:8080), found '\(listen)'")
        }
        return (String(listen[..<colon]), port)
    }
}
