import OffboardCore
public import OffboardScheduler
public import OffboardStore

extension ActiveSeparation {
    /// What the action planner needs, from the stored event and the open obligations.
    /// - Throws: when the stored event no longer reads (it was written by offboard, so this is corruption and
    ///   must be seen, never skipped).
    public func facts() throws -> SeparationFacts {
        let event = try TerminationEventParser.parse(json: eventBody, file: "separation \(separationId)")
        guard let zone = Zone(identifier: timeZone) else {
            throw StoredDataError("separation \(separationId): unknown stored time zone \(timeZone)")
        }
        return SeparationFacts(
            employeeId: employeeId, separationType: event.separation.type, effectiveAt: event.separation.effectiveAt,
            lastDayWorked: event.separation.lastDayWorked, zone: zone,
            obligations: obligations.map {
                ObligationFact(kind: $0.kind, rule: $0.ruleReference, dueAt: $0.dueAt, handling: $0.handling, obligationId: $0.id)
            })
    }
}

/// Data offboard wrote that no longer reads: corruption, to be seen and never skipped.
public struct StoredDataError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
