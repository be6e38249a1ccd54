import ArgumentParser
import Foundation
import OffboardCore
import OffboardRules
import OffboardStore

/// `offboard import FILE.csv`: bulk intake of an HRIS export.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import termination events from a CSV export (validated in full first, then stored in batches).",
        discussion: """
            The header names the event field each column fills (see the README for the columns); --column renames \
            an export's own headers. The file is read twice, streamed: first every row is validated and planned \
            (a bad row is reported as FILE.csv:LINE: error: field: reason and nothing is stored), then rows are \
            stored in batched transactions. Each event is stored whole or not at all; an interrupted import is \
            resumed by running it again (events already stored are skipped by event_id).
            Exit status: 0 imported (or valid, with --dry-run), 65 bad rows, 66 unreadable file or database.
            """
    )

    @Argument(help: ArgumentHelp("The CSV file.", valueName: "file.csv"))
    var file: String

    @Flag(help: "Validate and plan every row; store nothing.")
    var dryRun = false

    @Option(help: ArgumentHelp("Rename a header: 'Termination Date=separation.effective_at' (repeatable).", valueName: "header=field"))
    var column: [String] = []

    @Option(help: "Events per transaction.")
    var batchSize = 500

    @OptionGroup var store: StoreOptions
    @OptionGroup var rules: RulesOptions

    func validate() throws {
        guard batchSize >= 1 && batchSize <= 100_000 else { throw ValidationError("--batch-size must be 1…100000") }
        for c in column where !c.contains("=") { throw ValidationError("--column: expected HEADER=field, found '\(c)'") }
    }

    func run() throws {
        guard FileManager.default.isReadableFile(atPath: file) else {
            Console.error("error: \(file): cannot read the CSV file")
            throw ExitStatus.noInput
        }
        let ruleSet = try rules.load()
        var renames: [String: String] = [:]
        for c in column {
            let parts = c.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            renames[parts[0]] = parts[1]
        }
        let database: OffboardDatabase? = dryRun && !FileManager.default.fileExists(atPath: store.resolvedPath) ? nil : try store.open()
        let clock = try store.clock()
        let evaluator = RuleEvaluator(rules: ruleSet)
        let progress = Progress(label: "checking", totalBytes: fileSize)

        // Pass 1: validate and plan every row, storing nothing.
        var rows = 0, bad = 0, alreadyStored = 0
        var seen = Set<String>()
        let validate = { (check: (TerminationEvent) throws -> Bool) throws in
            try CSVRows.read(path: file, renames: renames, progress: progress) { line, record in
                rows += 1
                do {
                    let event = try record.get()
                    guard seen.insert(event.eventId).inserted else {
                        throw DiagnosticsError([Diagnostic(
                            at: SourceLocation(file: file, line: line), path: "event_id",
                            "event_id \(event.eventId) appears more than once in the file")])
                    }
                    if try check(event) { alreadyStored += 1 }
                } catch {
                    bad += 1
                    report(error, line: line, count: bad)
                }
            }
        }
        do {
            if let database {
                try Intake(database: database, rules: ruleSet, clock: clock).validating { validator in
                    try validate { try validator.check($0) }
                }
            } else {
                try validate { event in _ = try evaluator.plan(event); return false }
            }
        } catch let error as DiagnosticsError {
            error.diagnostics.forEach { Console.error($0.description) }
            Console.error("error: \(file): the header is invalid; nothing was stored")
            throw ExitStatus.dataError
        }
        progress.finish()
        if bad > 0 {
            if bad > Self.shownErrors { Console.error("… and \(bad - Self.shownErrors) more bad rows") }
            Console.error("error: \(file): \(bad) of \(rows) rows are invalid; nothing was stored")
            throw ExitStatus.dataError
        }
        if dryRun {
            Console.out("\(file): \(rows) rows valid (\(alreadyStored) already stored); nothing stored (dry run)")
            return
        }
        guard let database else { return }

        // Pass 2: store in batches, each batch one transaction.
        let intake = Intake(database: database, rules: ruleSet, clock: clock)
        let storing = Progress(label: "importing", totalBytes: fileSize)
        var batch: [Intake.Submission] = []
        var counts: [Intake.Disposition: Int] = [:]
        var obligations = 0
        func flush() throws {
            guard !batch.isEmpty else { return }
            let receipts = try IntakeErrors.report(eventId: batch[0].event.eventId) { try intake.submit(batch: batch) }
            for r in receipts {
                counts[r.disposition, default: 0] += 1
                if r.disposition != .duplicate { obligations += r.obligations.filter { $0.status == "pending" || $0.status == "no_deadline" }.count }
            }
            batch.removeAll(keepingCapacity: true)
        }
        try CSVRows.read(path: file, renames: renames, progress: storing) { line, record in
            batch.append(.init(event: try record.get(), source: "import:\(file):\(line)"))
            if batch.count >= batchSize { try flush() }
        }
        try flush()
        storing.finish()
        Console.out("\(file): \(rows) events: \(counts[.planned] ?? 0) planned, \(counts[.superseded] ?? 0) superseded, "
            + "\(counts[.duplicate] ?? 0) already stored; \(obligations) obligations stored")
    }

    static let shownErrors = 50

    func report(_ error: any Error, line: Int, count: Int) {
        guard count <= Self.shownErrors else { return }
        switch error {
        case let e as DiagnosticsError: e.diagnostics.forEach { Console.error($0.description) }
        case let e as RuleEvaluationError:
            Console.error("\(file):\(line): error: \(e.ruleId): \(e.message)")
        case let e as StoreError: Console.error("\(file):\(line): error: event_id: \(e.message)")
        default: Console.error("\(file):\(line): error: \(error)")
        }
    }

    var fileSize: Int64 {
        ((try? FileManager.default.attributesOfItem(atPath: file)[.size]) as? NSNumber)?.int64Value ?? 0
    }
}
