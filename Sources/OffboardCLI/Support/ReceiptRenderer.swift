import OffboardCore
import OffboardService
import OffboardStore

/// What `terminate` prints about the stored event.
enum ReceiptRenderer {
    static func text(_ r: Intake.Receipt) -> String {
        let headline: String
        switch r.disposition {
        case .planned: headline = "event \(r.eventId): stored; separation \(r.separationId) of employee \(r.employeeId) planned"
        case .superseded:
            headline = "event \(r.eventId): stored; supersedes event \(r.previousEventId ?? "?") for employee \(r.employeeId) (separation \(r.separationId)); pending deadlines re-planned"
        case .duplicate: headline = "event \(r.eventId): already stored; nothing changed"
        }
        var rows = [["ID", "DUE", "STATUS", "KIND", "ACTOR", "RULE", "CITATION"]]
        for o in r.obligations where o.status != "superseded" && o.status != "cancelled" {
            rows.append(["\(o.id)", ObligationText.due(o), o.status, o.kind, ObligationText.actor(o), o.ruleReference, o.citation])
        }
        return headline + "\n\n" + TextTable.render(rows)
    }

    static func json(_ r: Intake.Receipt) -> String {
        JSONText.object([
            ("disposition", .string(r.disposition.rawValue)), ("event_id", .string(r.eventId)),
            ("employee_id", .string(r.employeeId)), ("separation_id", .number(Int(r.separationId))),
            ("previous_event_id", .optional(r.previousEventId)),
            ("obligations", .array(r.obligations.map { ObligationText.json($0) })),
        ]).rendered()
    }
}
