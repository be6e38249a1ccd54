import Foundation
import OffboardTesting
import Testing

/// A playbook whose connectors all run `sink.sh`, which appends the idempotency key to `$OFFBOARD_TEST_SINK`:
/// the receiving side of every action, counting keys.
private func commandPlaybook(in dir: StoreDirectory, sleep: String = "0.01") throws -> (playbook: String, sink: String) {
    let sink = dir.url.appendingPathComponent("sink.txt").path
    let script = try dir.write("sink.sh", """
        #!/bin/sh
        cat > /dev/null
        echo "$OFFBOARD_IDEMPOTENCY_KEY" >> "$OFFBOARD_TEST_SINK"
        sleep \(sleep)
        echo done
        """)
    chmod(script, 0o755)
    let bundled = OffboardProcess.packageRoot.appendingPathComponent("Sources/OffboardCLI/Samples/offboard.yaml")
    let text = try String(contentsOf: bundled, encoding: .utf8)
        .replacingOccurrences(of: "  log: { type: log }", with: "  log: { type: command, path: \"\(script)\" }")
    return (try dir.write("offboard.yaml", text), sink)
}

/// Starts `offboard run --until-idle` in the background against the test store, sending the sink's path along.
private func startRun(_ dir: StoreDirectory, playbook: String, sink: String, extra: [String] = []) throws -> Process {
    try startBackgroundRun(dir, playbook: playbook, environment: ["OFFBOARD_TEST_SINK": sink], extra: extra)
}

/// Keys the sink received for actions (escalation alerts go through it too), with how often each came.
private func actionKeys(_ sink: String) throws -> [String: Int] {
    let lines = (try? String(contentsOfFile: sink, encoding: .utf8))?.split(separator: "\n").map(String.init) ?? []
    return Dictionary(lines.filter { !$0.hasPrefix("offboard-escalation-") }.map { ($0, 1) }, uniquingKeysWith: +)
}

@Suite("offboard run", .serialized)
struct RunCommandTests {
    @Test("After downtime every due action fires once, late, in dependency order, and every miss is escalated")
    func downtime() throws {
        let dir = try StoreDirectory()
        defer { dir.remove() }
        #expect(try dir.run(["import", sampleCSV]).status == 0)
        let result = try dir.run(["run", "--until-idle"], now: "2025-06-01T00:00:00Z")
        #expect(result.status == 0, "\(result.stderr)")
        let total = try dir.sqlite("SELECT count(*) FROM actions")
        #expect(Int(total)! > 12)
        #expect(try dir.sqlite("SELECT count(*) FROM actions WHERE status = 'completed'") == total)
        #expect(try dir.sqlite("SELECT count(*) FROM attempts WHERE outcome = 'ok'") == total)
        // Every action was due before 2025-06-01, so every one is a miss, escalated once and alerted.
        #expect(try dir.sqlite("SELECT count(DISTINCT action_id) FROM escalations") == total)
        #expect(result.stderr.contains("missed: finalize_payroll:CA/final-pay.discharge was due by 2025-03-03T23:00:00Z (CA/final-pay.discharge@2020-01-01)"))
        // A dependent never started before its predecessor completed.
        let violations = try dir.sqlite("""
            SELECT count(*) FROM actions d JOIN actions p ON p.separation_id = d.separation_id
            JOIN attempts ad ON ad.action_id = d.id, attempts ap ON ap.action_id = p.id
            WHERE ((d.spec_id = 'archive_mailbox' AND p.spec_id = 'revoke_access')
                OR (d.spec_id = 'notify_benefits' AND p.spec_id = 'finalize_payroll'))
              AND ad.id < ap.id
            """)
        #expect(violations == "0")
        #expect(try dir.sqlite("SELECT count(*) FROM actions WHERE spec_id = 'archive_mailbox'") == "12")
        #expect(try dir.run(["audit", "verify"]).status == 0)
        // Running again changes nothing: all done.
        let before = try dir.sqlite("SELECT count(*) FROM audit")
        #expect(try dir.run(["run", "--until-idle"], now: "2025-06-01T00:00:00Z").status == 0)
        #expect(try dir.sqlite("SELECT count(*) FROM audit") == before)
    }

    @Test("Killed with SIGKILL at random moments and restarted: every action completes, none is effected twice")
    func crashes() throws {
        let dir = try StoreDirectory()
        defer { dir.remove() }
        #expect(try dir.run(["import", sampleCSV]).status == 0)
        let (playbook, sink) = try commandPlaybook(in: dir, sleep: "0.03")
        func start() throws -> Process { try startRun(dir, playbook: playbook, sink: sink, extra: ["--lease", "1"]) }
        var kills = 0
        for _ in 0..<12 {
            let p = try start()
            usleep(UInt32.random(in: 80_000...400_000))
            if p.isRunning {
                kill(p.processIdentifier, SIGKILL)
                kills += 1
            }
            p.waitUntilExit()
        }
        // Then let it finish (expired leases are reclaimed after a second).
        let last = try start()
        last.waitUntilExit()
        #expect(last.terminationStatus == 0)
        #expect(kills > 0)
        let total = Int(try dir.sqlite("SELECT count(*) FROM actions"))!
        #expect(try dir.sqlite("SELECT count(*) FROM actions WHERE status = 'completed'") == String(total))
        let keys = try actionKeys(sink)
        let stored = Set(try dir.sqlite("SELECT idempotency_key FROM actions").split(separator: "\n").map(String.init))
        #expect(Set(keys.keys) == stored, "every action reached the receiver, under its own key")
        // A key arrives twice only when a scheduler died mid-call; the receiver dedups by key, so the effect is once.
        let repeated = keys.filter { $0.value > 1 }.map(\.key)
        for key in repeated {
            #expect(try dir.sqlite("SELECT count(*) FROM attempts t JOIN actions a ON a.id = t.action_id WHERE a.idempotency_key = '\(key)' AND t.outcome = 'interrupted'") != "0")
        }
        #expect(try dir.run(["audit", "verify"]).status == 0)
    }

    @Test("Two schedulers on one database never run the same action twice")
    func twoProcesses() throws {
        let dir = try StoreDirectory()
        defer { dir.remove() }
        #expect(try dir.run(["import", sampleCSV]).status == 0)
        let (playbook, sink) = try commandPlaybook(in: dir, sleep: "0.02")
        let processes = try (0..<2).map { _ in try startRun(dir, playbook: playbook, sink: sink) }
        processes.forEach { $0.waitUntilExit() }
        #expect(processes.allSatisfy { $0.terminationStatus == 0 })
        let keys = try actionKeys(sink)
        let total = Int(try dir.sqlite("SELECT count(*) FROM actions"))!
        #expect(keys.count == total)
        #expect(keys.values.allSatisfy { $0 == 1 }, "no key arrived twice")
        #expect(try dir.sqlite("SELECT count(*) FROM attempts") == String(total))
    }

    @Test("A correction moves the pending actions of its separation; done ones stay done")
    func correction() throws {
        let dir = try StoreDirectory()
        defer { dir.remove() }
        #expect(try dir.run(["terminate", caEvent]).status == 0)
        // 10 minutes after the discharge: revoke_access is done, archive_mailbox (a day later) is pending.
        #expect(try dir.run(["run", "--until-idle"], now: "2025-01-31T16:10:00-08:00").status == 0)
        #expect(try dir.sqlite("SELECT status FROM actions WHERE spec_id = 'revoke_access'") == "completed")
        let archiveBefore = try dir.sqlite("SELECT due_at FROM actions WHERE spec_id = 'archive_mailbox' AND status = 'pending'")
        let corrected = try String(contentsOfFile: caEvent, encoding: .utf8)
            .replacingOccurrences(of: "sample-ca-0001", with: "sample-ca-0001-fix")
            .replacingOccurrences(of: "2025-01-31T16:00:00-08:00", with: "2025-02-03T16:00:00-08:00")
        #expect(try dir.run(["terminate", "-"], stdin: corrected).status == 0)
        #expect(try dir.run(["run", "--until-idle"], now: "2025-01-31T16:20:00-08:00").status == 0)
        let archiveAfter = try dir.sqlite("SELECT due_at FROM actions WHERE spec_id = 'archive_mailbox' AND status = 'pending'")
        #expect(Int(archiveAfter)! - Int(archiveBefore)! == 3 * 86_400)
        #expect(try dir.sqlite("SELECT count(*) FROM actions WHERE spec_id = 'revoke_access'") == "1")
        #expect(try dir.sqlite("SELECT status FROM actions WHERE spec_id = 'revoke_access'") == "completed")
    }

    @Test("SIGTERM lets the calls in flight finish and records them; nothing is left running or half-recorded")
    func gracefulShutdown() throws {
        let dir = try StoreDirectory()
        defer { dir.remove() }
        #expect(try dir.run(["import", sampleCSV]).status == 0)
        // Actions go through a slow command; alerts stay on the log connector.
        let (slowPlaybook, sink) = try commandPlaybook(in: dir, sleep: "1.5")
        let script = dir.url.appendingPathComponent("sink.sh").path
        let text = try String(contentsOfFile: slowPlaybook, encoding: .utf8)
            .replacingOccurrences(of: "  log: { type: command, path: \"\(script)\" }", with: "  log: { type: log }\n  slow: { type: command, path: \"\(script)\" }")
            .replacingOccurrences(of: "    connector: log", with: "    connector: slow")
        let playbook = try dir.write("graceful.yaml", text)
        let run = try Spawned(
            [OffboardProcess.binary.path, "run", "--database", dir.database, "--playbook", playbook, "--listen", "127.0.0.1:0"],
            environment: ["OFFBOARD_TEST_SINK": sink], output: dir.url.appendingPathComponent("run.log").path)
        // Wait until calls are in flight (the receiver has seen a key), then ask it to stop.
        var waited = 0
        while (try? String(contentsOfFile: sink, encoding: .utf8))?.isEmpty ?? true, waited < 600 {
            usleep(50_000)
            waited += 1
        }
        kill(run.pid, SIGTERM)
        #expect(run.wait() == 0)
        let log = try String(contentsOf: dir.url.appendingPathComponent("run.log"), encoding: .utf8)
        #expect(log.contains("offboard run: stopped"))
        let called = try actionKeys(sink).count
        #expect(called > 0)
        #expect(try dir.sqlite("SELECT count(*) FROM attempts WHERE finished_at IS NULL") == "0", "every call in flight was recorded")
        #expect(try dir.sqlite("SELECT count(*) FROM actions WHERE status = 'running'") == "0")
        #expect(try dir.sqlite("SELECT count(*) FROM attempts WHERE outcome = 'ok'") == String(called), "each call that was made is recorded as done")
        #expect(Int(try dir.sqlite("SELECT count(*) FROM actions WHERE status = 'pending'"))! > 0, "no new calls started after SIGTERM")
        #expect(try dir.run(["audit", "verify"]).status == 0)
    }
}
