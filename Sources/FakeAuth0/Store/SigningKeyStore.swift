import Foundation
import GRDB

/// A signing key as the state store keeps it: the active key has no `retiresAt`; a key kept after a
/// rotation has the instant (tenant clock, seconds) it leaves the JWKS.
struct SigningKeyRecord: Sendable, Equatable {
    var kid: String
    var pem: String
    var createdAt: Int
    var retiresAt: Int?
}

extension StateStore {
    /// Rotation: each key's drop time and its place in the ring (0 = active).
    static func registerSigningKeyRotationMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v7-signing-key-rotation") { db in
            try db.alter(table: "signing_key") { t in
                t.add(column: "retires_at", .integer)
                t.add(column: "position", .integer).notNull().defaults(to: 0)
            }
        }
    }

    /// The stored signing keys, the active one first (a store from before rotation existed keeps one
    /// key, or lists the newest first).
    func signingKeys() throws -> [SigningKeyRecord] {
        try database.read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT kid, pem, created_at, retires_at FROM signing_key ORDER BY position, created_at DESC, kid"
            ).map { row in
                SigningKeyRecord(
                    kid: row["kid"], pem: row["pem"], createdAt: row["created_at"], retiresAt: row["retires_at"])
            }
        }
    }

    /// Stores the first key of a new tenant, unless one with its `kid` exists.
    func saveSigningKey(_ record: SigningKeyRecord) throws {
        try database.write { db in
            try db.execute(
                sql:
                    "INSERT OR IGNORE INTO signing_key (kid, pem, created_at, retires_at, position) VALUES (?, ?, ?, ?, 0)",
                arguments: [record.kid, record.pem, record.createdAt, record.retiresAt])
        }
    }

    /// Replaces the stored keys with `records` (the active key first), in one transaction.
    func replaceSigningKeys(_ records: [SigningKeyRecord]) throws {
        try database.write { db in
            try db.execute(sql: "DELETE FROM signing_key")
            for (position, record) in records.enumerated() {
                try db.execute(
                    sql: "INSERT INTO signing_key (kid, pem, created_at, retires_at, position) VALUES (?, ?, ?, ?, ?)",
                    arguments: [record.kid, record.pem, record.createdAt, record.retiresAt, position])
            }
        }
    }

    /// Forgets keys whose grace period is over.
    func deleteSigningKeys(_ kids: [String]) throws {
        try database.write { db in
            for kid in kids { try db.execute(sql: "DELETE FROM signing_key WHERE kid = ?", arguments: [kid]) }
        }
    }
}
