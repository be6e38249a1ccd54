import OffboardCore

/// The state of one evaluation: the event, its zone, completions, and chained results computed so far.
struct EvaluationContext {
    let rules: RuleSet
    let event: TerminationEvent
    let completions: [ObligationKind: Instant]
    let state: RuleFile
    let zone: Zone
    let separationDate: CivilDate
    /// Whether to write down each step (for `rules explain`); planning for the store skips it.
    let explaining: Bool
    /// Shared by the copies a chained computation makes of this context, so they are not copied per step.
    private let scratch = Scratch()
    /// Obligations already evaluated in this plan (a chain asks for its upstream again).
    private final class Scratch {
        var resolving: [String] = []
        var memo: [String: PlannedObligation?] = [:]
    }

    init(
        rules: RuleSet, event: TerminationEvent, completions: [ObligationKind: Instant], state: RuleFile,
        explaining: Bool = true
    ) throws {
        self.explaining = explaining
        self.rules = rules
        self.event = event
        self.completions = completions
        self.state = state
        do {
            self.zone = try rules.zone(for: event, rules: state)
        } catch {
            throw RuleEvaluationError(location: SourceLocation(file: state.path), ruleId: state.jurisdiction.code, message: "\(error)")
        }
        self.separationDate = zone.civilDate(of: event.separation.effectiveAt)
    }

    /// Evaluates `obligation`: `nil` when it does not apply.
    mutating func evaluate(_ obligation: Obligation, in file: RuleFile) throws -> PlannedObligation? {
        let ruleId = "\(file.jurisdiction.code)/\(obligation.id)"
        if let known = scratch.memo[ruleId] { return known }
        let result = try evaluateOnce(obligation, in: file, ruleId: ruleId)
        scratch.memo[ruleId] = .some(result)
        return result
    }

    private mutating func evaluateOnce(_ obligation: Obligation, in file: RuleFile, ruleId: String) throws -> PlannedObligation? {
        func fail(_ message: String, at location: SourceLocation? = nil) -> RuleEvaluationError {
            RuleEvaluationError(location: location ?? obligation.location, ruleId: ruleId, message: message)
        }
        guard !scratch.resolving.contains(ruleId) else {
            throw fail("chained deadlines form a cycle: \((scratch.resolving + [ruleId]).joined(separator: " → "))")
        }
        scratch.resolving.append(ruleId)
        defer { scratch.resolving.removeLast() }

        // A notice or continuation duty that was not yet (or is no longer) law on the separation date does not
        // apply. Final pay is different: every separation owes it, so a date outside its versions is an error.
        if obligation.kind != .finalPay, !obligation.versions.isEmpty {
            let first = obligation.versions.map(\.effective).min()!
            let ends = obligation.versions.map { $0.until }
            let last: CivilDate? = ends.contains(where: { $0 == nil }) ? nil : ends.compactMap { $0 }.max()
            if separationDate < first || (last.map { separationDate > $0 } ?? false) { return nil }
        }
        var lines: [String] = []
        do {
            guard try applies(obligation, ruleId: ruleId, lines: &lines) else { return nil }
        } catch let missing as MissingInput {
            throw fail("\(missing)")
        }
        guard let version = obligation.version(on: separationDate) else {
            let earliest = obligation.versions.first.map { " (the earliest version is effective \($0.effective))" } ?? ""
            throw fail("no version is in force on \(separationDate), the separation date\(earliest)")
        }
        if explaining {
            lines.append(versionReason(version, of: obligation))
            lines.append("citation: \(version.source.citation)")
        }
        guard let calendar = rules.calendars[file.jurisdiction.calendar]?.calendar else {
            throw fail("calendar '\(file.jurisdiction.calendar)' is not loaded")
        }
        var computation = Computation(context: self, calendar: calendar)
        let due: Due?
        do {
            due = try computation.evaluate(version.deadline, depth: 0)
        } catch let missing as MissingInput {
            throw fail("\(missing)", at: version.location)
        } catch let ambiguous as AmbiguousDateError {
            throw fail("\(ambiguous)", at: version.location)
        }
        lines += computation.lines
        // Chained results live in the shared scratch; nothing to copy back.
        if !explaining {
        } else if let due {
            lines.append("→ due \(due.describe(in: zone))" + (computation.projected ? " (projected: an upstream obligation is not complete yet)" : ""))
        } else {
            lines.append("→ no statutory deadline")
        }
        return PlannedObligation(
            ruleId: ruleId, jurisdiction: file.jurisdiction.code, file: file.path, obligation: obligation,
            version: version, due: due, dueAt: due?.expiry(in: zone), dueDate: due?.date(in: zone),
            projected: computation.projected, explanation: lines)
    }

    private func versionReason(_ version: RuleVersion, of obligation: Obligation) -> String {
        var text = "version effective \(version.effective)"
        if let until = version.until { text += " until \(until)" }
        text += ": in force on \(separationDate), the separation date"
        let others = obligation.versions.filter { $0.effective != version.effective }
        if !others.isEmpty {
            text += " (other versions: " + others.map { "effective \($0.effective)" }.joined(separator: ", ") + ")"
        }
        return text
    }

    // MARK: Applicability

    private func applies(_ obligation: Obligation, ruleId: String, lines: inout [String]) throws -> Bool {
        // The separation type decides first, so inputs that only other paths need are never demanded.
        func isType(_ c: Condition) -> Bool { if case .separationType = c { true } else { false } }
        let ordered = obligation.appliesWhen.filter(isType) + obligation.appliesWhen.filter { !isType($0) }
        var reasons: [() -> String] = []
        for condition in ordered {
            let (holds, reason) = try check(condition, ruleId: ruleId)
            if explaining { reasons.append(reason) }
            if !holds { return false }
        }
        if explaining {
            lines.append("applies: " + (reasons.isEmpty ? "to every separation" : reasons.map { $0() }.joined(separator: "; ")))
        }
        return true
    }

    private func check(_ condition: Condition, ruleId: String) throws -> (Bool, () -> String) {
        let separation = event.separation
        func benefits(_ field: String) throws -> TerminationEvent.Benefits {
            guard let b = event.benefits else {
                throw MissingInput(field: "benefits.\(field)", purpose: "to decide whether \(ruleId) applies")
            }
            return b
        }
        switch condition {
        case let .separationType(types):
            return (types.contains(separation.type), {
                "separation type \(separation.type.rawValue) is one of {\(types.map(\.rawValue).sorted().joined(separator: ", "))}"
            })
        case let .notice(comparison, length):
            guard let noticeAt = separation.noticeGivenAt else {
                throw MissingInput(
                    field: "separation.notice_given_at",
                    purpose: "to compare the notice given with \(length) for \(ruleId) (use effective_at itself when no notice was given)")
            }
            let given: Int64
            let required: Int64
            let givenText: String
            switch length {
            case let .hours(n):
                given = separation.effectiveAt.secondsSinceEpoch - noticeAt.secondsSinceEpoch
                required = Int64(n) * 3600
                givenText = "\(Double(given) / 3600) hours"
            case let .calendarDays(n):
                given = Int64(zone.civilDate(of: noticeAt).days(until: separationDate))
                required = Int64(n)
                givenText = "\(given) calendar days"
            case let .businessHours(n):
                given = BusinessTime(zone: zone, calendar: calendar(of: ruleId)).seconds(from: noticeAt, to: separation.effectiveAt)
                required = Int64(n) * 3600
                givenText = "\(Double(given) / 3600) business hours"
            case let .payPeriods(n):
                guard let payroll = event.payroll else {
                    throw MissingInput(field: "payroll", purpose: "to measure the notice in pay periods for \(ruleId)")
                }
                let period = try PaySchedule(payroll).period(containing: separationDate)
                given = Int64(zone.civilDate(of: noticeAt).days(until: separationDate))
                required = Int64(n * (period.start.days(until: period.end) + 1))
                givenText = "\(given) calendar days (a pay period here is \(required / Int64(max(n, 1))) days)"
            }
            let holds = comparison == .atLeast ? given >= required : given < required
            let op = comparison == .atLeast ? "at least" : "less than"
            return (holds, { "notice given \(givenText) is \(holds ? "" : "not ")\(op) \(length)" })
        case let .groupHealthPlan(expected):
            let actual = try benefits("group_health_plan").groupHealthPlan
            return (actual == expected, { "group_health_plan is \(actual)" })
        case let .grossMisconduct(expected):
            // Absent means legal has made no gross-misconduct determination.
            let actual = separation.grossMisconduct ?? false
            return (actual == expected, { "gross_misconduct is \(actual)" })
        case let .employerSize(atLeast, lessThan):
            let size = try benefits("employer_size").employerSize
            let holds = (atLeast.map { size >= $0 } ?? true) && (lessThan.map { size < $0 } ?? true)
            return (holds, {
                let bounds = [atLeast.map { "at least \($0)" }, lessThan.map { "less than \($0)" }].compactMap { $0 }
                return "employer_size \(size) is \(holds ? "" : "not ")\(bounds.joined(separator: " and "))"
            })
        case let .planFunding(expected):
            guard let funding = try benefits("funding").funding else {
                throw MissingInput(field: "benefits.funding", purpose: "to decide whether \(ruleId) applies (insured or self_funded)")
            }
            return (funding == expected, { "plan funding is \(funding.rawValue)" })
        case let .businessClosing(expected):
            guard let closing = separation.businessClosing else {
                throw MissingInput(field: "separation.business_closing", purpose: "to decide whether \(ruleId) applies")
            }
            return (closing == expected, { "business_closing is \(closing)" })
        case let .demandMade(expected):
            let made = separation.demandAt != nil
            return (made == expected, { made ? "a written demand was made" : "no written demand recorded" })
        case let .propertyReturned(expected):
            let returned = separation.propertyReturnedAt != nil
            return (returned == expected, { returned ? "property returned" : "property return not recorded" })
        case let .separationDay(atLeast, atMost):
            let day = separationDate.day
            let holds = (atLeast.map { day >= $0 } ?? true) && (atMost.map { day <= $0 } ?? true)
            return (holds, { "the separation falls on day \(day) of the month" })
        case let .planAdministrator(expected):
            let actual = try benefits("plan_administrator").planAdministrator
            return (actual == expected, { "plan_administrator is \(actual.rawValue)" })
        case let .coverageEnd(expected):
            let actual = try benefits("coverage_end").coverageEnd
            return (actual == expected, { "coverage_end is \(actual.rawValue)" })
        }
    }

    /// The business calendar of the file that owns `ruleId` (`US/…` or the state's).
    private func calendar(of ruleId: String) -> BusinessCalendar {
        let code = String(ruleId.prefix { $0 != "/" })
        let file = rules.files[code] ?? state
        return rules.calendars[file.jurisdiction.calendar]?.calendar ?? BusinessCalendar(id: "weekends", name: "weekends only", holidays: [])
    }

    // MARK: Chains

    /// The instant an upstream obligation of `kind` was (or, at the latest, will be) completed.
    mutating func completion(of kind: ObligationKind) throws -> (Instant, projected: Bool, text: String) {
        if let done = completions[kind] {
            return (done, false, "\(kind.rawValue) completed at \(done.rfc3339(in: zone))")
        }
        var found: [PlannedObligation] = []
        for file in [rules.federal, state].compactMap({ $0 }) {
            for obligation in file.obligations where obligation.kind == kind {
                if let item = try evaluate(obligation, in: file) { found.append(item) }
            }
        }
        guard found.count == 1, let upstream = found.first else {
            throw MissingInput(
                field: "completion of \(kind.rawValue)",
                purpose: "as a chain anchor, but \(found.count) obligations of that kind apply (exactly one must)")
        }
        guard let at = upstream.dueAt else {
            throw MissingInput(field: "completion of \(kind.rawValue)", purpose: "as a chain anchor; \(upstream.ruleId) has no deadline to project from")
        }
        return (at, true, "\(kind.rawValue) not completed yet; projected from \(upstream.ruleId) due \(at.rfc3339(in: zone))")
    }
}
