import Foundation

extension Tenant {
    /// Revokes every refresh token of `user` (only those issued to `client`, when given), as Auth0's
    /// "revoke a user's refresh tokens" does: the refresh grant and Token Vault exchanges with them
    /// answer `invalid_grant` from then on. Returns how many tokens were revoked. An unknown user or
    /// client is `invalid_request`, with nothing revoked. Recorded as `refresh_tokens.revoked`.
    @discardableResult
    public func revokeRefreshTokens(user: String, client: String? = nil) throws(OAuthError) -> Int {
        guard config.users[user] != nil else { throw .invalidRequest("No user has the sub '\(user)'") }
        if let client, try clients.client(client) == nil {
            throw .invalidRequest("No client has the id '\(client)'")
        }
        let now = clock.nowSeconds()
        let count = try storeStep { try store.revokeRefreshTokens(user: user, client: client, at: now) }
        var details: [String: JSONValue] = ["revoked": .int(count)]
        if let client { details["client"] = .string(client) }
        journal.record("refresh_tokens.revoked", client: client, user: user, details: details)
        return count
    }
}
