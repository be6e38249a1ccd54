import ArgumentParser
import Foundation
import OffboardCore
import OffboardRules

/// `offboard rules calendar XX`: the holidays a calendar produces, year by year.
struct RulesCalendarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar",
        abstract: "List the holidays (with observed days) a jurisdiction's calendar gives for some years.",
        discussion: "Each line: date, weekday, holiday name, '(observed)' when the day is a shifted observance. Use it to check a calendar against a published list."
    )

    @Argument(help: ArgumentHelp("A calendar id (US, CA, …).", valueName: "id"))
    var id: String

    @Option(help: "First year (default: 2026).")
    var from: Int = 2026

    @Option(help: "Last year (default: the first year).")
    var to: Int?

    @Flag(help: "Only holidays that fall on weekdays, i.e. the days that stop a business-day count.")
    var weekdaysOnly = false

    @Option(help: "Output format: table or csv.")
    var format: CalendarFormat = .table

    @OptionGroup var rules: RulesOptions

    func validate() throws {
        if let to, to < from { throw ValidationError("--to \(to) is before --from \(from)") }
        guard (1800...9999).contains(from) else { throw ValidationError("--from must be a year from 1800 to 9999") }
    }

    func run() throws {
        let set = try rules.load()
        guard let file = set.calendars[id] else {
            throw ValidationError("no calendar '\(id)'; known: \(set.calendars.keys.sorted().joined(separator: ", "))")
        }
        let calendar = file.calendar
        if format == .csv { Console.out("calendar,date,weekday,holiday,observed") }
        for year in from...(to ?? from) {
            for entry in calendar.observedHolidays(in: year) where !(weekdaysOnly && calendar.isWeekend(entry.date)) {
                let observed = entry.rule.nominalDate(forYear: entry.date.year) != entry.date
                    && entry.rule.nominalDate(forYear: entry.date.year + 1) != entry.date
                    && entry.rule.nominalDate(forYear: entry.date.year - 1) != entry.date
                switch format {
                case .table:
                    Console.out("\(entry.date)  \(entry.date.weekday.shortName)  \(entry.rule.name)\(observed ? " (observed)" : "")")
                case .csv:
                    Console.out("\(id),\(entry.date),\(entry.date.weekday.shortName),\(CSVField.quote(entry.rule.name)),\(observed)")
                }
            }
        }
    }
}

enum CalendarFormat: String, ExpressibleByArgument, CaseIterable {
    case table, csv
}

/// RFC 4180 quoting.
enum CSVField {
    static func quote(_ s: String) -> String {
        s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }
}
