import Foundation
import GRDB
import OffboardCore
@testable import OffboardStore
import Testing

@Suite("Hash-chained, append-only audit log")
struct AuditLogTests {
    func fixture(entries: Int) throws -> StoreFixture {
        let f = try StoreFixture()
        for i in 1...entries {
            _ = try f.intake.submit(.init(event: try StoreFixture.event(id: "evt-\(i)", employee: "E-\(i)"), source: "test"))
        }
        return f
    }

    @Test("Entries chain: each names the previous hash, and the chain verifies")
    func chain() throws {
        let f = try fixture(entries: 4)
        let entries = try f.database.read { try AuditLog.entries(in: $0) }
        #expect(entries.map(\.seq) == [1, 2, 3, 4])
        #expect(entries[0].prevHash == AuditEntry.genesisHash)
        for (a, b) in zip(entries, entries.dropFirst()) { #expect(b.prevHash == a.hash) }
        #expect(entries.allSatisfy { AuditLog.hash(of: $0) == $0.hash })
        let result = try f.database.read { try AuditLog.verify($0) }
        #expect(result.isIntact && result.count == 4 && result.headHash == entries[3].hash)
    }

    @Test("SQLite refuses UPDATE and DELETE on the audit table")
    func appendOnly() throws {
        let f = try fixture(entries: 1)
        #expect(throws: DatabaseError.self) { try f.database.write { try $0.execute(sql: "UPDATE audit SET outcome = 'x'") } }
        #expect(throws: DatabaseError.self) { try f.database.write { try $0.execute(sql: "DELETE FROM audit") } }
        #expect(try f.database.read { try AuditLog.verify($0) }.isIntact)
    }

    @Test("Editing, deleting or reordering a row by hand is detected at that row", arguments: ["edit", "delete", "reorder"])
    func tamper(kind: String) throws {
        let f = try fixture(entries: 5)
        try f.database.write { db in
            try db.execute(sql: "DROP TRIGGER audit_append_only_update; DROP TRIGGER audit_append_only_delete")
            switch kind {
            case "edit": try db.execute(sql: "UPDATE audit SET details = replace(details, 'evt-3', 'evt-X') WHERE seq = 3")
            case "delete": try db.execute(sql: "DELETE FROM audit WHERE seq = 3")
            default:
                // Swap the contents of entries 3 and 4, hashes and all.
                try db.execute(sql: """
                    CREATE TEMP TABLE swap AS SELECT * FROM audit WHERE seq IN (3, 4);
                    DELETE FROM audit WHERE seq IN (3, 4);
                    INSERT INTO audit SELECT CASE seq WHEN 3 THEN 4 ELSE 3 END, at, actor, employee_id, subject, action, outcome, details, prev_hash, hash FROM swap;
                    """)
            }
        }
        let result = try f.database.read { try AuditLog.verify($0) }
        #expect(!result.isIntact)
        #expect(result.problems.first { $0.seq != nil }?.seq == 3)
        #expect(result.problems.contains { $0.message.contains("audit_append_only_update") })
    }
}
