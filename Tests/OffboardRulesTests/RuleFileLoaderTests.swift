import Foundation
import OffboardCore
import OffboardRules
import Testing

/// One valid obligation, reused by the broken-file cases below.
private let goodObligation = """
      - id: final-pay
        kind: final_pay
        title: Final wages
        actor: employer
        versions:
          - effective: 2020-01-01
            source: { citation: "Test Code § 1" }
            deadline: { from: separation_date, add: { calendar_days: 6 }, roll: none }
        examples:
          - name: six days later
            event: { separation: { type: involuntary, effective_at: "2025-03-03T10:00:00-05:00" } }
            expect: { due_date: 2025-03-09 }
    """

private func errors(_ text: String) -> String {
    let (file, diagnostics) = RuleFileLoader.load(text, path: "Rules/XX.yaml")
    #expect(file == nil || diagnostics.allSatisfy { $0.severity == .warning })
    return diagnostics.map(\.description).joined(separator: "\n")
}

@Suite("Rule file loading: located errors")
struct RuleFileLoaderTests {
    @Test("A valid file loads with no diagnostics")
    func valid() throws {
        let (file, diagnostics) = RuleFileLoader.load(TestRules.state(goodObligation), path: "Rules/XX.yaml")
        #expect(diagnostics.isEmpty)
        let loaded = try #require(file)
        #expect(loaded.obligations.map(\.id) == ["final-pay"])
        #expect(loaded.obligations[0].versions[0].deadline == .offset(anchor: .separationDate, add: .calendarDays(6), roll: Roll.none, onInvalidDate: nil))
    }

    @Test("An unknown key gets a suggestion, at its line and column")
    func unknownKey() {
        let text = TestRules.state(goodObligation.replacingOccurrences(of: "- effective: 2020-01-01", with: "- efective: 2020-01-01"))
        #expect(errors(text) == """
            Rules/XX.yaml:10:9: error: unknown key 'efective' in version; did you mean 'effective'?
            Rules/XX.yaml:10:9: error: missing required key 'effective' in version
            """)
    }

    @Test("A version without a citation, and an obligation without examples, are errors")
    func citationAndExamples() {
        let obligation = """
              - id: final-pay
                kind: final_pay
                title: Final wages
                actor: employer
                versions:
                  - effective: 2020-01-01
                    deadline: immediate
            """
        #expect(errors(TestRules.state(obligation)) == """
            Rules/XX.yaml:10:9: error: version has no source; every version must cite its statute (source: { citation: …, url: … })
            Rules/XX.yaml:5:5: error: obligation 'final-pay' has no examples; add at least one under 'examples'
            """)
    }

    @Test("Versions out of order, and overlapping versions, are errors")
    func overlappingVersions() {
        let versions = """
                versions:
                  - effective: 2022-01-01
                    until: 2023-06-30
                    source: { citation: "A" }
                    deadline: immediate
                  - effective: 2023-01-01
                    source: { citation: "B" }
                    deadline: immediate
                  - effective: 2021-01-01
                    source: { citation: "C" }
                    deadline: immediate
            """
        let obligation = goodObligation.replacingOccurrences(
            of: """
                    versions:
                      - effective: 2020-01-01
                        source: { citation: "Test Code § 1" }
                        deadline: { from: separation_date, add: { calendar_days: 6 }, roll: none }
                """, with: versions)
        #expect(errors(TestRules.state(obligation)) == """
            Rules/XX.yaml:14:9: error: version effective 2023-01-01 overlaps the version effective 2022-01-01, which runs until 2023-06-30
            Rules/XX.yaml:17:9: error: versions must be in order of their effective dates: 2021-01-01 comes after 2023-01-01
            """)
    }

    @Test("Wrong types and unknown enum values are reported where they are")
    func wrongTypes() {
        let obligation = """
              - id: Final_Pay
                kind: final_payment
                title: Final wages
                actor: [employer]
                nature: yes
                applies_when: { separation_type: [quit], notice: { at_least: { days: 3 } } }
                versions:
                  - effective: 2020-13-01
                    source: { citation: "A", url: "ftp://x" }
                    deadline: { from: separation_date, add: { calendar_days: three }, roll: forward }
                examples:
                  - name: x
                    event: { separation: { type: involuntary, effective_at: "2025-03-03T10:00:00-05:00" } }
                    expect: { due_date: 2025-03-09 }
            """
        #expect(errors(TestRules.state(obligation)) == """
            Rules/XX.yaml:5:9: error: obligation id must use lower-case letters, digits, '-' and '.', found "Final_Pay"
            Rules/XX.yaml:6:11: error: unknown obligation kind 'final_payment'; did you mean 'final_pay'?
            Rules/XX.yaml:8:12: error: expected text, found a list
            Rules/XX.yaml:9:13: error: unknown nature 'yes' (expected one of: deadline, minimum_window)
            Rules/XX.yaml:10:39: error: unknown separation type 'quit' (expected one of: voluntary, involuntary, layoff, retirement, death)
            Rules/XX.yaml:10:68: error: unknown key 'days' in notice length (expected: hours, calendar_days, business_hours, pay_periods)
            Rules/XX.yaml:12:20: error: expected a date as YYYY-MM-DD, found "2020-13-01"
            Rules/XX.yaml:13:39: error: url must start with https://
            Rules/XX.yaml:14:66: error: expected a whole number, found the text "three"
            Rules/XX.yaml:14:81: error: unknown roll 'forward' (expected one of: none, next_business_day, previous_business_day)
            """)
    }

    @Test("Month arithmetic without an invalid-date policy, and hours from a date, are rejected")
    func dateSemanticsErrors() {
        let obligation = goodObligation.replacingOccurrences(
            of: "deadline: { from: separation_date, add: { calendar_days: 6 }, roll: none }",
            with: "deadline: { later_of: [ { from: separation_date, add: { months: 1 }, roll: none }, { from: last_day_worked, add: { hours: 24 } } ] }")
        #expect(errors(TestRules.state(obligation)) == """
            Rules/XX.yaml:12:33: error: '1 months' can land on a day that does not exist (Jan 31 + 1 month); add on_invalid_date: reject | last_day_of_month | first_day_of_next_month
            Rules/XX.yaml:12:100: error: hours count elapsed time from an instant; 'last_day_worked' is a date (use separation, notice_given or completion_of)
            """)
    }

    @Test("A calendar-day deadline must say how it rolls; business days must not")
    func rollRequired() {
        let missing = goodObligation.replacingOccurrences(of: ", roll: none }", with: " }")
        #expect(errors(TestRules.state(missing)) == """
            Rules/XX.yaml:12:19: error: a calendar_days deadline needs 'roll' (none | next_business_day | previous_business_day)
            """)
        let extra = goodObligation.replacingOccurrences(of: "calendar_days: 6 }, roll: none", with: "business_days: 6 }, roll: next_business_day")
        #expect(errors(TestRules.state(extra)) == """
            Rules/XX.yaml:12:77: error: roll does not apply to business_days, which always end on a business day
            """)
    }

    @Test("An example's event is checked against the event schema, with its field path")
    func badExampleEvent() {
        let obligation = goodObligation.replacingOccurrences(of: "type: involuntary", with: "type: fired")
        #expect(errors(TestRules.state(obligation)) == """
            Rules/XX.yaml:15:38: error: event.separation.type: unknown separation type 'fired' (expected one of: voluntary, involuntary, layoff, retirement, death)
            """)
    }

    @Test("YAML syntax errors and duplicate keys are located")
    func yamlErrors() {
        #expect(errors("schema: offboard-rules/1\njurisdiction:\n  code: XX\n   name: bad indent\n") == "Rules/XX.yaml:4:8: error: invalid YAML: mapping values are not allowed in this context")
        #expect(errors("schema: offboard-rules/1\nschema: offboard-rules/1\n") == "Rules/XX.yaml:1:1: error: duplicate key 'schema' in a mapping")
    }

    @Test("YAML 1.1 booleans are not guessed: 'yes' is text, only true/false are booleans")
    func noImplicitBooleans() {
        let text = TestRules.state(goodObligation.replacingOccurrences(of: "    versions:", with: "    applies_when: { group_health_plan: yes }\n    versions:"))
        #expect(errors(text) == "Rules/XX.yaml:9:40: error: expected true or false, found the text \"yes\"")
    }

    @Test("A wrong schema header is refused")
    func schemaHeader() {
        let text = TestRules.state(goodObligation).replacingOccurrences(of: "schema: offboard-rules/1", with: "schema: offboard-rules/2")
        #expect(errors(text) == "Rules/XX.yaml:1:9: error: unsupported schema 'offboard-rules/2'; this offboard reads 'offboard-rules/1'")
    }
}
