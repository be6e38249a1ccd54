import OffboardCore
import OffboardRules

/// Renders a plan as a table for people, JSON for programs, or a step-by-step derivation.
enum PlanRenderer {
    static func header(_ plan: Plan) -> String {
        "event \(plan.eventId) · employee \(plan.employeeId) · \(plan.jurisdiction) (\(plan.zone)) · "
            + "\(plan.separation.type.rawValue) at \(plan.separation.effectiveAt.rfc3339(in: plan.zone))"
    }

    /// `Fri 2025-01-31 16:00 -08:00` for an instant; `Tue 2025-03-11 end of day` for a date.
    static func dueText(_ item: PlannedObligation, zone: Zone) -> String {
        guard let due = item.due, let date = item.dueDate, let at = item.dueAt else { return "no statutory deadline" }
        let day = "\(date.weekday.shortName) \(date)"
        switch due {
        case .date: return day + " end of day"
        case .instant:
            let text = at.rfc3339(in: zone)  // 2025-01-31T16:00:00-08:00
            let time = text.dropFirst(11).prefix(5)
            return "\(day) \(time) \(text.suffix(6))"
        }
    }

    static func table(_ plan: Plan) -> String {
        var rows: [[String]] = [["DUE", "KIND", "ACTOR", "RULE", "CITATION"]]
        for item in plan.obligations {
            rows.append([
                dueText(item, zone: plan.zone) + (item.projected ? " *" : ""),
                item.obligation.kind.rawValue,
                item.obligation.actor.rawValue + (item.obligation.handling == .track ? " (tracked)" : ""),
                "\(item.ruleId)@\(item.version.effective)",
                item.version.source.citation,
            ])
        }
        var lines = [header(plan), "", TextTable.render(rows)]
        if plan.obligations.contains(where: \.projected) {
            lines.append("")
            lines.append("* projected from an upstream obligation's deadline; recomputed when it is completed")
        }
        return lines.joined(separator: "\n")
    }

    static func explanation(_ plan: Plan) -> String {
        var lines = [header(plan)]
        for item in plan.obligations {
            lines.append("")
            lines.append("\(item.obligation.kind.rawValue) — \(item.ruleId): \(item.obligation.title)")
            lines.append("  rule: \(item.file):\(item.obligation.location.line ?? 0), actor \(item.obligation.actor.rawValue), \(item.obligation.handling == .fire ? "fired" : "tracked")")
            lines += item.explanation.map { "  " + $0 }
            if let note = item.version.note { lines.append("  note: " + note.split(separator: "\n").joined(separator: " ")) }
        }
        return lines.joined(separator: "\n")
    }

    static func json(_ plan: Plan, explain: Bool) -> String {
        let items: [JSONText] = plan.obligations.map { item in
            var members: [(String, JSONText)] = [
                ("kind", .string(item.obligation.kind.rawValue)),
                ("rule", .string(item.ruleId)),
                ("title", .string(item.obligation.title)),
                ("effective", .string(item.version.effective.description)),
                ("citation", .string(item.version.source.citation)),
                ("url", .optional(item.version.source.url)),
                ("status", .string(item.due == nil ? "no_statutory_deadline" : "due")),
                ("due", .optional(item.dueAt?.rfc3339(in: plan.zone))),
                ("due_date", .optional(item.dueDate?.description)),
                ("actor", .string(item.obligation.actor.rawValue)),
                ("nature", .string(item.obligation.nature.rawValue)),
                ("handling", .string(item.obligation.handling.rawValue)),
                ("projected", .bool(item.projected)),
                ("source_file", .string("\(item.file):\(item.obligation.location.line ?? 0)")),
            ]
            if explain { members.append(("explanation", .array(item.explanation.map { .string($0) }))) }
            return .object(members)
        }
        return JSONText.object([
            ("event_id", .string(plan.eventId)),
            ("employee_id", .string(plan.employeeId)),
            ("jurisdiction", .string(plan.jurisdiction)),
            ("time_zone", .string(plan.zone.identifier)),
            ("separation", .object([
                ("type", .string(plan.separation.type.rawValue)),
                ("effective_at", .string(plan.separation.effectiveAt.rfc3339(in: plan.zone))),
            ])),
            ("obligations", .array(items)),
        ]).rendered()
    }
}

/// Left-aligned columns separated by two spaces.
enum TextTable {
    static func render(_ rows: [[String]]) -> String {
        guard let width = rows.map(\.count).max() else { return "" }
        var widths = Array(repeating: 0, count: width)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        return rows.map { row in
            row.enumerated().map { i, cell in
                i == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[i] - cell.count)
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}
