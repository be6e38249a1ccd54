public import OffboardCore
public import OffboardStore

/// How stored obligations read in tables and feeds.
public enum ObligationText {
    /// `Fri 2025-01-31 16:00 -08:00` or `Fri 2025-01-31 end of day`, in the worksite zone.
    public static func due(_ o: StoredObligation) -> String {
        guard let date = o.dueDate else { return "no statutory deadline" }
        if o.byEndOfDay { return "\(date.weekday.shortName) \(date) end of day" }
        guard let local = o.dueLocal else { return "\(date.weekday.shortName) \(date)" }
        return moment(local: local, date: date)
    }

    /// `Fri 2025-01-31 16:00 -08:00` from an RFC 3339 local time (`2025-01-31T16:00:00-08:00`) and its date.
    public static func moment(local: String, date: CivilDate) -> String {
        let time = local.dropFirst(11).prefix(5)
        let offset = local.hasSuffix("Z") ? "+00:00" : String(local.suffix(6))
        return "\(date.weekday.shortName) \(date) \(time) \(offset)"
    }

    /// `in 2 days`, `in 5h`, `OVERDUE 5h`, `OVERDUE 3 days`.
    public static func relative(_ o: StoredObligation, now: Instant) -> String {
        guard let due = o.dueAt else { return "-" }
        guard o.status == "pending" else { return o.status }
        let seconds = due.secondsSinceEpoch - now.secondsSinceEpoch
        let text = span(abs(seconds))
        return seconds < 0 ? "OVERDUE \(text)" : "in \(text)"
    }

    public static func span(_ seconds: Int64) -> String {
        switch seconds {
        case ..<3600: return "\(max(seconds / 60, 0))m"
        case ..<(48 * 3600): return "\(seconds / 3600)h"
        default: return "\(seconds / 86400) days"
        }
    }

    public static func actor(_ o: StoredObligation) -> String {
        o.actor + (o.handling == "track" ? " (tracked)" : "")
    }

    /// The same object as ``json(_:now:)``, written straight into `out` as UTF-8 (no intermediate tree):
    /// `deadlines` may print tens of thousands of these.
    public static func writeJSON(_ o: StoredObligation, now: Instant?, into out: inout JSONBytes) {
        out.raw("{\"id\":"); out.number(o.id)
        out.raw(",\"employee_id\":"); out.string(o.employeeId)
        out.raw(",\"event_id\":"); out.string(o.eventId)
        out.raw(",\"separation_id\":"); out.number(o.separationId)
        out.raw(",\"jurisdiction\":"); out.string(o.jurisdiction)
        out.raw(",\"kind\":"); out.string(o.kind)
        out.raw(",\"rule\":"); out.string(o.ruleId)
        out.raw(",\"effective\":"); out.string(o.ruleVersion)
        out.raw(",\"citation\":"); out.string(o.citation)
        out.raw(",\"url\":"); out.optional(o.sourceURL)
        out.raw(",\"title\":"); out.string(o.title)
        out.raw(",\"actor\":"); out.string(o.actor)
        out.raw(",\"nature\":"); out.string(o.nature)
        out.raw(",\"handling\":"); out.string(o.handling)
        out.raw(",\"status\":"); out.string(o.status)
        out.raw(",\"due\":"); out.optional(o.dueLocal)
        out.raw(",\"due_date\":"); out.optional(o.dueDate?.description)
        out.raw(",\"by_end_of_day\":"); out.raw(o.byEndOfDay ? "true" : "false")
        out.raw(",\"time_zone\":"); out.string(o.timeZone)
        out.raw(",\"projected\":"); out.raw(o.projected ? "true" : "false")
        if let now, let due = o.dueAt, o.status == "pending" {
            out.raw(",\"overdue\":"); out.raw(due < now ? "true" : "false")
        }
        out.raw("}")
    }

    public static func json(_ o: StoredObligation, now: Instant? = nil) -> JSONText {
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

/// JSON written as UTF-8 bytes, for large outputs.
public struct JSONBytes {
    public var bytes: [UInt8] = []

    public init() {}

    public mutating func raw(_ s: StaticString) {
        s.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    public mutating func raw(_ s: String) { bytes.append(contentsOf: s.utf8) }

    public mutating func number(_ n: Int64) { bytes.append(contentsOf: String(n).utf8) }

    public mutating func optional(_ s: String?) {
        if let s { string(s) } else { raw("null") }
    }

    public mutating func string(_ s: String) {
        bytes.append(UInt8(ascii: "\""))
        // Nearly every value needs no escaping: scan its contiguous UTF-8 once and copy it whole.
        let copied: Bool? = s.utf8.withContiguousStorageIfAvailable { buffer in
            for b in buffer where b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") { return false }
            bytes.append(contentsOf: buffer)
            return true
        }
        if copied == true {
            bytes.append(UInt8(ascii: "\""))
            return
        }
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "\""): bytes.append(UInt8(ascii: "\\")); bytes.append(b)
            case UInt8(ascii: "\\"): bytes.append(UInt8(ascii: "\\")); bytes.append(b)
            case 0x0A: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "n"))
            case 0x0D: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "r"))
            case 0x09: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "t"))
            case ..<0x20:
                let hex = String(b, radix: 16)
                bytes.append(contentsOf: ("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8)
            default: bytes.append(b)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
