import Foundation
import OffboardCore
import OffboardRules
import Testing

/// The bundled rule set covers every jurisdiction, and a discharge plans in each.
@Suite("Every jurisdiction")
struct JurisdictionCoverageTests {
    static let rules = try? TestRules.bundled()

    /// The states whose law sets no deadline for a discharge: the plan says so rather than leaving them out.
    static let noDischargeStatute: Set<String> = ["AL", "FL", "GA", "MS"]

    static let allCodes: [String] = [
        "AK", "AL", "AR", "AZ", "CA", "CO", "CT", "DC", "DE", "FL", "GA", "HI", "IA", "ID", "IL", "IN", "KS", "KY", "LA",
        "MA", "MD", "ME", "MI", "MN", "MO", "MS", "MT", "NC", "ND", "NE", "NH", "NJ", "NM", "NV", "NY", "OH", "OK", "OR",
        "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VA", "VT", "WA", "WI", "WV", "WY",
    ]

    static func discharge(in state: String) -> String {
        """
        {"event_id": "coverage-\(state)", "employee": {"id": "E-\(state)", "work_state": "\(state)"},
         "separation": {"type": "involuntary", "effective_at": "2025-06-11T15:00:00Z", "last_day_worked": "2025-06-11",
                        "notice_given_at": "2025-06-11T15:00:00Z", "business_closing": false},
         "payroll": {"frequency": "biweekly", "anchor_payday": "2025-06-20", "lag_days": 6},
         "benefits": {"group_health_plan": true, "employer_size": 50, "plan_administrator": "third_party",
                      "coverage_end": "end_of_month", "funding": "insured"}}
        """
    }

    @Test("Rules/ has a rule file and a calendar for all 50 states and DC, plus the federal file")
    func fiftyOne() throws {
        let rules = try #require(Self.rules)
        #expect(Self.allCodes.count == 51)
        #expect(Set(rules.files.keys) == Set(Self.allCodes + ["US"]))
        #expect(Set(rules.calendars.keys) == Set(Self.allCodes + ["US"]))
    }

    @Test("A discharge plans in every jurisdiction, with one cited final-pay path", arguments: allCodes)
    func dischargePlans(state: String) throws {
        let rules = try #require(Self.rules)
        let plan = try RuleEvaluator(rules: rules).plan(try TestRules.event(Self.discharge(in: state)))
        let finalPay = plan.obligations.filter { $0.obligation.kind == .finalPay }
        #expect(finalPay.count == 1)
        let path = try #require(finalPay.first)
        #expect(path.jurisdiction == state)
        #expect(!path.version.source.citation.isEmpty)
        if Self.noDischargeStatute.contains(state) {
            #expect(path.due == nil, "\(state) has no final-pay statute: 'no statutory deadline'")
        } else {
            #expect(path.due != nil, "\(state) sets a discharge deadline")
        }
        // Federal COBRA rides along everywhere.
        #expect(plan.obligations.contains { $0.ruleId == "US/cobra.employer-notice" })
    }
}
