public import OffboardCore

/// Turns a termination event into its plan: every applicable obligation of the federal file and the
/// work state's file, each with its due moment, the version and citation that produced it, and the
/// derivation. No side effects; the same inputs always give the same plan.
///
/// ```swift
/// let plan = try RuleEvaluator(rules: ruleSet).plan(event)
/// for item in plan.obligations { print(item.ruleId, item.dueDate!, item.version.source.citation) }
/// ```
public struct RuleEvaluator: Sendable {
    public let rules: RuleSet

    public init(rules: RuleSet) { self.rules = rules }

    /// - Parameter completions: when upstream obligations were actually completed; chained deadlines
    ///   start from these instead of the upstream's due moment.
    /// - Throws: ``RuleEvaluationError`` when a rule cannot decide (missing input, no version in force,
    ///   no or several final-pay paths).
    /// - Parameter explain: whether to write down each derivation in ``PlannedObligation/explanation``
    ///   (`false` for bulk planning, where only the dates are kept).
    public func plan(_ event: TerminationEvent, completions: [ObligationKind: Instant] = [:], explain: Bool = true) throws -> Plan {
        guard let state = rules.stateFile(for: event) else {
            throw RuleEvaluationError(
                location: SourceLocation(file: "employee.work_state"), ruleId: event.employee.workState,
                message: "no rule file for work_state \(event.employee.workState) (expected Rules/\(event.employee.workState).yaml)")
        }
        var context = try EvaluationContext(
            rules: rules, event: event, completions: completions, state: state, explaining: explain)
        let files = [rules.federal, state].compactMap { $0 }
        var planned: [PlannedObligation] = []
        for file in files {
            for obligation in file.obligations {
                if let item = try context.evaluate(obligation, in: file) { planned.append(item) }
            }
        }
        let finalPay = planned.filter { $0.obligation.kind == .finalPay && $0.jurisdiction == state.jurisdiction.code }
        if finalPay.isEmpty, state.obligations.contains(where: { $0.kind == .finalPay }) {
            throw RuleEvaluationError(
                location: SourceLocation(file: state.path), ruleId: "\(state.jurisdiction.code)/final_pay",
                message: "no final_pay path applies to a \(event.separation.type.rawValue) separation; every separation type needs a path (use 'deadline: none' where no statute applies)")
        }
        if finalPay.count > 1 {
            throw RuleEvaluationError(
                location: finalPay[1].obligation.location, ruleId: finalPay[1].ruleId,
                message: "several final_pay paths apply (\(finalPay.map(\.ruleId).joined(separator: ", "))); their applies_when must not overlap")
        }
        planned.sort { a, b in
            switch (a.dueAt, b.dueAt) {
            case let (x?, y?): return x != y ? x < y : a.ruleId < b.ruleId
            case (_?, nil): return true
            case (nil, _?): return false
            case (nil, nil): return a.ruleId < b.ruleId
            }
        }
        return Plan(
            eventId: event.eventId, employeeId: event.employee.id, jurisdiction: state.jurisdiction.code,
            zone: context.zone, separation: event.separation, obligations: planned)
    }

    /// Evaluates one obligation of `file` for `event` (the rule-example runner's entry point).
    /// - Returns: `nil` when the obligation does not apply.
    public func evaluate(
        _ obligation: Obligation, in file: RuleFile, for event: TerminationEvent, completions: [ObligationKind: Instant] = [:]
    ) throws -> PlannedObligation? {
        let state = rules.stateFile(for: event) ?? file
        var context = try EvaluationContext(rules: rules, event: event, completions: completions, state: state)
        return try context.evaluate(obligation, in: file)
    }
}
