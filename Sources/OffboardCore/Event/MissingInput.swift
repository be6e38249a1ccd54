/// A rule needs a fact the event does not give. offboard never guesses it; it names the field.
public struct MissingInput: Error, Hashable, Sendable, CustomStringConvertible {
    /// The event field path (`payroll.lag_days`).
    public var field: String
    /// What the field was needed for.
    public var purpose: String

    public init(field: String, purpose: String) {
        self.field = field
        self.purpose = purpose
    }

    public var description: String { "the event has no \(field), which is needed \(purpose)" }
}
