import Foundation
import GRDB

/// Something an agent wrote through a stub provider API (a sent mail, a draft, a calendar change, a
/// Slack message, a GitHub issue) or a call to a protected API: the domain record as JSON.
package struct ProviderItemRecord: Sendable, Codable, Equatable, FetchableRecord, PersistableRecord {
    package static let databaseTableName = "provider_item"

    package var seq: Int64?
    package var userSub: String
    /// What it is: `gmail.message`, `gmail.draft`, `calendar.event`, `slack.message`, `github.issue`, `api.call`.
    package var kind: String
    /// Its id within the user's items of that kind.
    package var itemID: String
    /// The domain record, JSON-encoded.
    package var body: String
    package var createdAt: Int

    enum CodingKeys: String, CodingKey {
        case seq, kind, body
        case userSub = "user_sub"
        case itemID = "item_id"
        case createdAt = "created_at"
    }

    package mutating func didInsert(_ inserted: InsertionSuccess) { seq = inserted.rowID }
}

extension StateStore {
    /// The `v5-providers` table: what agents wrote through the stub APIs, as JSON rows.
    static func registerProviderMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v5-providers") { db in try createProviderTables(db) }
    }

    static func createProviderTables(_ db: Database) throws {
        try db.create(table: "provider_item") { t in
            t.autoIncrementedPrimaryKey("seq")
            t.column("user_sub", .text).notNull()
            t.column("kind", .text).notNull()
            t.column("item_id", .text).notNull()
            t.column("body", .text).notNull()
            t.column("created_at", .integer).notNull()
            t.uniqueKey(["user_sub", "kind", "item_id"])
        }
        try db.create(index: "provider_item_kind", on: "provider_item", columns: ["kind", "user_sub"])
    }

    /// Stores an item, replacing the body of one with the same user, kind and id (it keeps its place).
    package func saveProviderItem(user: String, kind: String, id: String, body: String, at now: Int) throws {
        try database.write { db in
            try db.execute(
                sql: """
                    INSERT INTO provider_item (user_sub, kind, item_id, body, created_at) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT(user_sub, kind, item_id) DO UPDATE SET body = excluded.body
                    """,
                arguments: [user, kind, id, body, now])
        }
    }

    /// Stores a new item; false when one with the same user, kind and id exists.
    package func insertProviderItem(user: String, kind: String, id: String, body: String, at now: Int) throws -> Bool {
        try database.write { db in
            try db.execute(
                sql:
                    "INSERT OR IGNORE INTO provider_item (user_sub, kind, item_id, body, created_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [user, kind, id, body, now])
            return db.changesCount == 1
        }
    }

    /// Items of a kind in the order they were first stored, optionally one user's.
    package func providerItems(kind: String, user: String? = nil) throws -> [ProviderItemRecord] {
        try database.read { db in
            var request = ProviderItemRecord.filter(Column("kind") == kind)
            if let user { request = request.filter(Column("user_sub") == user) }
            return try request.order(Column("seq")).fetchAll(db)
        }
    }

    /// One item.
    package func providerItem(user: String, kind: String, id: String) throws -> ProviderItemRecord? {
        try database.read { db in
            try ProviderItemRecord.filter(
                Column("user_sub") == user && Column("kind") == kind && Column("item_id") == id
            ).fetchOne(db)
        }
    }

    /// Forgets every item (all kinds, all users).
    package func deleteProviderItems() throws {
        try database.write { db in try db.execute(sql: "DELETE FROM provider_item") }
    }
}
