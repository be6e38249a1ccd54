import ArgumentParser
import Foundation
import OffboardCore
import OffboardRules
import OffboardStore

/// `offboard demo`: a first look. Plans the bundled sample events, then imports the bundled sample export
/// (moved into the current week) into a demo database and lists this week's deadlines from it.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "A first look: plan the sample events, import the sample export, list this week's deadlines.",
        discussion: """
            Uses the bundled rules, sample events and sample CSV. The demo database (default ./offboard-demo.db) \
            is an ordinary store: explore it afterwards with --database offboard-demo.db.
            """
    )

    @Option(help: ArgumentHelp("The demo store.", valueName: "path"))
    var database = "offboard-demo.db"

    @Flag(help: "Only plan the sample events; do not touch a database.")
    var planOnly = false

    @OptionGroup var zoneOption: ZoneOption
    @OptionGroup var rules: RulesOptions

    func run() async throws {
        let ruleSet = try rules.load()
        let samples = try BundledFiles.sampleEvents()
        for (index, sample) in samples.enumerated() {
            let event: TerminationEvent
            do {
                event = try TerminationEventParser.parse(json: sample.text, file: "samples/\(sample.name)")
            } catch {
                Console.error("\(error)")
                throw ExitStatus.dataError
            }
            if index > 0 { Console.out("") }
            Console.out("== samples/\(sample.name)")
            Console.out(PlanRenderer.table(try PlanCommand.plan(event, rules: ruleSet)))
        }
        guard !planOnly else { return }

        // The sample HRIS export, moved into this week, stored through the normal intake path.
        let zone = try zoneOption.zone()
        let clock = SystemWallClock()
        let now = clock.now()
        let monday = zone.week(containing: now).monday
        let sample = try BundledFiles.sampleImport()
        let text = SampleRebase.rebase(sample.text, toWeekOf: monday)
        var parser = CSVParser()
        var records: [CSVParser.Record] = []
        parser.feed(Array(text.utf8)) { records.append($0) }
        parser.finish { records.append($0) }
        let reader = try CSVEventReader(header: records[0], file: sample.name)
        let events = try records.dropFirst().map { try reader.event(from: $0) }
        let store: OffboardDatabase
        do { store = try OffboardDatabase(path: database) } catch let error as StoreError {
            Console.error("error: \(error.message)")
            throw ExitStatus.noInput
        }
        let intake = Intake(database: store, rules: ruleSet, clock: clock)
        let receipts = try IntakeErrors.report(eventId: events.first?.eventId ?? "-") {
            try intake.submit(batch: events.map { .init(event: $0, source: "demo:\(sample.name)") }, details: false)
        }
        let planned = receipts.filter { $0.disposition != .duplicate }.count
        Console.out("")
        Console.out("== \(sample.name), moved to the week of \(monday): \(events.count) events, \(planned) newly stored in \(database)")
        let query = DeadlineQuery(
            from: zone.instant(at: monday, secondOfDay: 0), until: zone.instant(at: monday.adding(days: 7), secondOfDay: 0))
        let items = try store.read { try query.fetch($0) }
        Console.out("")
        Console.out("Deadlines due this week (\(zone.identifier)):")
        Console.out(DeadlineRenderer.table(items, now: now))
        // The scheduler, once: everything already due fires now through the bundled playbook's log connector.
        Console.out("")
        Console.out("The scheduler, once (bundled playbook, log connector: each line is what would be done):")
        let scheduler = try RunCommand.parse(["--once", "--database", database] + (rules.directory.map { ["--rules", $0] } ?? []))
        try await scheduler.run()
        Console.out("""

            Next: offboard simulate --database \(database) --until \(monday.adding(days: 13))
                  offboard run --database \(database)          (keeps running: fires the rest as it comes due)
                  offboard show E-4001 --database \(database)
                  offboard audit verify --database \(database)
            """)
    }
}
