import Foundation
import GRDB

extension StateStore {
    /// Revokes every live refresh token of one grant: the same client, user and API.
    func revokeRefreshTokenGrant(client: String, user: String, audience: String?, at time: Int) throws {
        try database.write { db in
            try db.execute(
                sql: """
                    UPDATE refresh_token SET revoked_at = ?
                    WHERE client_id = ? AND user_sub = ? AND audience IS ? AND revoked_at IS NULL
                    """,
                arguments: [time, client, user, audience])
        }
    }
}
