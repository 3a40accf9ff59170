import Foundation

/// `grant_type=urn:ietf:params:oauth:grant-type:token-exchange` (Custom Token Exchange, RFC 8693):
/// the scenario's profile for the `subject_token_type` plays the part of the Action, deciding which
/// user the subject token stands for, or denying the exchange.
struct CustomTokenExchangeGrant: GrantHandler {
    let grantType = GrantType.tokenExchange
    static let accessTokenType = "urn:ietf:params:oauth:token-type:access_token"

    func handle(_ request: GrantRequest, context: GrantContext) async throws(OAuthError) -> TokenResponse {
        let parameters = request.parameters
        let subjectToken = try parameters.required("subject_token")
        let tokenType = try parameters.required("subject_token_type")
        if let requested = parameters["requested_token_type"], requested != Self.accessTokenType {
            throw .invalidRequest("Unsupported requested_token_type: \(requested)")
        }
        guard !TokenExchangeProfileConfig.isReserved(tokenType) else {
            throw .invalidRequest("The subject_token_type '\(tokenType)' uses a reserved namespace")
        }
        guard let profile = context.config.tokenExchangeProfiles[tokenType] else {
            throw .invalidRequest("No token exchange profile for subject_token_type '\(tokenType)'")
        }
        guard profile.clients.isEmpty || profile.clients.contains(request.client.id) else {
            throw .unauthorizedClient("The client is not allowed to use the token exchange profile '\(profile.name)'")
        }
        let audience = parameters["audience"] ?? context.config.settings.defaultAudience
        var api: APIConfig?
        if let audience {
            guard let found = context.config.api(audience, issuer: request.issuer) else {
                throw .accessDenied("Service not found: \(audience)")
            }
            api = found
        }

        let user = try await subjectUser(subjectToken, profile: profile, request: request, context: context)
        var allowed = Set(Scope.oidc).union(api?.scopes ?? [])
        if !profile.allowOfflineAccess { allowed.remove("offline_access") }
        let scopes = Scope.parse(parameters["scope"]).filter(allowed.contains)
        var response = try await context.tokens.issue(
            issuer: request.issuer, user: user, client: request.client, audience: audience, scopes: scopes,
            refreshToken: .whenOfflineAccess)
        response.extra["issued_token_type"] = .string(Self.accessTokenType)
        return response
    }

    /// The user the profile's Action sets for the subject token, or its rejection.
    func subjectUser(
        _ token: String, profile: TokenExchangeProfileConfig, request: GrantRequest, context: GrantContext
    ) async throws(OAuthError) -> UserConfig {
        if let deny = profile.deny {
            throw OAuthError(
                deny.error, deny.message, kind: deny.error == "access_denied" ? .forbidden : .invalidRequest)
        }
        let sub: String
        if let table = profile.subjectTokens {
            guard let mapped = table[token] else { throw Self.invalidSubjectToken("unknown subject token") }
            sub = mapped
        } else {
            let claims: ClaimSet
            do {
                claims = try await context.verifier.verify(
                    token, issuer: request.issuer, audience: profile.onBehalfOf?.audience)
            } catch {
                throw Self.invalidSubjectToken(error.message)
            }
            guard let subject = claims.subject else { throw Self.invalidSubjectToken("the token has no sub") }
            sub = subject
        }
        guard let user = context.config.users[sub] else {
            throw Self.invalidSubjectToken("the token's user does not exist")
        }
        return user
    }

    /// What `api.access.rejectInvalidSubjectToken(reason)` answers.
    static func invalidSubjectToken(_ reason: String) -> OAuthError {
        .invalidRequest("Invalid subject token: \(reason)")
    }
}
