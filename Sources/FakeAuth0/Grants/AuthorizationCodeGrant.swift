import Foundation

/// `grant_type=authorization_code`: redeems a code from `/authorize` once, checking the redirect URI and
/// the PKCE verifier. A code presented twice revokes the refresh token its first redemption issued.
struct AuthorizationCodeGrant: GrantHandler {
    let grantType = GrantType.authorizationCode

    enum Outcome {
        case error(OAuthError)
        case revoke(String?)
        case redeem(AuthorizationCodeRecord)
    }

    func handle(_ request: GrantRequest, context: GrantContext) async throws(OAuthError) -> TokenResponse {
        let code = try request.parameters.required("code")
        let now = context.clock.nowSeconds()
        let outcome = try await internalStep("reading the code") {
            try context.store.updateAuthorizationCode(code) { record -> Outcome in
                guard var current = record, current.clientID == request.client.id else {
                    return .error(.invalidGrant("Invalid authorization code"))
                }
                if current.usedAt != nil { return .revoke(current.refreshToken) }
                guard current.expiresAt > now else { return .error(.invalidGrant("Invalid authorization code")) }
                guard request.parameters["redirect_uri"] == current.redirectURI else {
                    return .error(.invalidGrant("The redirect_uri does not match the one of the authorization request"))
                }
                current.usedAt = now
                let verifier = request.parameters["code_verifier"]
                guard
                    PKCE.accepts(
                        verifier: verifier, challenge: current.codeChallenge, method: current.codeChallengeMethod)
                else {
                    record = current  // a wrong (or downgraded) verifier burns the code
                    return .error(
                        .invalidGrant(
                            current.codeChallenge == nil
                                ? "code_verifier was sent for a code issued without code_challenge"
                                : "Failed to verify code verifier"))
                }
                record = current
                return .redeem(current)
            }
        }
        switch outcome {
        case .error(let error):
            throw error
        case .revoke(let refreshToken):
            if let refreshToken {
                try await internalStep("revoking tokens of a reused code") {
                    if let issued = try context.store.refreshToken(refreshToken) {
                        try context.store.revokeRefreshTokenFamily(issued.familyID, at: now)
                    }
                }
            }
            throw .invalidGrant("Invalid authorization code")
        case .redeem(let record):
            guard let user = context.config.users[record.userSub] else {
                throw .invalidGrant("Invalid authorization code")
            }
            let known = Set(Scope.oidc).union(
                record.audience.flatMap { context.config.api($0, issuer: request.issuer)?.scopes } ?? [])
            let scopes = Scope.parse(record.scope).filter(known.contains)
            let response = try await context.tokens.issue(
                issuer: request.issuer, user: user, client: request.client, audience: record.audience, scopes: scopes,
                refreshToken: .whenOfflineAccess, nonce: record.nonce, authTime: record.authTime)
            if let refreshToken = response.refreshToken {
                try await internalStep("recording the refresh token") {
                    try context.store.updateAuthorizationCode(record.code) { $0?.refreshToken = refreshToken }
                }
            }
            return response
        }
    }
}
