extension TerminationEvent {
    /// The event as schema-version-1 JSON, fields in schema order and absent fields left out.
    ///
    /// ``TerminationEventParser`` reads this back to an equal event. The store keeps this form, and its
    /// SHA-256 tells a replay of the same event from a different event that reuses an `event_id`.
    public var json: JSONText {
        var root: [(String, JSONText)] = [
            ("schema_version", .number(TerminationEventParser.schemaVersion)),
            ("event_id", .string(eventId)),
        ]
        var employee: [(String, JSONText)] = [("id", .string(self.employee.id)), ("work_state", .string(self.employee.workState))]
        if let zone = self.employee.timeZone { employee.append(("time_zone", .string(zone))) }
        root.append(("employee", .object(employee)))
        root.append(("separation", separation.json))
        if let payroll { root.append(("payroll", payroll.json)) }
        if let benefits { root.append(("benefits", benefits.json)) }
        if !assets.isEmpty {
            root.append(("assets", .array(assets.map { .object([("id", .string($0.id)), ("kind", .string($0.kind))]) })))
        }
        if !accounts.isEmpty {
            root.append(("accounts", .array(accounts.map {
                .object([("system", .string($0.system)), ("account_id", .string($0.accountId))])
            })))
        }
        if let manager { root.append(("manager", .object([("id", .string(manager.id))]))) }
        return .object(root)
    }
}

extension TerminationEvent.Separation {
    var json: JSONText {
        var s: [(String, JSONText)] = [("type", .string(type.rawValue)), ("effective_at", .string(effectiveAt.description))]
        if let lastDayWorked { s.append(("last_day_worked", .string("\(lastDayWorked)"))) }
        if let noticeGivenAt { s.append(("notice_given_at", .string(noticeGivenAt.description))) }
        if let grossMisconduct { s.append(("gross_misconduct", .bool(grossMisconduct))) }
        if let demandAt { s.append(("demand_at", .string(demandAt.description))) }
        if let businessClosing { s.append(("business_closing", .bool(businessClosing))) }
        if let propertyReturnedAt { s.append(("property_returned_at", .string(propertyReturnedAt.description))) }
        return .object(s)
    }
}

extension TerminationEvent.Payroll {
    var json: JSONText {
        var p: [(String, JSONText)] = [("frequency", .string(frequency.rawValue))]
        if let anchorPayday { p.append(("anchor_payday", .string("\(anchorPayday)"))) }
        if let lagDays { p.append(("lag_days", .number(lagDays))) }
        if let periods {
            p.append(("periods", .array(periods.map {
                .object([("start", .string("\($0.start)")), ("end", .string("\($0.end)")), ("payday", .string("\($0.payday)"))])
            })))
        }
        return .object(p)
    }
}

extension TerminationEvent.Benefits {
    var json: JSONText {
        var b: [(String, JSONText)] = [
            ("group_health_plan", .bool(groupHealthPlan)), ("employer_size", .number(employerSize)),
            ("plan_administrator", .string(planAdministrator.rawValue)), ("coverage_end", .string(coverageEnd.rawValue)),
        ]
        if let funding { b.append(("funding", .string(funding.rawValue))) }
        return .object(b)
    }
}
