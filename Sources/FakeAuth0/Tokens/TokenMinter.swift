import Foundation

/// Mints the tenant's JWTs (access and ID tokens) with Auth0's claim layout.
struct TokenMinter: Sendable {
    let keys: SigningKeyRing
    let clock: TenantClock
    let config: TenantConfig
    let skew: TokenClockSkew

    /// The `iat` of a token issued now: the tenant clock plus the skew. A skewed token also carries
    /// `nbf` (= `iat`), so clients' not-before leeway is tested too.
    func issuedAt(_ claims: inout ClaimSet) -> Int {
        let skewSeconds = skew.seconds
        let now = clock.nowSeconds() + skewSeconds
        if skewSeconds != 0 { claims["nbf"] = .int(now) }
        return now
    }

    /// An access token; `aud` is one string for one audience and an array for several, as Auth0 writes it.
    /// The API's `dialect` decides between `azp` and RFC 9068's `client_id`, `jti` and `typ: at+jwt`;
    /// `permissions`, when given, becomes the `permissions` claim.
    func accessToken(
        issuer: Issuer, subject: String, clientID: String, audiences: [String], scopes: [String], lifetime: Int,
        extra: [String: JSONValue] = [:], dialect: TokenDialect = .accessToken, permissions: [String]? = nil
    ) throws -> String {
        var claims = ClaimSet(extra)
        let now = issuedAt(&claims)
        claims["iss"] = .string(issuer.url)
        claims["sub"] = .string(subject)
        claims["aud"] = audiences.count == 1 ? .string(audiences[0]) : .array(audiences.map(JSONValue.string))
        claims["iat"] = .int(now)
        claims["exp"] = .int(now + lifetime)
        claims["scope"] = .string(Scope.join(scopes))
        if dialect.isRFC9068 {
            claims["client_id"] = .string(clientID)
            claims["jti"] = .string(RandomToken.make(bytes: 16))
        } else {
            claims["azp"] = .string(clientID)
        }
        if let permissions { claims["permissions"] = .array(permissions.map(JSONValue.string)) }
        return try keys.sign(claims, rfc9068: dialect.isRFC9068)
    }

    /// An ID token for `user`, with profile and email claims according to the granted scopes.
    func idToken(
        issuer: Issuer, user: UserConfig, clientID: String, scopes: [String], nonce: String? = nil,
        authTime: Int? = nil, extra: [String: JSONValue] = [:]
    ) throws -> String {
        var claims = ClaimSet(extra)
        let now = issuedAt(&claims)
        for (name, value) in UserClaims.claims(for: user, scopes: scopes) { claims[name] = value }
        claims["iss"] = .string(issuer.url)
        claims["aud"] = .string(clientID)
        claims["iat"] = .int(now)
        claims["exp"] = .int(now + config.settings.idTokenLifetime)
        if let nonce { claims["nonce"] = .string(nonce) }
        if let authTime { claims["auth_time"] = .int(authTime) }
        return try keys.sign(claims)
    }
}

/// The OIDC claims a user's profile yields for a set of scopes (ID tokens and `/userinfo`).
enum UserClaims {
    static func claims(for user: UserConfig, scopes: [String]) -> [String: JSONValue] {
        var claims: [String: JSONValue] = ["sub": .string(user.sub)]
        if scopes.contains("profile") {
            claims["name"] = .string(user.name ?? user.email ?? user.sub)
            if let nickname = user.effectiveNickname { claims["nickname"] = .string(nickname) }
            if let picture = user.picture { claims["picture"] = .string(picture) }
            if let given = user.givenName { claims["given_name"] = .string(given) }
            if let family = user.familyName { claims["family_name"] = .string(family) }
            claims["updated_at"] = .string(user.updatedAt)
        }
        if scopes.contains("email"), let email = user.email {
            claims["email"] = .string(email)
            claims["email_verified"] = .bool(user.emailVerified)
        }
        return claims
    }
}
