import Foundation
import Testing

@Suite("Alerts and warnings go out through the notice outbox", .serialized)
struct NoticeDeliveryTests {
    /// A store with one CA discharge and a playbook whose escalation connector is `alert.sh`: it records each
    /// call's idempotency key (and its JSON in `alerts.json`) and fails (exit 75) until the file `up` exists.
    /// revoke_access goes through `action` (`log`, or `pager` to fail with the alerts and be at risk).
    func setUp(_ dir: StoreDirectory, action: String = "log") throws -> (playbook: String, calls: String, up: String) {
        #expect(try dir.run(["terminate", caEvent]).status == 0)
        let calls = dir.url.appendingPathComponent("alerts.txt").path
        let up = dir.url.appendingPathComponent("up").path
        let script = try dir.write("alert.sh", """
            #!/bin/sh
            cat >> "\(calls).json"
            echo >> "\(calls).json"
            echo "$OFFBOARD_IDEMPOTENCY_KEY" >> "\(calls)"
            [ -e "\(up)" ] && exit 0
            exit 75
            """)
        chmod(script, 0o755)
        let playbook = try dir.write("offboard.yaml", """
            schema: offboard-playbook/1
            connectors:
              pager: { type: command, path: "\(script)" }
              log: { type: log }
            escalation: { connector: pager, targets: [it-oncall], ladder: [0s, 4h], warn_before: [24h] }
            actions:
              - id: revoke_access
                connector: \(action)
                fire: { default: { at: effective_at, within: 1h } }
            """)
        return (playbook, calls, up)
    }

    func lines(_ path: String) -> [String] {
        ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    @Test("An alert that cannot be delivered is retried with backoff under the same key, not at the next rung")
    func retriedUntilDelivered() throws {
        let dir = try StoreDirectory()
        defer { dir.remove() }
        let (playbook, calls, up) = try setUp(dir)
        // The next morning: the deadline (17:00 the day before) was missed while nothing ran.
        let first = try dir.run(["run", "--until-idle", "--playbook", playbook], now: "2025-02-01T12:00:00Z")
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("ALERT NOT DELIVERED (exit 75 (temporary failure)); trying again at 2025-02-01T12:01:00Z"))
        #expect(lines(calls) == ["offboard-escalation-1-1"])
        let body = try #require(lines(calls + ".json").first)
        #expect(body.contains(#""summary":"escalation 1: missed: revoke_access was due by 2025-02-01T01:00:00Z"#), "\(body)")
        #expect(body.contains(#""idempotency_key":"offboard-escalation-1-1""#))
        #expect(try dir.sqlite("SELECT failures || ' ' || next_try_at FROM notices") == "1 \(1_738_411_260)")
        #expect(try dir.sqlite("SELECT count(*) FROM audit WHERE action = 'notice.failed'") == "1")

        // Before the retry is due nothing is sent.
        #expect(try dir.run(["run", "--until-idle", "--playbook", playbook], now: "2025-02-01T12:00:30Z").status == 0)
        #expect(lines(calls).count == 1)

        // Still down at the retry: the wait doubles.
        #expect(try dir.run(["run", "--until-idle", "--playbook", playbook], now: "2025-02-01T12:01:00Z").status == 0)
        #expect(try dir.sqlite("SELECT failures || ' ' || next_try_at FROM notices") == "2 \(1_738_411_260 + 120)")

        // The pager is back: the same alert (same key), once; the ladder did not move for it.
        #expect(FileManager.default.createFile(atPath: up, contents: Data()))
        let delivered = try dir.run(["run", "--until-idle", "--playbook", playbook], now: "2025-02-01T12:03:00Z")
        #expect(delivered.stderr.contains("escalation 1 (alert 1): employee E-1001: missed: revoke_access"))
        #expect(delivered.stderr.contains("alerted; acknowledge with: offboard ack 1"))
        #expect(lines(calls) == Array(repeating: "offboard-escalation-1-1", count: 3))
        #expect(try dir.sqlite("SELECT count(*) FROM notices WHERE delivered_at IS NOT NULL AND next_try_at IS NULL") == "1")
        #expect(try dir.sqlite("SELECT count(*) FROM audit WHERE action = 'escalation.alerted'") == "1")
        #expect(try dir.sqlite("SELECT count(*) FROM audit WHERE action = 'notice.delivered'") == "1")
        #expect(try dir.run(["run", "--until-idle", "--playbook", playbook], now: "2025-02-01T12:10:00Z").status == 0)
        #expect(lines(calls).count == 3)

        // The next rung is a new alert with its own key.
        #expect(try dir.run(["run", "--until-idle", "--playbook", playbook], now: "2025-02-01T16:00:00Z").status == 0)
        #expect(lines(calls).last == "offboard-escalation-1-2")
        #expect(try dir.run(["audit", "verify"]).status == 0)
    }

    @Test("An alert still waiting for its retry is withdrawn once the escalation is acknowledged")
    func withdrawnOnAck() throws {
        let dir = try StoreDirectory()
        defer { dir.remove() }
        let (playbook, calls, _) = try setUp(dir)
        #expect(try dir.run(["run", "--until-idle", "--playbook", playbook], now: "2025-02-01T12:00:00Z").status == 0)
        #expect(try dir.run(["ack", "1", "--by", "HR-9"], now: "2025-02-01T12:00:20Z").status == 0)
        #expect(try dir.run(["run", "--until-idle", "--playbook", playbook], now: "2025-02-01T12:05:00Z").status == 0)
        #expect(lines(calls).count == 1)
        #expect(try dir.sqlite("SELECT last_error FROM notices WHERE next_try_at IS NULL") == "acknowledged before delivery")
        #expect(try dir.sqlite("SELECT count(*) FROM audit WHERE action = 'notice.withdrawn' AND subject = 'escalation/1'") == "1")
        #expect(try dir.run(["audit", "verify"]).status == 0)
    }

    @Test("The next rung supersedes an alert that was never delivered: the newer one goes out, the older is withdrawn")
    func supersededByNextRung() throws {
        let dir = try StoreDirectory()
        defer { dir.remove() }
        let (playbook, calls, _) = try setUp(dir)
        #expect(try dir.run(["run", "--until-idle", "--playbook", playbook], now: "2025-02-01T12:00:00Z").status == 0)
        // The pager stays down until the second rung, 4 hours after the escalation.
        #expect(try dir.run(["run", "--until-idle", "--playbook", playbook], now: "2025-02-01T16:00:00Z").status == 0)
        #expect(lines(calls) == ["offboard-escalation-1-1", "offboard-escalation-1-2"])
        #expect(try dir.sqlite("SELECT round || ' ' || last_error FROM notices WHERE next_try_at IS NULL") == "1 superseded by alert 2")
        #expect(try dir.sqlite("SELECT count(*) FROM audit WHERE action = 'notice.withdrawn' AND details LIKE '%superseded by alert 2%'") == "1")
        #expect(try dir.run(["audit", "verify"]).status == 0)
    }

    @Test("A warning still waiting for its retry is withdrawn once its action is complete")
    func warningWithdrawnWhenDone() throws {
        let dir = try StoreDirectory()
        defer { dir.remove() }
        let (playbook, calls, _) = try setUp(dir, action: "pager")
        // The discharge takes effect at 16:00; the call fails, so the action is at risk: its 24 h warning is
        // queued, and its delivery fails too.
        let first = try dir.run(["run", "--until-idle", "--playbook", playbook], now: "2025-01-31T16:00:05-08:00")
        #expect(first.stderr.contains("WARNING NOT DELIVERED"), "\(first.stderr)")
        #expect(lines(calls) == ["offboard-1-revoke_access", "offboard-warning-1-86400"])
        // A person finishes the step before the warning's retry.
        #expect(try dir.run(["complete", "1", "--evidence", "ticket IT-1", "--by", "HR-9"], now: "2025-01-31T16:00:20-08:00").status == 0)
        let later = try dir.run(["run", "--until-idle", "--playbook", playbook], now: "2025-01-31T16:05:00-08:00")
        #expect(later.status == 0)
        #expect(lines(calls).count == 2, "nothing more was sent: \(lines(calls))")
        #expect(try dir.sqlite("SELECT kind || ' ' || last_error FROM notices WHERE next_try_at IS NULL AND delivered_at IS NULL") == "warning no longer at risk")
        #expect(try dir.sqlite("SELECT count(*) FROM audit WHERE action = 'notice.withdrawn' AND subject = 'action/1'") == "1")
        #expect(try dir.run(["audit", "verify"]).status == 0)
    }
}
