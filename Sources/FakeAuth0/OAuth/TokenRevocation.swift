import Foundation

extension Tenant {
    /// `POST /oauth/revoke` (RFC 7009): authenticates the client and revokes the refresh token's grant,
    /// every refresh token of the same user, client and API, as Auth0 does. An unknown token, or an
    /// access token (they are stateless JWTs), is no error.
    public func revoke(parameters: RequestParameters, basic: BasicCredentials?, issuer: Issuer) async throws(OAuthError)
    {
        let client = try await authenticateClient(parameters, basic: basic, issuer: issuer)
        let token = try parameters.required("token")
        if let hint = parameters["token_type_hint"], !["refresh_token", "access_token"].contains(hint) {
            throw OAuthError("unsupported_token_type", "Unsupported token_type_hint: \(hint)")
        }
        guard let record = try await internalStep("reading the refresh token", { try store.refreshToken(token) })
        else { return }
        guard record.clientID == client.id else {
            throw .invalidRequest("The refresh token was not issued to this client")
        }
        let now = clock.nowSeconds()
        try await internalStep("revoking the refresh tokens") {
            try store.revokeRefreshTokenGrant(
                client: record.clientID, user: record.userSub, audience: record.audience, at: now)
        }
    }
}
