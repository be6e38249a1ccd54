/// Reads and validates a termination event (schema version 1) from JSON, or from an already parsed
/// document (the examples embedded in rule files use the same schema in YAML).
///
/// Every problem is reported, each with its location and field path; a document with any error yields no event.
public enum TerminationEventParser {
    public static let schemaVersion = 1

    /// Parses JSON text. `file` names the source in diagnostics (`event.json`, `<stdin>`).
    /// - Throws: ``DiagnosticsError`` listing every problem.
    public static func parse(json text: String, file: String) throws -> TerminationEvent {
        let node: DocumentNode
        do {
            node = try JSONDocumentParser.parse(text, file: file)
        } catch {
            throw DiagnosticsError([error])
        }
        let sink = DiagnosticSink(includesPaths: true)
        let event = read(DocumentReader(node, sink: sink))
        guard let event, !sink.hasErrors else { throw DiagnosticsError(sink.diagnostics) }
        return event
    }

    /// Parses several events: a JSON array of events, or JSON Lines (one event per line).
    /// - Throws: ``DiagnosticsError`` listing every problem of every event; no event is returned then.
    public static func parseMany(json text: String, file: String) throws -> [TerminationEvent] {
        let trimmed = text.drop { $0.isWhitespace }
        let sink = DiagnosticSink(includesPaths: true)
        var events: [TerminationEvent] = []
        if trimmed.first == "[" {
            let node: DocumentNode
            do { node = try JSONDocumentParser.parse(text, file: file) } catch { throw DiagnosticsError([error]) }
            for item in DocumentReader(node, sink: sink).list("the events") ?? [] {
                if let event = read(item) { events.append(event) }
            }
        } else {
            for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where !line.allSatisfy(\.isWhitespace) {
                do {
                    let node = try JSONDocumentParser.parse(String(line), file: file)
                    let shifted = relocate(node, line: index + 1)
                    if let event = read(DocumentReader(shifted, sink: sink)) { events.append(event) }
                } catch {
                    var located = error
                    located.location.line = index + 1
                    sink.append(located)
                }
            }
        }
        var seen = Set<String>()
        for event in events where !seen.insert(event.eventId).inserted {
            sink.error(at: SourceLocation(file: file), path: "event_id", "event_id \(event.eventId) appears more than once")
        }
        guard !sink.hasErrors else { throw DiagnosticsError(sink.diagnostics) }
        return events
    }

    /// Moves a one-line document's locations to line `line` of the enclosing file.
    private static func relocate(_ node: DocumentNode, line: Int) -> DocumentNode {
        var copy = node
        copy.location.line = line
        switch node.value {
        case let .object(members):
            copy.value = .object(members.map { member in
                var m = member
                m.keyLocation.line = line
                m.value = relocate(member.value, line: line)
                return m
            })
        case let .array(items):
            copy.value = .array(items.map { relocate($0, line: line) })
        default: break
        }
        return copy
    }

    /// Reads an event from a parsed document, reporting into the reader's sink. `nil` on any error.
    public static func read(_ reader: DocumentReader) -> TerminationEvent? {
        guard
            let root = reader.object(
                "the event",
                allowed: ["schema_version", "event_id", "employee", "separation", "payroll", "benefits", "assets", "accounts", "manager"])
        else { return nil }
        if let v = root.optional("schema_version"), let n = v.integer(), n != schemaVersion {
            v.error("unsupported schema_version \(n); this offboard reads version \(schemaVersion)")
        }
        let eventId = root.required("event_id")?.identifier("event_id")
        let employee = root.required("employee").flatMap(readEmployee)
        let separation = root.required("separation").flatMap(readSeparation)
        let payroll = root.optional("payroll").flatMap(readPayroll)
        let benefits = root.optional("benefits").flatMap(readBenefits)
        let assets = root.optional("assets").flatMap(readAssets) ?? []
        let accounts = root.optional("accounts").flatMap(readAccounts) ?? []
        let manager = root.optional("manager").flatMap(readManager)
        guard let eventId, let employee, let separation, !reader.sink.hasErrors else { return nil }
        return TerminationEvent(
            eventId: eventId, employee: employee, separation: separation, payroll: payroll, benefits: benefits,
            assets: assets, accounts: accounts, manager: manager)
    }

    static func readEmployee(_ r: DocumentReader) -> TerminationEvent.Employee? {
        guard let o = r.object("employee", allowed: ["id", "work_state", "time_zone"]) else { return nil }
        let id = o.required("id")?.identifier("employee.id")
        var state: String?
        if let s = o.required("work_state"), let text = s.string() {
            if text.count == 2, text.allSatisfy({ $0.isASCII && $0.isUppercase }) {
                state = text
            } else {
                s.error("expected a two-letter state code in capitals (e.g. CA, DC), found \"\(text)\"")
            }
        }
        var zone: String?
        if let z = o.optional("time_zone"), let text = z.string() {
            if Zone(identifier: text) != nil {
                zone = text
            } else {
                z.error("unknown IANA time zone \"\(text)\" (e.g. America/Chicago)")
            }
        }
        guard let id, let state else { return nil }
        return .init(id: id, workState: state, timeZone: zone)
    }

    static func readSeparation(_ r: DocumentReader) -> TerminationEvent.Separation? {
        guard let o = r.object(
                "separation",
                allowed: [
                    "type", "effective_at", "last_day_worked", "notice_given_at", "gross_misconduct", "demand_at",
                    "business_closing", "property_returned_at",
                ]) else { return nil }
        let type = o.required("type")?.oneOf(SeparationType.self, "separation type")
        let effectiveAt = o.required("effective_at")?.instant()
        let lastDay = o.optional("last_day_worked")?.date()
        let notice = o.optional("notice_given_at")?.instant()
        let misconduct = o.optional("gross_misconduct")?.bool()
        let demand = o.optional("demand_at")?.instant()
        let closing = o.optional("business_closing")?.bool()
        let returned = o.optional("property_returned_at")?.instant()
        if let notice, let effectiveAt, notice > effectiveAt {
            o.optional("notice_given_at")?.error("notice_given_at is after effective_at; notice is given before employment ends")
        }
        guard let type, let effectiveAt else { return nil }
        return .init(
            type: type, effectiveAt: effectiveAt, lastDayWorked: lastDay, noticeGivenAt: notice, grossMisconduct: misconduct,
            demandAt: demand, businessClosing: closing, propertyReturnedAt: returned)
    }

    static func readPayroll(_ r: DocumentReader) -> TerminationEvent.Payroll? {
        guard let o = r.object("payroll", allowed: ["frequency", "anchor_payday", "lag_days", "periods"]) else { return nil }
        let frequency = o.required("frequency")?.oneOf(PayFrequency.self, "pay frequency")
        let anchor = o.optional("anchor_payday")?.date()
        let lag = o.optional("lag_days")?.integer(in: 0...60)
        var periods: [PayPeriod]?
        if let list = o.optional("periods")?.list("periods") {
            periods = list.compactMap { item in
                guard let p = item.object("a pay period", allowed: ["start", "end", "payday"]) else { return nil }
                let start = p.required("start")?.date(), end = p.required("end")?.date(), payday = p.required("payday")?.date()
                guard let start, let end, let payday else { return nil }
                if end < start { item.error("pay period ends (\(end)) before it starts (\(start))") }
                if payday < start { item.error("payday \(payday) is before the period starts (\(start))") }
                return PayPeriod(start: start, end: end, payday: payday)
            }
            if let sorted = periods?.sorted(by: { $0.start < $1.start }) {
                for (a, b) in zip(sorted, sorted.dropFirst()) where b.start <= a.end {
                    o.optional("periods")?.error("pay periods \(a.start)…\(a.end) and \(b.start)…\(b.end) overlap")
                }
            }
        }
        guard let frequency else { return nil }
        return .init(frequency: frequency, anchorPayday: anchor, lagDays: lag, periods: periods)
    }

    static func readBenefits(_ r: DocumentReader) -> TerminationEvent.Benefits? {
        guard
            let o = r.object(
                "benefits", allowed: ["group_health_plan", "employer_size", "plan_administrator", "coverage_end", "funding"])
        else { return nil }
        let plan = o.required("group_health_plan")?.bool()
        let size = o.required("employer_size")?.integer(in: 0...10_000_000)
        let admin = o.required("plan_administrator")?.oneOf(PlanAdministrator.self, "plan administrator")
        let end = o.required("coverage_end")?.oneOf(CoverageEndRule.self, "coverage end rule")
        let funding = o.optional("funding")?.oneOf(PlanFunding.self, "plan funding")
        guard let plan, let size, let admin, let end else { return nil }
        return .init(groupHealthPlan: plan, employerSize: size, planAdministrator: admin, coverageEnd: end, funding: funding)
    }

    static func readAssets(_ r: DocumentReader) -> [TerminationEvent.Asset]? {
        r.list("assets")?.compactMap { item in
            guard let o = item.object("an asset", allowed: ["id", "kind"]) else { return nil }
            let id = o.required("id")?.identifier("asset id"), kind = o.required("kind")?.identifier("asset kind")
            guard let id, let kind else { return nil }
            return .init(id: id, kind: kind)
        }
    }

    static func readAccounts(_ r: DocumentReader) -> [TerminationEvent.Account]? {
        r.list("accounts")?.compactMap { item in
            guard let o = item.object("an account", allowed: ["system", "account_id"]) else { return nil }
            let system = o.required("system")?.identifier("account system")
            let id = o.required("account_id")?.identifier("account id")
            guard let system, let id else { return nil }
            return .init(system: system, accountId: id)
        }
    }

    static func readManager(_ r: DocumentReader) -> TerminationEvent.Manager? {
        guard let o = r.object("manager", allowed: ["id"]) else { return nil }
        return o.required("id")?.identifier("manager id").map { .init(id: $0) }
    }
}
