import Foundation

/// A successful `/oauth/token` answer.
public struct TokenResponse: Sendable, Equatable {
    public var accessToken: String
    public var tokenType: String = "Bearer"
    public var expiresIn: Int
    public var scope: String?
    public var idToken: String?
    public var refreshToken: String?
    /// Grant-specific fields such as `issued_token_type` or `authorization_details`.
    public var extra: [String: JSONValue] = [:]
    /// For the journal, not the response: the user the token is for and the audience it was asked for.
    package var user: String?
    package var audience: String?
    /// For the journal: what the token-vault exchange handed out.
    package var vault: VaultExchangeFacts?

    /// The JSON body, with only the fields that are set.
    public var json: [String: JSONValue] {
        var body = extra
        body["access_token"] = .string(accessToken)
        body["token_type"] = .string(tokenType)
        body["expires_in"] = .int(expiresIn)
        if let scope { body["scope"] = .string(scope) }
        if let idToken { body["id_token"] = .string(idToken) }
        if let refreshToken { body["refresh_token"] = .string(refreshToken) }
        return body
    }
}

/// What a Token Vault exchange handed out, for the journal.
package struct VaultExchangeFacts: Sendable, Equatable {
    package var connection: String
    package var account: String
    package var subjectTokenType: String
}
