import Foundation
import Testing

private let event = """
    {
      "event_id": "evt-cli-1",
      "employee": { "id": "E-77", "work_state": "DE" },
      "separation": { "type": "voluntary", "effective_at": "2025-03-06T17:00:00-05:00", "last_day_worked": "2025-03-06", "notice_given_at": "2025-02-20T09:00:00-05:00" },
      "payroll": { "frequency": "weekly", "anchor_payday": "2025-03-07", "lag_days": 0 },
      "benefits": { "group_health_plan": true, "employer_size": 140, "plan_administrator": "third_party", "coverage_end": "end_of_month" }
    }
    """

private func withEventFile<T>(_ text: String, _ body: (String) throws -> T) throws -> T {
    let directory = try OffboardProcess.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("event.json")
    try text.write(to: file, atomically: true, encoding: .utf8)
    return try body(file.path)
}

@Suite("offboard plan", .serialized)
struct PlanCommandTests {
    @Test("The table lists every obligation in due order with rule version and citation")
    func table() throws {
        let result = try withEventFile(event) { try OffboardProcess.run(["plan", $0]) }
        #expect(result.status == 0)
        #expect(result.stderr == "")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "event evt-cli-1 · employee E-77 · DE (America/New_York) · voluntary at 2025-03-06T17:00:00-05:00")
        let rows = lines.filter { $0.hasPrefix("Mon ") || $0.hasPrefix("Tue ") || $0.hasPrefix("Wed ") || $0.hasPrefix("Thu ") || $0.hasPrefix("Fri ") || $0.hasPrefix("Sat ") || $0.hasPrefix("Sun ") }
        let dates = rows.map { $0.split(separator: " ", omittingEmptySubsequences: true)[1] }
        #expect(dates == dates.sorted(), "rows are in due order")
        let finalPay = try #require(rows.first { $0.contains(" final_pay ") })
        #expect(finalPay.hasPrefix("Tue 2025-03-11 end of day"))
        #expect(finalPay.contains("DE/final-pay@2022-10-07") && finalPay.contains("83 Del. Laws c. 444"))
        let election = try #require(rows.first { $0.contains(" cobra_election_notice ") })
        #expect(election.hasPrefix("Sat 2025-04-19") && election.contains("plan_administrator (tracked)"))
        #expect(rows.contains { $0.hasPrefix("Sat 2025-04-05") && $0.contains("cobra_employer_notice") })
        // Every row names a rule version and a citation.
        #expect(rows.allSatisfy { $0.contains("@") && $0.split(separator: " ", omittingEmptySubsequences: true).count >= 6 })
    }

    @Test("JSON output carries kind, rule, version, citation, due instant and date, and actor")
    func json() throws {
        let result = try withEventFile(event) { try OffboardProcess.run(["plan", $0, "--format", "json"]) }
        #expect(result.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["employee_id"] as? String == "E-77")
        #expect(object["jurisdiction"] as? String == "DE")
        let obligations = try #require(object["obligations"] as? [[String: Any]])
        #expect(obligations.count == Set(obligations.compactMap { $0["rule"] as? String }).count)
        #expect(obligations.allSatisfy { ($0["citation"] as? String)?.isEmpty == false })
        let finalPay = try #require(obligations.first { $0["kind"] as? String == "final_pay" })
        #expect(finalPay["kind"] as? String == "final_pay")
        #expect(finalPay["rule"] as? String == "DE/final-pay")
        #expect(finalPay["effective"] as? String == "2022-10-07")
        #expect((finalPay["citation"] as? String)?.hasPrefix("19 Del. C. § 1103(a)") == true)
        #expect(finalPay["due"] as? String == "2025-03-11T23:59:59-04:00")
        #expect(finalPay["due_date"] as? String == "2025-03-11")
        #expect(finalPay["actor"] as? String == "employer")
        #expect(finalPay["handling"] as? String == "fire")
        let window = try #require(obligations.first { $0["kind"] as? String == "cobra_election_window_end" })
        #expect(window["kind"] as? String == "cobra_election_window_end")
        #expect(window["nature"] as? String == "minimum_window")
        #expect(window["handling"] as? String == "track")
        #expect(window["projected"] as? Bool == true)
    }

    @Test("'-' reads the event from standard input")
    func stdin() throws {
        let result = try OffboardProcess.run(["plan", "-", "--format", "json"], stdin: event)
        #expect(result.status == 0)
        #expect(result.stdout.contains("\"due\": \"2025-03-11T23:59:59-04:00\""))
    }

    @Test("A bad event exits 65 with every problem located, and prints no plan")
    func badEvent() throws {
        let bad = event.replacingOccurrences(of: "\"voluntary\"", with: "\"resigned\"").replacingOccurrences(of: "\"lag_days\": 0", with: "\"lag\": 0")
        let result = try withEventFile(bad) { path in try OffboardProcess.run(["plan", path]) }
        #expect(result.status == 65)
        #expect(result.stdout == "")
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines[0].hasSuffix("event.json:4:27: error: separation.type: unknown separation type 'resigned' (expected one of: voluntary, involuntary, layoff, retirement, death)"))
        #expect(lines[1].hasSuffix("event.json:5:70: error: payroll.lag: unknown key 'lag' in payroll; did you mean 'lag_days'?"))
        #expect(lines[2].hasSuffix("event.json: the event is invalid; nothing was planned"))
    }

    @Test("A rule that cannot decide exits 65 naming the missing field")
    func missingInput() throws {
        let noPayroll = event.replacingOccurrences(of: "\"payroll\": { \"frequency\": \"weekly\", \"anchor_payday\": \"2025-03-07\", \"lag_days\": 0 },", with: "")
        let result = try withEventFile(noPayroll) { try OffboardProcess.run(["plan", $0]) }
        #expect(result.status == 65)
        #expect(result.stderr.contains("Rules/DE.yaml:37:9: error: DE/final-pay: the event has no payroll, which is needed for a next_payday deadline"))
    }

    @Test("A missing event file exits 66")
    func missingFile() throws {
        let result = try OffboardProcess.run(["plan", "/nonexistent/event.json"])
        #expect(result.status == 66)
        #expect(result.stderr == "error: /nonexistent/event.json: cannot read the event file\n")
    }

    @Test("--explain shows each derivation step, including skipped days and the version chosen")
    func explain() throws {
        let result = try withEventFile(event) { try OffboardProcess.run(["rules", "explain", $0]) }
        #expect(result.status == 0)
        #expect(result.stdout.contains("  version effective 2022-10-07: in force on 2025-03-06, the separation date (other versions: effective 2020-01-01)"))
        #expect(result.stdout.contains("    + 3 business days (DE calendar) → Tue 2025-03-11; skipped Sat 2025-03-08 (Saturday), Sun 2025-03-09 (Sunday)"))
        #expect(result.stdout.contains("  → later of Fri 2025-03-07, Tue 2025-03-11 = Tue 2025-03-11"))
        let same = try withEventFile(event) { try OffboardProcess.run(["plan", $0, "--explain"]) }
        #expect(same.stdout == result.stdout)
    }
}
