import Foundation
import Logging

/// A running fake Auth0 tenant: the scenario's configuration, its state, keys and clock, and every
/// operation the endpoints perform. It knows nothing of HTTP; the server translates requests into
/// these calls and `OAuthError`s into responses.
public final class Tenant: Sendable {
    public let config: TenantConfig
    public let clock: TenantClock
    public let keys: SigningKeyRing
    let store: StateStore
    let minter: TokenMinter
    let authenticator: ClientAuthenticator
    let discovery: DiscoveryDocuments
    /// The users' provider fixtures, resolved against the clock when the tenant starts.
    let providerWorld: ProviderWorld

    /// Builds a tenant from a validated scenario and a store, loading or creating its signing key and
    /// storing the scenario's seeded refresh tokens.
    public static func start(scenario: Scenario, store: StateStore, clock: TenantClock = TenantClock()) async throws
        -> Tenant
    {
        let keyPEMs: [String]
        if let pinned = scenario.tenant.signingKey {
            keyPEMs = [pinned]
        } else if case let stored = try store.signingKeyPEMs(), !stored.isEmpty {
            keyPEMs = stored
        } else {
            let pem = try SigningKeyRing.generatePrivateKeyPEM()
            keyPEMs = [pem]
            let ring = try await SigningKeyRing(privateKeyPEMs: keyPEMs)
            try store.saveSigningKey(kid: ring.activeKeyID, pem: pem, createdAt: clock.nowSeconds())
        }
        let keys = try await SigningKeyRing(privateKeyPEMs: keyPEMs)
        let tenant = Tenant(
            config: TenantConfig(scenario), store: store, clock: clock, keys: keys,
            authenticator: try await ClientAuthenticator(
                clients: TenantConfig(scenario).clients, clock: clock))
        try tenant.seedRefreshTokens()
        try tenant.vault.seed()
        return tenant
    }

    init(
        config: TenantConfig, store: StateStore, clock: TenantClock, keys: SigningKeyRing,
        authenticator: ClientAuthenticator
    ) {
        self.config = config
        self.store = store
        self.clock = clock
        self.keys = keys
        self.authenticator = authenticator
        self.minter = TokenMinter(keys: keys, clock: clock, config: config)
        self.discovery = DiscoveryDocuments()
        self.providerWorld = ProviderWorld(config: config, now: clock.now())
    }

    /// The scopes of the built-in My Account API (`https://{domain}/me/`).
    public static let myAccountScopes = [
        "create:me:connected_accounts", "read:me:connected_accounts", "delete:me:connected_accounts",
    ]

    /// The API for `audience`: one of the scenario's, or the built-in My Account API of this issuer.
    public func api(_ audience: String, issuer: Issuer) -> APIConfig? {
        if let api = config.apis[audience] { return api }
        guard audience == issuer.myAccountAudience else { return nil }
        return APIConfig(audience: audience, name: "Auth0 My Account API", scopes: Self.myAccountScopes)
    }

    /// The issuer for a request that arrived with `host` in its `Host` header: the scenario's fixed
    /// domain when it has one, else that host.
    public func issuer(forHost host: String?) -> Issuer {
        Issuer(domain: config.settings.domain ?? host ?? "localhost")
    }

    // MARK: /oauth/token

    /// `POST /oauth/token`: authenticates the client and runs the grant named by `grant_type`.
    public func token(
        parameters: RequestParameters, basic: BasicCredentials?, issuer: Issuer
    ) async throws(OAuthError) -> TokenResponse {
        let grantName = try parameters.required("grant_type")
        guard let handler = GrantTable.handlers[grantName] else { throw .unsupportedGrantType(grantName) }
        let client = try await authenticator.authenticate(parameters, basic: basic, issuer: issuer)
        guard client.allows(handler.grantType) else {
            throw .unauthorizedClient("Grant type '\(grantName)' not allowed for the client.")
        }
        return try await handler.handle(
            GrantRequest(parameters: parameters, client: client, issuer: issuer), tenant: self)
    }

    /// How `issueUserTokens` should hand out a refresh token.
    enum RefreshTokenIssue {
        /// None (e.g. a refresh without rotation).
        case none
        /// A new token family, when `offline_access` was granted.
        case whenOfflineAccess
    }

    /// Access token, ID token (with `openid`) and refresh token (with `offline_access`) for a user:
    /// the common end of the authorization-code, refresh-token and CIBA grants.
    func issueUserTokens(
        issuer: Issuer, user: UserConfig, client: ClientConfig, audience: String?, scopes: [String],
        refreshToken: RefreshTokenIssue, nonce: String? = nil, authTime: Int? = nil,
        extraClaims: [String: JSONValue] = [:], idTokenClaims: [String: JSONValue] = [:]
    ) async throws(OAuthError) -> TokenResponse {
        var audiences = audience.map { [$0] } ?? []
        if scopes.contains("openid") || audiences.isEmpty { audiences.append(issuer.userInfoAudience) }
        let lifetime = config.accessTokenLifetime(for: audience)
        var response = try await internalStep("signing") {
            TokenResponse(
                accessToken: try minter.accessToken(
                    issuer: issuer, subject: user.sub, clientID: client.id, audiences: audiences, scopes: scopes,
                    lifetime: lifetime, extra: extraClaims),
                expiresIn: lifetime, scope: Scope.join(scopes))
        }
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
    public func createRefreshToken(
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

    private func seedRefreshTokens() throws {
        let now = clock.nowSeconds()
        for seed in config.scenario.refreshTokens {
            let record = RefreshTokenRecord(
                token: seed.token, familyID: seed.token, clientID: seed.client, userSub: seed.user,
                scope: Scope.join(Scope.parse(seed.scope)), audience: seed.audience, createdAt: now,
                expiresAt: now + config.settings.refreshTokenLifetime)
            try store.insertRefreshToken(record, ignoreExisting: true)
        }
    }

    // MARK: CIBA

    /// `POST /bc-authorize`: authenticates the client and starts a back-channel authorization request.
    public func backchannelAuthorize(
        parameters: RequestParameters, basic: BasicCredentials?, issuer: Issuer
    ) async throws(OAuthError) -> BackchannelAuthResponse {
        let client = try await authenticator.authenticate(parameters, basic: basic, issuer: issuer)
        return try await BackchannelAuthorizer().authorize(parameters, client: client, issuer: issuer, tenant: self)
    }

    /// The approver's manual controls: list, approve, deny, decide the next request.
    public var ciba: CIBAControl { CIBAControl(tenant: self) }

    // MARK: Token Vault

    /// The Token Vault: connected accounts and their upstream tokens.
    public var vault: TokenVault { TokenVault(tenant: self) }

    /// Browser login: `/authorize`, the login page, sessions and logout.
    public var login: LoginFlow { LoginFlow(tenant: self) }

    /// The My Account API (Connected Accounts).
    public var myAccount: MyAccount { MyAccount(tenant: self) }

    // MARK: Access tokens and /userinfo

    /// Verifies one of the tenant's access tokens: signature, issuer, expiry on the tenant clock, and,
    /// when given, that `aud` contains `audience`.
    public func verifyAccessToken(_ token: String, issuer: Issuer, audience: String? = nil) async throws(OAuthError)
        -> ClaimSet
    {
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

    /// `GET /userinfo`: the profile claims of the token's user, as far as its scopes allow.
    public func userInfo(accessToken: String?, issuer: Issuer) async throws(OAuthError) -> [String: JSONValue] {
        guard let accessToken, !accessToken.isEmpty else {
            throw OAuthError(
                "invalid_token", "Missing access token", status: 401,
                headers: ["WWW-Authenticate": #"Bearer realm="userinfo""#])
        }
        let claims = try await verifyAccessToken(accessToken, issuer: issuer, audience: issuer.userInfoAudience)
        guard let sub = claims.subject, let user = config.users[sub] else {
            throw .invalidToken("The user of the access token does not exist")
        }
        return UserClaims.claims(for: user, scopes: claims.scopes)
    }

    // MARK: Discovery

    /// The OpenID Connect discovery document for `issuer`, with endpoint URLs under `baseURL`
    /// (the scheme and host the client used).
    public func discoveryDocument(issuer: Issuer, baseURL: String) -> Data {
        discovery.document(issuer: issuer, baseURL: baseURL)
    }
}
