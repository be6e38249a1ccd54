import Foundation
import GRDB
import Testing
@testable import OffboardStore

@Suite("WAL checkpoints the scheduler runs itself")
struct CheckpointTests {
    /// Frames in the WAL, and frames copied to the database, as a passive checkpoint reports them.
    func walFrames(_ database: OffboardDatabase) throws -> (log: Int, copied: Int) {
        try database.writer.writeWithoutTransaction { db in
            let row = try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(PASSIVE)")!
            return (row[1], row[2])
        }
    }

    /// Writes 1,600 rows of 3 KB (a page each) in 40 commits and returns the WAL file's size in pages.
    func fill(_ database: OffboardDatabase) throws -> Int {
        let blob = String(repeating: "x", count: 3000)
        try database.write { try $0.execute(sql: "CREATE TABLE filler (id INTEGER PRIMARY KEY, body TEXT) STRICT") }
        for batch in 0..<40 {
            try database.write { db in
                for i in 0..<40 { try db.execute(sql: "INSERT INTO filler (id, body) VALUES (?, ?)", arguments: [batch * 40 + i, blob]) }
            }
        }
        return (try FileManager.default.attributesOfItem(atPath: database.path + "-wal")[.size] as! Int) / 4096
    }

    @Test("SQLite's own checkpoint restarts the WAL inside a commit; deferred, the WAL keeps growing until checkpoint() copies it all")
    func deferredThenRun() throws {
        let control = try StoreFixture()
        try control.database.checkpoint()
        #expect(try fill(control.database) < 1200)

        let fixture = try StoreFixture()
        let database = fixture.database
        try database.checkpoint()
        try database.deferCheckpoints()
        #expect(try fill(database) > 1500)
        try database.checkpoint()
        let after = try walFrames(database)
        #expect(after.log > 1500)
        #expect(after.copied == after.log)
        #expect(try database.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM filler") } == 1600)
    }
}
