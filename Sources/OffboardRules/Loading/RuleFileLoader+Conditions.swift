import OffboardCore

extension RuleFileLoader {
    static let conditionKeys = [
        "separation_type", "notice", "group_health_plan", "gross_misconduct", "employer_size", "plan_administrator",
        "coverage_end",
    ]

    /// Reads `applies_when:`. All listed conditions must hold (logical and).
    static func readConditions(_ r: DocumentReader) -> [Condition]? {
        guard let o = r.object("applies_when", allowed: conditionKeys) else { return nil }
        var conditions: [Condition] = []
        if let t = o.optional("separation_type") {
            let items = t.node.elements == nil ? [t] : (t.list("separation_type") ?? [])
            let types = items.compactMap { $0.oneOf(SeparationType.self, "separation type") }
            if types.count == items.count, !types.isEmpty { conditions.append(.separationType(Set(types))) }
            if items.isEmpty { t.error("separation_type needs at least one type") }
        }
        if let n = o.optional("notice"), let c = n.object("notice", allowed: NoticeComparison.allCases.map(\.rawValue)) {
            if c.members.count != 1 {
                n.error("notice takes exactly one comparison: at_least or less_than")
            } else if let comparison = NoticeComparison(rawValue: c.members[0].key),
                let length = c.optional(comparison.rawValue).flatMap(readNoticeLength)
            {
                conditions.append(.notice(comparison, length))
            }
        }
        if let b = o.optional("group_health_plan")?.bool() { conditions.append(.groupHealthPlan(b)) }
        if let b = o.optional("gross_misconduct")?.bool() { conditions.append(.grossMisconduct(b)) }
        if let s = o.optional("employer_size"), let c = s.object("employer_size", allowed: ["at_least"]),
            let n = c.required("at_least")?.integer(in: 0...10_000_000)
        {
            conditions.append(.employerSize(atLeast: n))
        }
        if let a = o.optional("plan_administrator")?.oneOf(PlanAdministrator.self, "plan administrator") {
            conditions.append(.planAdministrator(a))
        }
        if let e = o.optional("coverage_end")?.oneOf(CoverageEndRule.self, "coverage end rule") {
            conditions.append(.coverageEnd(e))
        }
        return conditions
    }

    static func readNoticeLength(_ r: DocumentReader) -> NoticeLength? {
        guard let o = r.object("notice length", allowed: ["hours", "calendar_days"]) else { return nil }
        guard o.members.count == 1 else {
            r.error("a notice length takes exactly one unit: hours or calendar_days")
            return nil
        }
        let key = o.members[0].key
        guard let n = o.optional(key)?.integer(in: 0...100_000) else { return nil }
        return key == "hours" ? .hours(n) : .calendarDays(n)
    }
}
