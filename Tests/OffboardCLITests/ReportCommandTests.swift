import Foundation
import Testing

@Suite("offboard rules coverage, diff, calendar", .serialized)
struct ReportCommandTests {
    @Test("coverage lists every jurisdiction's obligations with citation, version in force and review flags")
    func coverage() throws {
        let result = try OffboardProcess.run(["rules", "coverage", "--format", "json", "--today", "2026-11-26"])
        #expect(result.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["as_of"] as? String == "2026-11-26")
        #expect(object["without_citation"] as? Int == 0)
        #expect(object["without_version_in_force"] as? Int == 0)
        let jurisdictions = try #require(object["jurisdictions"] as? [[String: Any]])
        let codes = jurisdictions.compactMap { $0["code"] as? String }
        #expect(codes.contains("US") && codes.contains("CA") && codes == codes.sorted())
        #expect(object["state_jurisdictions"] as? Int == codes.count - 1)
        for jurisdiction in jurisdictions {
            let obligations = try #require(jurisdiction["obligations"] as? [[String: Any]])
            #expect(!obligations.isEmpty)
            for obligation in obligations {
                let inForce = try #require(obligation["in_force"] as? [String: Any], "\(jurisdiction["code"]!) \(obligation["id"]!)")
                #expect((inForce["citation"] as? String)?.isEmpty == false)
            }
            if jurisdiction["code"] as? String != "US" {
                #expect(obligations.contains { $0["kind"] as? String == "final_pay" }, "\(jurisdiction["code"]!) has a final_pay path")
            }
        }
        let de = try #require(jurisdictions.first { $0["code"] as? String == "DE" })
        let dePay = try #require((de["obligations"] as? [[String: Any]])?.first { $0["id"] as? String == "final-pay" })
        #expect((dePay["in_force"] as? [String: Any])?["effective"] as? String == "2022-10-07")
        // On a day before the 2022 amendment, the earlier version is the one in force.
        let earlier = try OffboardProcess.run(["rules", "coverage", "--format", "csv", "--today", "2021-06-01"])
        #expect(earlier.stdout.split(separator: "\n").contains { $0.hasPrefix("DE,final_pay,final-pay,employer,fire,deadline,2020-01-01,") })
    }

    @Test("coverage flags reviews older than 12 months")
    func staleReviews() throws {
        let result = try OffboardProcess.run(["rules", "coverage", "--today", "2028-01-15"])
        #expect(result.status == 0)
        let rows = result.stdout.split(separator: "\n").filter { $0.hasPrefix("CA ") }
        #expect(!rows.isEmpty && rows.allSatisfy { $0.hasSuffix("STALE") })
        let staleList = try #require(result.stdout.split(separator: "\n").last { $0.contains("files reviewed more than 12 months ago (") })
        #expect(staleList.split(separator: "(").last?.split(separator: " ").contains("CA") == true)
        let fresh = try OffboardProcess.run(["rules", "coverage", "--today", "2026-12-01"])
        #expect(!fresh.stdout.contains("STALE"))
    }

    @Test("diff shows which deadlines a rule edit moves, and by how much")
    func diff() throws {
        let newRules = try OffboardProcess.copyOfRules()
        let scratch = newRules.deletingLastPathComponent()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let de = newRules.appendingPathComponent("DE.yaml")
        try String(contentsOf: de, encoding: .utf8).replacingOccurrences(of: "add: { business_days: 3 }", with: "add: { business_days: 5 }")
            .write(to: de, atomically: true, encoding: .utf8)
        let ca = newRules.appendingPathComponent("CA.yaml")
        try String(contentsOf: ca, encoding: .utf8).replacingOccurrences(of: "add: { hours: 72 }", with: "add: { hours: 48 }")
            .write(to: ca, atomically: true, encoding: .utf8)
        let events = scratch.appendingPathComponent("events.jsonl")
        try """
            {"event_id": "de-1", "employee": {"id": "E1", "work_state": "DE"}, "separation": {"type": "layoff", "effective_at": "2025-07-02T10:00:00-04:00", "last_day_worked": "2025-07-01"}, "payroll": {"frequency": "weekly", "anchor_payday": "2025-07-04", "lag_days": 0}, "benefits": {"group_health_plan": false, "employer_size": 5, "plan_administrator": "employer", "coverage_end": "end_of_month"}}
            {"event_id": "ca-1", "employee": {"id": "E2", "work_state": "CA"}, "separation": {"type": "voluntary", "effective_at": "2025-03-07T17:00:00-08:00", "notice_given_at": "2025-03-07T17:00:00-08:00"}, "benefits": {"group_health_plan": false, "employer_size": 5, "plan_administrator": "employer", "coverage_end": "end_of_month"}}
            {"event_id": "tx-1", "employee": {"id": "E3", "work_state": "TX"}, "separation": {"type": "involuntary", "effective_at": "2025-03-03T15:00:00-06:00"}, "benefits": {"group_health_plan": false, "employer_size": 5, "plan_administrator": "employer", "coverage_end": "end_of_month"}}

            """.write(to: events, atomically: true, encoding: .utf8)
        let result = try OffboardProcess.run(["rules", "diff", "Rules", newRules.path, "--events", events.path])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ") }
        #expect(lines.contains("de-1 DE/final-pay 2025-07-07 2025-07-09 +2 days (later)"))
        #expect(lines.contains("ca-1 CA/final-pay.quit-without-notice 2025-03-10T18:00:00-07:00 2025-03-09T18:00:00-07:00 -24 h (earlier)"))
        #expect(!lines.contains { $0.hasPrefix("tx-1") })
        #expect(lines.last == "3 events: 1 deadlines later, 1 earlier, 0 added, 0 removed, 0 version/citation changes, 0 events now failing, 0 now planning")
    }

    @Test("diff refuses events that do not parse, naming the line")
    func diffBadEvents() throws {
        let scratch = try OffboardProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let events = scratch.appendingPathComponent("events.jsonl")
        try "{\"event_id\": \"a\", \"employee\": {\"id\": \"E\", \"work_state\": \"TX\"}, \"separation\": {\"type\": \"layoff\", \"effective_at\": \"2025-03-03T10:00:00Z\"}}\n{\"event_id\": \"b\"}\n"
            .write(to: events, atomically: true, encoding: .utf8)
        let result = try OffboardProcess.run(["rules", "diff", "Rules", "Rules", "--events", events.path])
        #expect(result.status == 65)
        #expect(result.stderr.contains("events.jsonl:2:1: error: employee: missing required key 'employee' in the event"))
        #expect(result.stderr.contains("events.jsonl:2:1: error: separation: missing required key 'separation' in the event"))
    }

    @Test("calendar lists a jurisdiction's holidays with observed days")
    func calendar() throws {
        let result = try OffboardProcess.run(["rules", "calendar", "US", "--from", "2021", "--to", "2022", "--weekdays-only"])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains("2021-12-31  Fri  New Year's Day (observed)"))
        #expect(lines.contains("2021-06-18  Fri  Juneteenth National Independence Day (observed)"))
        #expect(lines.count == 22)
    }
}
