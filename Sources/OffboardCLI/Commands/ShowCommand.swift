import ArgumentParser
import OffboardCore
import OffboardService
import OffboardStore

/// `offboard show EMPLOYEE_ID`: one employee's separation timeline.
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show an employee's separations: events, obligations, actions, attempts, escalations and audit entries.",
        discussion: "Exit status: 0 shown, 65 the store has no separation for the employee, 66 unreadable database."
    )

    @Argument(help: ArgumentHelp("The employee id.", valueName: "employee-id"))
    var employeeId: String

    @Option(help: "Output format: table or json.")
    var format: PlanFormat = .table

    @OptionGroup var store: StoreOptions

    func run() throws {
        let now = try store.clock().now()
        let database = try store.open()
        guard let timeline = try database.read({ try SeparationTimeline.fetch(employeeId: employeeId, in: $0) }) else {
            Console.error("error: employee \(employeeId): no separation in \(store.resolvedPath)")
            throw ExitStatus.dataError
        }
        switch format {
        case .table: Console.out(TimelineRenderer.text(timeline, now: now))
        case .json: Console.out(TimelineRenderer.json(timeline).rendered())
        }
    }
}

enum TimelineRenderer {
    static func text(_ t: SeparationTimeline, now: Instant) -> String {
        var out: [String] = []
        for s in t.separations {
            out.append("employee \(t.employeeId) · separation \(s.id) (\(s.status)) · \(s.jurisdiction) (\(s.timeZone)) · \(s.separationType) at \(s.effectiveAt)")
            out.append("")
            out.append("EVENTS")
            out.append(TextTable.render([["RECEIVED", "EVENT", "SOURCE", "DISPOSITION"]] + s.events.map {
                [$0.receivedAt, $0.eventId, $0.source, $0.disposition]
            }))
            out.append("")
            out.append("OBLIGATIONS")
            out.append(TextTable.render([["ID", "DUE", "WHEN", "STATUS", "KIND", "ACTOR", "RULE", "CITATION"]] + s.obligations.map {
                ["\($0.id)", ObligationText.due($0), ObligationText.relative($0, now: now), $0.status, $0.kind,
                 ObligationText.actor($0), $0.ruleReference, $0.citation]
            }))
            for (title, rows) in [("ACTIONS", s.actions), ("ATTEMPTS", s.attempts), ("ESCALATIONS", s.escalations)] {
                out.append("")
                out.append(rows.isEmpty ? "\(title): none" : title)
                for row in rows { out.append("  " + row.keys.sorted().map { "\($0)=\(row[$0]!)" }.joined(separator: " ")) }
            }
            out.append("")
        }
        out.append("AUDIT")
        out.append(TextTable.render([["SEQ", "AT", "ACTOR", "SUBJECT", "ACTION", "OUTCOME"]] + t.audit.map {
            ["\($0.seq)", $0.at, $0.actor, $0.subject, $0.action, $0.outcome]
        }))
        return out.joined(separator: "\n")
    }

    static func json(_ t: SeparationTimeline) -> JSONText {
        .object([
            ("employee_id", .string(t.employeeId)),
            ("separations", .array(t.separations.map { s in
                .object([
                    ("id", .number(Int(s.id))), ("status", .string(s.status)), ("current_event_id", .string(s.currentEventId)),
                    ("jurisdiction", .string(s.jurisdiction)), ("time_zone", .string(s.timeZone)),
                    ("separation_type", .string(s.separationType)), ("effective_at", .string(s.effectiveAt)),
                    ("created_at", .string(s.createdAt)), ("rescinded_at", .optional(s.rescindedAt)),
                    ("events", .array(s.events.map {
                        .object([("event_id", .string($0.eventId)), ("source", .string($0.source)),
                                 ("received_at", .string($0.receivedAt)), ("disposition", .string($0.disposition))])
                    })),
                    ("obligations", .array(s.obligations.map { ObligationText.json($0) })),
                    ("actions", .array(s.actions.map(strings))), ("attempts", .array(s.attempts.map(strings))),
                    ("escalations", .array(s.escalations.map(strings))),
                ])
            })),
            ("audit", .array(t.audit.map(AuditRenderer.json))),
        ])
    }

    static func strings(_ row: [String: String]) -> JSONText {
        .object(row.keys.sorted().map { ($0, .string(row[$0]!)) })
    }
}
