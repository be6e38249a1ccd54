import Foundation
import OffboardTesting
import Testing

/// The bundled playbook with every connector turned into a signed webhook to `sink`.
private func webhookPlaybook(in dir: StoreDirectory, sink: WebhookSink) throws -> String {
    let bundled = OffboardProcess.packageRoot.appendingPathComponent("Sources/OffboardCLI/Samples/offboard.yaml")
    let text = try String(contentsOf: bundled, encoding: .utf8).replacingOccurrences(
        of: "  log: { type: log }",
        with: "  log: { type: webhook, url: \"\(sink.url)\", secret_env: OFFBOARD_TEST_WEBHOOK_SECRET, timeout: 5s }")
    // Every action retries after a second, so a test does not wait out the bundled backoff.
    let blocks = text.components(separatedBy: "\n  - id: ")
    let fast = [blocks[0]] + blocks.dropFirst().map {
        $0.split(separator: "\n").filter { !$0.contains("retry:") }.joined(separator: "\n") + "\n    retry: { attempts: 6, initial: 1s, max: 1s }\n"
    }
    return try dir.write("offboard.yaml", fast.joined(separator: "\n  - id: "))
}

/// The sample CSV repeated `copies` times under new event and employee ids (12 separations per copy).
private func manySeparations(in dir: StoreDirectory, copies: Int) throws -> String {
    let lines = try String(contentsOfFile: sampleCSV, encoding: .utf8).split(separator: "\n").map(String.init)
    var out = [lines[0]]
    for copy in 0..<copies {
        out += lines.dropFirst().map {
            $0.replacingOccurrences(of: "sample-csv-", with: "copy\(copy)-").replacingOccurrences(of: "E-4", with: "E-\(copy)-4")
        }
    }
    return try dir.write("many.csv", out.joined(separator: "\n") + "\n")
}

private let secret = "webhook-test-secret"

private func startRun(_ dir: StoreDirectory, playbook: String, extra: [String] = []) throws -> Process {
    try startBackgroundRun(dir, playbook: playbook, environment: ["OFFBOARD_TEST_WEBHOOK_SECRET": secret], extra: extra)
}

private func actionDeliveries(_ sink: WebhookSink) -> [WebhookSink.Delivery] {
    sink.deliveries.filter { $0.key.hasPrefix("offboard-") && !$0.key.hasPrefix("offboard-escalation-") && !$0.key.hasPrefix("offboard-warning-") }
}

@Suite("offboard run with the webhook connector (a receiver in the test process)", .serialized)
struct WebhookRunTests {
    @Test("Every action is delivered signed, under its own key; a 503 is retried with the same key")
    func delivers() async throws {
        try await offPool {
            let dir = try StoreDirectory()
            defer { dir.remove() }
            // The first delivery of every key fails with 503.
            let sink = try await WebhookSink.start(secret: secret) { _, seen in seen == 1 ? 503 : 200 }
            #expect(try dir.run(["terminate", caEvent]).status == 0)
            let playbook = try webhookPlaybook(in: dir, sink: sink)
            let p = try startRun(dir, playbook: playbook)
            p.waitUntilExit()
            await sink.stop()
            #expect(p.terminationStatus == 0)
            let stored = Set(try dir.sqlite("SELECT idempotency_key FROM actions").split(separator: "\n").map(String.init))
            let delivered = actionDeliveries(sink)
            #expect(!stored.isEmpty && Set(delivered.map(\.key)) == stored, "\(stored.count) stored, \(Set(delivered.map(\.key)).count) delivered")
            #expect(delivered.allSatisfy { $0.signatureValid })
            #expect(delivered.allSatisfy { $0.json["idempotency_key"] as? String == $0.key })
            #expect(stored.allSatisfy { key in delivered.count(where: { $0.key == key }) == 2 }, "503, then the same key again")
            #expect(try dir.sqlite("SELECT count(*) FROM attempts WHERE outcome = 'transient'") == String(stored.count))
            #expect(try dir.sqlite("SELECT count(*) FROM actions WHERE status != 'completed'") == "0")
        }
    }

    @Test("A missing secret stops run before anything fires (exit 78), naming the variable, not a value")
    func missingSecret() async throws {
        try await offPool {
            let dir = try StoreDirectory()
            defer { dir.remove() }
            let sink = try await WebhookSink.start(secret: secret)
            let playbook = try webhookPlaybook(in: dir, sink: sink)
            let result = try dir.run(["run", "--until-idle", "--playbook", playbook])
            await sink.stop()
            #expect(result.status == 78)
            #expect(result.stderr.contains("secret_env names $OFFBOARD_TEST_WEBHOOK_SECRET, which is not set"))
            #expect(sink.deliveries.isEmpty)
        }
    }

    @Test("Killed with SIGKILL at random moments over hundreds of actions: each completes, the receiver sees each key, and a repeat only follows an interrupted attempt")
    func crashes() async throws {
        try await offPool {
            let dir = try StoreDirectory()
            defer { dir.remove() }
            #expect(try dir.run(["import", try manySeparations(in: dir, copies: 20)]).status == 0)
            let sink = try await WebhookSink.start(secret: secret) { _, _ in
                usleep(3_000)  // a receiver that takes a little time, so kills land mid-call
                return 200
            }
            let playbook = try webhookPlaybook(in: dir, sink: sink)
            var kills = 0
            for _ in 0..<15 {
                let p = try startRun(dir, playbook: playbook, extra: ["--lease", "1"])
                usleep(UInt32.random(in: 100_000...600_000))
                if p.isRunning {
                    kill(p.processIdentifier, SIGKILL)
                    kills += 1
                }
                p.waitUntilExit()
            }
            let last = try startRun(dir, playbook: playbook, extra: ["--lease", "1"])
            last.waitUntilExit()
            await sink.stop()
            #expect(last.terminationStatus == 0)
            #expect(kills > 0)
            let total = Int(try dir.sqlite("SELECT count(*) FROM actions"))!
            #expect(total >= 200)
            let statuses = try dir.sqlite("SELECT status || ' ' || count(*) FROM actions GROUP BY status")
            #expect(statuses == "completed \(total)")
            let delivered = actionDeliveries(sink)
            let counts = delivered.reduce(into: [String: Int]()) { $0[$1.key, default: 0] += 1 }
            let stored = Set(try dir.sqlite("SELECT idempotency_key FROM actions").split(separator: "\n").map(String.init))
            #expect(Set(counts.keys) == stored, "every action reached the receiver, under its own key: \(stored.subtracting(counts.keys).sorted().prefix(5))")
            #expect(delivered.allSatisfy { $0.signatureValid })
            // The receiver applies a key once; a key arrives again only when a scheduler died mid-call.
            let interrupted = Set(try dir.sqlite("""
                SELECT DISTINCT a.idempotency_key FROM attempts t JOIN actions a ON a.id = t.action_id WHERE t.outcome = 'interrupted'
                """).split(separator: "\n").map(String.init))
            #expect(counts.filter { $0.value > 1 }.keys.allSatisfy { interrupted.contains($0) })
            #expect(try dir.run(["audit", "verify"]).status == 0)
        }
    }
}
