import OffboardCore
import OffboardScheduler
import Testing

@Suite("Action planning and simulation on a virtual clock")
struct SimulationTests {
    let playbook = try! PlaybookLoader.load(minimalPlaybook, path: "offboard.yaml")
    let zone = Zone(identifier: "America/Los_Angeles")!

    func facts(type: SeparationType = .involuntary, finalPayDue: String = "2025-03-03T15:00:00-08:00") -> SeparationFacts {
        SeparationFacts(
            employeeId: "E-1", separationType: type, effectiveAt: Instant(rfc3339: "2025-03-03T15:00:00-08:00")!,
            lastDayWorked: CivilDate(year: 2025, month: 3, day: 3), zone: zone,
            obligations: [
                ObligationFact(kind: "final_pay", rule: "CA/final-pay.discharge@2020-01-01", dueAt: Instant(rfc3339: finalPayDue), handling: "fire"),
                ObligationFact(kind: "cobra_employer_notice", rule: "US/cobra.employer-notice@2004-05-01", dueAt: Instant(rfc3339: "2025-04-02T23:59:59-07:00"), handling: "fire"),
                ObligationFact(kind: "separation_notice", rule: "CA/ui-notice.de2320@2020-01-01", dueAt: Instant(rfc3339: "2025-03-03T23:59:59-08:00"), handling: "fire"),
            ])
    }

    @Test("Fire times branch on the separation type; 'before' actions are due by their obligation's deadline")
    func planning() throws {
        let plans = ActionPlanner.plan(facts(), playbook: playbook)
        let scheduled = plans.compactMap { if case let .scheduled(a) = $0 { a } else { nil } }
        let revoke = try #require(scheduled.first { $0.id == "revoke_access" })
        #expect(revoke.fireAt == Instant(rfc3339: "2025-03-03T15:00:00-08:00"))
        #expect(revoke.deadline == Instant(rfc3339: "2025-03-03T15:15:00-08:00"))
        let payroll = try #require(scheduled.first { $0.specId == "finalize_payroll" })
        #expect(payroll.id == "finalize_payroll:CA/final-pay.discharge", "a before: action is named after its obligation's rule, so its key never changes")
        #expect(payroll.deadline == Instant(rfc3339: "2025-03-03T15:00:00-08:00"))
        #expect(payroll.fireAt == payroll.deadline, "an immediate deadline fires at the separation, not 4 h before it")
        #expect(payroll.deadlineSource == "CA/final-pay.discharge@2020-01-01")
        let quit = ActionPlanner.plan(facts(type: .voluntary), playbook: playbook)
        guard case let .scheduled(quitRevoke)? = quit.first else { Issue.record("revoke_access should apply"); return }
        #expect(quitRevoke.fireAt == zone.endOfDay(CivilDate(year: 2025, month: 3, day: 3)!))
    }

    @Test("A dependent action never fires before its predecessor completes")
    func ordering() throws {
        let late = facts(finalPayDue: "2025-03-10T12:00:00-07:00")
        let entries = Simulation(playbook: playbook).run(
            late, start: Instant(rfc3339: "2025-03-01T00:00:00Z")!, horizon: Instant(rfc3339: "2025-05-01T00:00:00Z")!)
        let fires = entries.filter { $0.kind == .fire || $0.kind == .late }
        let index = { (id: String) in fires.firstIndex { $0.action.split(separator: ":").first.map(String.init) == id }! }
        #expect(index("revoke_access") < index("archive_mailbox"))
        #expect(index("finalize_payroll") < index("notify_benefits"))
        let archive = fires[index("archive_mailbox")], revoke = fires[index("revoke_access")]
        #expect(archive.at >= revoke.at)
    }

    @Test("After downtime everything due fires at once, marked late, and every miss escalates")
    func downtime() throws {
        let start = Instant(rfc3339: "2025-03-05T09:00:00-08:00")!
        let entries = Simulation(playbook: playbook).run(facts(), start: start, horizon: Instant(rfc3339: "2025-03-06T00:00:00-08:00")!)
        let late = entries.filter { $0.kind == .late }
        #expect(Set(late.map(\.action)) == ["revoke_access", "finalize_payroll:CA/final-pay.discharge", "archive_mailbox"])
        #expect(late.allSatisfy { $0.at == start })
        let missed = Set(entries.filter { $0.kind == .miss }.map(\.action))
        #expect(missed == ["revoke_access", "finalize_payroll:CA/final-pay.discharge"])
        let escalations = entries.filter { $0.kind == .escalation && $0.action == "finalize_payroll:CA/final-pay.discharge" }
        #expect(escalations.map(\.at) == [start, start.adding(seconds: 3600)])
        #expect(entries.contains { $0.kind == .uncovered && $0.action == "separation_notice" })
    }

    @Test("An action with no rule for the separation type, or no obligation to wait for, is reported, not dropped")
    func notApplicable() throws {
        var noCobra = facts()
        noCobra.obligations.removeAll { $0.kind == "cobra_employer_notice" }
        let entries = Simulation(playbook: playbook).run(
            noCobra, start: Instant(rfc3339: "2025-03-01T00:00:00Z")!, horizon: Instant(rfc3339: "2025-05-01T00:00:00Z")!)
        let skipped = try #require(entries.first { $0.kind == .notApplicable })
        #expect(skipped.action == "notify_benefits")
        #expect(skipped.detail == "this separation has no cobra_employer_notice deadline")
    }
}
