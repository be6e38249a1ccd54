import OffboardCore

extension RuleFileLoader {
    /// Reads one embedded example. Its `event` is a termination event (the same schema as `offboard plan`
    /// reads) in which `event_id`, `employee.id` and, in a state file, `employee.work_state` may be left out.
    static func readExample(_ r: DocumentReader, jurisdiction: String?) -> RuleExample? {
        guard let o = r.object("example", allowed: ["name", "event", "completed", "expect"]) else { return nil }
        let name = o.required("name")?.identifier("example name")
        var event: TerminationEvent?
        if let e = o.required("event") {
            if e.node.members == nil {
                e.error("expected the example's event to be a mapping, found \(e.node.kindDescription)")
            } else {
                let filled = withDefaults(e.node, jurisdiction: jurisdiction)
                let eventSink = DiagnosticSink(includesPaths: true)
                event = TerminationEventParser.read(DocumentReader(filled, path: "event", sink: eventSink))
                eventSink.diagnostics.forEach(r.sink.append)
            }
        }
        var completed: [ObligationKind: Instant] = [:]
        if let c = o.optional("completed"), let m = c.object("completed", allowed: ObligationKind.allCases.map(\.rawValue)) {
            for member in m.members {
                if let kind = ObligationKind(rawValue: member.key), let at = m.optional(member.key)?.instant() {
                    completed[kind] = at
                }
            }
        }
        let expect = o.required("expect").flatMap(readExpectation)
        guard let name, let event, let expect else { return nil }
        return RuleExample(name: name, event: event, completed: completed, expect: expect, location: r.node.location)
    }

    static func readExpectation(_ r: DocumentReader) -> RuleExample.Expectation? {
        if let word = r.node.string {
            switch word {
            case "not_applicable": return .notApplicable
            case "no_statutory_deadline": return .noStatutoryDeadline
            default:
                r.error("unknown expectation '\(word)' (expected not_applicable, no_statutory_deadline, or a mapping with due or due_date)")
                return nil
            }
        }
        guard let o = r.object("expect", allowed: ["due", "due_date"]) else { return nil }
        guard o.members.count == 1 else {
            r.error("expect takes exactly one of: due (an instant), due_date (a date)")
            return nil
        }
        if let due = o.optional("due") { return due.instant().map { .due($0) } }
        return o.optional("due_date")?.date().map { .dueDate($0) }
    }

    /// Fills the parts of an example event that every example would repeat.
    static func withDefaults(_ node: DocumentNode, jurisdiction: String?) -> DocumentNode {
        guard var members = node.members else { return node }
        let at = node.location
        func text(_ s: String) -> DocumentNode { DocumentNode(.string(s), at: at) }
        if !members.contains(where: { $0.key == "event_id" }) {
            members.append(.init(key: "event_id", keyLocation: at, value: text("example")))
        }
        var employee = members.first { $0.key == "employee" }?.value.members ?? []
        if !employee.contains(where: { $0.key == "id" }) {
            employee.append(.init(key: "id", keyLocation: at, value: text("example-employee")))
        }
        if let jurisdiction, jurisdiction != "US", !employee.contains(where: { $0.key == "work_state" }) {
            employee.append(.init(key: "work_state", keyLocation: at, value: text(jurisdiction)))
        }
        let employeeNode = DocumentNode(.object(employee), at: members.first { $0.key == "employee" }?.value.location ?? at)
        if let index = members.firstIndex(where: { $0.key == "employee" }) {
            if members[index].value.members != nil { members[index].value = employeeNode }
        } else {
            members.append(.init(key: "employee", keyLocation: at, value: employeeNode))
        }
        return DocumentNode(.object(members), at: at)
    }
}
