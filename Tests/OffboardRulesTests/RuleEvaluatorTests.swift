import Foundation
import OffboardCore
import OffboardRules
import Testing

/// A state file whose final-pay path is `deadline`, applied to every separation type.
private func finalPay(_ deadline: String, appliesWhen: String = "{ separation_type: [voluntary, involuntary, layoff, retirement, death] }") -> String {
    TestRules.state("""
          - id: final-pay
            kind: final_pay
            title: Final wages
            actor: employer
            applies_when: \(appliesWhen)
            versions:
              - effective: 2020-01-01
                source: { citation: "Test Code § 1" }
                deadline: \(deadline)
            examples:
              - name: placeholder, checked by the tests below
                event: { separation: { type: involuntary, effective_at: "2025-03-03T10:00:00-05:00" }, payroll: { frequency: monthly, lag_days: 0 } }
                expect: not_applicable
        """)
}

private func plan(_ rules: String, _ eventJSON: String) throws -> Plan {
    let (set, diagnostics) = TestRules.load(["XX": rules])
    let loaded = try #require(set, "\(diagnostics)")
    return try RuleEvaluator(rules: loaded).plan(try TestRules.event(eventJSON))
}

private func event(type: String = "involuntary", at: String, extra: String = "") -> String {
    """
    {"event_id": "e1", "employee": {"id": "E1", "work_state": "XX"},
     "separation": {"type": "\(type)", "effective_at": "\(at)"\(extra.isEmpty ? "" : ", " + extra)},
     "payroll": {"frequency": "weekly", "anchor_payday": "2025-07-04", "lag_days": 0}}
    """
}

private func evaluationErrorText(_ rules: String, _ eventJSON: String) -> String {
    do {
        _ = try plan(rules, eventJSON)
        return "no error"
    } catch let error as RuleEvaluationError {
        return error.description
    } catch {
        return "unexpected: \(error)"
    }
}

@Suite("Rule evaluation")
struct RuleEvaluatorTests {
    @Test("earlier_of and later_of pick by expiry moment", arguments: [
        // deadline, separation, expected due date
        ("{ earlier_of: [ { next_payday: pay_period, roll: none }, { from: separation_date, add: { calendar_days: 7 }, roll: none } ] }", "2025-06-30T10:00:00-04:00", "2025-07-04"),
        ("{ earlier_of: [ { next_payday: pay_period, roll: none }, { from: separation_date, add: { calendar_days: 2 }, roll: none } ] }", "2025-06-30T10:00:00-04:00", "2025-07-02"),
        ("{ later_of: [ { next_payday: pay_period, roll: none }, { from: separation_date, add: { business_days: 3 } } ] }", "2025-07-02T10:00:00-04:00", "2025-07-08"),
        ("{ later_of: [ { next_payday: pay_period, roll: previous_business_day }, { from: separation_date, add: { business_days: 1 } } ] }", "2025-06-30T10:00:00-04:00", "2025-07-03"),
    ])
    func combinators(deadline: String, at: String, expected: String) throws {
        let result = try plan(finalPay(deadline), event(at: at))
        #expect(result.obligations.map { $0.dueDate?.description } == [expected])
    }

    @Test("An instant beats a date on the same day in earlier_of, and a date wins later_of")
    func instantVersusDate() throws {
        let earlier = try plan(finalPay("{ earlier_of: [ { from: separation, add: { hours: 2 } }, { from: separation_date, add: { calendar_days: 0 }, roll: none } ] }"), event(at: "2025-03-03T10:00:00-05:00"))
        #expect(earlier.obligations[0].due == .instant(Instant(rfc3339: "2025-03-03T12:00:00-05:00")!))
        let later = try plan(finalPay("{ later_of: [ { from: separation, add: { hours: 2 } }, { from: separation_date, add: { calendar_days: 0 }, roll: none } ] }"), event(at: "2025-03-03T10:00:00-05:00"))
        #expect(later.obligations[0].due == .date(CivilDate(parsing: "2025-03-03")!))
        #expect(later.obligations[0].dueAt?.rfc3339(in: later.zone) == "2025-03-03T23:59:59-05:00")
    }

    @Test("Hour deadlines are elapsed time across DST changes", arguments: [
        ("2025-03-08T20:00:00-05:00", 24, "2025-03-09T21:00:00-04:00"),
        ("2025-11-01T20:00:00-04:00", 24, "2025-11-02T19:00:00-05:00"),
        ("2025-03-07T17:00:00-05:00", 72, "2025-03-10T18:00:00-04:00"),
        ("2025-07-03T17:00:00-04:00", 72, "2025-07-06T17:00:00-04:00"),
    ])
    func hoursAcrossDST(at: String, hours: Int, expected: String) throws {
        let result = try plan(finalPay("{ from: separation, add: { hours: \(hours) } }"), event(at: at))
        #expect(result.obligations[0].dueAt?.rfc3339(in: result.zone) == expected)
    }

    @Test("Calendar days roll off weekends and observed holidays only when the rule says so", arguments: [
        ("none", "2025-07-03T10:00:00-04:00", "2025-07-05"),
        ("next_business_day", "2025-07-03T10:00:00-04:00", "2025-07-07"),
        ("previous_business_day", "2025-07-03T10:00:00-04:00", "2025-07-03"),
        ("next_business_day", "2026-07-01T10:00:00-04:00", "2026-07-06"),
        ("previous_business_day", "2026-07-01T10:00:00-04:00", "2026-07-02"),
    ])
    func rolls(roll: String, at: String, expected: String) throws {
        let result = try plan(finalPay("{ from: separation_date, add: { calendar_days: 2 }, roll: \(roll) }"), event(at: at))
        #expect(result.obligations[0].dueDate?.description == expected)
    }

    @Test("Months and years use the file's invalid-date policy; reject is an evaluation error at the version")
    func monthPolicies() throws {
        let rounded = try plan(finalPay("{ from: separation_date, add: { months: 1 }, roll: none, on_invalid_date: last_day_of_month }"), event(at: "2025-01-31T10:00:00-05:00"))
        #expect(rounded.obligations[0].dueDate?.description == "2025-02-28")
        let up = try plan(finalPay("{ from: separation_date, add: { years: 1 }, roll: none, on_invalid_date: first_day_of_next_month }"), event(at: "2024-02-29T10:00:00-05:00"))
        #expect(up.obligations[0].dueDate?.description == "2025-03-01")
        #expect(evaluationErrorText(finalPay("{ from: separation_date, add: { months: 1 }, roll: none, on_invalid_date: reject }"), event(at: "2025-01-31T10:00:00-05:00"))
            == "Rules/XX.yaml:11:9: error: XX/final-pay: 2025-01-31 + 1 month(s) lands on 2025-02-31, which does not exist; the rule needs on_invalid_date (reject | last_day_of_month | first_day_of_next_month)")
    }

    @Test("A missing input is an error naming the field, never a guess")
    func missingInputs() throws {
        let noPayroll = """
            {"event_id": "e1", "employee": {"id": "E1", "work_state": "XX"}, "separation": {"type": "voluntary", "effective_at": "2025-03-03T10:00:00-05:00"}}
            """
        #expect(evaluationErrorText(finalPay("{ next_payday: pay_period, roll: none }"), noPayroll)
            == "Rules/XX.yaml:11:9: error: XX/final-pay: the event has no payroll, which is needed for a next_payday deadline (frequency and anchor_payday/lag_days, or periods)")
        #expect(evaluationErrorText(finalPay("immediate", appliesWhen: "{ separation_type: [voluntary, involuntary, layoff, retirement, death], notice: { at_least: { hours: 72 } } }"), noPayroll)
            == "Rules/XX.yaml:5:5: error: XX/final-pay: the event has no separation.notice_given_at, which is needed to compare the notice given with 72 hours for XX/final-pay (use effective_at itself when no notice was given)")
        #expect(evaluationErrorText(finalPay("{ from: last_day_worked, add: { business_days: 3 } }"), noPayroll)
            == "Rules/XX.yaml:11:9: error: XX/final-pay: the event has no separation.last_day_worked, which is needed because the deadline counts from the last day worked")
    }

    @Test("Conditions not met leave inputs that only they need undemanded")
    func typeDecidesFirst() throws {
        let result = try plan(
            finalPay("immediate", appliesWhen: "{ separation_type: [death] }") .replacingOccurrences(of: "obligations:\n", with: "obligations:\n") + """

                  - id: final-pay.other
                    kind: final_pay
                    title: Others
                    actor: employer
                    applies_when: { separation_type: [voluntary, involuntary, layoff, retirement] }
                    versions:
                      - { effective: 2020-01-01, source: { citation: "Test Code § 2" }, deadline: none }
                    examples:
                      - { name: x, event: { separation: { type: layoff, effective_at: "2025-03-03T10:00:00-05:00" } }, expect: no_statutory_deadline }
                """,
            event(type: "layoff", at: "2025-03-03T10:00:00-05:00"))
        #expect(result.obligations.map(\.ruleId) == ["XX/final-pay.other"])
        #expect(result.obligations[0].due == nil)
        #expect(result.obligations[0].explanation.contains("→ no statutory deadline"))
    }

    @Test("No version in force on the separation date is an error, not a default")
    func noVersionInForce() throws {
        #expect(evaluationErrorText(finalPay("immediate"), event(at: "2019-12-31T10:00:00-05:00"))
            == "Rules/XX.yaml:5:5: error: XX/final-pay: no version is in force on 2019-12-31, the separation date (the earliest version is effective 2020-01-01)")
    }

    @Test("A notice not yet in force on the separation date does not apply; final pay still must")
    func noticeNotYetInForce() throws {
        let notice = """

              - id: ui-notice
                kind: separation_notice
                title: Unemployment notice
                actor: employer
                versions:
                  - { effective: 2024-01-01, until: 2024-12-31, source: { citation: "Test Code § 9" }, deadline: immediate }
                examples:
                  - { name: x, event: { separation: { type: layoff, effective_at: "2024-03-04T10:00:00-05:00" } }, expect: { due: "2024-03-04T10:00:00-05:00" } }
            """
        let rules = finalPay("immediate") + notice
        let before = try plan(rules, event(at: "2023-06-01T10:00:00-05:00"))
        #expect(before.obligations.map(\.ruleId) == ["XX/final-pay"])
        let during = try plan(rules, event(at: "2024-06-03T10:00:00-04:00"))
        #expect(during.obligations.map(\.ruleId).sorted() == ["XX/final-pay", "XX/ui-notice"])
        let after = try plan(rules, event(at: "2025-02-03T10:00:00-05:00"))
        #expect(after.obligations.map(\.ruleId) == ["XX/final-pay"])
    }

    @Test("The version in force on the separation's local date is chosen")
    func versionSelection() throws {
        let rules = TestRules.state("""
              - id: final-pay
                kind: final_pay
                title: Final wages
                actor: employer
                versions:
                  - { effective: 2020-01-01, source: { citation: "Old" }, deadline: { from: separation_date, add: { calendar_days: 10 }, roll: none } }
                  - { effective: 2025-03-01, source: { citation: "New" }, deadline: { from: separation_date, add: { calendar_days: 3 }, roll: none } }
                examples:
                  - { name: old, event: { separation: { type: layoff, effective_at: "2025-02-28T23:30:00-05:00" } }, expect: { due_date: 2025-03-10 } }
                  - { name: new, event: { separation: { type: layoff, effective_at: "2025-03-01T00:30:00-05:00" } }, expect: { due_date: 2025-03-04 } }
            """)
        // 2025-03-01T03:30Z is still Feb 28 in New York: the old version applies.
        let old = try plan(rules, event(type: "layoff", at: "2025-03-01T03:30:00Z"))
        #expect(old.obligations[0].version.source.citation == "Old")
        #expect(old.obligations[0].dueDate?.description == "2025-03-10")
        let new = try plan(rules, event(type: "layoff", at: "2025-03-01T05:30:00Z"))
        #expect(new.obligations[0].version.source.citation == "New")
        #expect(new.obligations[0].explanation.contains { $0.hasPrefix("version effective 2025-03-01: in force on 2025-03-01") })
    }

    @Test("Overlapping final-pay paths, and a separation type with no path, are errors")
    func finalPayPaths() throws {
        let overlapping = finalPay("immediate") + """

              - id: final-pay.second
                kind: final_pay
                title: Also final wages
                actor: employer
                applies_when: { separation_type: [layoff] }
                versions:
                  - { effective: 2020-01-01, source: { citation: "Test Code § 2" }, deadline: immediate }
                examples:
                  - { name: x, event: { separation: { type: layoff, effective_at: "2025-03-03T10:00:00-05:00" } }, expect: not_applicable }
            """
        #expect(evaluationErrorText(overlapping, event(type: "layoff", at: "2025-03-03T10:00:00-05:00"))
            == "Rules/XX.yaml:18:5: error: XX/final-pay.second: several final_pay paths apply (XX/final-pay, XX/final-pay.second); their applies_when must not overlap")
        #expect(evaluationErrorText(finalPay("immediate", appliesWhen: "{ separation_type: [voluntary] }"), event(type: "death", at: "2025-03-03T10:00:00-05:00"))
            == "Rules/XX.yaml: error: XX/final_pay: no final_pay path applies to a death separation; every separation type needs a path (use 'deadline: none' where no statute applies)")
    }

    @Test("A work state without a rule file is an error")
    func unknownState() throws {
        let json = event(at: "2025-03-03T10:00:00-05:00").replacingOccurrences(of: "\"XX\"", with: "\"ZZ\"")
        #expect(evaluationErrorText(finalPay("immediate"), json)
            == "employee.work_state: error: ZZ: no rule file for work_state ZZ (expected Rules/ZZ.yaml)")
    }

    @Test("Plans are deterministic: the same event gives the same plan")
    func deterministic() throws {
        let rules = try TestRules.bundled()
        let json = """
            {"event_id": "e", "employee": {"id": "E", "work_state": "NY"},
             "separation": {"type": "involuntary", "effective_at": "2025-11-03T16:00:00-05:00"},
             "payroll": {"frequency": "biweekly", "anchor_payday": "2025-11-14", "lag_days": 7},
             "benefits": {"group_health_plan": true, "employer_size": 90, "plan_administrator": "third_party", "coverage_end": "end_of_month"}}
            """
        let first = try RuleEvaluator(rules: rules).plan(try TestRules.event(json))
        let second = try RuleEvaluator(rules: rules).plan(try TestRules.event(json))
        #expect(first.obligations.map(\.ruleId) == second.obligations.map(\.ruleId))
        #expect(first.obligations.map(\.dueAt) == second.obligations.map(\.dueAt))
        #expect(first.obligations.map(\.ruleId) == [
            "NY/record-of-employment", "NY/termination-notice", "NY/final-pay", "US/benefits.coverage-end", "US/cobra.employer-notice",
            "US/cobra.election-notice.administrator", "US/cobra.election-window",
        ])
    }

    @Test("A recorded completion replaces the projection in chained deadlines")
    func chains() throws {
        let rules = try TestRules.bundled()
        let json = """
            {"event_id": "e", "employee": {"id": "E", "work_state": "NY"},
             "separation": {"type": "voluntary", "effective_at": "2025-03-14T17:00:00-04:00", "notice_given_at": "2025-03-01T09:00:00-05:00"},
             "payroll": {"frequency": "monthly", "lag_days": 0},
             "benefits": {"group_health_plan": true, "employer_size": 90, "plan_administrator": "third_party", "coverage_end": "end_of_month"}}
            """
        let event = try TestRules.event(json)
        let projected = try RuleEvaluator(rules: rules).plan(event)
        let notice = try #require(projected.obligations.first { $0.obligation.kind == .cobraElectionNotice })
        #expect(notice.projected)
        #expect(notice.dueDate?.description == "2025-04-27")
        let done = try RuleEvaluator(rules: rules).plan(event, completions: [.cobraEmployerNotice: Instant(rfc3339: "2025-03-18T09:00:00-04:00")!])
        let actual = try #require(done.obligations.first { $0.obligation.kind == .cobraElectionNotice })
        #expect(!actual.projected)
        #expect(actual.dueDate?.description == "2025-04-01")
        let window = try #require(done.obligations.first { $0.obligation.kind == .cobraElectionWindowEnd })
        #expect(window.projected)  // the election notice itself is not complete yet
        #expect(window.dueDate?.description == "2025-05-31")
    }
}

@Suite("Rule sets")
struct RuleSetTests {
    @Test("One broken file means the whole set does not load, so good rules are never replaced by a partial set")
    func brokenFileLoadsNothing() {
        let good = finalPay("immediate")
        let broken = good.replacingOccurrences(of: "code: XX", with: "code: YY").replacingOccurrences(of: "deadline: immediate", with: "deadline: immediately")
        let (set, diagnostics) = TestRules.load(["XX": good, "YY": broken])
        #expect(set == nil)
        #expect(diagnostics.map(\.description) == [
            "Rules/YY.yaml:13:19: error: unknown deadline 'immediately'; did you mean 'immediate'? (a deadline is 'immediate', 'none', or a mapping with from, next_payday, earlier_of or later_of)"
        ])
    }

    @Test("Cross-file checks: file names, calendars, example work states, and examples for every version")
    func crossChecks() {
        let rules = TestRules.state("""
              - id: final-pay
                kind: final_pay
                title: Final wages
                actor: employer
                versions:
                  - { effective: 2020-01-01, source: { citation: "Old" }, deadline: immediate }
                  - { effective: 2025-03-01, source: { citation: "New" }, deadline: immediate }
                examples:
                  - { name: new only, event: { employee: { work_state: CA }, separation: { type: layoff, effective_at: "2025-03-03T10:00:00-05:00" } }, expect: { due: "2025-03-03T10:00:00-05:00" } }
            """).replacingOccurrences(of: "calendar: T", with: "calendar: Q")
        let (set, diagnostics) = TestRules.load(["ZZ": rules])
        #expect(set == nil)
        #expect(diagnostics.map(\.description) == [
            "Rules/ZZ.yaml:1:1: error: jurisdiction code 'XX' must match its file name 'ZZ'",
            "Rules/ZZ.yaml: error: calendar 'Q' not found (expected calendars/Q.yaml)",
            "Rules/ZZ.yaml:13:9: error: example 'new only' is for work_state CA, not XX",
            "Rules/ZZ.yaml:10:9: error: version effective 2020-01-01 of 'final-pay' has no example; add one whose separation falls in it",
        ])
    }
}
