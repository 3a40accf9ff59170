import Foundation

/// Issues a user's tokens: the access token, the ID token with `openid`, and a refresh token with
/// `offline_access`. The common end of the authorization-code, refresh-token and CIBA grants.
struct UserTokenIssuer: Sendable {
    let config: TenantConfig
    let clock: TenantClock
    let store: StateStore
    let minter: TokenMinter

    /// How `issue` should hand out a refresh token.
    enum RefreshTokenIssue {
        /// None (e.g. a refresh without rotation).
        case none
        /// A new token family, when `offline_access` was granted.
        case whenOfflineAccess
    }

    /// Access token, ID token (with `openid`) and refresh token (with `offline_access`) for a user.
    func issue(
        issuer: Issuer, user: UserConfig, client: ClientConfig, audience: String?, scopes: [String],
        refreshToken: RefreshTokenIssue, nonce: String? = nil, authTime: Int? = nil,
        extraClaims: [String: JSONValue] = [:], idTokenClaims: [String: JSONValue] = [:]
    ) async throws(OAuthError) -> TokenResponse {
        try config.checkThirdPartyAccess(client: client, audience: audience)
        let api = audience.flatMap { config.apis[$0] }
        var scopes = scopes
        var permissions: [String]?
        if let api, api.rbac {
            // RBAC: of the API's scopes, only those the user holds through roles.
            let held = config.rbac.permissions(user: user.sub, api: api.audience)
            scopes = scopes.filter { !api.scopes.contains($0) || held.contains($0) }
            if api.tokenDialect.includesPermissions { permissions = held }
        }
        var audiences = audience.map { [$0] } ?? []
        if scopes.contains("openid") || audiences.isEmpty { audiences.append(issuer.userInfoAudience) }
        let lifetime = config.accessTokenLifetime(for: audience)
        let granted = scopes
        let claimedPermissions = permissions
        let dialect = api?.tokenDialect ?? .accessToken
        var response = try await internalStep("signing") {
            TokenResponse(
                accessToken: try minter.accessToken(
                    issuer: issuer, subject: user.sub, clientID: client.id, audiences: audiences, scopes: granted,
                    lifetime: lifetime, extra: extraClaims, dialect: dialect, permissions: claimedPermissions),
                expiresIn: lifetime, scope: Scope.join(granted))
        }
        response.user = user.sub
        response.audience = audience
        if scopes.contains("openid") {
            response.idToken = try await internalStep("signing") {
                try minter.idToken(
                    issuer: issuer, user: user, clientID: client.id, scopes: scopes, nonce: nonce, authTime: authTime,
                    extra: idTokenClaims)
            }
        }
        if case .whenOfflineAccess = refreshToken, scopes.contains("offline_access"), client.allows(.refreshToken) {
            response.refreshToken = try await internalStep("storing the refresh token") {
                try createRefreshToken(user: user.sub, client: client.id, scopes: scopes, audience: audience).token
            }
        }
        return response
    }

    /// Stores a new refresh token (its own rotation family) and returns it.
    @discardableResult
    func createRefreshToken(
        user: String, client: String, scopes: [String], audience: String? = nil, token: String? = nil
    ) throws -> RefreshTokenRecord {
        let now = clock.nowSeconds()
        let value = token ?? RandomToken.make(prefix: "v1.")
        let record = RefreshTokenRecord(
            token: value, familyID: value, clientID: client, userSub: user, scope: Scope.join(scopes),
            audience: audience, createdAt: now, expiresAt: now + config.settings.refreshTokenLifetime)
        try store.insertRefreshToken(record)
        return record
    }
}
