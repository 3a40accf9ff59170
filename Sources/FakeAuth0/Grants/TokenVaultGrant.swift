import Foundation

/// `grant_type=urn:auth0:params:oauth:grant-type:token-exchange:federated-connection-access-token`:
/// exchanges an Auth0 refresh token (the app's own) or access token (for a Custom API Client) for the
/// user's upstream access token from the Token Vault.
struct TokenVaultGrant: GrantHandler {
    let grantType = GrantType.tokenVault

    static let refreshTokenType = "urn:ietf:params:oauth:token-type:refresh_token"
    static let accessTokenType = "urn:ietf:params:oauth:token-type:access_token"
    static let federatedTokenType = "http://auth0.com/oauth/token-type/federated-connection-access-token"

    func handle(_ request: GrantRequest, context: GrantContext) async throws(OAuthError) -> TokenResponse {
        let parameters = request.parameters
        let subjectToken = try parameters.required("subject_token")
        let subjectType = try parameters.required("subject_token_type")
        if let requested = parameters["requested_token_type"], requested != Self.federatedTokenType {
            throw .invalidRequest("requested_token_type must be \(Self.federatedTokenType)")
        }
        let connection = try parameters.required("connection")
        guard let connectionConfig = context.config.connections[connection] else {
            throw .invalidRequest("Connection not found: \(connection)")
        }

        let user: String
        switch subjectType {
        case Self.refreshTokenType:
            user = try await refreshTokenSubject(subjectToken, request: request, context: context)
        case Self.accessTokenType: user = try await accessTokenSubject(subjectToken, request: request, context: context)
        default: throw .invalidRequest("Unsupported subject_token_type: \(subjectType)")
        }

        let account = try context.vault.currentToken(
            user: user, connection: connection, loginHint: parameters["login_hint"])
        var response = TokenResponse(
            accessToken: account.accessToken, expiresIn: max(account.accessExpiresAt - context.clock.nowSeconds(), 0),
            scope: account.scopes)
        response.extra["issued_token_type"] = .string(Self.federatedTokenType)
        response.user = user
        response.vault = VaultExchangeFacts(
            connection: connection, account: account.id, subjectTokenType: Self.shortType(subjectType))
        if connectionConfig.upstream == .salesforce {
            // Salesforce's own token answers name the org's instance; agents call its REST API there.
            let instance =
                context.config.scenario.userFixtures(user)?.salesforce?.instance ?? SalesforceFixture.defaultInstance
            response.extra["instance_url"] = .string("https://\(instance).my.salesforce.com")
        }
        return response
    }

    /// `refresh_token` or `access_token` for the journal, else the type as sent.
    static func shortType(_ type: String) -> String {
        switch type {
        case refreshTokenType: "refresh_token"
        case accessTokenType: "access_token"
        default: type
        }
    }

    /// The user of a refresh token the tenant issued to this very client. The token is not consumed,
    /// also for clients that rotate refresh tokens.
    func refreshTokenSubject(_ token: String, request: GrantRequest, context: GrantContext) async throws(OAuthError)
        -> String
    {
        let found = try await internalStep("reading the refresh token") { try context.store.refreshToken(token) }
        guard let record = found, record.clientID == request.client.id, record.revokedAt == nil, record.usedAt == nil,
            record.expiresAt > context.clock.nowSeconds(), context.config.users[record.userSub] != nil
        else { throw .invalidGrant("Invalid refresh token") }
        return record.userSub
    }

    /// The user of an access token the tenant issued for the API this Custom API Client belongs to.
    func accessTokenSubject(_ token: String, request: GrantRequest, context: GrantContext) async throws(OAuthError)
        -> String
    {
        guard request.client.type == .resourceServer, let api = request.client.resourceServerIdentifier else {
            throw .unauthorizedClient("Access token exchange is for Custom API Clients (type resource_server) only.")
        }
        let claims: ClaimSet
        do {
            claims = try await context.verifier.verify(token, issuer: request.issuer)
        } catch {
            throw .invalidGrant("Invalid subject token: \(error.message)")
        }
        guard claims.audiences.contains(api) else {
            throw .invalidGrant("The subject token's audience is not the API of this client (\(api))")
        }
        guard let sub = claims.subject, context.config.users[sub] != nil else {
            throw .invalidGrant("The subject token does not belong to a user")
        }
        return sub
    }
}
