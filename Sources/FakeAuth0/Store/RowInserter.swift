import GRDB
import GRDBSQLite

/// Inserts rows through one prepared statement, each value bound with SQLite's own calls. GRDB's
/// `StatementArguments` boxes every value in an existential and checks the row against the statement
/// each time, which was most of the time of seeding ten thousand vault accounts at start.
struct RowInserter {
    private let statement: Statement
    private var bound: CInt = 0

    init(_ db: Database, sql: String) throws {
        statement = try db.makeStatement(sql: sql)
    }

    /// Binds the row's next value (nil: NULL).
    mutating func bind<Value: StatementBinding>(_ value: Value?) throws {
        bound += 1
        let handle = statement.sqliteStatement
        let code = value.map { $0.bind(to: handle, at: bound) } ?? sqlite3_bind_null(handle, bound)
        guard code == SQLITE_OK else { throw failure(code) }
    }

    /// Inserts the row bound since the last one; every parameter must have been bound.
    mutating func insert() throws {
        let handle = statement.sqliteStatement
        defer {
            sqlite3_reset(handle)
            bound = 0
        }
        guard bound == sqlite3_bind_parameter_count(handle) else {
            throw DatabaseError(
                resultCode: .SQLITE_MISUSE, message: "\(bound) values bound", sql: statement.sql)
        }
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE else { throw failure(code) }
    }

    private func failure(_ code: CInt) -> DatabaseError {
        DatabaseError(
            resultCode: ResultCode(rawValue: code),
            message: String(cString: sqlite3_errmsg(sqlite3_db_handle(statement.sqliteStatement))),
            sql: statement.sql)
    }
}
