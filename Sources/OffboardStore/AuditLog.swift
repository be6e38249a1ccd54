import Crypto
public import GRDB
public import OffboardCore
import Foundation

/// The append-only, hash-chained audit log, written in the same transaction as the change it records.
///
/// SQLite triggers reject UPDATE and DELETE on the `audit` table; ``verify(_:)`` walks the chain and names the
/// first entry that was edited, deleted or reordered by hand (for example with the `sqlite3` shell after
/// dropping the triggers).
public enum AuditLog {
    /// Appends one entry. Call inside a write transaction.
    @discardableResult
    public static func append(_ record: AuditRecord, at instant: Instant, in db: Database) throws -> AuditEntry {
        let last = try Row.fetchOne(db.cachedStatement(sql: "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1"))
        let seq: Int64 = (last?["seq"] ?? 0) + 1
        let prev: String = last?["hash"] ?? AuditEntry.genesisHash
        var entry = AuditEntry(
            seq: seq, at: timestamp(instant), actor: record.actor, employeeId: record.employeeId, subject: record.subject,
            action: record.action, outcome: record.outcome, details: record.details, prevHash: prev, hash: "")
        entry.hash = hash(of: entry)
        let insert = try db.cachedStatement(sql: """
            INSERT INTO audit (seq, at, actor, employee_id, subject, action, outcome, details, prev_hash, hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        try FastInsert.execute(insert, in: db, values: [
            entry.seq.databaseValue, entry.at.databaseValue, entry.actor.databaseValue, entry.employeeId.databaseValue,
            entry.subject.databaseValue, entry.action.databaseValue, entry.outcome.databaseValue,
            entry.details.databaseValue, entry.prevHash.databaseValue, entry.hash.databaseValue,
        ])
        return entry
    }

    /// SHA-256 over every field but `hash`, each written as its UTF-8 length, ':' and its bytes, so no two
    /// different entries serialize alike.
    public static func hash(of entry: AuditEntry) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(256 + entry.details.utf8.count)
        func field(_ s: String?) {
            guard let s else { bytes.append(UInt8(ascii: "-")); bytes.append(UInt8(ascii: ";")); return }
            bytes.append(contentsOf: String(s.utf8.count).utf8)
            bytes.append(UInt8(ascii: ":"))
            bytes.append(contentsOf: s.utf8)
            bytes.append(UInt8(ascii: ";"))
        }
        field(String(entry.seq)); field(entry.at); field(entry.actor); field(entry.employeeId); field(entry.subject)
        field(entry.action); field(entry.outcome); field(entry.details); field(entry.prevHash)
        return hex(SHA256.hash(data: bytes))
    }

    /// Lower-case hexadecimal of a digest.
    static func hex(_ digest: some Sequence<UInt8>) -> String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in digest {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func timestamp(_ instant: Instant) -> String {
        let ms = Int(instant.nanoseconds / 1_000_000)
        let base = Instant(secondsSinceEpoch: instant.secondsSinceEpoch).rfc3339(offsetSeconds: 0)
        // "2025-03-14T16:00:00Z" -> "2025-03-14T16:00:00.123Z"
        let msText = String(ms)
        return String(base.dropLast()) + "." + String(repeating: "0", count: 3 - msText.count) + msText + "Z"
    }

    /// Entries in sequence order, optionally for one employee and from a moment on.
    public static func entries(employeeId: String? = nil, since: Instant? = nil, in db: Database) throws -> [AuditEntry] {
        var sql = "SELECT * FROM audit"
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let employeeId { conditions.append("employee_id = ?"); arguments += [employeeId] }
        if let since { conditions.append("at >= ?"); arguments += [timestamp(since)] }
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        sql += " ORDER BY seq"
        return try Row.fetchAll(db, sql: sql, arguments: arguments).map(entry)
    }

    static func entry(_ row: Row) -> AuditEntry {
        AuditEntry(
            seq: row["seq"], at: row["at"], actor: row["actor"], employeeId: row["employee_id"], subject: row["subject"],
            action: row["action"], outcome: row["outcome"], details: row["details"], prevHash: row["prev_hash"], hash: row["hash"])
    }

    /// The result of walking the chain.
    public struct Verification: Sendable, Equatable {
        /// Entries checked.
        public var count: Int
        /// The last entry's hash: record it elsewhere to detect a later truncation of the tail.
        public var headHash: String
        /// Problems, first broken sequence number first. Empty when the chain is whole.
        public var problems: [Problem]
        public var isIntact: Bool { problems.isEmpty }
    }

    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        public var seq: Int64?
        public var message: String
        public var description: String { seq.map { "audit entry \($0): \(message)" } ?? message }
    }

    /// Walks the whole chain in sequence order and reports where it breaks.
    public static func verify(_ db: Database) throws -> Verification {
        var problems: [Problem] = []
        let triggers = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit'")
        for name in ["audit_append_only_update", "audit_append_only_delete"] where !triggers.contains(name) {
            problems.append(Problem(seq: nil, message: "the append-only trigger \(name) is missing (someone dropped it)"))
        }
        var expectedSeq: Int64 = 1
        var prev = AuditEntry.genesisHash
        var count = 0
        let cursor = try Row.fetchCursor(db, sql: "SELECT * FROM audit ORDER BY seq")
        var chainBroken = false
        while let row = try cursor.next() {
            let entry = entry(row)
            count += 1
            if !chainBroken {
                if entry.seq != expectedSeq {
                    problems.append(Problem(seq: expectedSeq, message: "missing (deleted); the next entry is \(entry.seq)"))
                    chainBroken = true
                } else if entry.prevHash != prev {
                    problems.append(Problem(seq: entry.seq, message: "does not follow entry \(entry.seq - 1) (an entry was removed, replaced or reordered)"))
                    chainBroken = true
                } else if hash(of: entry) != entry.hash {
                    problems.append(Problem(seq: entry.seq, message: "its contents do not match its hash (edited after it was written)"))
                    chainBroken = true
                }
            }
            expectedSeq = entry.seq + 1
            prev = entry.hash
        }
        return Verification(count: count, headHash: prev, problems: problems)
    }
}
