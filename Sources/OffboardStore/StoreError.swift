/// A store operation that cannot go ahead. Messages name ids and paths, never personal data.
public struct StoreError: Error, Sendable, CustomStringConvertible, Equatable {
    public enum Code: String, Sendable {
        /// The database's directory does not exist, or the file cannot be opened or created.
        case cannotOpen = "cannot_open"
        /// The file is not an offboard database, or was written by a newer offboard.
        case incompatible
        /// The same `event_id` arrived before with a different body.
        case eventIdReused = "event_id_reused"
        /// No active separation for the employee (rescind).
        case noActiveSeparation = "no_active_separation"
        /// The rules could not plan the event.
        case planFailed = "plan_failed"
        /// No such action or escalation.
        case notFound = "not_found"
        /// The action or escalation is already in the requested state.
        case conflict
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
