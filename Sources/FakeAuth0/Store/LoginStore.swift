import Foundation
import GRDB

/// The login state's SQL: sessions, authorization codes and pending login transactions.
extension StateStore {
    static func registerLoginMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v4-login") { db in
            try db.create(table: "login_session") { t in
                t.primaryKey("id", .text)
                t.column("user_sub", .text).notNull()
                t.column("auth_time", .integer).notNull()
            }
            try db.create(table: "authorization_code") { t in
                t.primaryKey("code", .text)
                t.column("client_id", .text).notNull()
                t.column("user_sub", .text).notNull()
                t.column("redirect_uri", .text).notNull()
                t.column("scope", .text).notNull()
                t.column("audience", .text)
                t.column("nonce", .text)
                t.column("code_challenge", .text)
                t.column("code_challenge_method", .text)
                t.column("auth_time", .integer).notNull()
                t.column("expires_at", .integer).notNull()
                t.column("used_at", .integer)
                t.column("refresh_token", .text)
            }
            try db.create(table: "login_transaction") { t in
                t.primaryKey("id", .text)
                t.column("request", .text).notNull()
                t.column("expires_at", .integer).notNull()
            }
        }
    }

    func insertLoginSession(_ record: LoginSessionRecord) throws {
        try database.write { db in try record.insert(db) }
    }

    func loginSession(_ id: String) throws -> LoginSessionRecord? {
        try database.read { db in try LoginSessionRecord.fetchOne(db, key: id) }
    }

    func deleteLoginSession(_ id: String) throws {
        try database.write { db in _ = try LoginSessionRecord.deleteOne(db, key: id) }
    }

    func insertAuthorizationCode(_ record: AuthorizationCodeRecord) throws {
        try database.write { db in try record.insert(db) }
    }

    /// Reads a code, lets `change` modify it, and saves it, in one transaction.
    func updateAuthorizationCode<T>(_ code: String, _ change: (inout AuthorizationCodeRecord?) throws -> T) throws -> T
    {
        try update(AuthorizationCodeRecord.self, key: code, change)
    }

    func insertLoginTransaction(_ record: LoginTransactionRecord) throws {
        try database.write { db in try record.insert(db) }
    }

    func loginTransaction(_ id: String) throws -> LoginTransactionRecord? {
        try database.read { db in try LoginTransactionRecord.fetchOne(db, key: id) }
    }

    func deleteLoginTransaction(_ id: String) throws {
        try database.write { db in _ = try LoginTransactionRecord.deleteOne(db, key: id) }
    }
}
