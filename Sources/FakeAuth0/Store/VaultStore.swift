import Foundation
import GRDB

extension StateStore {
    /// The `v3-vault` tables: Token Vault accounts and Connected Accounts sessions.
    static func registerVaultMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v3-vault") { db in
            try db.create(table: "vault_account") { t in
                t.primaryKey("id", .text)
                t.column("user_sub", .text).notNull().indexed()
                t.column("connection", .text).notNull()
                t.column("login_hint", .text)
                t.column("provider_user_id", .text)
                t.column("scopes", .text).notNull()
                t.column("access_token", .text).notNull().unique()
                t.column("access_expires_at", .integer).notNull()
                t.column("access_lifetime", .integer).notNull()
                t.column("refresh_token", .text)
                t.column("revoked", .boolean).notNull()
                t.column("created_at", .integer).notNull()
            }
            try db.create(table: "connect_session") { t in
                t.primaryKey("auth_session", .text)
                t.column("ticket", .text).notNull().unique()
                t.column("user_sub", .text).notNull()
                t.column("client_id", .text).notNull()
                t.column("connection", .text).notNull()
                t.column("redirect_uri", .text).notNull()
                t.column("state", .text)
                t.column("code_challenge", .text)
                t.column("code_challenge_method", .text)
                t.column("scopes", .text).notNull()
                t.column("connect_code", .text)
                t.column("status", .text).notNull()
                t.column("expires_at", .integer).notNull()
            }
        }
    }

    // MARK: Token Vault

    func insertVaultAccount(_ record: VaultAccountRecord, ignoreExisting: Bool = false) throws {
        try database.write { db in
            if ignoreExisting { try record.insert(db, onConflict: .ignore) } else { try record.insert(db) }
        }
    }

    /// Inserts many accounts in one transaction through one prepared statement (the scenario's seeds:
    /// thousands of rows at start, so neither a commit nor a statement per row).
    func insertVaultAccounts(_ records: [VaultAccountRecord], ignoreExisting: Bool = false) throws {
        guard !records.isEmpty else { return }
        try database.write { db in
            var inserter = try RowInserter(
                db,
                sql: """
                    INSERT \(ignoreExisting ? "OR IGNORE " : "")INTO vault_account (id, user_sub, connection,
                    login_hint, provider_user_id, scopes, access_token, access_expires_at, access_lifetime,
                    refresh_token, revoked, created_at, refresh_fails) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            for record in records {
                try inserter.bind(record.id)
                try inserter.bind(record.userSub)
                try inserter.bind(record.connection)
                try inserter.bind(record.loginHint)
                try inserter.bind(record.providerUserID)
                try inserter.bind(record.scopes)
                try inserter.bind(record.accessToken)
                try inserter.bind(record.accessExpiresAt)
                try inserter.bind(record.accessLifetime)
                try inserter.bind(record.refreshToken)
                try inserter.bind(record.revoked)
                try inserter.bind(record.createdAt)
                try inserter.bind(record.refreshFails)
                try inserter.insert()
            }
        }
    }

    func saveVaultAccount(_ record: VaultAccountRecord) throws {
        try database.write { db in try record.save(db) }
    }

    func vaultAccount(id: String) throws -> VaultAccountRecord? {
        try database.read { db in try VaultAccountRecord.fetchOne(db, key: id) }
    }

    /// The account an upstream access token belongs to (for the stub provider APIs).
    func vaultAccount(accessToken: String) throws -> VaultAccountRecord? {
        try database.read { db in try VaultAccountRecord.filter(Column("access_token") == accessToken).fetchOne(db) }
    }

    /// A user's accounts, oldest first (then in the order they were stored), optionally for one connection.
    func vaultAccounts(user: String? = nil, connection: String? = nil) throws -> [VaultAccountRecord] {
        try database.read { db in
            var request = VaultAccountRecord.order(Column("created_at"), Column.rowID)
            if let user { request = request.filter(Column("user_sub") == user) }
            if let connection { request = request.filter(Column("connection") == connection) }
            return try request.fetchAll(db)
        }
    }

    @discardableResult
    func deleteVaultAccount(id: String) throws -> Bool {
        try database.write { db in try VaultAccountRecord.deleteOne(db, key: id) }
    }

    func insertConnectSession(_ record: ConnectSessionRecord) throws {
        try database.write { db in try record.insert(db) }
    }

    func connectSession(ticket: String) throws -> ConnectSessionRecord? {
        try database.read { db in try ConnectSessionRecord.filter(Column("ticket") == ticket).fetchOne(db) }
    }

    /// Reads a connect session, lets `change` modify it, and saves it, in one transaction.
    func updateConnectSession<T>(_ authSession: String, _ change: (inout ConnectSessionRecord?) throws -> T) throws -> T
    {
        try update(ConnectSessionRecord.self, key: authSession, change)
    }
}
