import ArgumentParser
import OffboardCore
import OffboardRules
import OffboardStore

/// `offboard terminate EVENT.json`: validate, plan and store one termination event.
struct TerminateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "terminate",
        abstract: "Store a termination event and its planned deadlines.",
        discussion: """
            Validates the event, plans it with the rules and stores the event, the separation, its obligations and \
            an audit entry in one transaction. The same event_id again changes nothing and says so; a new event for \
            an employee with an active separation supersedes it (pending deadlines are re-planned, completed ones kept).
            Exit status: 0 stored or already stored, 65 invalid event, rules that cannot decide, or an event_id reused \
            with different contents, 66 unreadable file or database.
            """
    )

    @Argument(help: ArgumentHelp("The termination event (JSON), or '-' for standard input.", valueName: "event.json"))
    var event: String

    @Option(help: "Output format: table or json.")
    var format: PlanFormat = .table

    @OptionGroup var store: StoreOptions
    @OptionGroup var rules: RulesOptions

    func run() throws {
        let ruleSet = try rules.load()
        let event = try EventInput.read(self.event)
        let database = try store.open()
        let intake = Intake(database: database, rules: ruleSet, clock: try store.clock())
        let receipt = try IntakeErrors.report(eventId: event.eventId) {
            try intake.submit(.init(event: event, source: "cli:\(self.event == "-" ? "<stdin>" : self.event)"))
        }
        switch format {
        case .json: Console.out(ReceiptRenderer.json(receipt))
        case .table: Console.out(ReceiptRenderer.text(receipt))
        }
    }
}

/// Turns intake failures into located messages and exit statuses.
enum IntakeErrors {
    static func report<T>(eventId: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as RuleEvaluationError {
            Console.error(error.description)
            Console.error("error: event \(eventId): no plan; the rules could not decide; nothing was stored")
            throw ExitStatus.dataError
        } catch let error as StoreError {
            Console.error("error: \(error.message)")
            throw ExitStatus.dataError
        }
    }
}
