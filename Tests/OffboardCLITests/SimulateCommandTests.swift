import Foundation
import Testing

@Suite("offboard check and simulate", .serialized)
struct SimulateCommandTests {
    @Test("check accepts the bundled playbook with the bundled rules")
    func checkBundled() throws {
        let result = try OffboardProcess.run(["check"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("6 actions, 1 connectors; rules: 52 files; 0 warnings"))
    }

    @Test("check points at the line of a bad playbook and fails with 65; a missing secret is a warning")
    func checkBad() throws {
        let dir = try StoreDirectory()
        defer { dir.remove() }
        let bundled = OffboardProcess.packageRoot.appendingPathComponent("Sources/OffboardCLI/Samples/offboard.yaml")
        let text = try String(contentsOf: bundled, encoding: .utf8)
        let bad = try dir.write("offboard.yaml", text.replacingOccurrences(of: "before: final_pay,", with: "before: final_pya,"))
        let result = try OffboardProcess.run(["check", "--playbook", bad])
        #expect(result.status == 65)
        #expect(result.stderr.contains("offboard.yaml:42:26: error:"), "\(result.stderr)")
        #expect(result.stderr.contains("unknown obligation kind 'final_pya'; did you mean 'final_pay'?"))
        let webhook = try dir.write("webhook.yaml", text.replacingOccurrences(
            of: "  log: { type: log }",
            with: "  log: { type: log }\n  payroll: { type: webhook, url: \"http://127.0.0.1:9/x\", secret_env: OFFBOARD_TEST_UNSET_SECRET }"))
        let warned = try OffboardProcess.run(["check", "--playbook", webhook])
        #expect(warned.status == 0)
        #expect(warned.stderr.contains("warning: connector 'payroll': OFFBOARD_TEST_UNSET_SECRET is not set"))
        #expect(!warned.stderr.contains("hunter"))
    }

    @Test("simulate an event: actions in order, each due by its rule's deadline, nothing missed when running")
    func simulateEvent() throws {
        let result = try OffboardProcess.run([
            "simulate", "--until", "2025-03-20", "--event", caEvent, "--now", "2025-01-30T09:00:00-08:00", "--tz", "America/Los_Angeles",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        let fires = lines.filter { $0.contains("  fire  ") }
        let order = fires.compactMap { line in line.split(separator: " ", omittingEmptySubsequences: true).dropFirst(6).first.map { String($0.split(separator: ":")[0]) } }
        #expect(order.firstIndex(of: "revoke_access")! < order.firstIndex(of: "archive_mailbox")!)
        #expect(order.firstIndex(of: "finalize_payroll")! < order.firstIndex(of: "notify_benefits")!)
        #expect(fires.contains { $0.hasPrefix("Fri 2025-01-31 16:00 -08:00") && $0.contains("finalize_payroll") && $0.contains("CA/final-pay.discharge@2020-01-01") })
        #expect(result.stdout.contains("0 late, 0 deadlines missed"))
        #expect(result.stdout.contains("uncovered  benefits_coverage_end"))
    }

    @Test("simulate the store after downtime: everything overdue fires at once, late, and every miss escalates")
    func simulateStore() throws {
        let dir = try StoreDirectory()
        defer { dir.remove() }
        #expect(try dir.run(["import", sampleCSV]).status == 0)
        let before = try dir.counts()
        let result = try dir.run(["simulate", "--until", "2025-03-12", "--tz", "America/New_York"], now: "2025-03-10T09:00:00-05:00")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("12 separations:"))
        #expect(result.stdout.contains("MISSED CA/final-pay.discharge@2020-01-01 by 6d 15h"))
        #expect(result.stdout.contains("escalation"))
        // No side effects: the store is untouched.
        #expect(try dir.counts() == before)
    }
}
