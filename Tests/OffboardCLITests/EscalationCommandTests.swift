import Foundation
import Testing

@Suite("Escalations, acknowledgements, manual completion and retries", .serialized)
struct EscalationCommandTests {
    @Test("A miss alerts at once and again along the ladder until acknowledged")
    func ladder() throws {
        let dir = try StoreDirectory()
        defer { dir.remove() }
        #expect(try dir.run(["import", sampleCSV]).status == 0)
        #expect(try dir.run(["run", "--until-idle"], now: "2025-06-01T00:00:00Z").status == 0)
        let escalations = Int(try dir.sqlite("SELECT count(*) FROM escalations"))!
        #expect(escalations > 0)
        #expect(try dir.sqlite("SELECT count(*) FROM audit WHERE action = 'escalation.alerted'") == String(escalations))
        let first = try dir.sqlite("SELECT min(id) FROM escalations")
        let ack = try dir.run(["ack", first, "--by", "HR-9"], now: "2025-06-01T00:30:00Z")
        #expect(ack.status == 0, "\(ack.stderr)")
        #expect(try dir.run(["ack", first, "--by", "HR-9"]).status == 65)
        // An hour later the second rung alerts everything but the acknowledged escalation.
        let later = try dir.run(["run", "--until-idle"], now: "2025-06-01T01:00:00Z")
        #expect(later.status == 0)
        #expect(try dir.sqlite("SELECT count(*) FROM audit WHERE action = 'escalation.alerted'") == String(2 * escalations - 1))
        #expect(try dir.sqlite("SELECT count(*) FROM audit WHERE action = 'escalation.alerted' AND subject = 'escalation/\(first)'") == "1")
        #expect(later.stderr.contains("(alert 2)"))
        #expect(try dir.sqlite("SELECT acknowledged_by FROM escalations WHERE id = \(first)") == "HR-9")
        #expect(try dir.run(["audit", "verify"]).status == 0)
    }

    @Test("complete marks a manual step done with its evidence and completes the obligation it discharges")
    func manualCompletion() throws {
        let dir = try StoreDirectory()
        defer { dir.remove() }
        #expect(try dir.run(["import", sampleCSV]).status == 0)
        let playbook = OffboardProcess.packageRoot.appendingPathComponent("Sources/OffboardCLI/Samples/offboard.yaml").path
        // Plan the actions without running any (the clock is before the separations).
        #expect(try dir.run(["run", "--until-idle", "--playbook", playbook], now: "2025-02-01T00:00:00Z").status == 0)
        let action = try dir.sqlite("SELECT id FROM actions WHERE employee_id = 'E-4002' AND spec_id = 'finalize_payroll'")
        #expect(!action.isEmpty)
        let done = try dir.run(["complete", action, "--evidence", "check 10442", "--by", "PAY-3"], now: "2025-03-05T10:00:00-05:00")
        #expect(done.status == 0, "\(done.stderr)")
        #expect(try dir.sqlite("SELECT status FROM obligations WHERE employee_id = 'E-4002' AND kind = 'final_pay'") == "completed")
        let pending = try dir.run(["deadlines", "--employee", "E-4002", "--kind", "final_pay", "--format", "csv"])
        #expect(!pending.stdout.contains("NY/final-pay"))
        #expect(try dir.sqlite("SELECT outcome || ':' || detail FROM attempts WHERE action_id = \(action)") == "manual:check 10442")
        #expect(try dir.run(["complete", action, "--evidence", "again", "--by", "PAY-3"]).status == 65)
        #expect(try dir.sqlite("SELECT actor FROM audit WHERE action = 'action.completed.manually'") == "person:PAY-3")
    }

    @Test("A transient failure (exit 75) is retried with backoff and the same idempotency key")
    func retry() throws {
        let dir = try StoreDirectory()
        defer { dir.remove() }
        #expect(try dir.run(["terminate", caEvent]).status == 0)
        let sink = dir.url.appendingPathComponent("calls.txt").path
        let script = try dir.write("flaky.sh", """
            #!/bin/sh
            cat > /dev/null
            echo "$OFFBOARD_IDEMPOTENCY_KEY" >> "\(sink)"
            # Fail the first call for each key, succeed afterwards.
            [ "$(grep -c "$OFFBOARD_IDEMPOTENCY_KEY" "\(sink)")" -gt 1 ] && exit 0
            exit 75
            """)
        chmod(script, 0o755)
        let playbook = try dir.write("offboard.yaml", """
            schema: offboard-playbook/1
            connectors:
              flaky: { type: command, path: "\(script)" }
              log: { type: log }
            escalation: { connector: log, targets: [it-oncall] }
            actions:
              - id: revoke_access
                connector: flaky
                fire: { default: { at: effective_at, within: 100w } }
                retry: { attempts: 3, initial: 1s, max: 1s }
            """)
        let result = try dir.run(["run", "--until-idle", "--playbook", playbook], now: nil)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try dir.sqlite("SELECT group_concat(outcome, ',') FROM (SELECT outcome FROM attempts ORDER BY number)") == "transient,ok")
        let calls = try String(contentsOfFile: sink, encoding: .utf8).split(separator: "\n")
        #expect(calls.count == 2 && Set(calls).count == 1, "both attempts carried the same key")
        #expect(try dir.sqlite("SELECT status FROM actions") == "completed")
    }
}

@Suite("A failed step", .serialized)
struct FailedStepTests {
    @Test("A permanent failure escalates and blocks its dependents, which never start; completing it by hand releases them")
    func blocksDependents() throws {
        let dir = try StoreDirectory()
        defer { dir.remove() }
        #expect(try dir.run(["terminate", caEvent]).status == 0)
        let script = try dir.write("refuse.sh", "#!/bin/sh\ncat > /dev/null\nexit 1\n")
        chmod(script, 0o755)
        let playbook = try dir.write("offboard.yaml", """
            schema: offboard-playbook/1
            connectors:
              refuse: { type: command, path: "\(script)" }
              log: { type: log }
            escalation: { connector: log, targets: [it-oncall] }
            actions:
              - id: revoke_access
                connector: refuse
                fire: { default: { at: effective_at, within: 100w } }
              - id: archive_mailbox
                connector: log
                after: [revoke_access]
                fire: { default: { at: effective_at, within: 100w } }
            """)
        let result = try dir.run(["run", "--until-idle", "--playbook", playbook], now: "2025-01-31T16:00:05-08:00")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try dir.sqlite("SELECT status FROM actions WHERE spec_id = 'revoke_access'") == "failed")
        #expect(try dir.sqlite("SELECT status FROM actions WHERE spec_id = 'archive_mailbox'") == "blocked")
        #expect(try dir.sqlite("SELECT count(*) FROM attempts t JOIN actions a ON a.id = t.action_id WHERE a.spec_id = 'archive_mailbox'") == "0")
        #expect(try dir.sqlite("SELECT reason FROM escalations") == "failed: exit 1")
        // Rescinding now would cancel the blocked step too (checked on a copy of the store).
        let copy = dir.url.appendingPathComponent("copy.db").path
        _ = try dir.sqlite("VACUUM INTO '\(copy)'")
        #expect(try OffboardProcess.run(["rescind", "E-1001", "--reason", "R-1", "--database", copy]).status == 0)
        #expect(try Shell.run("/usr/bin/env", ["sqlite3", copy, "SELECT status FROM actions WHERE spec_id = 'archive_mailbox'"]).stdout == "cancelled\n")
        #expect(result.stderr.contains("acknowledge with: offboard ack 1"))
        // IT revoked the account by hand: the dependent may go on.
        let revoke = try dir.sqlite("SELECT id FROM actions WHERE spec_id = 'revoke_access'")
        #expect(try dir.run(["complete", revoke, "--evidence", "ticket IT-77", "--by", "IT-2"]).status == 0)
        #expect(try dir.sqlite("SELECT status FROM actions WHERE spec_id = 'archive_mailbox'") == "pending")
        #expect(try dir.run(["run", "--until-idle", "--playbook", playbook], now: "2025-01-31T16:10:00-08:00").status == 0)
        #expect(try dir.sqlite("SELECT status FROM actions WHERE spec_id = 'archive_mailbox'") == "completed")
        #expect(try dir.run(["audit", "verify"]).status == 0)
    }
}
