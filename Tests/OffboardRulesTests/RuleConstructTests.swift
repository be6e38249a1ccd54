import Foundation
import OffboardCore
import OffboardRules
import Testing

/// One final-pay path with `deadline` and `appliesWhen`, plus a catch-all 'none' path for the other types.
private func rules(_ deadline: String, appliesWhen: String) -> String {
    TestRules.state("""
          - id: final-pay
            kind: final_pay
            title: Final wages
            actor: employer
            applies_when: \(appliesWhen)
            versions:
              - { effective: 2020-01-01, source: { citation: "Test § 1" }, deadline: \(deadline) }
            examples:
              - { name: x, event: { separation: { type: death, effective_at: "2025-03-03T10:00:00-05:00" } }, expect: not_applicable }
    """)
}

private func due(_ rulesText: String, _ separation: String, payroll: String = #"{"frequency": "weekly", "anchor_payday": "2025-03-07", "lag_days": 0}"#, benefits: String? = nil) throws -> PlannedObligation? {
    let (set, diagnostics) = TestRules.load(["XX": rulesText])
    let loaded = try #require(set, "\(diagnostics)")
    let json = """
        {"event_id": "e", "employee": {"id": "E", "work_state": "XX"}, "separation": \(separation), "payroll": \(payroll)\(benefits.map { ", \"benefits\": \($0)" } ?? "")}
        """
    let event = try TestRules.event(json)
    let file = try #require(loaded.files["XX"])
    return try RuleEvaluator(rules: loaded).evaluate(file.obligations[0], in: file, for: event)
}

@Suite("Rule constructs for special statutes")
struct RuleConstructTests {
    @Test("Business hours skip weekends and holidays: Idaho's 48 hours after a written request", arguments: [
        // demand at, expected due
        ("2025-03-14T15:00:00-04:00", "2025-03-18T15:00:00-04:00"),  // Fri 15:00 → Tue 15:00
        ("2025-07-02T10:00:00-04:00", "2025-07-07T10:00:00-04:00"),  // Wed → skips Fri Jul 4 and the weekend
        ("2025-03-08T12:00:00-05:00", "2025-03-12T00:00:00-04:00"),  // a Saturday demand starts counting Monday
    ])
    func businessHours(demandAt: String, expected: String) throws {
        let text = rules("{ from: demand, add: { business_hours: 48 } }", appliesWhen: "{ separation_type: [involuntary], demand: made }")
        let result = try #require(try due(text, #"{"type": "involuntary", "effective_at": "2025-03-01T10:00:00-05:00", "demand_at": "\#(demandAt)"}"#))
        #expect(result.dueAt?.rfc3339(in: Zone(identifier: "America/New_York")!) == expected)
    }

    @Test("A demand condition chooses the path; the demand anchor requires the demand")
    func demandCondition() throws {
        let text = rules("{ from: separation, add: { hours: 24 } }", appliesWhen: "{ separation_type: [involuntary], demand: not_made }")
        let noDemand = try due(text, #"{"type": "involuntary", "effective_at": "2025-03-03T10:00:00-05:00"}"#)
        #expect(noDemand?.dueAt == Instant(rfc3339: "2025-03-04T10:00:00-05:00"))
        let demanded = try due(text, #"{"type": "involuntary", "effective_at": "2025-03-03T10:00:00-05:00", "demand_at": "2025-03-05T09:00:00-05:00"}"#)
        #expect(demanded == nil)
    }

    @Test("The first payday on or after a date: Alaska's 3 days after notice, Minnesota's 5 days after the last day", arguments: [
        // separation, notice, offset anchor, expected payday (weekly Fridays, lag 0)
        ("2025-03-05T17:00:00-05:00", "2025-03-05T09:00:00-05:00", "notice_given", 3, "2025-03-14"),  // Wed notice: +3 = Sat → next Fri
        ("2025-03-05T17:00:00-05:00", "2025-03-03T09:00:00-05:00", "notice_given", 3, "2025-03-07"),  // Mon notice: +3 = Thu → Fri
        ("2025-03-06T17:00:00-05:00", "2025-03-06T17:00:00-05:00", "separation_date", 5, "2025-03-14"),  // Thu: Fri is < 5 days away
        ("2025-03-02T17:00:00-05:00", "2025-03-02T17:00:00-05:00", "separation_date", 5, "2025-03-07"),  // Sun: Fri is 5 days away
    ])
    func firstOnOrAfter(separation: String, notice: String, anchor: String, days: Int, expected: String) throws {
        let text = rules(
            "{ next_payday: first_on_or_after, on_or_after: { from: \(anchor), add: { calendar_days: \(days) }, roll: none }, roll: none }",
            appliesWhen: "{ separation_type: [voluntary] }")
        let result = try due(text, #"{"type": "voluntary", "effective_at": "\#(separation)", "notice_given_at": "\#(notice)"}"#)
        #expect(result?.dueDate?.description == expected)
    }

    @Test("The first payday on or after a date sees an earlier period's lagged payday")
    func firstOnOrAfterWithLag() throws {
        // Biweekly periods ending 2025-03-07, 03-21 …, paid 7 days later (03-14, 03-28 …).
        let text = rules(
            "{ next_payday: first_on_or_after, on_or_after: { from: separation_date, add: { calendar_days: 5 }, roll: none }, roll: none }",
            appliesWhen: "{ separation_type: [voluntary] }")
        let result = try due(
            text, #"{"type": "voluntary", "effective_at": "2025-03-08T12:00:00-05:00"}"#,
            payroll: #"{"frequency": "biweekly", "anchor_payday": "2025-03-14", "lag_days": 7}"#)
        // The separation's own period is paid 2025-03-28, but the 03-14 payday is already on or after 03-13.
        #expect(result?.dueDate?.description == "2025-03-14")
    }

    @Test("Notice measured in business hours and in pay periods", arguments: [
        // notice given, effective, length, holds
        ("2025-03-14T10:00:00-04:00", "2025-03-18T10:00:00-04:00", "{ business_hours: 48 }", true),
        ("2025-03-14T10:00:00-04:00", "2025-03-17T10:00:00-04:00", "{ business_hours: 48 }", false),
        ("2025-02-28T09:00:00-05:00", "2025-03-07T17:00:00-05:00", "{ pay_periods: 1 }", true),
        ("2025-03-03T09:00:00-05:00", "2025-03-07T17:00:00-05:00", "{ pay_periods: 1 }", false),
    ])
    func noticeLengths(notice: String, effective: String, length: String, holds: Bool) throws {
        let text = rules("immediate", appliesWhen: "{ separation_type: [voluntary], notice: { at_least: \(length) } }")
        let result = try due(text, #"{"type": "voluntary", "effective_at": "\#(effective)", "notice_given_at": "\#(notice)"}"#)
        #expect((result != nil) == holds)
    }

    @Test("Business closing, property return, funding and day-of-month conditions", arguments: [
        ("{ separation_type: [layoff], business_closing: true }", #""business_closing": true"#, true),
        ("{ separation_type: [layoff], business_closing: true }", #""business_closing": false"#, false),
        ("{ separation_type: [layoff], property_returned: true }", #""property_returned_at": "2025-03-10T09:00:00-04:00""#, true),
        ("{ separation_type: [layoff], property_returned: true }", #""business_closing": false"#, false),
        ("{ separation_type: [layoff], separation_day: { at_most: 15 } }", #""business_closing": false"#, true),
        ("{ separation_type: [layoff], separation_day: { at_least: 16 } }", #""business_closing": false"#, false),
    ])
    func conditions(appliesWhen: String, field: String, holds: Bool) throws {
        let text = rules("immediate", appliesWhen: appliesWhen)
        let result = try due(text, #"{"type": "layoff", "effective_at": "2025-03-03T10:00:00-05:00", \#(field)}"#)
        #expect((result != nil) == holds)
    }

    @Test("A condition needing an absent field names it; funding is asked only when size qualifies")
    func requiredFields() throws {
        let closing = rules("immediate", appliesWhen: "{ separation_type: [layoff], business_closing: true }")
        #expect(throws: RuleEvaluationError.self) {
            try due(closing, #"{"type": "layoff", "effective_at": "2025-03-03T10:00:00-05:00"}"#)
        }
        let funding = rules("immediate", appliesWhen: "{ separation_type: [layoff], group_health_plan: true, employer_size: { at_least: 2, less_than: 20 }, plan_funding: insured }")
        let big = #"{"group_health_plan": true, "employer_size": 50, "plan_administrator": "employer", "coverage_end": "end_of_month"}"#
        #expect(try due(funding, #"{"type": "layoff", "effective_at": "2025-03-03T10:00:00-05:00"}"#, benefits: big) == nil)
        let small = #"{"group_health_plan": true, "employer_size": 12, "plan_administrator": "employer", "coverage_end": "end_of_month"}"#
        do {
            _ = try due(funding, #"{"type": "layoff", "effective_at": "2025-03-03T10:00:00-05:00"}"#, benefits: small)
            Issue.record("expected a missing-input error")
        } catch let error as RuleEvaluationError {
            #expect(error.message == "the event has no benefits.funding, which is needed to decide whether XX/final-pay applies (insured or self_funded)")
        }
        let insured = #"{"group_health_plan": true, "employer_size": 12, "plan_administrator": "employer", "coverage_end": "end_of_month", "funding": "insured"}"#
        #expect(try due(funding, #"{"type": "layoff", "effective_at": "2025-03-03T10:00:00-05:00"}"#, benefits: insured) != nil)
    }

    @Test("Pay-period-end and month-end anchors", arguments: [
        ("{ from: pay_period_end }", "2025-03-05T10:00:00-05:00", "2025-03-07"),
        ("{ from: separation_month_end, add: { calendar_days: 15 }, roll: none }", "2025-03-20T10:00:00-04:00", "2025-04-15"),
        ("{ from: separation_month_end, add: { calendar_days: 1 }, roll: none }", "2024-02-10T10:00:00-05:00", "2024-03-01"),
    ])
    func periodAnchors(deadline: String, at: String, expected: String) throws {
        let text = rules(deadline, appliesWhen: "{ separation_type: [layoff] }")
        #expect(try due(text, #"{"type": "layoff", "effective_at": "\#(at)"}"#)?.dueDate?.description == expected)
    }
}
