import ArgumentParser
import Foundation
import OffboardCore
import OffboardStore

/// `offboard rescind EMPLOYEE_ID --reason …`: the termination was withdrawn; cancel what is pending.
struct RescindCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rescind",
        abstract: "Cancel everything pending for an employee's separation (audited).",
        discussion: "Exit status: 0 rescinded, 65 no active separation for the employee, 66 unreadable database."
    )

    @Argument(help: ArgumentHelp("The employee id.", valueName: "employee-id"))
    var employeeId: String

    @Option(help: "Why (a reason code or ticket; kept in the audit log). Required.")
    var reason: String

    @Option(help: ArgumentHelp("Who is rescinding (an id, recorded as person:ID in the audit log).", valueName: "id"))
    var by: String?

    @OptionGroup var store: StoreOptions

    func validate() throws {
        if reason.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--reason must not be empty") }
    }

    func run() throws {
        let database = try store.open()
        do {
            let result = try database.rescind(
                employeeId: employeeId, reason: reason, actor: by.map { "person:\($0)" } ?? "system", clock: try store.clock())
            Console.out("employee \(result.employeeId): separation \(result.separationId) rescinded; "
                + "\(result.cancelledObligations.count) pending obligations and \(result.cancelledActions.count) actions cancelled")
        } catch let error as StoreError {
            Console.error("error: \(error.message)")
            throw ExitStatus.dataError
        }
    }
}
