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
        migrator.registerMigration("v2-ciba") { db in
            try db.create(table: "ciba_request") { t in
                t.primaryKey("auth_req_id", .text)
                t.column("client_id", .text).notNull()
                t.column("user_sub", .text).notNull().indexed()
                t.column("scope", .text).notNull()
                t.column("audience", .text)
                t.column("binding_message", .text)
                t.column("authorization_details", .text)
                t.column("resource", .text)
                t.column("created_at", .integer).notNull()
                t.column("expires_at", .integer).notNull()
                t.column("interval", .integer).notNull()
                t.column("status", .text).notNull()
                t.column("decision", .text).notNull()
                t.column("polls", .integer).notNull()
                t.column("last_poll_at", .double)
                t.column("decided_at", .integer)
                t.column("granted_scope", .text)
                t.column("acr", .text)
            }
            // How many requests each sequence rule has decided so far.
            try db.create(table: "ciba_rule_use") { t in
                t.primaryKey("rule_index", .integer)
                t.column("uses", .integer).notNull()
            }
            // Decisions armed for the next matching request (FIFO).
            try db.create(table: "ciba_armed") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("match", .text).notNull()
                t.column("decision", .text).notNull()
            }
        }
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
        registerLoginMigration(&migrator)
        migrator.registerMigration("v5-providers") { db in try Self.createProviderTables(db) }
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
                sql: "UPDATE refresh_token SET used_at = ? WHERE token = ? AND used_at IS NULL",
                arguments: [now, token])
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

    // MARK: CIBA requests

    func insertCIBARequest(_ record: CIBARequestRecord) throws {
        try database.write { db in try record.insert(db) }
    }

    func cibaRequest(_ id: String) throws -> CIBARequestRecord? {
        try database.read { db in try CIBARequestRecord.fetchOne(db, key: id) }
    }

    /// Requests, newest first, optionally only one user's.
    func cibaRequests(user: String? = nil) throws -> [CIBARequestRecord] {
        try database.read { db in
            var request = CIBARequestRecord.order(Column("created_at").desc, Column("auth_req_id"))
            if let user { request = request.filter(Column("user_sub") == user) }
            return try request.fetchAll(db)
        }
    }

    /// Reads a request, lets `change` modify it, and saves it, all in one transaction so that
    /// concurrent polls and decisions cannot interleave.
    func updateCIBARequest<T>(_ id: String, _ change: (inout CIBARequestRecord?) throws -> T) throws -> T {
        try update(CIBARequestRecord.self, key: id, change)
    }

    /// Counts one more use of a sequence rule and returns how many uses it had before.
    func takeRuleUse(_ index: Int) throws -> Int {
        try database.write { db in
            let uses =
                try Int.fetchOne(db, sql: "SELECT uses FROM ciba_rule_use WHERE rule_index = ?", arguments: [index])
                ?? 0
            try db.execute(
                sql:
                    "INSERT INTO ciba_rule_use (rule_index, uses) VALUES (?, 1) ON CONFLICT(rule_index) DO UPDATE SET uses = uses + 1",
                arguments: [index])
            return uses
        }
    }

    func armCIBADecision(match: String, decision: String) throws {
        try database.write { db in
            try db.execute(sql: "INSERT INTO ciba_armed (match, decision) VALUES (?, ?)", arguments: [match, decision])
        }
    }

    /// Removes and returns the first armed decision whose match `fits`.
    func takeArmedCIBADecision(where fits: (String) -> Bool) throws -> String? {
        try database.write { db in
            let rows = try Row.fetchAll(db, sql: "SELECT id, match, decision FROM ciba_armed ORDER BY id")
            guard let row = rows.first(where: { fits($0["match"]) }) else { return nil }
            try db.execute(sql: "DELETE FROM ciba_armed WHERE id = ?", arguments: [row["id"] as Int64])
            return row["decision"]
        }
    }

    // MARK: Token Vault

    func insertVaultAccount(_ record: VaultAccountRecord, ignoreExisting: Bool = false) throws {
        try database.write { db in
            if ignoreExisting { try record.insert(db, onConflict: .ignore) } else { try record.insert(db) }
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

    // MARK: Read-modify-write

    /// Reads the record with `key`, lets `change` modify it (or see that it is missing), and saves a
    /// changed record, all in one write transaction: concurrent requests cannot interleave.
    func update<Record: FetchableRecord & PersistableRecord & Equatable, T>(
        _: Record.Type, key: String, _ change: (inout Record?) throws -> T
    ) throws -> T {
        try database.write { db in
            var record = try Record.fetchOne(db, key: key)
            let before = record
            let result = try change(&record)
            if let record, record != before { try record.update(db) }
            return result
        }
    }
}
