import ArgumentParser
import Foundation
import OffboardCore
import OffboardRules
import OffboardScheduler
import OffboardService
import OffboardStore

/// `offboard simulate --until DATE`: the schedule on a virtual clock, with no side effects.
struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Run the schedule on a virtual clock with no side effects and print the timeline.",
        discussion: """
            Shows what would fire when and in which order, what would fire late, which deadlines would be missed \
            and escalated, and which employer obligations no playbook action covers. Every call is assumed to \
            succeed at once. With --event, one event (planned, not stored); otherwise every active separation in \
            the store. The clock starts at --now (default: the system clock) and stops at the end of --until.
            """
    )

    @Option(help: ArgumentHelp("Last day to simulate (YYYY-MM-DD, in --tz).", valueName: "date"))
    var until: String

    @Option(help: ArgumentHelp("Simulate this event (JSON) instead of the store.", valueName: "event.json"))
    var event: String?

    @OptionGroup var zoneOption: ZoneOption
    @OptionGroup var playbookOptions: PlaybookOptions
    @OptionGroup var store: StoreOptions
    @OptionGroup var rules: RulesOptions

    func run() throws {
        guard let last = CivilDate(parsing: until) else {
            throw ValidationError("--until: expected a date (YYYY-MM-DD), found '\(until)'")
        }
        let zone = try zoneOption.zone()
        let horizon = zone.endOfDay(last)
        let start = try store.clock().now()
        let playbook = try playbookOptions.load()
        var separations: [SeparationFacts] = []
        if let event {
            let ruleSet = try rules.load()
            let parsed = try EventInput.read(event)
            separations.append(Self.facts(parsed, plan: try PlanCommand.plan(parsed, rules: ruleSet)))
        } else {
            let database = try store.open()
            separations = try database.read { try ActiveSeparation.fetchAll($0) }.map { try $0.facts() }
        }
        let simulation = Simulation(playbook: playbook)
        let entries = separations.flatMap { simulation.run($0, start: start, horizon: horizon) }
            .sorted { $0.at < $1.at }
        var rows = [["WHEN", "EMPLOYEE", "WHAT", "ACTION", "DETAIL"]]
        for e in entries {
            rows.append([Self.when(e.at, e.zone), e.employeeId, e.kind.rawValue, e.action, e.detail])
        }
        Console.out("simulation from \(start.rfc3339(in: zone)) to \(horizon.rfc3339(in: zone)); playbook \(playbook.path); no side effects")
        Console.out("")
        Console.out(entries.isEmpty ? "nothing happens" : TextTable.render(rows))
        let count = { (k: Simulation.Entry.Kind) in entries.filter { $0.kind == k }.count }
        Console.out("")
        Console.out("\(separations.count) separations: \(count(.fire)) actions fire on time, \(count(.late)) late, "
            + "\(count(.miss)) deadlines missed, \(count(.uncovered)) employer obligations no action covers, "
            + "\(count(.beyond)) actions after the horizon")
    }

    static func facts(_ event: TerminationEvent, plan: Plan) -> SeparationFacts {
        SeparationFacts(
            employeeId: event.employee.id, separationType: event.separation.type, effectiveAt: event.separation.effectiveAt,
            lastDayWorked: event.separation.lastDayWorked, zone: plan.zone,
            obligations: plan.obligations.map {
                ObligationFact(
                    kind: $0.obligation.kind.rawValue, rule: "\($0.ruleId)@\($0.version.effective)", dueAt: $0.dueAt,
                    handling: $0.obligation.handling.rawValue)
            })
    }

    static func when(_ instant: Instant, _ zone: Zone) -> String {
        ObligationText.moment(local: instant.rfc3339(in: zone), date: zone.civilDate(of: instant))
    }
}
