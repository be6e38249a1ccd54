import Foundation
import OffboardCore
import OffboardTesting
import Testing

private let secret = "claim-ahead-secret"

@Suite("offboard run claims ahead of the due moment (a receiver in the test process)", .serialized)
struct ClaimAheadTests {
    @Test("An action is leased and its attempt audited before its fire time, and called at that time, never before; a retry waits for its backoff time too")
    func callsAtItsTime() async throws {
        try await offPool {
            let dir = try StoreDirectory()
            defer { dir.remove() }
            // The first delivery fails with 503, so the action is tried a second time after its backoff.
            let sink = try await WebhookSink.start(secret: secret) { _, seen in seen == 1 ? 503 : 200 }
            let playbook = try dir.write("offboard.yaml", """
                schema: offboard-playbook/1
                connectors:
                  receiver: { type: webhook, url: "\(sink.url)", secret_env: OFFBOARD_TEST_WEBHOOK_SECRET, timeout: 5s }
                  log: { type: log }
                escalation: { connector: log, targets: [it-oncall], warn_before: [] }
                actions:
                  - id: ping
                    connector: receiver
                    fire: { default: { at: effective_at, within: 1h } }
                    retry: { attempts: 3, initial: 1s, max: 1s }
                """)
            let fire = Instant(secondsSinceEpoch: Int64(Date().timeIntervalSince1970) + 3)
            let at = fire.description
            let csv = try dir.write("due.csv", """
                event_id,employee.id,employee.work_state,separation.type,separation.effective_at,separation.last_day_worked,benefits.group_health_plan,benefits.employer_size,benefits.plan_administrator,benefits.coverage_end
                ahead-1,E-ahead,TX,involuntary,\(at),\(at.prefix(10)),false,50,third_party,end_of_month

                """)
            #expect(try dir.run(["import", csv], now: nil).status == 0)
            let run = try startBackgroundRun(
                dir, playbook: playbook, environment: ["OFFBOARD_TEST_WEBHOOK_SECRET": secret], extra: ["--claim-ahead", "1"])
            run.waitUntilExit()
            await sink.stop()
            #expect(run.terminationStatus == 0)

            let deliveries = sink.deliveries.filter { $0.key.hasPrefix("offboard-") }
            let attempts = try dir.sqlite("SELECT started_at || ' ' || finished_at || ' ' || outcome FROM attempts ORDER BY number")
                .split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
            try #require(deliveries.count == 2 && attempts.count == 2, "\(deliveries.count) deliveries, \(attempts.count) attempts")
            #expect(Set(deliveries.map(\.key)).count == 1, "both attempts under one key")
            #expect(attempts.map { $0[2] } == ["transient", "ok"])
            // Claimed ahead: the first attempt's call time is the fire time, and it arrived no earlier.
            let started = try attempts.map { try #require(Instant(rfc3339: $0[0])) }
            let finished = try attempts.map { try #require(Instant(rfc3339: $0[1])) }
            #expect(started[0] == fire)
            #expect(deliveries[0].receivedAt >= fire.date, "arrived \(fire.date.timeIntervalSince(deliveries[0].receivedAt)) s early")
            // The retry is called at its backoff time, after the failure was recorded, and no earlier.
            #expect(started[1] >= finished[0])
            #expect(deliveries[1].receivedAt >= started[1].date)
            // The audit entry is written at the claim, before the fire time, and names the call time.
            let audit = try dir.sqlite("""
                SELECT at || ' ' || coalesce(json_extract(details, '$.call_at'), '-') FROM audit
                WHERE action = 'action.attempt.started' ORDER BY seq LIMIT 1
                """).split(separator: " ").map(String.init)
            try #require(audit.count == 2)
            let claimedAt = try #require(Instant(rfc3339: audit[0]))
            #expect(claimedAt < fire, "claimed at \(audit[0]), fire time \(at)")
            #expect(audit[1].hasPrefix(String(at.dropLast())), "call_at \(audit[1]) names the fire time \(at)")
            #expect(try dir.run(["audit", "verify"], now: nil).status == 0)
        }
    }

    @Test("--claim-ahead outside 0…1 s is refused before anything runs")
    func refusesLongLeads() throws {
        let dir = try StoreDirectory()
        defer { dir.remove() }
        let result = try dir.run(["run", "--until-idle", "--claim-ahead", "5"], now: nil)
        #expect(result.status == 64)
        #expect(result.stderr.contains("--claim-ahead: expected seconds from 0 to 1, found 5.0"))
        #expect(!FileManager.default.fileExists(atPath: dir.database))
    }
}
