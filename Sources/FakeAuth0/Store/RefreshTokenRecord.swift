import Foundation
import GRDB

/// A refresh token the tenant issued: who it belongs to, what it grants, and its rotation state.
public struct RefreshTokenRecord: Sendable, Codable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "refresh_token"

    public var token: String
    /// Tokens rotated from one another share a family, so a reuse revokes them all.
    public var familyID: String
    public var clientID: String
    public var userSub: String
    public var scope: String
    public var audience: String?
    public var createdAt: Int
    public var expiresAt: Int
    public var usedAt: Int?
    public var revokedAt: Int?

    enum CodingKeys: String, CodingKey {
        case token, scope, audience
        case familyID = "family_id"
        case clientID = "client_id"
        case userSub = "user_sub"
        case createdAt = "created_at"
        case expiresAt = "expires_at"
        case usedAt = "used_at"
        case revokedAt = "revoked_at"
    }
}
