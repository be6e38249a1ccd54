import ArgumentParser
import OffboardCore
import OffboardStore

/// `offboard audit …`: what auditors run.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Show, verify and export the hash-chained audit log.",
        subcommands: [AuditShowCommand.self, AuditVerifyCommand.self, AuditExportCommand.self]
    )
}

struct AuditShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "List audit entries.")

    @Option(help: ArgumentHelp("Only this employee's entries.", valueName: "id"))
    var employee: String?

    @Option(help: ArgumentHelp("Only entries at or after this instant (RFC 3339) or date (YYYY-MM-DD, UTC).", valueName: "when"))
    var since: String?

    @Option(help: "Output format: table, json or csv.")
    var format: AuditFormat = .table

    @OptionGroup var store: StoreOptions

    func run() throws {
        var from: Instant?
        if let since {
            guard let instant = Instant(rfc3339: since) ?? CivilDate(parsing: since).map({ Zone.utc.instant(at: $0, secondOfDay: 0) }) else {
                throw ValidationError("--since: expected an RFC 3339 instant or a date (YYYY-MM-DD), found '\(since)'")
            }
            from = instant
        }
        let database = try store.open()
        let entries = try database.read { try AuditLog.entries(employeeId: employee, since: from, in: $0) }
        switch format {
        case .table: Console.out(AuditRenderer.table(entries))
        case .json: Console.out(JSONText.array(entries.map(AuditRenderer.json)).rendered())
        case .csv: Console.out(AuditRenderer.csv(entries), terminator: "")
        }
    }
}

struct AuditVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Walk the hash chain; fail naming the first entry edited, deleted or reordered by hand.",
        discussion: """
            Exit status: 0 intact, 1 broken (the first broken sequence number is named), 66 unreadable database. \
            The head hash printed on success can be recorded elsewhere: a later run whose chain no longer reaches \
            it shows that the tail was cut off.
            """
    )

    @OptionGroup var store: StoreOptions

    func run() throws {
        let database = try store.open()
        let result = try database.read { try AuditLog.verify($0) }
        if result.isIntact {
            Console.out("audit log intact: \(result.count) entries; head \(result.headHash)")
            return
        }
        for problem in result.problems { Console.error("error: \(problem)") }
        if let first = result.problems.first(where: { $0.seq != nil })?.seq {
            Console.error("error: the audit chain is broken at sequence \(first)")
        } else {
            Console.error("error: the audit log is not protected")
        }
        throw ExitStatus.verificationFailed
    }
}

struct AuditExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "The evidence pack for one employee: separations, obligations with citations, and audit entries with hashes."
    )

    @Option(help: ArgumentHelp("The employee id.", valueName: "id"))
    var employee: String

    @Option(help: "Output format: json or csv (csv: the audit entries only).")
    var format: ExportFormat = .json

    @OptionGroup var store: StoreOptions

    func run() throws {
        let now = try store.clock().now()
        let database = try store.open()
        let (timeline, verification) = try database.read { db in
            (try SeparationTimeline.fetch(employeeId: employee, in: db), try AuditLog.verify(db))
        }
        guard let timeline else {
            Console.error("error: employee \(employee): no separation in \(store.resolvedPath)")
            throw ExitStatus.dataError
        }
        switch format {
        case .csv: Console.out(AuditRenderer.csv(timeline.audit), terminator: "")
        case .json:
            guard case let .object(members) = TimelineRenderer.json(timeline) else { return }
            Console.out(JSONText.object([
                ("generated_at", .string(now.description)),
                ("chain", .object([
                    ("intact", .bool(verification.isIntact)), ("entries", .number(verification.count)),
                    ("head_hash", .string(verification.headHash)),
                    ("problems", .array(verification.problems.map { .string($0.description) })),
                ])),
            ] + members).rendered())
        }
    }
}

enum AuditFormat: String, ExpressibleByArgument, CaseIterable { case table, json, csv }
enum ExportFormat: String, ExpressibleByArgument, CaseIterable { case json, csv }
