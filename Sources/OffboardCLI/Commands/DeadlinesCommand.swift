import ArgumentParser
import Foundation
import OffboardCore
import OffboardService
import OffboardStore

/// `offboard deadlines`: what is due, for HR.
struct DeadlinesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deadlines",
        abstract: "List stored deadlines: this week, within a span, overdue, or in a date range.",
        discussion: """
            With no window, every pending deadline. Due times show in the worksite's zone; week and day boundaries \
            are read in --tz. Formats: table (with "in 2 days" / "OVERDUE 5h"), json, csv, ics (an RFC 5545 \
            calendar HR can subscribe to).
            """
    )

    @Flag(help: "Due Monday to Sunday of the current week (in --tz).")
    var dueThisWeek = false

    @Option(help: ArgumentHelp("Due from now until now + SPAN (90m, 36h, 7d, 2w).", valueName: "span"))
    var dueWithin: String?

    @Flag(help: "Pending and past due.")
    var overdue = false

    @Option(help: ArgumentHelp("Due on or after this date (YYYY-MM-DD in --tz) or instant (RFC 3339).", valueName: "date"))
    var from: String?

    @Option(help: ArgumentHelp("Due on or before this date (YYYY-MM-DD in --tz, inclusive) or before this instant.", valueName: "date"))
    var to: String?

    @Option(help: ArgumentHelp("Only these jurisdictions (repeat or comma-separate: CA,NY).", valueName: "code"))
    var state: [String] = []

    @Option(help: ArgumentHelp("Only this employee.", valueName: "id"))
    var employee: String?

    @Option(help: ArgumentHelp("Only these obligation kinds (final_pay, cobra_employer_notice, …).", valueName: "kind"))
    var kind: [String] = []

    @Option(help: ArgumentHelp(
        "Only these statuses: pending (default), completed, superseded, cancelled, no_deadline, or all.", valueName: "status"))
    var status: [String] = []

    @Option(help: "Output format: table, json, csv or ics.")
    var format: DeadlineFormat = .table

    @OptionGroup var zoneOption: ZoneOption
    @OptionGroup var store: StoreOptions

    func validate() throws {
        let windows = [dueThisWeek, dueWithin != nil, overdue, from != nil || to != nil].filter { $0 }.count
        if windows > 1 { throw ValidationError("choose one window: --due-this-week, --due-within, --overdue, or --from/--to") }
        for s in statuses where !DeadlineQuery.allStatuses.contains(s) {
            throw ValidationError("--status: unknown status '\(s)'; expected one of \(DeadlineQuery.allStatuses.joined(separator: ", ")), all")
        }
    }

    var statuses: [String] {
        let list = status.flatMap { $0.split(separator: ",").map(String.init) }
        if list.contains("all") { return [] }
        return list.isEmpty ? ["pending"] : list
    }

    func run() throws {
        let zone = try zoneOption.zone()
        let now = try store.clock().now()
        var query = DeadlineQuery(
            statuses: statuses, jurisdictions: state.flatMap { $0.split(separator: ",").map { $0.uppercased() } },
            kinds: kind.flatMap { $0.split(separator: ",").map(String.init) }, employeeId: employee)
        if dueThisWeek {
            (_, query.from, query.until) = zone.week(containing: now)
        } else if let dueWithin {
            guard let seconds = Durations.seconds(dueWithin) else {
                throw ValidationError("--due-within: expected a span like 90m, 36h, 7d or 2w, found '\(dueWithin)'")
            }
            query.from = now
            query.until = now.adding(seconds: seconds)
        } else if overdue {
            query.until = now
            query.statuses = ["pending"]
        } else {
            if let from { query.from = try Self.bound(from, zone: zone, option: "--from", endOfDay: false) }
            if let to { query.until = try Self.bound(to, zone: zone, option: "--to", endOfDay: true) }
        }
        let database = try store.open()
        if format == .json {
            try database.read { db in
                try DeadlinesJSON.streamJSON(query: query, now: now, rows: { try query.forEach(db, $0) }, write: Console.write)
            }
            return
        }
        let items = try database.read { try query.fetch($0) }
        switch format {
        case .table: Console.out(DeadlineRenderer.table(items, now: now))
        case .json: break
        case .csv: Console.out(DeadlineRenderer.csv(items), terminator: "")
        case .ics: Console.out(DeadlineRenderer.ics(items, now: now), terminator: "")
        }
    }

    /// A date means the start of that day (`--from`) or the start of the next day (`--to`, inclusive).
    static func bound(_ text: String, zone: Zone, option: String, endOfDay: Bool) throws -> Instant {
        if let instant = Instant(rfc3339: text) { return instant }
        guard let date = CivilDate(parsing: text) else {
            throw ValidationError("\(option): expected a date (YYYY-MM-DD) or an RFC 3339 instant, found '\(text)'")
        }
        return zone.instant(at: endOfDay ? date.adding(days: 1) : date, secondOfDay: 0)
    }
}

enum DeadlineFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv, ics
}
