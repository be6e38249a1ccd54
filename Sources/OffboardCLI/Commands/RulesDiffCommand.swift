import ArgumentParser
import Foundation
import OffboardCore
import OffboardRules

/// `offboard rules diff OLD NEW --events FILE`: which deadlines a rule edit would move, by how much.
struct RulesDiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show, for a set of events, which deadlines a rule edit would move, add or remove.",
        discussion: """
            Plans every event under the OLD and the NEW rules directories and lists each deadline that moves \
            (with the amount: days for dates, hours and minutes for instants), each obligation added or removed, \
            each version or citation change, and each event that stops or starts being plannable. \
            The events file is a JSON array of termination events, or JSON Lines (one per line). \
            Exit status: 0 when the comparison ran (whatever it found), 65 when either rules directory or the \
            events do not load.
            """
    )

    @Argument(help: ArgumentHelp("The rules before the edit.", valueName: "old-dir"))
    var old: String

    @Argument(help: ArgumentHelp("The rules after the edit.", valueName: "new-dir"))
    var new: String

    @Option(help: ArgumentHelp("Events to compare on (JSON array or JSON Lines).", valueName: "file"))
    var events: String

    @Option(help: "Output format: table or json.")
    var format: PlanFormat = .table

    func run() throws {
        let oldRules = try RulesOptions.load(directory: old)
        let newRules = try RulesOptions.load(directory: new)
        guard let data = FileManager.default.contents(atPath: events) else {
            Console.error("error: \(events): cannot read the events file")
            throw ExitStatus.noInput
        }
        let parsed: [TerminationEvent]
        do {
            parsed = try TerminationEventParser.parseMany(json: String(decoding: data, as: UTF8.self), file: events)
        } catch let error as DiagnosticsError {
            error.diagnostics.forEach { Console.error($0.description) }
            Console.error("error: \(events): the events are invalid; nothing was compared")
            throw ExitStatus.dataError
        }
        let diff = PlanDiff(old: oldRules, new: newRules, events: parsed)
        Console.out(format == .json ? DiffRenderer.json(diff) : DiffRenderer.table(diff, old: old, new: new))
    }
}

enum DiffRenderer {
    /// `+4 days`, `-1 day`, `+1 h 30 min`.
    static func amount(_ seconds: Int64, old: PlannedObligation, new: PlannedObligation, zone: Zone) -> String {
        let sign = seconds < 0 ? "-" : "+"
        if case .date(let a)? = old.due, case .date(let b)? = new.due {
            let days = a.days(until: b)
            return "\(days < 0 ? "-" : "+")\(abs(days)) day\(abs(days) == 1 ? "" : "s")"
        }
        let magnitude = abs(seconds)
        let hours = magnitude / 3600, minutes = magnitude / 60 % 60
        return "\(sign)\(hours) h" + (minutes > 0 ? " \(minutes) min" : "")
    }

    static func due(_ item: PlannedObligation, zone: Zone) -> String {
        guard let at = item.dueAt, let date = item.dueDate else { return "none" }
        if case .date? = item.due { return "\(date)" }
        return at.rfc3339(in: zone)
    }

    static func table(_ diff: PlanDiff, old: String, new: String) -> String {
        var rows: [[String]] = [["EVENT", "RULE", "OLD", "NEW", "CHANGE"]]
        for event in diff.events {
            let zone = event.zone ?? .utc
            if let error = event.newError, event.oldError == nil {
                rows.append([event.eventId, "-", "planned", "fails", error])
            } else if let error = event.oldError, event.newError == nil {
                rows.append([event.eventId, "-", "failed: \(error)", "planned", "now plans"])
            }
            for change in event.changes {
                switch change {
                case let .moved(o, n, seconds):
                    let direction = seconds > 0 ? "later" : seconds < 0 ? "earlier" : "changed"
                    rows.append([event.eventId, n.ruleId, due(o, zone: zone), due(n, zone: zone),
                                 "\(amount(seconds, old: o, new: n, zone: zone)) (\(direction))"])
                case let .versionChanged(o, n):
                    rows.append([event.eventId, n.ruleId, "@\(o.version.effective)", "@\(n.version.effective)",
                                 "same date, version or citation changed"])
                case let .added(n):
                    rows.append([event.eventId, n.ruleId, "-", due(n, zone: zone), "added"])
                case let .removed(o):
                    rows.append([event.eventId, o.ruleId, due(o, zone: zone), "-", "removed"])
                }
            }
        }
        let summary = "\(diff.events.count) events: \(diff.movedLater) deadlines later, \(diff.movedEarlier) earlier, "
            + "\(diff.added) added, \(diff.removed) removed, \(diff.versionChanges) version/citation changes, "
            + "\(diff.newErrors) events now failing, \(diff.fixedErrors) now planning"
        if rows.count == 1 { return "rules diff \(old) → \(new)\n\nno deadline changes\n\n" + summary }
        return "rules diff \(old) → \(new)\n\n" + TextTable.render(rows) + "\n\n" + summary
    }

    static func json(_ diff: PlanDiff) -> String {
        let events: [JSONText] = diff.events.map { event in
            let zone = event.zone ?? .utc
            let changes: [JSONText] = event.changes.map { change in
                switch change {
                case let .moved(o, n, seconds):
                    return .object([("change", .string("moved")), ("rule", .string(n.ruleId)), ("old_due", .optional(o.dueAt?.rfc3339(in: zone))),
                                    ("new_due", .optional(n.dueAt?.rfc3339(in: zone))), ("seconds", .number(Int(seconds))),
                                    ("amount", .string(amount(seconds, old: o, new: n, zone: zone)))])
                case let .versionChanged(o, n):
                    return .object([("change", .string("version")), ("rule", .string(n.ruleId)), ("old_effective", .string("\(o.version.effective)")),
                                    ("new_effective", .string("\(n.version.effective)")), ("new_citation", .string(n.version.source.citation))])
                case let .added(n):
                    return .object([("change", .string("added")), ("rule", .string(n.ruleId)), ("new_due", .optional(n.dueAt?.rfc3339(in: zone)))])
                case let .removed(o):
                    return .object([("change", .string("removed")), ("rule", .string(o.ruleId)), ("old_due", .optional(o.dueAt?.rfc3339(in: zone)))])
                }
            }
            return .object([("event_id", .string(event.eventId)), ("old_error", .optional(event.oldError)), ("new_error", .optional(event.newError)),
                            ("unchanged", .number(event.unchanged)), ("changes", .array(changes))])
        }
        return JSONText.object([
            ("events", .array(events)),
            ("summary", .object([("later", .number(diff.movedLater)), ("earlier", .number(diff.movedEarlier)), ("added", .number(diff.added)),
                                 ("removed", .number(diff.removed)), ("version_changes", .number(diff.versionChanges)),
                                 ("now_failing", .number(diff.newErrors)), ("now_planning", .number(diff.fixedErrors))])),
        ]).rendered()
    }
}
