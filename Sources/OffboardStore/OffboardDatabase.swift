public import GRDB
import Foundation

/// The offboard store: one SQLite file in WAL mode, created readable by its owner only (0600).
///
/// Opening runs the migrations (``StoreMigrations``), so a new file is ready at once and an old one is
/// brought up to date. Writes go through intention-named methods (``Intake``, ``AuditLog``); queries through
/// ``DeadlineQuery`` and ``SeparationTimeline``.
public final class OffboardDatabase: Sendable {
    public let path: String
    public let writer: DatabasePool

    /// Opens (creating when missing) the database at `path`.
    /// - Throws: ``StoreError`` `.cannotOpen` when the directory does not exist or the file cannot be
    ///   created or opened; `.incompatible` when it is not an offboard database or is newer than this offboard.
    public init(path: String) throws {
        self.path = path
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw StoreError(.cannotOpen, "\(path): the directory \(directory) does not exist")
        }
        if !FileManager.default.fileExists(atPath: path) {
            // Create the file 0600 before SQLite opens it; SQLite gives the -wal and -shm files the same mode.
            let fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
            if fd < 0 && errno != EEXIST {
                throw StoreError(.cannotOpen, "\(path): cannot create the database file (\(String(cString: strerror(errno))))")
            }
            if fd >= 0 { close(fd) }
        }
        var config = Configuration()
        config.busyMode = .timeout(30)
        config.foreignKeysEnabled = true
        config.label = "offboard"
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // 64 MiB of page cache for the writer (SQLite's default is 2 MiB): a bulk import otherwise re-reads
            // and re-writes index pages it just evicted (measured: 150,000 pwrite and 80,000 pread calls for
            // 20,000 events). Readers keep the default: a query touches each page once, and a larger cache only
            // costs fresh memory (measured: `deadlines` 1.7x slower with it).
            if !db.configuration.readonly {
                try db.execute(sql: "PRAGMA cache_size = -65536")
            }
        }
        do {
            writer = try DatabasePool(path: path, configuration: config)
        } catch let error as DatabaseError {
            throw StoreError(.cannotOpen, "\(path): cannot open the database (\(error.resultCode))")
        }
        do {
            if try writer.read({ try StoreMigrations.migrator.hasBeenSuperseded($0) }) {
                throw StoreError(.incompatible, "\(path): the database was written by a newer offboard; upgrade offboard")
            }
            try StoreMigrations.migrator.migrate(writer)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
            throw StoreError(.incompatible, "\(path): not an SQLite database")
        }
    }

    /// Makes every commit reach the disk before it returns (`synchronous = FULL`: an fsync of the WAL per
    /// commit), for HTTP intake, where a 202 promises the event is durable. The default (`NORMAL`) survives a
    /// crash of offboard but may lose the last commits on a power loss.
    public func syncEveryCommit() throws {
        try writer.writeWithoutTransaction { try $0.execute(sql: "PRAGMA synchronous = FULL") }
    }

    /// Moves WAL checkpoints out of this process's commits: SQLite's default checkpoints inside the commit
    /// that passes 1,000 pages (4 MiB), stalling it for milliseconds. The caller runs ``checkpoint()`` when it
    /// has time, as the scheduler does before it sleeps; SQLite's own checkpoint stays as a safety net at
    /// 10,000 pages (40 MiB), for a writer that never pauses. Other processes keep the default.
    public func deferCheckpoints() throws {
        try writer.writeWithoutTransaction { try $0.execute(sql: "PRAGMA wal_autocheckpoint = 10000") }
    }

    /// Copies the WAL's committed pages into the database file without waiting for readers (a passive
    /// checkpoint), so the WAL stays small.
    public func checkpoint() throws {
        try writer.writeWithoutTransaction { try $0.execute(sql: "PRAGMA wal_checkpoint(PASSIVE)") }
    }

    /// Runs `body` in one IMMEDIATE transaction: all of it is stored, or none of it.
    public func write<T>(_ body: (Database) throws -> T) throws -> T {
        try writer.writeWithoutTransaction { db in try Self.immediate(db, body) }
    }

    /// `body` in an IMMEDIATE transaction on `db`, committed unless it throws.
    private static func immediate<T>(_ db: Database, _ body: (Database) throws -> T) throws -> T {
        var result: T?
        try db.inTransaction(.immediate) {
            result = try body(db)
            return .commit
        }
        return result!
    }

    /// ``write(_:)`` that suspends instead of blocking the calling thread while SQLite works (and syncs):
    /// for the scheduler, whose cooperative threads keep handling connector calls meanwhile. Not cancellable
    /// from the caller's side once started: what it records is recorded.
    ///
    /// `synced: false` commits this transaction without an fsync even under ``syncEveryCommit()``, and
    /// restores the setting after it. It is for writes that may be lost to a power cut because they can be
    /// redone: WAL commits reach the disk in order, so the next synced commit makes this one durable too.
    public func asyncWrite<T: Sendable>(synced: Bool = true, _ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await Task {
            try await writer.writeWithoutTransaction { db in
                let level = synced ? nil : try Int.fetchOne(db, sql: "PRAGMA synchronous").flatMap { $0 > 1 ? $0 : nil }
                if level != nil { try db.execute(sql: "PRAGMA synchronous = NORMAL") }
                defer { if let level { try? db.execute(sql: "PRAGMA synchronous = \(level)") } }
                return try Self.immediate(db, body)
            }
        }.value
    }

    public func read<T>(_ body: (Database) throws -> T) throws -> T {
        try writer.read(body)
    }
}
