import Foundation
import GRDB

extension StateStore {
    /// The `v2-ciba` tables: back-channel requests, sequence-rule uses, armed decisions.
    static func registerCIBAMigration(_ migrator: inout DatabaseMigrator) {
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
}
