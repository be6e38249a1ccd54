public import OffboardCore

/// A worked case embedded next to an obligation: an event and what the rule must give for it.
public struct RuleExample: Sendable {
    public var name: String
    public var event: TerminationEvent
    /// Completion instants of upstream obligations, for chained deadlines.
    public var completed: [ObligationKind: Instant]
    public var expect: Expectation
    public var location: SourceLocation

    public init(
        name: String, event: TerminationEvent, completed: [ObligationKind: Instant], expect: Expectation,
        location: SourceLocation
    ) {
        self.name = name
        self.event = event
        self.completed = completed
        self.expect = expect
        self.location = location
    }

    public enum Expectation: Sendable, Equatable, CustomStringConvertible {
        /// Due at exactly this instant.
        case due(Instant)
        /// Due by the end of this local date.
        case dueDate(CivilDate)
        /// The obligation does not apply to this separation.
        case notApplicable
        /// It applies, and the law sets no deadline.
        case noStatutoryDeadline

        public var description: String {
            switch self {
            case let .due(i): return "due \(i)"
            case let .dueDate(d): return "due_date \(d)"
            case .notApplicable: return "not_applicable"
            case .noStatutoryDeadline: return "no_statutory_deadline"
            }
        }
    }
}
