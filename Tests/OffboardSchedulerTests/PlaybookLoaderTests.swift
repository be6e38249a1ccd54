import Foundation
import OffboardCore
import OffboardScheduler
import Testing

let minimalPlaybook = """
    schema: offboard-playbook/1
    connectors:
      log: { type: log }
      payroll: { type: webhook, url: "http://127.0.0.1:9/pay", secret_env: OFFBOARD_PAYROLL_SECRET }
    escalation: { connector: log, targets: [hr-oncall], warn_before: [24h], ladder: [0s, 1h] }
    actions:
      - id: revoke_access
        connector: log
        fire:
          involuntary: { at: effective_at, within: 15m }
          default: { at: end_of_last_day_worked }
      - id: archive_mailbox
        connector: log
        after: [revoke_access]
        fire: { default: { at: effective_at, offset: 1d, within: 2d } }
      - id: finalize_payroll
        connector: payroll
        fire: { default: { before: final_pay, lead: 4h } }
      - id: notify_benefits
        connector: log
        after: [finalize_payroll]
        fire: { default: { before: cobra_employer_notice, lead: 7d } }
    """

@Suite("Playbook loading")
struct PlaybookLoaderTests {
    @Test("A valid playbook loads with its connectors, fire rules, dependencies and escalation policy")
    func loads() throws {
        let playbook = try PlaybookLoader.load(minimalPlaybook, path: "offboard.yaml")
        #expect(playbook.actions.map(\.id) == ["revoke_access", "archive_mailbox", "finalize_payroll", "notify_benefits"])
        #expect(playbook.connectors["payroll"]?.kind == .webhook)
        #expect(playbook.connectors["payroll"]?.settings["secret_env"] == "OFFBOARD_PAYROLL_SECRET")
        #expect(playbook.escalation.ladder == [0, 3600])
        let revoke = playbook.actions[0]
        #expect(revoke.rule(for: .involuntary) == .at(.effectiveAt, offset: 0, within: 900))
        #expect(revoke.rule(for: .voluntary) == .at(.endOfLastDayWorked, offset: 0, within: 3600))
        #expect(playbook.actions[2].rule(for: .layoff) == .before(kind: "final_pay", lead: 4 * 3600))
        #expect(playbook.actions[3].after == ["finalize_payroll"])
    }

    @Test("Errors are located and explained", arguments: [
        ("  - id: revoke_access\n    connector: log\n", "  - id: revoke_access\n    connector: logg\n",
         "offboard.yaml:7:5: error: action 'revoke_access' uses connector 'logg', which is not configured; did you mean 'log'?"),
        ("before: final_pay,", "before: final_pai,", "offboard.yaml:18:32: error: unknown obligation kind 'final_pai'; did you mean 'final_pay'?"),
        ("lead: 4h", "lead: 4 hours", "offboard.yaml:18:49: error: expected a duration such as 30s, 15m, 4h or 2d, found '4 hours'"),
        ("secret_env: OFFBOARD_PAYROLL_SECRET", "secret_env: hunter2", "error: secret_env names an environment variable"),
        ("after: [finalize_payroll]", "after: [finalise_payroll]", "runs after 'finalise_payroll', which is not an action; did you mean 'finalize_payroll'?"),
        ("    fire: { default: { at: effective_at, offset: 1d, within: 2d } }", "    fire: { default: { at: effective_at, before: final_pay } }",
         "offboard.yaml:15:22: error: a fire rule needs exactly one of 'at' (a moment of the separation) or 'before' (an obligation kind)"),
    ])
    func errors(original: String, replacement: String, expected: String) throws {
        let text = minimalPlaybook.replacingOccurrences(of: original, with: replacement)
        #expect(text != minimalPlaybook)
        let error = try #require(throws: DiagnosticsError.self) { try PlaybookLoader.load(text, path: "offboard.yaml") }
        #expect(error.description.contains(expected), "\(error.description)")
    }

    @Test("A dependency cycle is refused, naming the cycle")
    func cycle() throws {
        let text = minimalPlaybook.replacingOccurrences(
            of: "    connector: log\n    fire:\n      involuntary",
            with: "    connector: log\n    after: [archive_mailbox]\n    fire:\n      involuntary")
        let error = try #require(throws: DiagnosticsError.self) { try PlaybookLoader.load(text, path: "offboard.yaml") }
        #expect(error.description.contains("cycle: revoke_access → archive_mailbox → revoke_access"), "\(error.description)")
    }

    @Test("Retry ceilings double from the initial wait up to the maximum")
    func retry() {
        let policy = RetryPolicy(attempts: 6, initial: 30, maximum: 300)
        #expect((1...6).map { policy.ceiling(beforeAttempt: $0) } == [0, 30, 60, 120, 240, 300])
    }
}
