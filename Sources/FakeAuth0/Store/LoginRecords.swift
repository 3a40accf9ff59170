import Foundation
import GRDB

/// A browser login session, named by the fake's session cookie.
struct LoginSessionRecord: Sendable, Codable, Equatable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "login_session"
    var id: String
    var userSub: String
    var authTime: Int

    enum CodingKeys: String, CodingKey {
        case id
        case userSub = "user_sub"
        case authTime = "auth_time"
    }
}

/// An authorization code between `/authorize` and its redemption at `/oauth/token`.
struct AuthorizationCodeRecord: Sendable, Codable, Equatable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "authorization_code"
    var code: String
    var clientID: String
    var userSub: String
    var redirectURI: String
    var scope: String
    var audience: String?
    var nonce: String?
    var codeChallenge: String?
    var codeChallengeMethod: String?
    var authTime: Int
    var expiresAt: Int
    var usedAt: Int?
    /// The refresh token the redemption issued, revoked if the code is presented again.
    var refreshToken: String?

    enum CodingKeys: String, CodingKey {
        case code, scope, audience, nonce
        case clientID = "client_id"
        case userSub = "user_sub"
        case redirectURI = "redirect_uri"
        case codeChallenge = "code_challenge"
        case codeChallengeMethod = "code_challenge_method"
        case authTime = "auth_time"
        case expiresAt = "expires_at"
        case usedAt = "used_at"
        case refreshToken = "refresh_token"
    }
}

/// An `/authorize` request waiting for the user to log in on the login page.
struct LoginTransactionRecord: Sendable, Codable, Equatable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "login_transaction"
    var id: String
    /// The validated request as JSON.
    var request: String
    var expiresAt: Int

    enum CodingKeys: String, CodingKey {
        case id, request
        case expiresAt = "expires_at"
    }
}
