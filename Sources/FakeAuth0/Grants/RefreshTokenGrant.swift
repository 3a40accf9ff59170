import Foundation

/// `grant_type=refresh_token`: new tokens from a refresh token, optionally for another API (MRRT)
/// or a narrower scope, with rotation and reuse detection when the client asks for it.
struct RefreshTokenGrant: GrantHandler {
    let grantType = GrantType.refreshToken
    static let invalid = OAuthError.invalidGrant("Unknown or invalid refresh token.")

    func handle(_ request: GrantRequest, context: GrantContext) async throws(OAuthError) -> TokenResponse {
        let presented = try request.parameters.required("refresh_token")
        let now = context.clock.nowSeconds()
        let found = try await internalStep("reading the refresh token") { try context.store.refreshToken(presented) }
        guard let record = found, record.clientID == request.client.id, record.revokedAt == nil, record.expiresAt > now,
            let user = context.config.users[record.userSub]
        else { throw Self.invalid }
        if record.usedAt != nil {
            // A rotated token presented again: the whole family is compromised.
            try await internalStep("revoking the token family") {
                try context.store.revokeRefreshTokenFamily(record.familyID, at: now)
            }
            throw Self.invalid
        }

        let audience =
            try context.config.targetAudience(
                audience: request.parameters["audience"], resource: request.parameters["resource"],
                issuer: request.issuer) ?? record.audience
        let granted = try scopes(for: request, record: record, audience: audience, context: context)
        var response = try await context.tokens.issue(
            issuer: request.issuer, user: user, client: request.client, audience: audience, scopes: granted,
            refreshToken: .none)

        if request.client.refreshTokenRotation {
            var successor = record
            successor.token = RandomToken.make(prefix: "v1.")
            successor.createdAt = now
            successor.usedAt = nil
            let rotated = try await internalStep("rotating the refresh token") {
                try context.store.rotateRefreshToken(record.token, to: successor, at: now)
            }
            guard rotated else {
                try await internalStep("revoking the token family") {
                    try context.store.revokeRefreshTokenFamily(record.familyID, at: now)
                }
                throw Self.invalid
            }
            response.refreshToken = successor.token
        }
        return response
    }

    /// The scopes of the new tokens: what the request asks for, within what the refresh token and the
    /// target API allow. Without `scope` the refresh token's own scopes (or, for another API, its
    /// identity scopes plus every scope of that API).
    func scopes(
        for request: GrantRequest, record: RefreshTokenRecord, audience: String?, context: GrantContext
    ) throws(OAuthError) -> [String] {
        let original = Scope.parse(record.scope)
        var allowed = original
        if let audience, audience != record.audience {
            guard let api = context.config.api(audience, issuer: request.issuer) else {
                throw .accessDenied("Service not found: \(audience)")
            }
            allowed = original.filter(Scope.oidc.contains) + api.scopes
        }
        guard let requested = request.parameters["scope"] else { return allowed }
        return Scope.parse(requested).filter(allowed.contains)
    }
}
