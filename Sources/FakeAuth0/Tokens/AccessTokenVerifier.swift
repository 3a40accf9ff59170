import Foundation

/// Verifies the tenant's own access tokens: signature, issuer, expiry on the tenant clock, audience.
public struct AccessTokenVerifier: Sendable {
    let keys: SigningKeyRing
    let clock: TenantClock

    /// The token's claims when it is one of the tenant's, issued by `issuer`, not expired, and, when
    /// given, with `audience` among its `aud`.
    public func verify(_ token: String, issuer: Issuer, audience: String? = nil) async throws(OAuthError) -> ClaimSet {
        let claims: ClaimSet
        do {
            claims = try await keys.verifySignature(token)
        } catch {
            throw .invalidToken("The access token is malformed or its signature is invalid")
        }
        guard claims.issuer == issuer.url else { throw .invalidToken("The access token was issued by another issuer") }
        guard let exp = claims.expiresAt, exp > clock.nowSeconds() else {
            throw .invalidToken("The access token has expired")
        }
        if let audience, !claims.audiences.contains(audience) {
            throw .invalidToken("The access token is not valid for \(audience)")
        }
        return claims
    }
}
