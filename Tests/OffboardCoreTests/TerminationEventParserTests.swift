import Foundation
import OffboardCore
import Testing

private let valid = """
    {
      "event_id": "evt-1",
      "employee": { "id": "E-1", "work_state": "CA", "time_zone": "America/Los_Angeles" },
      "separation": {
        "type": "voluntary",
        "effective_at": "2025-03-14T17:00:00-07:00",
        "last_day_worked": "2025-03-14",
        "notice_given_at": "2025-03-01T09:00:00-08:00",
        "gross_misconduct": false
      },
      "payroll": { "frequency": "biweekly", "anchor_payday": "2025-03-21", "lag_days": 7 },
      "benefits": { "group_health_plan": true, "employer_size": 45, "plan_administrator": "third_party", "coverage_end": "end_of_month" },
      "assets": [ { "id": "LT-1", "kind": "laptop" } ],
      "accounts": [ { "system": "okta", "account_id": "00u1" } ],
      "manager": { "id": "E-9" }
    }
    """

/// Parses and returns the full diagnostic text, or "" when the event is valid.
private func errors(_ json: String) -> String {
    do {
        _ = try TerminationEventParser.parse(json: json, file: "event.json")
        return ""
    } catch let error as DiagnosticsError {
        return error.description
    } catch {
        return "unexpected \(error)"
    }
}

@Suite("Termination event parsing")
struct TerminationEventParserTests {
    @Test("A complete event parses into every field")
    func validEvent() throws {
        let event = try TerminationEventParser.parse(json: valid, file: "event.json")
        #expect(event.eventId == "evt-1")
        #expect(event.employee == .init(id: "E-1", workState: "CA", timeZone: "America/Los_Angeles"))
        #expect(event.separation.type == .voluntary)
        #expect(event.separation.effectiveAt == Instant(rfc3339: "2025-03-15T00:00:00Z"))
        #expect(event.separation.lastDayWorked == CivilDate(parsing: "2025-03-14"))
        #expect(event.separation.noticeGivenAt == Instant(rfc3339: "2025-03-01T17:00:00Z"))
        #expect(event.separation.grossMisconduct == false)
        #expect(event.payroll == .init(frequency: .biweekly, anchorPayday: CivilDate(parsing: "2025-03-21"), lagDays: 7))
        #expect(event.benefits == .init(groupHealthPlan: true, employerSize: 45, planAdministrator: .thirdParty, coverageEnd: .endOfMonth))
        #expect(event.assets == [.init(id: "LT-1", kind: "laptop")])
        #expect(event.accounts == [.init(system: "okta", accountId: "00u1")])
        #expect(event.manager == .init(id: "E-9"))
    }

    @Test("Every problem is reported with its line, column and field path")
    func allErrors() {
        let json = """
            {
              "event_id": "evt-2",
              "employe": { "id": "E-1" },
              "separation": { "type": "quit", "effective_at": "2025-03-14 17:00" },
              "payroll": { "frequency": "fortnightly", "lag_days": -1 },
              "benefits": { "group_health_plan": "yes", "employer_size": 4.5, "plan_administrator": "tpa", "coverage_end": "end_of_month" }
            }
            """
        #expect(errors(json) == """
            event.json:3:3: error: employe: unknown key 'employe' in the event; did you mean 'employee'?
            event.json:1:1: error: employee: missing required key 'employee' in the event
            event.json:4:27: error: separation.type: unknown separation type 'quit' (expected one of: voluntary, involuntary, layoff, retirement, death)
            event.json:4:51: error: separation.effective_at: expected an RFC 3339 instant with an offset (e.g. 2025-03-14T16:00:00-07:00), found "2025-03-14 17:00"
            event.json:5:29: error: payroll.frequency: unknown pay frequency 'fortnightly' (expected one of: weekly, biweekly, semimonthly, monthly)
            event.json:5:56: error: payroll.lag_days: expected a whole number from 0 to 60, found -1
            event.json:6:38: error: benefits.group_health_plan: expected true or false, found the text "yes"
            event.json:6:62: error: benefits.employer_size: expected a whole number, found the number 4.5
            event.json:6:89: error: benefits.plan_administrator: unknown plan administrator 'tpa' (expected one of: employer, third_party)
            """)
    }

    @Test("Work state, time zone, notice order and nested lists are validated")
    func semanticErrors() {
        let json = """
            {"event_id": "e", "employee": {"id": "E", "work_state": "California", "time_zone": "Pacific"},
             "separation": {"type": "voluntary", "effective_at": "2025-03-14T17:00:00Z", "notice_given_at": "2025-03-15T09:00:00Z"},
             "assets": [{"id": "A1"}], "payroll": {"frequency": "weekly", "periods": [{"start": "2025-03-08", "end": "2025-03-01", "payday": "2025-03-07"}]}}
            """
        #expect(errors(json) == """
            event.json:1:57: error: employee.work_state: expected a two-letter state code in capitals (e.g. CA, DC), found "California"
            event.json:1:84: error: employee.time_zone: unknown IANA time zone "Pacific" (e.g. America/Chicago)
            event.json:2:97: error: separation.notice_given_at: notice_given_at is after effective_at; notice is given before employment ends
            event.json:3:75: error: payroll.periods[0]: pay period ends (2025-03-01) before it starts (2025-03-08)
            event.json:3:75: error: payroll.periods[0]: payday 2025-03-07 is before the period starts (2025-03-08)
            event.json:3:13: error: assets[0].kind: missing required key 'kind' in an asset
            """)
    }

    @Test("Malformed JSON is reported at its position", arguments: [
        ("{\"event_id\": \"e\",}", "event.json:1:18: error: invalid JSON: expected a quoted key"),
        ("{\"event_id\": \"e\", \"event_id\": \"f\"}", "event.json:1:19: error: invalid JSON: duplicate key 'event_id'"),
        ("{\n  \"a\": tru\n}", "event.json:2:8: error: invalid JSON: unexpected character"),
        ("[1, 2", "event.json:1:6: error: invalid JSON: expected ',' or ']' in a list"),
        ("{} {}", "event.json:1:4: error: invalid JSON: unexpected text after the JSON value"),
        ("\"x", "event.json:1:3: error: invalid JSON: unterminated string"),
    ])
    func malformed(json: String, expected: String) {
        #expect(errors(json) == expected)
    }

    @Test("A document that is not an object is rejected")
    func notAnObject() {
        #expect(errors("[]") == "event.json:1:1: error: expected the event to be a mapping, found a list")
    }

    @Test("Strings keep escapes and Unicode")
    func stringEscapes() throws {
        let node = try JSONDocumentParser.parse(#"{"k": "a\"b\\c\u00e9\ud83d\ude00\n"}"#, file: "x.json")
        #expect(node["k"]?.string == "a\"b\\cé😀\n")
    }

    @Test("An unsupported schema version is refused")
    func schemaVersion() {
        let json = valid.replacingOccurrences(of: "\"event_id\": \"evt-1\",", with: "\"schema_version\": 2, \"event_id\": \"evt-1\",")
        #expect(errors(json) == "event.json:2:21: error: schema_version: unsupported schema_version 2; this offboard reads version 1")
    }
}
