import Foundation

/// `grant_type=client_credentials`: a machine-to-machine token for an API the client was granted.
struct ClientCredentialsGrant: GrantHandler {
    let grantType = GrantType.clientCredentials

    func handle(_ request: GrantRequest, context: GrantContext) async throws(OAuthError) -> TokenResponse {
        let config = context.config
        guard let audience = request.parameters["audience"] ?? config.settings.defaultAudience else {
            throw .accessDenied("No audience parameter was provided, and no default audience has been configured")
        }
        guard let api = config.apis[audience] else { throw .accessDenied("Service not found: \(audience)") }
        guard api.clients.contains(request.client.id) else {
            throw .accessDenied(
                #"Client is not authorized to access "\#(audience)". You need to create a "client-grant" associated to this API. See: https://auth0.com/docs/api/v2#!/Client_Grants/post_client_grants"#
            )
        }
        var scopes = api.scopes
        if let requested = request.parameters["scope"] {
            let wanted = Scope.parse(requested)
            let missing = wanted.filter { !api.scopes.contains($0) }
            guard missing.isEmpty else {
                throw .accessDenied("Client has not been granted scopes: \(missing.joined(separator: ", "))")
            }
            scopes = wanted
        }
        let lifetime = config.accessTokenLifetime(for: audience)
        let token = try await internalStep("signing") {
            try context.minter.accessToken(
                issuer: request.issuer, subject: "\(request.client.id)@clients", clientID: request.client.id,
                audiences: [audience], scopes: scopes, lifetime: lifetime, extra: ["gty": "client-credentials"],
                dialect: api.tokenDialect, permissions: api.rbac && api.tokenDialect.includesPermissions ? scopes : nil)
        }
        var response = TokenResponse(accessToken: token, expiresIn: lifetime, scope: Scope.join(scopes))
        response.audience = audience
        return response
    }
}
