import Foundation
import GRDB

/// The tenant's run-time state in SQLite: signing keys, refresh tokens and, as features grow, codes,
/// sessions, CIBA requests and vault entries. The only place that touches SQL.
public final class StateStore: Sendable {
    let database: any DatabaseWriter

    /// Opens (or creates) `{directory}/state.sqlite` in WAL mode.
    public static func onDisk(directory: String) throws -> StateStore {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let pool = try DatabasePool(path: (directory as NSString).appendingPathComponent("state.sqlite"))
        return try StateStore(database: pool)
    }

    /// A database that lives in memory and disappears with the process.
    public static func inMemory() throws -> StateStore {
        try StateStore(database: DatabaseQueue())
    }

    init(database: any DatabaseWriter) throws {
        self.database = database
        try Self.migrator.migrate(database)
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.create(table: "signing_key") { t in
                t.primaryKey("kid", .text)
                t.column("pem", .text).notNull()
                t.column("created_at", .integer).notNull()
            }
            try db.create(table: "refresh_token") { t in
                t.primaryKey("token", .text)
                t.column("family_id", .text).notNull().indexed()
                t.column("client_id", .text).notNull()
                t.column("user_sub", .text).notNull()
                t.column("scope", .text).notNull()
                t.column("audience", .text)
                t.column("created_at", .integer).notNull()
                t.column("expires_at", .integer).notNull()
                t.column("used_at", .integer)
                t.column("revoked_at", .integer)
            }
        }
        return migrator
    }

    // MARK: Signing keys

    /// The stored signing keys, newest first.
    func signingKeyPEMs() throws -> [String] {
        try database.read { db in
            try String.fetchAll(db, sql: "SELECT pem FROM signing_key ORDER BY created_at DESC, kid")
        }
    }

    func saveSigningKey(kid: String, pem: String, createdAt: Int) throws {
        try database.write { db in
            try db.execute(
                sql: "INSERT OR IGNORE INTO signing_key (kid, pem, created_at) VALUES (?, ?, ?)",
                arguments: [kid, pem, createdAt])
        }
    }

    // MARK: Refresh tokens

    func insertRefreshToken(_ record: RefreshTokenRecord, ignoreExisting: Bool = false) throws {
        try database.write { db in
            if ignoreExisting {
                try record.insert(db, onConflict: .ignore)
            } else {
                try record.insert(db)
            }
        }
    }

    func refreshToken(_ token: String) throws -> RefreshTokenRecord? {
        try database.read { db in try RefreshTokenRecord.fetchOne(db, key: token) }
    }

    /// Marks a rotated token used and stores its successor, in one transaction.
    /// Returns false when the token had been used already (a reuse).
    func rotateRefreshToken(_ token: String, to successor: RefreshTokenRecord, at now: Int) throws -> Bool {
        try database.write { db in
            try db.execute(
                sql: "UPDATE refresh_token SET used_at = ? WHERE token = ? AND used_at IS NULL", arguments: [now, token])
            guard db.changesCount == 1 else { return false }
            try successor.insert(db)
            return true
        }
    }

    /// Revokes every token of a rotation family.
    func revokeRefreshTokenFamily(_ familyID: String, at now: Int) throws {
        try database.write { db in
            try db.execute(
                sql: "UPDATE refresh_token SET revoked_at = ? WHERE family_id = ? AND revoked_at IS NULL",
                arguments: [now, familyID])
        }
    }
}
