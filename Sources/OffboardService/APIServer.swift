import Foundation
import GRDB
public import Hummingbird
public import Logging
import HTTPTypes
import NIOCore
import OffboardConnectors
public import OffboardCore
public import OffboardStore

/// The HTTP API `offboard run` serves (Hummingbird): signed termination events in, deadlines out, health and
/// metrics. Every write goes through ``IntakeQueue`` (the same `Intake` as the CLI) and wakes the scheduler.
public struct APIServer: Sendable {
    public struct Configuration: Sendable {
        public var host = "127.0.0.1"
        public var port = 8080
        /// The HMAC secret HRIS webhooks are signed with; without it the POST endpoints answer 503.
        public var intakeSecret: [UInt8]?
        /// The bearer token for `GET /v1/deadlines`; without it the endpoint answers 503.
        public var readToken: String?
        public var bodyLimit = 256 * 1024
        /// How far a signed timestamp may be from now, either way.
        public var replayWindow: Int64 = 300
        public init() {}
    }

    let configuration: Configuration
    let database: OffboardDatabase
    let queue: IntakeQueue
    let clock: any WallClock
    let wake: WakeSignal
    let metrics: ServiceMetrics

    public init(
        configuration: Configuration, database: OffboardDatabase, intake: Intake, clock: any WallClock, wake: WakeSignal,
        metrics: ServiceMetrics
    ) {
        self.configuration = configuration
        self.database = database
        self.queue = IntakeQueue(intake: intake)
        self.clock = clock
        self.wake = wake
        self.metrics = metrics
    }

    /// The Hummingbird application; `onRunning` gets the bound port (useful with port 0).
    public func application(logger: Logger, onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        let router = Router()
        router.post("/v1/terminations") { request, _ in try await terminate(request) }
        router.post("/v1/terminations/:employee/rescind") { request, context in
            try await rescind(request, employeeId: context.parameters.get("employee") ?? "")
        }
        router.get("/v1/deadlines") { request, _ in try deadlines(request) }
        router.get("/healthz") { _, _ in health() }
        router.get("/metrics") { _, _ in try metricsText() }
        return Application(
            router: router, configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "offboard"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? 0) }, logger: logger)
    }

    // MARK: POST /v1/terminations

    func terminate(_ request: Request) async throws -> Response {
        let body: [UInt8]
        switch try await signedBody(request) {
        case let .failure(problem): return problem.response
        case let .success(bytes): body = bytes
        }
        let event: TerminationEvent
        do {
            event = try TerminationEventParser.parse(json: String(decoding: body, as: UTF8.self), file: "request body")
        } catch let error as DiagnosticsError {
            metrics.eventReceived("invalid")
            return Problem.invalid(error.diagnostics).response
        }
        switch await queue.submit(Intake.Submission(event: event, source: "webhook", actor: "hris")) {
        case let .success(receipt):
            let duplicate = receipt.disposition == .duplicate
            metrics.eventReceived(duplicate ? "duplicate" : "accepted")
            if !duplicate { wake.signal() }
            return Self.json(duplicate ? .ok : .accepted, Self.summary(receipt))
        case let .failure(error as StoreError):
            metrics.eventReceived("conflict")
            return Problem(status: .conflict, title: "The event cannot be stored", detail: error.description).response
        case let .failure(error):
            metrics.eventReceived("invalid")
            return Problem(status: .unprocessableContent, title: "The rules cannot plan this event", detail: "\(error)").response
        }
    }

    /// The body, when the content type, size and signature are right; else the problem response (a bad or
    /// missing signature is audited, its body not stored).
    func signedBody(_ request: Request) async throws -> Result<[UInt8], ProblemResponse> {
        guard let secret = configuration.intakeSecret else {
            metrics.eventReceived("not_configured")
            return .failure(ProblemResponse(Problem(status: .serviceUnavailable, title: "Intake is not configured", detail: "set the intake secret").response))
        }
        let type = request.headers[.contentType]?.lowercased() ?? ""
        guard type == "application/json" || type.hasPrefix("application/json;") else {
            metrics.eventReceived("unsupported_media_type")
            return .failure(ProblemResponse(Problem(status: .unsupportedMediaType, title: "Expected application/json", detail: nil).response))
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: configuration.bodyLimit)
        } catch {
            metrics.eventReceived("too_large")
            return .failure(ProblemResponse(Problem(status: .contentTooLarge, title: "The body is larger than \(configuration.bodyLimit) bytes", detail: nil).response))
        }
        let body = Array(buffer.readableBytesView)
        let header = { (name: String) in HTTPField.Name(name).flatMap { request.headers[$0] } }
        let timestamp = header(WebhookSignature.timestampHeader) ?? ""
        let now = clock.now().secondsSinceEpoch
        var reason: String?
        if let seconds = Int64(timestamp) {
            if abs(now - seconds) > configuration.replayWindow { reason = "timestamp outside the \(configuration.replayWindow) s window" }
        } else {
            reason = "missing or malformed \(WebhookSignature.timestampHeader)"
        }
        if reason == nil, !WebhookSignature(secret: secret).isValid(header(WebhookSignature.signatureHeader) ?? "", timestamp: timestamp, body: body) {
            reason = "bad or missing \(WebhookSignature.signatureHeader)"
        }
        if let reason {
            metrics.eventReceived("unauthorized")
            try? database.write { db in
                _ = try AuditLog.append(
                    AuditRecord(actor: "http", employeeId: nil, subject: "intake", action: "intake.rejected", outcome: "unauthorized",
                                details: .object([("reason", .string(reason)), ("path", .string(request.uri.path))])),
                    at: clock.now(), in: db)
            }
            return .failure(ProblemResponse(Problem(status: .unauthorized, title: "The request is not signed correctly", detail: reason).response))
        }
        return .success(body)
    }

    // MARK: POST /v1/terminations/{employee_id}/rescind

    func rescind(_ request: Request, employeeId: String) async throws -> Response {
        let body: [UInt8]
        switch try await signedBody(request) {
        case let .failure(problem): return problem.response
        case let .success(bytes): body = bytes
        }
        let object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]
        guard let reason = object?["reason"] as? String, !reason.isEmpty else {
            return Problem.invalid([Diagnostic(at: SourceLocation(file: "request body", line: 1, column: 1), path: "reason", "required: why the termination was withdrawn")]).response
        }
        do {
            let result = try database.rescind(employeeId: employeeId, reason: reason, actor: "hris", clock: clock)
            wake.signal()
            return Self.json(.ok, .object([
                ("employee_id", .string(result.employeeId)), ("separation_id", .number(Int(result.separationId))), ("status", .string("rescinded")),
            ]))
        } catch let error as StoreError {
            return Problem(status: .notFound, title: "Nothing to rescind", detail: error.description).response
        }
    }

    // MARK: GET /v1/deadlines

    func deadlines(_ request: Request) throws -> Response {
        guard let token = configuration.readToken else {
            return Problem(status: .serviceUnavailable, title: "The read API is not configured", detail: "set the API token").response
        }
        let given = request.headers[.authorization] ?? ""
        guard given.hasPrefix("Bearer "), Self.constantTimeEqual(Array(given.dropFirst(7).utf8), Array(token.utf8)) else {
            return Problem(status: .unauthorized, title: "A bearer token is required", detail: nil).response
        }
        let parameters = request.uri.queryParameters
        let now = clock.now()
        var query = DeadlineQuery()
        if let state = parameters.get("state") { query.jurisdictions = state.split(separator: ",").map { $0.uppercased() } }
        if let kind = parameters.get("kind") { query.kinds = kind.split(separator: ",").map(String.init) }
        if let status = parameters.get("status") {
            let list = status.split(separator: ",").map(String.init)
            if let unknown = list.first(where: { $0 != "all" && !DeadlineQuery.allStatuses.contains($0) }) {
                return Problem.invalid([Diagnostic(at: SourceLocation(file: "query", line: 1, column: 1), path: "status", "unknown status '\(unknown)'")]).response
            }
            query.statuses = list.contains("all") ? [] : list
        }
        guard let zone = Zone(identifier: parameters.get("tz") ?? "UTC") else {
            return Problem.invalid([Diagnostic(at: SourceLocation(file: "query", line: 1, column: 1), path: "tz", "unknown time zone")]).response
        }
        switch parameters.get("due") {
        case nil: break
        case "this-week":
            (_, query.from, query.until) = zone.week(containing: now)
        case "overdue":
            query.until = now
        case let other?:
            return Problem.invalid([Diagnostic(at: SourceLocation(file: "query", line: 1, column: 1), path: "due", "expected this-week or overdue, found '\(other)'")]).response
        }
        for (name, endOfDay) in [("from", false), ("to", true)] {
            guard let text = parameters.get(name) else { continue }
            let instant = Instant(rfc3339: text) ?? CivilDate(parsing: text).map { Zone(identifier: "UTC")!.instant(at: endOfDay ? $0.adding(days: 1) : $0, secondOfDay: 0) }
            guard let instant else {
                return Problem.invalid([Diagnostic(at: SourceLocation(file: "query", line: 1, column: 1), path: name, "expected a date (2025-03-01) or an RFC 3339 instant")]).response
            }
            if name == "from" { query.from = instant } else { query.until = instant }
        }
        var bytes: [UInt8] = []
        try database.read { db in
            try DeadlinesJSON.streamJSON(query: query, now: now, rows: { try query.forEach(db, $0) }, write: { bytes.append(contentsOf: $0) })
        }
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    // MARK: health and metrics

    func health() -> Response {
        do {
            _ = try database.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM sqlite_master") }
            return Self.json(.ok, .object([("status", .string("ok"))]))
        } catch {
            return Self.json(.serviceUnavailable, .object([("status", .string("store unreachable"))]))
        }
    }

    func metricsText() throws -> Response {
        let now = clock.now().secondsSinceEpoch
        let (pending, overdue, open) = try database.read { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM actions WHERE status IN ('pending', 'running', 'blocked')") ?? 0,
             try Int.fetchOne(db, sql: "SELECT count(*) FROM obligations WHERE status = 'pending' AND due_at < ?", arguments: [now]) ?? 0,
             try Int.fetchOne(db, sql: "SELECT count(*) FROM escalations WHERE acknowledged_at IS NULL") ?? 0)
        }
        let text = metrics.render(pendingActions: pending, overdueObligations: overdue, openEscalations: open)
        return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    // MARK: helpers

    static func summary(_ receipt: Intake.Receipt) -> JSONText {
        .object([
            ("event_id", .string(receipt.eventId)), ("employee_id", .string(receipt.employeeId)),
            ("separation_id", .number(Int(receipt.separationId))),
            // What the event planned, without statuses (which change as work is done), so a replay gets the same body.
            ("obligations", .array(receipt.obligations.filter { $0.status != "superseded" && $0.eventId == receipt.eventId }.map { o in
                .object([
                    ("id", .number(Int(o.id))), ("kind", .string(o.kind)), ("rule", .string(o.ruleId)), ("effective", .string(o.ruleVersion)),
                    ("citation", .string(o.citation)), ("actor", .string(o.actor)), ("due", .optional(o.dueAt?.description)),
                    ("due_local", .optional(o.dueLocal)),
                ])
            })),
        ])
    }

    static func json(_ status: HTTPResponse.Status, _ value: JSONText) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: value.compact)))
    }

    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for i in 0..<a.count { difference |= a[i] ^ b[i] }
        return difference == 0
    }
}

/// A response that is an error, carried through `Result`.
struct ProblemResponse: Error {
    var response: Response
    init(_ response: Response) { self.response = response }
}
