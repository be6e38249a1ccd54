import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import OffboardConnectors
import OffboardTesting
import Testing

/// `offboard run --listen` (the real binary) on a free port, with an intake secret and a read token.
struct APIService {
    static let secret = "intake-test-secret"
    static let token = "read-test-token"
    let dir: StoreDirectory
    let server: LocalServer
    var base: String { "http://127.0.0.1:\(server.port)" }

    init() throws {
        dir = try StoreDirectory()
        server = try LocalServer(
            [OffboardProcess.binary.path, "run", "--listen", "127.0.0.1:{port}", "--database", dir.database],
            environment: ["OFFBOARD_INTAKE_SECRET": Self.secret, "OFFBOARD_API_TOKEN": Self.token],
            log: dir.url.appendingPathComponent("run.log"))
    }

    func stop() {
        server.stop()
        dir.remove()
    }

    /// POSTs `body`, signed with `secret` at `timestamp` (now by default).
    func post(_ path: String, _ body: String, secret: String = APIService.secret, timestamp: Int64? = nil, contentType: String = "application/json", signature: String? = nil) async throws -> (status: Int, body: String) {
        let ts = timestamp ?? Int64(Date().timeIntervalSince1970)
        var request = HTTPClientRequest(url: base + path)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: contentType)
        request.headers.add(name: WebhookSignature.timestampHeader, value: String(ts))
        request.headers.add(
            name: WebhookSignature.signatureHeader,
            value: signature ?? WebhookSignature(secret: Array(secret.utf8)).sign(timestamp: ts, body: Array(body.utf8)))
        request.body = .bytes(ByteBuffer(string: body))
        return try await send(request)
    }

    func get(_ path: String, token: String? = APIService.token) async throws -> (status: Int, body: String) {
        var request = HTTPClientRequest(url: base + path)
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        return try await send(request)
    }

    func send(_ request: HTTPClientRequest) async throws -> (status: Int, body: String) {
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 16 << 20)
        return (Int(response.status.code), String(buffer: bytes))
    }

    func count(_ table: String) throws -> String { try dir.sqlite("SELECT count(*) FROM \(table)") }
}

private let event = (try? String(contentsOfFile: caEvent, encoding: .utf8)) ?? ""

@Suite("The HTTP API of offboard run, over real HTTP on 127.0.0.1", .serialized)
struct HTTPAPITests {
    @Test("50 concurrent identical deliveries: stored once, one 202 and 49 replays (200) with the same body")
    func burst() async throws {
        try await offPool {
            let api = try APIService()
            defer { api.stop() }
            let results = try await withThrowingTaskGroup(of: (status: Int, body: String).self) { group in
                for _ in 0..<50 { group.addTask { try await api.post("/v1/terminations", event) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(results.filter { $0.status == 202 }.count == 1)
            #expect(results.filter { $0.status == 200 }.count == 49)
            #expect(Set(results.map(\.body)).count == 1, "every answer carries the same plan summary")
            let summary = try JSONSerialization.jsonObject(with: Data(results[0].body.utf8)) as? [String: Any]
            #expect(summary?["event_id"] as? String == "sample-ca-0001")
            #expect(((summary?["obligations"] as? [[String: Any]]) ?? []).contains { $0["rule"] as? String == "CA/final-pay.discharge" })
            #expect(try api.count("events") == "1")
            #expect(try api.count("separations") == "1")
            #expect(try api.dir.run(["audit", "verify"]).status == 0)
        }
    }

    @Test("Each bad request gets its documented status and changes nothing in the store")
    func rejects() async throws {
        try await offPool {
            let api = try APIService()
            defer { api.stop() }
            let now = Int64(Date().timeIntervalSince1970)
            let missing = event.replacingOccurrences(of: #""id": "E-1001", "work_state": "CA""#, with: #""id": "E-1001""#)
            let wrongType = event.replacingOccurrences(of: #""group_health_plan": true"#, with: #""group_health_plan": "yes""#)
            let cases: [(String, Int, () async throws -> (status: Int, body: String))] = [
                ("bad signature", 401, { try await api.post("/v1/terminations", event, secret: "wrong") }),
                ("no signature", 401, { try await api.post("/v1/terminations", event, signature: "") }),
                ("stale timestamp", 401, { try await api.post("/v1/terminations", event, timestamp: now - 600) }),
                ("future timestamp", 401, { try await api.post("/v1/terminations", event, timestamp: now + 600) }),
                ("malformed JSON", 400, { try await api.post("/v1/terminations", "{\"event_id\": ") }),
                ("missing field", 400, { try await api.post("/v1/terminations", missing) }),
                ("wrong type", 400, { try await api.post("/v1/terminations", wrongType) }),
                ("oversized body", 413, { try await api.post("/v1/terminations", String(repeating: " ", count: 300_000) + event) }),
                ("wrong content type", 415, { try await api.post("/v1/terminations", event, contentType: "text/plain") }),
            ]
            for (name, expected, send) in cases {
                let (status, body) = try await send()
                #expect(status == expected, "\(name): \(status) \(body)")
                if status >= 400 { #expect(body.contains("\"status\":\(expected)"), "\(name): an RFC 9457 problem document") }
            }
            #expect(try api.count("events") == "0")
            #expect(try api.count("obligations") == "0")
            #expect(try api.dir.sqlite("SELECT count(*) FROM audit WHERE action = 'intake.rejected'") == "4")
            #expect(try api.dir.sqlite("SELECT count(*) FROM audit WHERE details LIKE '%E-1001%'") == "0", "a rejected body is not stored")
        }
    }

    @Test("A 400 lists every field error by path")
    func fieldErrors() async throws {
        try await offPool {
            let api = try APIService()
            defer { api.stop() }
            let bad = event.replacingOccurrences(of: #""type": "involuntary""#, with: #""type": "fired""#)
                .replacingOccurrences(of: #""effective_at": "2025-01-31T16:00:00-08:00""#, with: #""effective_at": "yesterday""#)
            let (status, body) = try await api.post("/v1/terminations", bad)
            #expect(status == 400)
            let problem = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
            let paths = Set(((problem?["errors"] as? [[String: Any]]) ?? []).compactMap { $0["path"] as? String })
            #expect(paths == ["separation.type", "separation.effective_at"], "\(body)")
        }
    }

    @Test("Rescind, deadlines with a bearer token, health and metrics")
    func readAndRescind() async throws {
        try await offPool {
            let api = try APIService()
            defer { api.stop() }
            #expect(try await api.post("/v1/terminations", event).status == 202)
            #expect(try await api.get("/v1/deadlines?due=overdue", token: nil).status == 401)
            #expect(try await api.get("/v1/deadlines?due=overdue", token: "wrong").status == 401)
            let (status, body) = try await api.get("/v1/deadlines?state=CA&kind=final_pay&status=all")
            #expect(status == 200)
            let served = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
            let cli = try api.dir.run(["deadlines", "--state", "CA", "--kind", "final_pay", "--status", "all", "--format", "json"], now: nil)
            let printed = try JSONSerialization.jsonObject(with: Data(cli.stdout.utf8)) as? [String: Any]
            let ids = { (doc: [String: Any]?) in ((doc?["deadlines"] as? [[String: Any]]) ?? []).compactMap { $0["id"] as? Int } }
            #expect(!ids(served).isEmpty && ids(served) == ids(printed), "the same query and JSON as offboard deadlines")
            #expect(try await api.get("/v1/deadlines?due=this-week&tz=America/Los_Angeles").status == 200)
            #expect(try await api.get("/v1/deadlines?due=this-week&tz=Mars/Olympus").status == 400, "an unknown zone is an error, not UTC")
            #expect(try await api.get("/healthz", token: nil) == (200, #"{"status":"ok"}"#))
            let metrics = try await api.get("/metrics", token: nil).body
            #expect(metrics.contains(#"offboard_events_received_total{outcome="accepted"} 1"#))
            #expect(metrics.contains("offboard_escalations_open "))
            #expect(metrics.contains("offboard_fire_lateness_seconds_bucket{le=\"+Inf\"}"))
            let rescinded = try await api.post("/v1/terminations/E-1001/rescind", #"{"reason":"TICKET-42"}"#)
            #expect(rescinded.status == 200)
            #expect(try api.dir.sqlite("SELECT status FROM separations") == "rescinded")
            #expect(try await api.post("/v1/terminations/E-1001/rescind", #"{"reason":"again"}"#).status == 404)
            #expect(try await api.post("/v1/terminations/E-1001/rescind", #"{"reason":"x"}"#, secret: "wrong").status == 401)
        }
    }
}
