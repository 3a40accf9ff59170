import Foundation
import GRDB

/// One connected account in the Token Vault: a user's upstream tokens for a connection.
public struct VaultAccountRecord: Sendable, Codable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "vault_account"

    public var id: String
    public var userSub: String
    public var connection: String
    public var loginHint: String?
    public var providerUserID: String?
    /// Space-separated upstream scopes.
    public var scopes: String
    public var accessToken: String
    public var accessExpiresAt: Int
    /// Lifetime in seconds given to a refreshed access token.
    public var accessLifetime: Int
    public var refreshToken: String?
    /// The user revoked access upstream: the access token is dead and refreshing fails.
    public var revoked: Bool
    public var createdAt: Int
    /// The upstream refresh fails (a lifecycle fault): an exchange that needs a fresh access token is
    /// refused with `invalid_grant`.
    public var refreshFails: Bool = false

    enum CodingKeys: String, CodingKey {
        case id, connection, scopes, revoked
        case userSub = "user_sub"
        case loginHint = "login_hint"
        case providerUserID = "provider_user_id"
        case accessToken = "access_token"
        case accessExpiresAt = "access_expires_at"
        case accessLifetime = "access_lifetime"
        case refreshToken = "refresh_token"
        case createdAt = "created_at"
        case refreshFails = "refresh_fails"
    }

    /// The scopes as a list.
    public var scopeList: [String] { Scope.parse(scopes) }
}

/// A Connected Accounts flow between `connect` and `complete`.
struct ConnectSessionRecord: Sendable, Codable, Equatable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "connect_session"

    enum Status: String, Codable, DatabaseValueConvertible { case pending, allowed, denied, completed }

    var authSession: String
    var ticket: String
    var userSub: String
    var clientID: String
    var connection: String
    var redirectURI: String
    var state: String?
    var codeChallenge: String?
    var codeChallengeMethod: String?
    var scopes: String
    var connectCode: String?
    var status: Status
    var expiresAt: Int

    enum CodingKeys: String, CodingKey {
        case ticket, connection, state, scopes, status
        case authSession = "auth_session"
        case userSub = "user_sub"
        case clientID = "client_id"
        case redirectURI = "redirect_uri"
        case codeChallenge = "code_challenge"
        case codeChallengeMethod = "code_challenge_method"
        case connectCode = "connect_code"
        case expiresAt = "expires_at"
    }
}
