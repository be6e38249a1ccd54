import Foundation
import GRDB
import OffboardCore
import OffboardRules
@testable import OffboardStore
import Testing

@Suite("Intake into a real SQLite file")
struct IntakeTests {
    @Test("A new event stores its separation, obligations with provenance, and one audit entry, in a 0600 WAL file")
    func planned() throws {
        let f = try StoreFixture()
        let receipt = try f.intake.submit(.init(event: try StoreFixture.event(), source: "test"))
        #expect(receipt.disposition == .planned)
        let finalPay = try #require(receipt.obligations.first { $0.kind == "final_pay" })
        #expect(finalPay.ruleReference == "CA/final-pay.discharge@2020-01-01")
        #expect(finalPay.citation == "Cal. Lab. Code § 201(a)")
        #expect(finalPay.dueLocal == "2025-03-03T15:00:00-08:00")
        #expect(finalPay.status == "pending")
        #expect(receipt.obligations.allSatisfy { $0.jurisdiction == "CA" && !$0.citation.isEmpty })
        let counts = try f.counts()
        #expect(counts["events"] == 1 && counts["separations"] == 1 && counts["audit"] == 1)
        #expect(counts["obligations"] == receipt.obligations.count)
        let mode = try FileManager.default.attributesOfItem(atPath: f.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let journal = try f.database.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") }
        #expect(journal == "wal")
        let audit = try f.database.read { try AuditLog.entries(in: $0) }
        #expect(audit.map(\.action) == ["separation.planned"])
        #expect(audit[0].details.contains("\"event_id\":\"evt-1\""))
    }

    @Test("The same event again changes nothing and says so")
    func replay() throws {
        let f = try StoreFixture()
        let event = try StoreFixture.event()
        let first = try f.intake.submit(.init(event: event, source: "test"))
        let before = try f.counts()
        for _ in 0..<3 {
            let again = try f.intake.submit(.init(event: event, source: "test"))
            #expect(again.disposition == .duplicate)
            #expect(again.obligations == first.obligations)
        }
        #expect(try f.counts() == before)
    }

    @Test("An event_id reused with different contents is refused and stores nothing")
    func reusedId() throws {
        let f = try StoreFixture()
        _ = try f.intake.submit(.init(event: try StoreFixture.event(), source: "test"))
        let before = try f.counts()
        let changed = try StoreFixture.event(effectiveAt: "2025-03-04T15:00:00-08:00")
        #expect(throws: StoreError.self) { try f.intake.submit(.init(event: changed, source: "test")) }
        #expect(try f.counts() == before)
    }

    @Test("A corrected event supersedes: pending deadlines re-planned, completed kept, the change audited")
    func supersede() throws {
        let f = try StoreFixture()
        let first = try f.intake.submit(.init(event: try StoreFixture.event(), source: "test"))
        let finalPay = try #require(first.obligations.first { $0.kind == "final_pay" })
        // Final pay was already made: HR recorded it.
        try f.database.write { db in
            try db.execute(
                sql: "UPDATE obligations SET status = 'completed', completed_at = ? WHERE id = ?",
                arguments: ["2025-03-03T23:00:00Z", finalPay.id])
        }
        let corrected = try StoreFixture.event(id: "evt-2", type: "involuntary", effectiveAt: "2025-03-05T15:00:00-08:00")
        let receipt = try f.intake.submit(.init(event: corrected, source: "test"))
        #expect(receipt.disposition == .superseded)
        #expect(receipt.previousEventId == "evt-1")
        let byStatus = Dictionary(grouping: receipt.obligations, by: \.status)
        #expect(byStatus["completed"]?.map(\.id) == [finalPay.id])
        #expect(!(byStatus["pending"] ?? []).contains { $0.kind == "final_pay" }, "a completed obligation is not planned again")
        #expect(byStatus["superseded"]?.count == first.obligations.count - 1)
        #expect((byStatus["pending"] ?? []).allSatisfy { $0.eventId == "evt-2" })
        let coverage = try #require(byStatus["pending"]?.first { $0.kind == "cobra_employer_notice" })
        #expect(coverage.dueDate == CivilDate(year: 2025, month: 4, day: 4), "30 days after the corrected date, not after 2025-03-03")
        let audit = try f.database.read { try AuditLog.entries(in: $0) }
        #expect(audit.map(\.action) == ["separation.planned", "separation.superseded"])
        #expect(audit[1].details.contains("\"previous_event_id\":\"evt-1\""))
        #expect(audit[1].details.contains("\"effective_at\":{\"from\":\"2025-03-03T15:00:00-08:00\",\"to\":\"2025-03-05T15:00:00-08:00\"}"))
        #expect(try f.database.read { try AuditLog.verify($0) }.isIntact)
    }

    @Test("Rescind cancels everything pending, is audited, and a second rescind finds nothing")
    func rescind() throws {
        let f = try StoreFixture()
        let receipt = try f.intake.submit(.init(event: try StoreFixture.event(), source: "test"))
        let result = try f.database.rescind(employeeId: "E-1", reason: "HR-123 rehired", actor: "person:HR-9", clock: FixedWallClock(StoreFixture.now))
        #expect(result.cancelledObligations.count == receipt.obligations.count)
        #expect(try f.counts()["pending"] == 0)
        let audit = try f.database.read { try AuditLog.entries(employeeId: "E-1", in: $0) }
        #expect(audit.last?.action == "separation.rescinded")
        #expect(audit.last?.actor == "person:HR-9")
        let before = try f.counts()
        #expect(throws: StoreError(.noActiveSeparation, "employee E-1 has no active separation; nothing was rescinded")) {
            try f.database.rescind(employeeId: "E-1", reason: "again", clock: FixedWallClock(StoreFixture.now))
        }
        #expect(try f.counts() == before)
        // A later termination of the same employee is a new separation.
        let again = try f.intake.submit(.init(event: try StoreFixture.event(id: "evt-9", effectiveAt: "2025-06-02T15:00:00-07:00"), source: "test"))
        #expect(again.disposition == .planned && again.separationId != receipt.separationId)
    }

    @Test("An event the rules cannot plan stores nothing, and a failing batch stores none of its events")
    func atomic() throws {
        let f = try StoreFixture()
        let good = try StoreFixture.event(id: "good", employee: "E-2")
        let unplannable = try TerminationEventParser.parse(json: """
            {"event_id": "bad", "employee": {"id": "E-3", "work_state": "CA"},
             "separation": {"type": "involuntary", "effective_at": "2025-03-03T15:00:00-08:00"}}
            """, file: "test")
        #expect(throws: RuleEvaluationError.self) {
            try f.intake.submit(batch: [.init(event: good, source: "t"), .init(event: unplannable, source: "t")])
        }
        #expect(try f.counts().values.allSatisfy { $0 == 0 })
    }

    @Test("A database in a directory that does not exist is a clear error")
    func missingDirectory() throws {
        #expect(throws: StoreError.self) { try OffboardDatabase(path: "/nonexistent-\(UUID().uuidString)/offboard.db") }
    }
}
