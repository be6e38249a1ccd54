import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import OffboardConnectors
import OffboardTesting

/// HTTP intake under load: `offboard run --listen` in its own process, this process sending N distinct signed
/// events over loopback with `concurrency` in flight. A 202 means the event is committed to disk (fsync per
/// commit, group commit across concurrent requests). Reports events/s and latency percentiles.
struct IntakeBench {
    let bench: Bench
    var options: BenchOptions { bench.options }
    static let secret = "bench-intake-secret"

    func run() async throws {
        let dir = bench.work.appendingPathComponent("intake")
        try? FileManager.default.removeItem(at: dir)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let db = dir.appendingPathComponent("offboard.db").path
        // A playbook with no actions: this measures intake, not the scheduler.
        let playbook = dir.appendingPathComponent("offboard.yaml").path
        try "schema: offboard-playbook/1\nconnectors:\n  log: { type: log }\nescalation: { connector: log, targets: [bench] }\nactions: []\n"
            .write(toFile: playbook, atomically: true, encoding: .utf8)
        let server = try LocalServer(
            [options.offboard, "run", "--listen", "127.0.0.1:{port}", "--database", db, "--playbook", playbook],
            environment: ["OFFBOARD_INTAKE_SECRET": Self.secret], log: dir.appendingPathComponent("run.log"))
        defer { server.stop() }
        let url = "http://127.0.0.1:\(server.port)/v1/terminations"
        let signature = WebhookSignature(secret: Array(Self.secret.utf8))
        let count = options.intakeEvents
        let started = Date()
        let latencies = try await withThrowingTaskGroup(of: [Double].self) { group in
            for worker in 0..<options.concurrency {
                group.addTask {
                    var mine: [Double] = []
                    for i in stride(from: worker, to: count, by: options.concurrency) {
                        let body = Array(Self.event(i).utf8)
                        let ts = Int64(Date().timeIntervalSince1970)
                        var request = HTTPClientRequest(url: url)
                        request.method = .POST
                        request.headers.add(name: "Content-Type", value: "application/json")
                        request.headers.add(name: WebhookSignature.timestampHeader, value: String(ts))
                        request.headers.add(name: WebhookSignature.signatureHeader, value: signature.sign(timestamp: ts, body: body))
                        request.body = .bytes(ByteBuffer(bytes: body))
                        let t0 = Date()
                        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
                        _ = try await response.body.collect(upTo: 1 << 20)
                        guard response.status.code == 202 else { throw BenchError("event \(i): HTTP \(response.status.code)") }
                        mine.append(Date().timeIntervalSince(t0))
                    }
                    return mine
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }.sorted()
        }
        let seconds = Date().timeIntervalSince(started)
        let stored = try bench.sqlite(db, "SELECT count(*) FROM events")
        let p = { (q: Double) in latencies[min(latencies.count - 1, Int(Double(latencies.count) * q))] * 1000 }
        print("""

            ## intake: \(count) signed events over HTTP, \(options.concurrency) in flight, each committed (fsync) before its 202
            \(Int(Double(count) / seconds)) events/s (target ≥ 1,000); latency p50 \(String(format: "%.1f", p(0.5))) ms, \
            p99 \(String(format: "%.1f", p(0.99))) ms; \(stored) events stored
            """)
    }

    /// A Texas discharge with its own event and employee id.
    static func event(_ i: Int) -> String {
        """
        {"event_id":"load-\(i)","employee":{"id":"L-\(i)","work_state":"TX"},\
        "separation":{"type":"involuntary","effective_at":"2025-06-02T17:00:00-05:00","last_day_worked":"2025-06-02"},\
        "benefits":{"group_health_plan":true,"employer_size":240,"plan_administrator":"third_party","coverage_end":"end_of_month"}}
        """
    }
}
