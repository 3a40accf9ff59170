import Foundation
import GRDB

extension StateStore {
    /// The `v1` tables: signing keys and refresh tokens.
    static func registerTokenMigration(_ migrator: inout DatabaseMigrator) {
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

    /// Inserts many refresh tokens in one transaction (the scenario's seeds).
    func insertRefreshTokens(_ records: [RefreshTokenRecord], ignoreExisting: Bool = false) throws {
        guard !records.isEmpty else { return }
        // One prepared statement, values bound directly: no record encoding or table introspection (every
        // start seeds these).
        let sql = """
            INSERT \(ignoreExisting ? "OR IGNORE " : "")INTO refresh_token (token, family_id, client_id, user_sub, \
            scope, audience, created_at, expires_at, used_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """
        try database.write { db in
            var inserter = try RowInserter(db, sql: sql)
            for record in records {
                try inserter.bind(record.token)
                try inserter.bind(record.familyID)
                try inserter.bind(record.clientID)
                try inserter.bind(record.userSub)
                try inserter.bind(record.scope)
                try inserter.bind(record.audience)
                try inserter.bind(record.createdAt)
                try inserter.bind(record.expiresAt)
                try inserter.bind(record.usedAt)
                try inserter.bind(record.revokedAt)
                try inserter.insert()
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
                sql: "UPDATE refresh_token SET used_at = ? WHERE token = ? AND used_at IS NULL",
                arguments: [now, token])
            guard db.changesCount == 1 else { return false }
            try successor.insert(db)
            return true
        }
    }

    /// Revokes every unused refresh token of `user` (only `client`'s, when given); returns how many.
    func revokeRefreshTokens(user: String, client: String?, at now: Int) throws -> Int {
        try database.write { db in
            try db.execute(
                sql: """
                    UPDATE refresh_token SET revoked_at = ?
                    WHERE user_sub = ? AND (? IS NULL OR client_id = ?) AND revoked_at IS NULL AND used_at IS NULL
                    """,
                arguments: [now, user, client, client])
            return db.changesCount
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
