import OffboardCore

extension RuleFileLoader {
    static let conditionKeys = [
        "separation_type", "notice", "group_health_plan", "gross_misconduct", "employer_size", "plan_administrator",
        "coverage_end", "plan_funding", "business_closing", "demand", "property_returned", "separation_day",
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
        for member in o.members {
            guard let value = o.optional(member.key) else { continue }
            switch member.key {
            case "group_health_plan": if let b = value.bool() { conditions.append(.groupHealthPlan(b)) }
            case "gross_misconduct": if let b = value.bool() { conditions.append(.grossMisconduct(b)) }
            case "business_closing": if let b = value.bool() { conditions.append(.businessClosing(b)) }
            case "property_returned": if let b = value.bool() { conditions.append(.propertyReturned(b)) }
            case "demand":
                switch value.node.string {
                case "made": conditions.append(.demandMade(true))
                case "not_made": conditions.append(.demandMade(false))
                default: value.error("demand is 'made' or 'not_made', found \(value.node.kindDescription)")
                }
            case "employer_size":
                if let (low, high) = readBounds(value, "employer_size", lower: "at_least", upper: "less_than") {
                    conditions.append(.employerSize(atLeast: low, lessThan: high))
                }
            case "separation_day":
                if let (low, high) = readBounds(value, "separation_day", lower: "at_least", upper: "at_most", range: 1...31) {
                    conditions.append(.separationDay(atLeast: low, atMost: high))
                }
            case "plan_administrator":
                if let a = value.oneOf(PlanAdministrator.self, "plan administrator") { conditions.append(.planAdministrator(a)) }
            case "coverage_end":
                if let e = value.oneOf(CoverageEndRule.self, "coverage end rule") { conditions.append(.coverageEnd(e)) }
            case "plan_funding":
                if let f = value.oneOf(PlanFunding.self, "plan funding") { conditions.append(.planFunding(f)) }
            default: break
            }
        }
        return conditions
    }

    static func readNoticeLength(_ r: DocumentReader) -> NoticeLength? {
        guard let o = r.object("notice length", allowed: NoticeLength.unitNames) else { return nil }
        guard o.members.count == 1 else {
            r.error("a notice length takes exactly one unit: \(NoticeLength.unitNames.joined(separator: ", "))")
            return nil
        }
        let key = o.members[0].key
        guard let n = o.optional(key)?.integer(in: 0...100_000) else { return nil }
        switch key {
        case "hours": return .hours(n)
        case "calendar_days": return .calendarDays(n)
        case "business_hours": return .businessHours(n)
        default: return .payPeriods(n)
        }
    }

    /// `{ at_least: 2, less_than: 20 }`: at least one bound, both whole numbers.
    static func readBounds(
        _ r: DocumentReader, _ what: String, lower: String, upper: String, range: ClosedRange<Int> = 0...10_000_000
    ) -> (Int?, Int?)? {
        guard let o = r.object(what, allowed: [lower, upper]) else { return nil }
        guard !o.members.isEmpty else {
            r.error("\(what) needs \(lower), \(upper), or both")
            return nil
        }
        let low = o.optional(lower)?.integer(in: range)
        let high = o.optional(upper)?.integer(in: range)
        if (o.has(lower) && low == nil) || (o.has(upper) && high == nil) { return nil }
        return (low, high)
    }
}
