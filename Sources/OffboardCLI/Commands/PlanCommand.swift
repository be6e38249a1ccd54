import ArgumentParser
import OffboardCore
import OffboardRules

/// `offboard plan EVENT.json`: the obligations a separation triggers. No side effects.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show the statutory deadlines a termination event triggers (no side effects).",
        discussion: """
            Reads a termination event (JSON, schema version 1; '-' reads standard input) and prints every \
            obligation with its kind, rule, version, citation, due moment and actor.
            Exit status: 0 ok, 65 invalid event or rules (or a rule that cannot decide), 66 unreadable file.
            """
    )

    @Argument(help: ArgumentHelp("The termination event (JSON), or '-' for standard input.", valueName: "event.json"))
    var event: String

    @Option(help: "Output format: table or json.")
    var format: PlanFormat = .table

    @Flag(help: "Show the derivation of every deadline, step by step.")
    var explain = false

    @OptionGroup var rules: RulesOptions

    func run() throws {
        let ruleSet = try rules.load()
        let event = try EventInput.read(self.event)
        let plan = try PlanCommand.plan(event, rules: ruleSet)
        switch format {
        case .json: Console.out(PlanRenderer.json(plan, explain: explain))
        case .table: Console.out(explain ? PlanRenderer.explanation(plan) : PlanRenderer.table(plan))
        }
    }

    /// Plans, turning an evaluation failure into located output and exit 65.
    static func plan(_ event: TerminationEvent, rules: RuleSet) throws -> Plan {
        do {
            return try RuleEvaluator(rules: rules).plan(event)
        } catch let error as RuleEvaluationError {
            Console.error(error.description)
            Console.error("error: event \(event.eventId): no plan; the rules could not decide")
            throw ExitStatus.dataError
        }
    }
}

enum PlanFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json
}
