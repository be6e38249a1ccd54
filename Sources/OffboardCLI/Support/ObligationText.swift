import OffboardCore
import OffboardStore

/// How stored obligations read in tables and feeds.
enum ObligationText {
    /// `Fri 2025-01-31 16:00 -08:00` or `Fri 2025-01-31 end of day`, in the worksite zone.
    static func due(_ o: StoredObligation) -> String {
        guard let date = o.dueDate else { return "no statutory deadline" }
        if o.byEndOfDay { return "\(date.weekday.shortName) \(date) end of day" }
        guard let local = o.dueLocal else { return "\(date.weekday.shortName) \(date)" }
        // local: 2025-01-31T16:00:00-08:00
        let time = local.dropFirst(11).prefix(5)
        let offset = local.hasSuffix("Z") ? "+00:00" : String(local.suffix(6))
        return "\(date.weekday.shortName) \(date) \(time) \(offset)"
    }

    /// `in 2 days`, `in 5h`, `OVERDUE 5h`, `OVERDUE 3 days`.
    static func relative(_ o: StoredObligation, now: Instant) -> String {
        guard let due = o.dueAt else { return "-" }
        guard o.status == "pending" else { return o.status }
        let seconds = due.secondsSinceEpoch - now.secondsSinceEpoch
        let text = span(abs(seconds))
        return seconds < 0 ? "OVERDUE \(text)" : "in \(text)"
    }

    static func span(_ seconds: Int64) -> String {
        switch seconds {
        case ..<3600: return "\(max(seconds / 60, 0))m"
        case ..<(48 * 3600): return "\(seconds / 3600)h"
        default: return "\(seconds / 86400) days"
        }
    }

    static func actor(_ o: StoredObligation) -> String {
        o.actor + (o.handling == "track" ? " (tracked)" : "")
    }

    static func json(_ o: StoredObligation, now: Instant? = nil) -> JSONText {
        var members: [(String, JSONText)] = [
            ("id", .number(Int(o.id))), ("employee_id", .string(o.employeeId)), ("event_id", .string(o.eventId)),
            ("separation_id", .number(Int(o.separationId))), ("jurisdiction", .string(o.jurisdiction)),
            ("kind", .string(o.kind)), ("rule", .string(o.ruleId)), ("effective", .string(o.ruleVersion)),
            ("citation", .string(o.citation)), ("url", .optional(o.sourceURL)), ("title", .string(o.title)),
            ("actor", .string(o.actor)), ("nature", .string(o.nature)), ("handling", .string(o.handling)),
            ("status", .string(o.status)), ("due", .optional(o.dueLocal)), ("due_date", .optional(o.dueDate?.description)),
            ("by_end_of_day", .bool(o.byEndOfDay)), ("time_zone", .string(o.timeZone)), ("projected", .bool(o.projected)),
        ]
        if let now, let due = o.dueAt, o.status == "pending" {
            members.append(("overdue", .bool(due < now)))
        }
        return .object(members)
    }
}
