import Foundation
import OffboardCore
import OffboardService
import OffboardStore

/// `offboard deadlines` output: an aligned table, JSON, CSV (RFC 4180) or an iCalendar feed (RFC 5545).
enum DeadlineRenderer {
    static func table(_ items: [StoredObligation], now: Instant) -> String {
        guard !items.isEmpty else { return "no deadlines match" }
        var rows = [["DUE", "WHEN", "EMPLOYEE", "STATE", "KIND", "ACTOR", "STATUS", "RULE", "CITATION"]]
        for o in items {
            rows.append([
                ObligationText.due(o), ObligationText.relative(o, now: now), o.employeeId, o.jurisdiction, o.kind,
                ObligationText.actor(o), o.status, o.ruleReference, o.citation,
            ])
        }
        let overdue = items.filter { o in o.status == "pending" && (o.dueAt.map { $0 < now } ?? false) }.count
        return TextTable.render(rows) + "\n\n\(items.count) deadlines" + (overdue > 0 ? ", \(overdue) OVERDUE" : "")
    }

    /// Streams the JSON document to `write` in chunks of about 64 KiB, straight from the query's cursor, so
    /// a large week never sits in memory twice.

    static let csvColumns = [
        "id", "employee_id", "event_id", "jurisdiction", "kind", "rule", "effective", "citation", "actor", "handling",
        "status", "due", "due_date", "by_end_of_day", "time_zone", "projected",
    ]

    static func csv(_ items: [StoredObligation]) -> String {
        var out = csvColumns.joined(separator: ",") + "\r\n"
        for o in items {
            let cells = [
                "\(o.id)", o.employeeId, o.eventId, o.jurisdiction, o.kind, o.ruleId, o.ruleVersion, o.citation, o.actor,
                o.handling, o.status, o.dueLocal ?? "", o.dueDate?.description ?? "", o.byEndOfDay ? "true" : "false",
                o.timeZone, o.projected ? "true" : "false",
            ]
            out += cells.map(csvCell).joined(separator: ",") + "\r\n"
        }
        return out
    }

    static func csvCell(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// One VEVENT per deadline: all-day on the due date for day-based deadlines, at the due instant otherwise.
    static func ics(_ items: [StoredObligation], now: Instant) -> String {
        var lines = [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//offboard//deadlines//EN", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
            "X-WR-CALNAME:offboard deadlines",
        ]
        let stamp = icsUTC(now)
        for o in items {
            guard let due = o.dueAt, let date = o.dueDate else { continue }
            lines.append("BEGIN:VEVENT")
            lines.append("UID:obligation-\(o.id)@offboard")
            lines.append("DTSTAMP:\(stamp)")
            if o.byEndOfDay {
                lines.append("DTSTART;VALUE=DATE:\(icsDate(date))")
                lines.append("DTEND;VALUE=DATE:\(icsDate(date.adding(days: 1)))")
            } else {
                lines.append("DTSTART:\(icsUTC(due))")
                lines.append("DTEND:\(icsUTC(due))")
            }
            lines.append("SUMMARY:" + icsText("\(o.kind) due · employee \(o.employeeId) (\(o.jurisdiction))"))
            lines.append("DESCRIPTION:" + icsText(
                "\(o.title)\nRule: \(o.ruleReference)\nCitation: \(o.citation)\nActor: \(ObligationText.actor(o))\n"
                    + "Due: \(o.dueLocal ?? "")\nStatus: \(o.status)"))
            lines.append("CATEGORIES:" + icsText(o.kind))
            lines.append("STATUS:" + (o.status == "cancelled" || o.status == "superseded" ? "CANCELLED" : "CONFIRMED"))
            lines.append("END:VEVENT")
        }
        lines.append("END:VCALENDAR")
        return lines.map(fold).joined(separator: "\r\n") + "\r\n"
    }

    static func icsUTC(_ i: Instant) -> String {
        // 2025-01-31T16:00:00Z -> 20250131T160000Z
        String(Instant(secondsSinceEpoch: i.secondsSinceEpoch).description.filter { $0 != "-" && $0 != ":" })
    }

    static func icsDate(_ d: CivilDate) -> String { d.description.replacingOccurrences(of: "-", with: "") }

    /// RFC 5545 §3.3.11 TEXT escaping.
    static func icsText(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\n": out += "\\n"
            default: out.append(c)
            }
        }
        return out
    }

    /// RFC 5545 §3.1: lines longer than 75 octets continue on the next line after a space, never splitting
    /// a UTF-8 character.
    static func fold(_ line: String) -> String {
        guard line.utf8.count > 75 else { return line }
        var out = ""
        var count = 0
        var limit = 75
        for scalar in line.unicodeScalars {
            let size = String(scalar).utf8.count
            if count + size > limit {
                out += "\r\n "
                count = 0
                limit = 74
            }
            out.unicodeScalars.append(scalar)
            count += size
        }
        return out
    }
}
