import Foundation
import GRDB
import GRDBSQLite

/// Binds values straight to a prepared statement's SQLite handle and steps it.
///
/// Bulk import inserts several hundred thousand obligation rows; building GRDB `StatementArguments` for each
/// row cost about a fifth of the writer's time (measured with `perf` on `offboard import`). The statement is
/// still prepared and cached by GRDB; only the binding is done here. Values are always bound, never spliced
/// into SQL text.
enum FastInsert {
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    static func execute(_ statement: Statement, in db: Database, values: [DatabaseValue]) throws {
        let handle = statement.sqliteStatement
        sqlite3_reset(handle)
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let code: Int32
            switch value.storage {
            case .null: code = sqlite3_bind_null(handle, index)
            case let .int64(n): code = sqlite3_bind_int64(handle, index, n)
            case let .double(d): code = sqlite3_bind_double(handle, index, d)
            case let .string(s): code = sqlite3_bind_text(handle, index, s, -1, transient)
            case let .blob(data):
                code = data.withUnsafeBytes { sqlite3_bind_blob(handle, index, $0.baseAddress, Int32($0.count), transient) }
            }
            guard code == SQLITE_OK else { throw error(code, db) }
        }
        let step = sqlite3_step(handle)
        sqlite3_reset(handle)
        guard step == SQLITE_DONE else { throw error(step, db) }
    }

    private static func error(_ code: Int32, _ db: Database) -> DatabaseError {
        DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
    }
}
