import ArgumentParser
import OffboardCore
import OffboardStore

/// `offboard ack ESCALATION_ID`: someone has seen the miss; the alerts stop.
struct AckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ack",
        abstract: "Acknowledge an escalation: its repeated alerts stop (audited).",
        discussion: "Exit status: 0 acknowledged, 65 unknown or already acknowledged, 66 unreadable database."
    )

    @Argument(help: ArgumentHelp("The escalation id (printed in each alert).", valueName: "escalation-id"))
    var escalationId: Int64

    @Option(help: ArgumentHelp("Who acknowledges (an id; recorded as person:ID).", valueName: "id"))
    var by: String

    @OptionGroup var store: StoreOptions

    func run() throws {
        let database = try store.open()
        do {
            try ActionStore(database: database, owner: "cli").acknowledge(escalationId: escalationId, by: by, now: try store.clock().now())
            Console.out("escalation \(escalationId): acknowledged by \(by)")
        } catch let error as StoreError {
            Console.error("error: \(error.message)")
            throw ExitStatus.dataError
        }
    }
}

/// `offboard complete ACTION_ID --evidence …`: a manual step was done by a person.
struct CompleteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "complete",
        abstract: "Mark an action done by hand, with evidence (audited); completes the obligation it discharges.",
        discussion: "Exit status: 0 completed, 65 unknown or already finished, 66 unreadable database."
    )

    @Argument(help: ArgumentHelp("The action id (see `offboard show`).", valueName: "action-id"))
    var actionId: Int64

    @Option(help: "What proves it (a check number, a ticket); kept in the audit log. Required.")
    var evidence: String

    @Option(help: ArgumentHelp("Who did it (an id; recorded as person:ID).", valueName: "id"))
    var by: String

    @OptionGroup var store: StoreOptions

    func validate() throws {
        if evidence.allSatisfy(\.isWhitespace) { throw ValidationError("--evidence must not be empty") }
    }

    func run() throws {
        let database = try store.open()
        do {
            try ActionStore(database: database, owner: "cli").completeManually(
                actionId: actionId, evidence: evidence, by: by, now: try store.clock().now())
            Console.out("action \(actionId): completed by \(by)")
        } catch let error as StoreError {
            Console.error("error: \(error.message)")
            throw ExitStatus.dataError
        }
    }
}
