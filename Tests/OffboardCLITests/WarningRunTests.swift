import Foundation
import Testing

@Suite("Warnings before deadlines", .serialized)
struct WarningRunTests {
    /// revoke_access through a command that always answers "try later" (exit 75), due an hour after firing,
    /// with warnings 24 h and 10 m before that deadline.
    func setUp(_ dir: StoreDirectory) throws -> String {
        let script = try dir.write("flaky.sh", "#!/bin/sh\ncat > /dev/null\nexit 75\n")
        chmod(script, 0o755)
        #expect(try dir.run(["terminate", caEvent]).status == 0)
        return try dir.write("offboard.yaml", """
            schema: offboard-playbook/1
            connectors:
              log: { type: log }
              flaky: { type: command, path: "\(script)" }
            escalation: { connector: log, targets: [it-oncall], warn_before: [24h, 10m], ladder: [0s] }
            actions:
              - id: revoke_access
                connector: flaky
                fire: { default: { at: effective_at, within: 1h } }
                retry: { attempts: 50, initial: 2m, max: 2m }
            """)
    }

    @Test("An action at risk is warned once per step before its deadline, then its miss escalates")
    func warns() throws {
        let dir = try StoreDirectory()
        defer { dir.remove() }
        let playbook = try setUp(dir)
        // The discharge takes effect at 16:00; the attempt fails; the 24 h step has passed: one warning.
        let first = try dir.run(["run", "--until-idle", "--playbook", playbook], now: "2025-01-31T16:00:05-08:00")
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("warning: action 1 revoke_access for employee E-1001 is not complete; due by 2025-02-01T01:00:00Z (1d warning)"))
        #expect(first.stdout.contains(#""action":"warning""#))
        #expect(try dir.sqlite("SELECT count(*) FROM audit WHERE action = 'action.warned'") == "1")
        // Later, still before the 10 m step: nothing new.
        let quiet = try dir.run(["run", "--until-idle", "--playbook", playbook], now: "2025-01-31T16:30:00-08:00")
        #expect(!quiet.stderr.contains("warning: action"))
        // 10 minutes before the deadline: the second step.
        let second = try dir.run(["run", "--until-idle", "--playbook", playbook], now: "2025-01-31T16:51:00-08:00")
        #expect(second.stderr.contains("(10m warning)"))
        #expect(try dir.sqlite("SELECT count(*) FROM audit WHERE action = 'action.warned'") == "2")
        // Past the deadline: no more warnings; the miss escalates.
        let missed = try dir.run(["run", "--until-idle", "--playbook", playbook], now: "2025-01-31T17:00:01-08:00")
        #expect(!missed.stderr.contains("warning: action"))
        #expect(missed.stderr.contains("missed: revoke_access was due by 2025-02-01T01:00:00Z"))
        #expect(try dir.sqlite("SELECT count(*) FROM audit WHERE action = 'action.warned'") == "2")
        #expect(try dir.run(["audit", "verify"]).status == 0)
    }

    @Test("An action that has not fired yet is not warned, however close its deadline")
    func notYetFired() throws {
        let dir = try StoreDirectory()
        defer { dir.remove() }
        let playbook = try setUp(dir)
        // Before the separation takes effect nothing is at risk, though the 24 h step has passed.
        let early = try dir.run(["run", "--until-idle", "--playbook", playbook], now: "2025-01-31T15:00:00-08:00")
        #expect(early.status == 0)
        #expect(!early.stderr.contains("warning: action"))
        #expect(try dir.sqlite("SELECT count(*) FROM audit WHERE action = 'action.warned'") == "0")
    }
}
