import Foundation
import GRDB
import OffboardCore
@testable import OffboardStore
import Testing

@Suite("Deadline queries")
struct DeadlineQueryTests {
    @Test("Window and filters select the right obligations, in due order")
    func filters() throws {
        let f = try StoreFixture()
        _ = try f.intake.submit(.init(event: try StoreFixture.event(id: "a", employee: "E-A", state: "CA"), source: "t"))
        _ = try f.intake.submit(.init(event: try StoreFixture.event(
            id: "b", employee: "E-B", state: "NY", effectiveAt: "2025-03-04T17:00:00-05:00"), source: "t"))
        let all = try f.database.read { try DeadlineQuery().fetch($0) }
        #expect(!all.isEmpty)
        #expect(all.compactMap(\.dueAt) == all.compactMap(\.dueAt).sorted())
        let from = Instant(rfc3339: "2025-03-03T00:00:00-08:00")!, until = Instant(rfc3339: "2025-03-10T00:00:00-08:00")!
        let week = try f.database.read { try DeadlineQuery(from: from, until: until).fetch($0) }
        #expect(week.allSatisfy { $0.dueAt! >= from && $0.dueAt! < until })
        #expect(week.count == all.filter { $0.dueAt! >= from && $0.dueAt! < until }.count)
        let ny = try f.database.read { try DeadlineQuery(jurisdictions: ["NY"], kinds: ["final_pay"]).fetch($0) }
        #expect(ny.count == 1 && ny[0].employeeId == "E-B" && ny[0].ruleId == "NY/final-pay")
        let one = try f.database.read { try DeadlineQuery(employeeId: "E-A").fetch($0) }
        #expect(!one.isEmpty && one.allSatisfy { $0.employeeId == "E-A" })
    }

    @Test("Every deadline query is an index-range scan, never a full table scan")
    func indexed() throws {
        let f = try StoreFixture()
        let t = Instant(secondsSinceEpoch: 1_700_000_000)
        let queries = [
            DeadlineQuery(from: t, until: t.adding(seconds: 604_800)),
            DeadlineQuery(until: t),
            DeadlineQuery(from: t, until: t.adding(seconds: 604_800), jurisdictions: ["CA"], kinds: ["final_pay"]),
            DeadlineQuery(employeeId: "E-1"),
            DeadlineQuery(),
        ]
        for q in queries {
            let (sql, arguments) = q.sql
            let plan = try f.database.read { db in
                try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: arguments).map { $0["detail"] as String }
            }
            #expect(plan.contains { $0.contains("USING INDEX") }, "\(sql): \(plan)")
            #expect(!plan.contains { $0.hasPrefix("SCAN obligations") }, "\(sql): \(plan)")
        }
    }
}
