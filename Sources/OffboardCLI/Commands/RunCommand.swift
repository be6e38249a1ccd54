import ArgumentParser
import Foundation
import OffboardCore
import Logging
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
    var parallelism = 8

    func run() async throws {
        let playbook = try playbookOptions.load()
        let clock = try store.clock()
        let connectors = try ConnectorFactory(clock: clock).connectors(playbook)
        let database = try store.open()
        let owner = "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier)"
        var configuration = SchedulerService.Configuration()
        configuration.untilIdle = untilIdle
        configuration.once = once
        configuration.leaseSeconds = lease
        configuration.parallelism = parallelism
        let scheduler = SchedulerService(
            playbook: playbook, connectors: connectors, database: database, owner: owner, clock: clock, wake: WakeSignal(),
            configuration: configuration, log: { Console.error($0) })
        Console.error("offboard run: \(owner); playbook \(playbook.path); database \(database.path)")
        var logger = Logger(label: "offboard.run")
        logger.logLevel = .warning
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [.init(service: scheduler, successTerminationBehavior: .gracefullyShutdownGroup)],
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
        Console.error("offboard run: stopped")
    }
}
