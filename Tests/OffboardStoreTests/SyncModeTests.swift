import GRDB
import Testing
@testable import OffboardStore

@Suite("Which commits are synced")
struct SyncModeTests {
    func level(_ database: OffboardDatabase) throws -> Int? {
        try database.writer.writeWithoutTransaction { try Int.fetchOne($0, sql: "PRAGMA synchronous") }
    }

    @Test("An unsynced write commits without fsync under syncEveryCommit and leaves every other commit synced")
    func unsyncedWriteRestoresFull() async throws {
        let fixture = try StoreFixture()
        let database = fixture.database
        #expect(try level(database) == 1)  // NORMAL by default
        try database.syncEveryCommit()
        #expect(try level(database) == 2)  // FULL: intake's 202 promises a synced commit
        let inside = try await database.asyncWrite(synced: false) { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") }
        #expect(inside == 1)
        #expect(try level(database) == 2)
        let synced = try await database.asyncWrite { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") }
        #expect(synced == 2)
        // A failing unsynced write restores FULL too.
        await #expect(throws: (any Error).self) {
            try await database.asyncWrite(synced: false) { db in try db.execute(sql: "INSERT INTO no_such_table VALUES (1)") }
        }
        #expect(try level(database) == 2)
    }
}
