import Foundation
import Testing

@Suite("offboard audit", .serialized)
struct AuditCommandTests {
    @Test("Editing a row with the sqlite3 CLI makes audit verify fail and name the row")
    func tamper() throws {
        let dir = try StoreDirectory()
        defer { dir.remove() }
        #expect(try dir.run(["import", sampleCSV]).status == 0)
        let ok = try dir.run(["audit", "verify"])
        #expect(ok.status == 0)
        #expect(ok.stdout.hasPrefix("audit log intact: 12 entries; head "))
        // The trigger stops a plain edit…
        let refused = try Shell.run("/usr/bin/env", ["sqlite3", dir.database, "UPDATE audit SET outcome = 'x' WHERE seq = 5"])
        #expect(refused.status != 0 && refused.stderr.contains("append-only"))
        // …so a tamperer drops it first.
        _ = try dir.sqlite("DROP TRIGGER audit_append_only_update; UPDATE audit SET details = replace(details, 'sample-csv', 'forged-csv') WHERE seq = 7")
        let broken = try dir.run(["audit", "verify"])
        #expect(broken.status == 1)
        #expect(broken.stderr.contains("audit entry 7: its contents do not match its hash"))
        #expect(broken.stderr.contains("the audit chain is broken at sequence 7"))
    }

    @Test("Deleting a row is named too")
    func deleted() throws {
        let dir = try StoreDirectory()
        defer { dir.remove() }
        #expect(try dir.run(["import", sampleCSV]).status == 0)
        _ = try dir.sqlite("DROP TRIGGER audit_append_only_delete; DELETE FROM audit WHERE seq = 4")
        let broken = try dir.run(["audit", "verify"])
        #expect(broken.status == 1)
        #expect(broken.stderr.contains("audit entry 4: missing"))
    }

    @Test("export gives the evidence pack: JSON with obligations, citations and hashed entries; CSV of the entries")
    func export() throws {
        let dir = try StoreDirectory()
        defer { dir.remove() }
        #expect(try dir.run(["import", sampleCSV]).status == 0)
        #expect(try dir.run(["rescind", "E-4003", "--reason", "RESCINDED-7"]).status == 0)
        let json = try dir.run(["audit", "export", "--employee", "E-4003", "--format", "json"])
        #expect(json.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect((object["chain"] as? [String: Any])?["intact"] as? Bool == true)
        let audit = try #require(object["audit"] as? [[String: Any]])
        #expect(audit.map { $0["action"] as? String } == ["separation.planned", "separation.rescinded"])
        #expect(audit.allSatisfy { ($0["hash"] as? String)?.count == 64 })
        let separations = try #require(object["separations"] as? [[String: Any]])
        let obligations = try #require(separations.first?["obligations"] as? [[String: Any]])
        #expect(!obligations.isEmpty && obligations.allSatisfy { $0["status"] as? String == "cancelled" && $0["citation"] is String })
        let csv = try dir.run(["audit", "export", "--employee", "E-4003", "--format", "csv"])
        let parsed = try python("import csv, sys; rows = list(csv.DictReader(sys.stdin)); print(len(rows), rows[1]['action'], len(rows[1]['hash']))", stdin: csv.stdout)
        #expect(parsed.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "2 separation.rescinded 64")
        let show = try dir.run(["audit", "show", "--employee", "E-4003", "--format", "json"])
        #expect((try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [[String: Any]])?.count == 2)
    }
}
