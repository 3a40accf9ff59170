import Foundation
import GRDB

extension StateStore {
    /// Tables that survive a reset: the signing keys and the migration bookkeeping.
    static let keptTables: Set<String> = ["signing_key", "grdb_migrations"]

    /// Deletes every run-time record (refresh tokens, CIBA requests and rule positions, armed decisions,
    /// vault accounts, sessions, codes, provider writes…), keeping the signing keys, in one transaction.
    func clearRunTimeState() throws {
        try database.write { db in
            let tables = try String.fetchAll(
                db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
            for table in tables where !Self.keptTables.contains(table) {
                try db.execute(sql: "DELETE FROM \(table.quotedDatabaseIdentifier)")
            }
        }
    }

    /// Whether this store lives in memory (`--ephemeral`, tests, tenants on demand).
    public var isInMemory: Bool { database.path == ":memory:" }
}
