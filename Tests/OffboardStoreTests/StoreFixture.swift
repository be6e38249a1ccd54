import Foundation
import GRDB
import OffboardCore
import OffboardRules
@testable import OffboardStore

/// A real SQLite file in a fresh temporary directory, with the bundled rules and a fixed clock.
final class StoreFixture {
    let directory: URL
    let database: OffboardDatabase
    let intake: Intake
    static let now = Instant(rfc3339: "2025-03-03T09:00:00-08:00")!

    static let rules: RuleSet = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let (set, diagnostics) = RuleSet.load(try! RuleSet.sources(inDirectory: root.appendingPathComponent("Rules").path, displayedAs: "Rules"))
        precondition(set != nil, "\(diagnostics)")
        return set!
    }()

    init(clock: Instant = StoreFixture.now) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("offboard-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        database = try OffboardDatabase(path: directory.appendingPathComponent("offboard.db").path)
        intake = Intake(database: database, rules: Self.rules, clock: FixedWallClock(clock))
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    var path: String { database.path }

    /// A CA discharge; `effectiveAt` and `type` vary for corrections.
    static func event(
        id: String = "evt-1", employee: String = "E-1", state: String = "CA", type: String = "involuntary",
        effectiveAt: String = "2025-03-03T15:00:00-08:00"
    ) throws -> TerminationEvent {
        try TerminationEventParser.parse(json: """
            {"event_id": "\(id)", "employee": {"id": "\(employee)", "work_state": "\(state)"},
             "separation": {"type": "\(type)", "effective_at": "\(effectiveAt)", "last_day_worked": "\(effectiveAt.prefix(10))",
                            "notice_given_at": "\(effectiveAt)", "business_closing": false},
             "payroll": {"frequency": "biweekly", "anchor_payday": "2025-03-07", "lag_days": 7},
             "benefits": {"group_health_plan": true, "employer_size": 120, "plan_administrator": "third_party",
                          "coverage_end": "end_of_month", "funding": "self_funded"}}
            """, file: "test")
    }

    /// Row counts of every table, to show that a failed operation changed nothing.
    func counts() throws -> [String: Int] {
        try database.read { db in
            var out: [String: Int] = [:]
            for table in ["events", "separations", "obligations", "actions", "audit"] {
                out[table] = try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)")
            }
            out["pending"] = try Int.fetchOne(db, sql: "SELECT count(*) FROM obligations WHERE status = 'pending'")
            return out
        }
    }
}
