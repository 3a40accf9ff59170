import Foundation
import GRDB

extension StateStore {
    /// Whether the upstream refresh of a vault account fails (a lifecycle fault).
    static func registerVaultRefreshFailureMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v8-vault-refresh-failure") { db in
            try db.alter(table: "vault_account") { t in
                t.add(column: "refresh_fails", .boolean).notNull().defaults(to: false)
            }
        }
    }
}
