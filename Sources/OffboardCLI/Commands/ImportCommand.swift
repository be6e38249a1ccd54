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
    var batchSize = 1000

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

        // Pass 1: validate and plan every row, storing nothing. Planning runs on every core, in chunks.
        var rows = 0, bad = 0, alreadyStored = 0
        var seen = Set<String>()
        let validate = { (isStored: (TerminationEvent) throws -> Bool) throws in
            var chunk: [(Int, Result<TerminationEvent, any Error>)] = []
            func check() {
                let plans = parallelMap(chunk) { item -> (any Error)? in
                    guard case let .success(event) = item.1 else { return nil }
                    do { _ = try evaluator.plan(event, explain: false); return nil } catch { return error }
                }
                for ((line, record), planError) in zip(chunk, plans) {
                    rows += 1
                    do {
                        let event = try record.get()
                        if let planError { throw planError }
                        guard seen.insert(event.eventId).inserted else {
                            throw DiagnosticsError([Diagnostic(
                                at: SourceLocation(file: file, line: line), path: "event_id",
                                "event_id \(event.eventId) appears more than once in the file")])
                        }
                        if try isStored(event) { alreadyStored += 1 }
                    } catch {
                        bad += 1
                        report(error, line: line, count: bad)
                    }
                }
                chunk.removeAll(keepingCapacity: true)
            }
            try CSVRows.read(path: file, renames: renames, progress: progress) { line, record in
                chunk.append((line, record))
                if chunk.count >= 2048 { check() }
            }
            check()
        }
        do {
            if let database {
                try Intake(database: database, rules: ruleSet, clock: clock).validating { validator in
                    try validate { try validator.isStored($0) }
                }
            } else {
                try validate { _ in false }
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

        // Pass 2: store in batches, each batch one transaction. A producer thread reads and plans the next
        // batches while this thread writes.
        let intake = Intake(database: database, rules: ruleSet, clock: clock)
        let storing = Progress(label: "importing", totalBytes: fileSize)
        let handoff = Handoff<[PreparedSubmission]>(capacity: 4)
        let producerError = ErrorBox()
        let (path, size, renameMap) = (file, batchSize, renames)
        let producer = Thread {
            var batch: [PreparedSubmission] = []
            do {
                try CSVRows.read(path: path, renames: renameMap, progress: storing) { line, record in
                    batch.append(intake.prepare(.init(event: try record.get(), source: "import:\(path):\(line)")))
                    if batch.count >= size {
                        handoff.put(batch)
                        batch.removeAll(keepingCapacity: true)
                    }
                }
                if !batch.isEmpty { handoff.put(batch) }
            } catch {
                producerError.error = error
            }
            handoff.put(nil)
        }
        producer.start()
        var counts: [Intake.Disposition: Int] = [:]
        var obligations = 0
        var writeError: (any Error)?
        while let batch = handoff.take() {
            guard writeError == nil else { continue }  // drain so the producer can finish
            do {
                let receipts = try IntakeErrors.report(eventId: batch[0].submission.event.eventId) {
                    try intake.submit(prepared: batch, details: false)
                }
                for r in receipts {
                    counts[r.disposition, default: 0] += 1
                    obligations += r.planned
                }
            } catch {
                writeError = error
            }
        }
        if let writeError { throw writeError }
        if let error = producerError.error { throw error }
        storing.finish()
        Console.out("\(file): \(rows) events: \(counts[.planned] ?? 0) planned, \(counts[.superseded] ?? 0) superseded, "
            + "\(counts[.duplicate] ?? 0) already stored; \(obligations) obligations stored")
    }

    static let shownErrors = 50

    final class ErrorBox: @unchecked Sendable {
        var error: (any Error)?
    }

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
