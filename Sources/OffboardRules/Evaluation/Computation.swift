import OffboardCore

/// Evaluates one ``DeadlineExpression`` and writes down each step for `rules explain`.
///
/// The semantics (documented in the DocC article "Date semantics"):
/// - day counts exclude the anchor day: "6 days after Monday" is the next Sunday;
/// - `hours` are elapsed time from an instant, so a DST change neither adds nor removes an hour of grace;
/// - day units applied to an instant anchor start from its local date in the worksite zone;
/// - `business_days` skip the jurisdiction calendar's weekend days and observed holidays;
/// - `roll` moves a date that is not a business day; `none` leaves it (the conservative default);
/// - `earlier_of`/`later_of` compare expiry moments (a date expires at 23:59:59 local).
struct Computation {
    var context: EvaluationContext
    let calendar: BusinessCalendar
    /// The derivation so far (a reference, so writing a step does not need exclusive access to `self`).
    let log = StepLog()
    var lines: [String] { log.lines }
    var projected = false

    init(context: EvaluationContext, calendar: BusinessCalendar) {
        self.context = context
        self.calendar = calendar
    }

    private var zone: Zone { context.zone }
    private var event: TerminationEvent { context.event }

    /// Writes one step of the derivation; the text is not even built when nobody asked for it.
    private func note(_ depth: Int, _ text: @autoclosure () -> String) {
        guard context.explaining else { return }
        log.lines.append(String(repeating: "  ", count: depth) + text())
    }

    private func describe(_ d: CivilDate) -> String { "\(d.weekday.shortName) \(d)" }

    private func describeSkipped(_ skipped: [(CivilDate, String)]) -> String {
        skipped.map { "\(describe($0.0)) (\($0.1))" }.joined(separator: ", ")
    }

    /// - Returns: the due moment, or `nil` for `deadline: none`.
    mutating func evaluate(_ expression: DeadlineExpression, depth: Int) throws -> Due? {
        switch expression {
        case .immediate:
            let at = event.separation.effectiveAt
            note(depth, "immediate: due at the separation instant \(at.rfc3339(in: zone))")
            return .instant(at)
        case .noDeadline:
            note(depth, "deadline: none (no statute sets a deadline for this path)")
            return nil
        case let .offset(anchor, add, roll, policy):
            return try evaluateOffset(anchor: anchor, add: add, roll: roll, policy: policy, depth: depth)
        case let .nextPayday(spec):
            return try evaluateNextPayday(spec, depth: depth)
        case let .earlierOf(parts), let .laterOf(parts):
            let earlier: Bool
            if case .earlierOf = expression { earlier = true } else { earlier = false }
            note(depth, earlier ? "earlier of:" : "later of:")
            var results: [Due] = []
            for part in parts {
                guard let due = try evaluate(part, depth: depth + 1) else { continue }
                results.append(due)
            }
            let chosen = results.enumerated().min { a, b in
                let (x, y) = (a.element.expiry(in: zone), b.element.expiry(in: zone))
                return earlier ? (x < y || (x == y && a.offset < b.offset)) : (x > y || (x == y && a.offset < b.offset))
            }!.element
            note(
                depth,
                "→ \(earlier ? "earlier" : "later") of \(results.map { $0.describe(in: zone) }.joined(separator: ", ")) = \(chosen.describe(in: zone))")
            return chosen
        }
    }

    private enum Point {
        case instant(Instant)
        case date(CivilDate)
    }

    private mutating func anchorValue(_ anchor: Anchor, depth: Int) throws -> Point {
        let separation = event.separation
        switch anchor {
        case .separation:
            note(depth, "from the separation instant \(separation.effectiveAt.rfc3339(in: zone))")
            return .instant(separation.effectiveAt)
        case .separationDate:
            note(depth, "from the separation date \(describe(context.separationDate)) (local date in \(zone))")
            return .date(context.separationDate)
        case .qualifyingEvent:
            note(depth, "from the qualifying event, the separation date \(describe(context.separationDate))")
            return .date(context.separationDate)
        case .lastDayWorked:
            let d = try required(separation.lastDayWorked, "separation.last_day_worked", "because the deadline counts from the last day worked")
            note(depth, "from the last day worked \(describe(d))")
            return .date(d)
        case .noticeGiven:
            let at = try required(separation.noticeGivenAt, "separation.notice_given_at", "because the deadline counts from the notice")
            note(depth, "from the notice given at \(at.rfc3339(in: zone))")
            return .instant(at)
        case .coverageEnd:
            guard let rule = event.benefits?.coverageEnd else {
                throw MissingInput(field: "benefits.coverage_end", purpose: "to find the last day of coverage")
            }
            let d = rule == .endOfMonth ? context.separationDate.lastDayOfMonth : context.separationDate
            note(depth, "from the coverage end \(describe(d)) (plan rule \(rule.rawValue))")
            return .date(d)
        case .demand:
            let at = try required(separation.demandAt, "separation.demand_at", "because the deadline counts from the employee's written demand")
            note(depth, "from the written demand made at \(at.rfc3339(in: zone))")
            return .instant(at)
        case .propertyReturned:
            let at = try required(separation.propertyReturnedAt, "separation.property_returned_at", "because the deadline counts from the return of property")
            note(depth, "from the return of the employer's property at \(at.rfc3339(in: zone))")
            return .instant(at)
        case .payPeriodEnd:
            guard let payroll = event.payroll else {
                throw MissingInput(field: "payroll", purpose: "to find the end of the pay period")
            }
            let period = try PaySchedule(payroll).period(containing: context.separationDate)
            note(depth, "from the end of the pay period \(period.start)…\(period.end) containing the separation date: \(describe(period.end))")
            return .date(period.end)
        case .separationMonthEnd:
            let end = context.separationDate.lastDayOfMonth
            note(depth, "from the last day of the separation's month, \(describe(end))")
            return .date(end)
        case let .completionOf(kind):
            let (at, isProjected, text) = try context.completion(of: kind)
            if isProjected { projected = true }
            note(depth, "from \(text)")
            return .instant(at)
        }
    }

    /// The value of an event field a rule needs, or the error naming it.
    private func required<T>(_ value: T?, _ field: String, _ purpose: String) throws -> T {
        guard let value else { throw MissingInput(field: field, purpose: purpose) }
        return value
    }

    private mutating func evaluateOffset(anchor: Anchor, add: Offset?, roll: Roll?, policy: InvalidDatePolicy?, depth: Int) throws -> Due {
        let start = try anchorValue(anchor, depth: depth)
        var date: CivilDate
        switch (start, add) {
        case let (.instant(at), .hours(n)?):
            let due = at.adding(seconds: Int64(n) * 3600)
            let shift = zone.offsetSeconds(at: due) - zone.offsetSeconds(at: at)
            let dst = shift == 0 ? "" : " (a clock change of \(shift > 0 ? "+" : "")\(shift / 60) minutes falls inside; hours are elapsed time)"
            note(depth, "+ \(n) hours elapsed → \(due.rfc3339(in: zone))\(dst)")
            return .instant(due)
        case let (.instant(at), .businessHours(n)?):
            let (due, skipped) = BusinessTime(zone: zone, calendar: calendar).adding(seconds: Int64(n) * 3600, to: at)
            note(depth, "+ \(n) business hours (\(calendar.id) calendar) → \(due.rfc3339(in: zone))" + (skipped.isEmpty ? "" : "; skipped \(describeSkipped(skipped))"))
            return .instant(due)
        case let (.instant(at), nil):
            return .instant(at)
        case (.date, .hours?), (.date, .businessHours?):
            preconditionFailure("the loader rejects hours from a date anchor")
        case let (.instant(at), _?):
            date = zone.civilDate(of: at)
            note(depth, "counting days from its local date \(describe(date))")
        case let (.date(d), _):
            date = d
        }
        switch add {
        case let .calendarDays(n)?:
            date = date.adding(days: n)
            note(depth, "+ \(n) calendar days → \(describe(date))")
        case let .businessDays(n)?:
            let (result, skipped) = calendar.addingBusinessDays(n, to: date)
            note(depth, "+ \(n) business days (\(calendar.id) calendar) → \(describe(result))" + (skipped.isEmpty ? "" : "; skipped \(describeSkipped(skipped))"))
            date = result
        case let .months(n)?:
            date = try addMonths(n, to: date, label: "\(n) months", policy: policy, depth: depth)
        case let .years(n)?:
            date = try addMonths(12 * n, to: date, label: "\(n) years", policy: policy, depth: depth)
        default:
            break
        }
        return .date(applyRoll(roll, to: date, depth: depth))
    }

    private mutating func addMonths(_ months: Int, to date: CivilDate, label: String, policy: InvalidDatePolicy?, depth: Int) throws -> CivilDate {
        let policy = policy ?? .reject
        let result = try date.adding(months: months, policy: policy)
        let rounded = result.day != date.day ? " (on_invalid_date: \(policy.rawValue))" : ""
        note(depth, "+ \(label) → \(describe(result))\(rounded)")
        return result
    }

    private mutating func applyRoll(_ roll: Roll?, to date: CivilDate, depth: Int) -> CivilDate {
        guard let roll, roll != .none else {
            if let reason = calendar.closure(on: date) {
                note(depth, "\(describe(date)) is not a business day (\(reason)); roll: none keeps it")
            }
            return date
        }
        let (result, skipped) = roll == .nextBusinessDay ? calendar.nextBusinessDay(onOrAfter: date) : calendar.previousBusinessDay(onOrBefore: date)
        if !skipped.isEmpty {
            note(depth, "roll \(roll.rawValue): skipped \(describeSkipped(skipped)) → \(describe(result))")
        }
        return result
    }

    private mutating func evaluateNextPayday(_ spec: NextPayday, depth: Int) throws -> Due {
        guard let payroll = event.payroll else {
            throw MissingInput(field: "payroll", purpose: "for a next_payday deadline (frequency and anchor_payday/lag_days, or periods)")
        }
        let schedule = PaySchedule(payroll)
        if spec.basis == .firstOnOrAfter, let bound = spec.onOrAfter {
            note(depth, "the first regular payday on or after:")
            guard let limit = try evaluate(bound, depth: depth + 1)?.date(in: zone) else {
                throw MissingInput(field: "on_or_after", purpose: "a date to find the payday after")
            }
            // Start far enough back that a payroll lag cannot hide an earlier qualifying payday.
            var period = try schedule.period(containing: limit.adding(days: -70))
            while period.payday < limit { period = try schedule.period(after: period) }
            note(depth, "→ the pay period \(period.start)…\(period.end) is paid \(describe(period.payday)), the first payday on or after \(describe(limit))")
            return .date(applyRoll(spec.roll, to: period.payday, depth: depth + 1))
        }
        let day: CivilDate
        let dayName: String
        if spec.of == .lastDayWorked {
            guard let d = event.separation.lastDayWorked else {
                throw MissingInput(field: "separation.last_day_worked", purpose: "because the payday is that of the last day worked")
            }
            (day, dayName) = (d, "the last day worked")
        } else {
            (day, dayName) = (context.separationDate, "the separation date")
        }
        var period = try schedule.period(containing: day)
        note(depth, "next payday (\(spec.basis.rawValue)): \(dayName) \(describe(day)) falls in the pay period \(period.start)…\(period.end), paid \(describe(period.payday))")
        if spec.basis == .afterSeparationDay && period.payday == day {
            period = try schedule.period(after: period)
            note(depth + 1, "that payday is \(dayName) itself, so the following payday \(describe(period.payday))")
        }
        var payday = period.payday
        if payday < day {
            note(depth + 1, "that payday precedes \(dayName), so the wages are due on \(describe(day))")
            payday = day
        }
        return .date(applyRoll(spec.roll, to: payday, depth: depth + 1))
    }
}

/// The lines of one derivation.
final class StepLog {
    var lines: [String] = []
}
