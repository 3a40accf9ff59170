import FakeAuth0
import Foundation

/// A call an agent made to a protected first-party API, as recorded for tests.
public struct ProtectedAPICall: Sendable, Codable, Equatable {
    public var method: String
    public var path: String
    public var audience: String
    /// The token's `sub` (a user, or `{client}@clients` for machine tokens).
    public var subject: String?
    /// The token's `azp`: the client that obtained it.
    public var client: String?
    public var scope: String
    /// The JSON body sent, if any (text bodies as a string).
    public var body: JSONValue?
    /// The query parameters sent.
    public var query: [String: String]
    public var at: Int
}

extension Providers {
    /// Serves one call to the protected API `api`: the tenant's own access token for its audience with
    /// its scopes, verified on the tenant clock; the call is recorded and `api.response` answered.
    /// Failures are 401 `invalid_token` (or a bare challenge when no token came) and 403 `insufficient_scope`,
    /// each with a `WWW-Authenticate` header.
    public func callProtectedAPI(
        _ api: ProtectedAPIConfig, path: String, token: String?, issuer: Issuer, body: JSONValue?,
        query: [String: String]
    ) async throws(OAuthError) -> JSONValue {
        guard let token, !token.isEmpty else {
            throw OAuthError(
                "unauthorized", "Missing bearer token", kind: .unauthenticated,
                challenge: BearerChallenge(realm: "api"))
        }
        let claims: ClaimSet
        do {
            claims = try await tenant.verifyAccessToken(token, issuer: issuer, audience: api.audience)
        } catch {
            throw .invalidToken(error.message, realm: "api")
        }
        let missing = api.scopes.filter { !claims.scopes.contains($0) }
        guard missing.isEmpty else {
            throw OAuthError(
                "insufficient_scope", "Insufficient Scope: requires \(Scope.join(api.scopes))", kind: .forbidden,
                challenge: BearerChallenge(
                    realm: "api", error: "insufficient_scope", description: "Insufficient Scope",
                    scope: Scope.join(api.scopes)))
        }
        let call = ProtectedAPICall(
            method: api.method, path: path, audience: api.audience, subject: claims.subject,
            client: (claims["azp"] ?? claims["client_id"])?.stringValue,
            scope: claims["scope"]?.stringValue ?? "", body: body, query: query, at: tenant.clock.nowSeconds())
        do {
            try writes.save(
                call, kind: .apiCall, user: claims.subject ?? "", id: ProviderIDs.randomHex(length: 24))
        } catch {
            throw .serverError("state store: \(error)")
        }
        tenant.journal.record(
            "api.called", client: call.client, user: claims.subject,
            details: ["audience": .string(api.audience), "method": .string(api.method), "path": .string(path)])
        return api.response
    }
}
